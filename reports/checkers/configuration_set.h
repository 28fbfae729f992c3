// The memo of Lowe's extension to Wing and Gong's search: every configuration (the set of
// operations linearized so far, the register's state) the search has already explored, so
// that it never explores one twice. Exact: a hash picks the slot, and the sets are then
// compared bit for bit, so a hash collision costs time, never a wrong verdict.
//
// Memory: one bitset of `operations` bits per configuration plus about 24 bytes; bytes()
// says how much, for the caller's limit. Open addressing, grown at half full.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "reports/checkers/history.h"

namespace scar::reports::checkers {

class ConfigurationSet {
 public:
  explicit ConfigurationSet(std::size_t operations);

  // Adds the configuration (`bits` holds words() words; `hash` any function of bits and
  // state); false when it was already in the set.
  bool insert(const std::uint64_t* bits, Value state, std::uint64_t hash);

  std::size_t words() const { return words_; }
  std::size_t size() const { return hashes_.size(); }
  std::size_t bytes() const;

 private:
  bool equal(std::uint32_t stored, const std::uint64_t* bits, Value state) const;
  void grow();

  std::size_t words_;
  std::vector<std::uint32_t> slots_;  // configuration index + 1; 0 is an empty slot
  std::vector<std::uint64_t> hashes_;
  std::vector<Value> states_;
  std::vector<std::uint64_t> bits_;  // words_ per configuration, in insertion order
};

}  // namespace scar::reports::checkers
