#include "nodes/ids/issued_ids.h"

namespace scar::nodes::ids {

IssuedIds::Verdict IssuedIds::record(std::uint64_t id) {
  const Verdict verdict{.backwards = last_.has_value() && id <= *last_,
                        .duplicate = !issued_.insert(id).second};
  last_ = id;
  return verdict;
}

}  // namespace scar::nodes::ids
