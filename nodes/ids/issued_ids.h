// What one server remembers of the ids it issued, to count the broken promises: an id not
// above the one issued before it (`backwards`: the schemes that promise order break it when
// this happens; random ids do it about every other time), and an id issued before
// (`duplicate`). Only this server's ids: a duplicate across servers is not seen here.
// Across servers the counter scheme has one issuer and the timestamp scheme puts the
// server's index in every id, so neither can collide across servers; random ids could, with
// a chance of about n^2 / 2^65 for n ids.
// Memory: one entry per id issued, so bounded by the run's operations.
#pragma once

#include <cstdint>
#include <optional>
#include <set>

namespace scar::nodes::ids {

class IssuedIds {
 public:
  struct Verdict {
    bool backwards = false;  // not above the previous id this server issued
    bool duplicate = false;  // issued by this server before
  };
  Verdict record(std::uint64_t id);

 private:
  std::optional<std::uint64_t> last_;
  std::set<std::uint64_t> issued_;
};

}  // namespace scar::nodes::ids
