// The memo of Lowe's extension to Wing and Gong's search: every configuration (the set of
// operations linearized so far, the register's state) the search has already explored, so
// that it never explores one twice. Exact: a hash picks the slot, and the sets are then
// compared bit for bit, so a hash collision costs time, never a wrong verdict.
//
// Memory: each bitset is stored without its leading all-ones and trailing all-zeros words
// (numbering operations in the order they must be placed keeps that short), plus about
// 40 bytes; bytes() says how much, for the caller's limit. Open addressing, grown at half
// full.
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
  std::size_t size() const { return stored_.size(); }
  std::size_t bytes() const;

 private:
  struct Stored {
    std::uint64_t hash;
    Value state;
    std::uint64_t offset;  // of its words in words_arena_
    std::uint32_t low;     // leading all-ones words, not stored
    std::uint32_t high;    // one past the last nonzero word
  };
  bool equal(const Stored& stored, const std::uint64_t* bits, std::uint32_t low,
             std::uint32_t high) const;
  void grow();

  std::size_t words_;
  std::vector<std::uint32_t> slots_;  // configuration index + 1; 0 is an empty slot
  std::vector<Stored> stored_;
  std::vector<std::uint64_t> words_arena_;  // words [low, high) of each configuration
};

}  // namespace scar::reports::checkers
