// What one server remembers of the ids it issued, to count the broken promises: an id not
// above every id it issued before (`backwards`: it sorts before, or with, an id issued
// earlier, so order by id is no longer order of issue; random ids do it nearly every time),
// and an id issued before (`duplicate`). Only this server's ids: a duplicate across servers is not
// seen here. Across servers the counter scheme has one issuer and the timestamp scheme puts the
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
    bool backwards = false;  // not above the highest id this server issued before
    bool duplicate = false;  // issued by this server before
  };
  Verdict record(std::uint64_t id);

 private:
  std::optional<std::uint64_t> highest_;
  std::set<std::uint64_t> issued_;
};

}  // namespace scar::nodes::ids
