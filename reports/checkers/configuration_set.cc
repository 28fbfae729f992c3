#include "reports/checkers/configuration_set.h"

#include <algorithm>

#include "sim/assert.h"

namespace scar::reports::checkers {

ConfigurationSet::ConfigurationSet(std::size_t operations)
    : words_((operations + 63) / 64), slots_(1024, 0) {}

bool ConfigurationSet::equal(const Stored& stored, const std::uint64_t* bits, std::uint32_t low,
                             std::uint32_t high) const {
  return stored.low == low && stored.high == high &&
         std::equal(bits + low, bits + high,
                    words_arena_.begin() + static_cast<std::ptrdiff_t>(stored.offset));
}

bool ConfigurationSet::insert(const std::uint64_t* bits, Value state, std::uint64_t hash) {
  std::uint32_t low = 0;
  while (low < words_ && bits[low] == ~std::uint64_t{0}) ++low;
  auto high = static_cast<std::uint32_t>(words_);
  while (high > low && bits[high - 1] == 0) --high;
  if (2 * (stored_.size() + 1) > slots_.size()) grow();
  const std::size_t mask = slots_.size() - 1;
  std::size_t slot = hash & mask;
  for (; slots_[slot] != 0; slot = (slot + 1) & mask) {
    const Stored& stored = stored_[slots_[slot] - 1];
    if (stored.hash == hash && stored.state == state && equal(stored, bits, low, high))
      return false;
  }
  SCAR_ASSERT(stored_.size() < UINT32_MAX - 1);
  slots_[slot] = static_cast<std::uint32_t>(stored_.size() + 1);
  stored_.push_back({hash, state, words_arena_.size(), low, high});
  words_arena_.insert(words_arena_.end(), bits + low, bits + high);
  return true;
}

void ConfigurationSet::grow() {
  std::vector<std::uint32_t> slots(slots_.size() * 2, 0);
  const std::size_t mask = slots.size() - 1;
  for (std::uint32_t index = 0; index < stored_.size(); ++index) {
    std::size_t slot = stored_[index].hash & mask;
    while (slots[slot] != 0) slot = (slot + 1) & mask;
    slots[slot] = index + 1;
  }
  slots_ = std::move(slots);
}

std::size_t ConfigurationSet::bytes() const {
  return slots_.capacity() * sizeof(std::uint32_t) + stored_.capacity() * sizeof(Stored) +
         words_arena_.capacity() * sizeof(std::uint64_t);
}

}  // namespace scar::reports::checkers
