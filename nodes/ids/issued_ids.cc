#include "nodes/ids/issued_ids.h"

namespace scar::nodes::ids {

IssuedIds::Verdict IssuedIds::record(std::uint64_t id) {
  const Verdict verdict{.backwards = highest_.has_value() && id <= *highest_,
                        .duplicate = !issued_.insert(id).second};
  if (!verdict.backwards) highest_ = id;
  return verdict;
}

}  // namespace scar::nodes::ids
