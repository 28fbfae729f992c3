#include "reports/checkers/configuration_set.h"

#include <algorithm>

#include "sim/assert.h"

namespace scar::reports::checkers {

ConfigurationSet::ConfigurationSet(std::size_t operations)
    : words_((operations + 63) / 64), slots_(1024, 0) {}

bool ConfigurationSet::equal(std::uint32_t stored, const std::uint64_t* bits, Value state) const {
  return states_[stored] == state &&
         std::equal(bits, bits + words_, bits_.begin() + std::ptrdiff_t(stored * words_));
}

bool ConfigurationSet::insert(const std::uint64_t* bits, Value state, std::uint64_t hash) {
  if (2 * (hashes_.size() + 1) > slots_.size()) grow();
  const std::size_t mask = slots_.size() - 1;
  std::size_t slot = hash & mask;
  for (; slots_[slot] != 0; slot = (slot + 1) & mask) {
    const std::uint32_t stored = slots_[slot] - 1;
    if (hashes_[stored] == hash && equal(stored, bits, state)) return false;
  }
  SCAR_ASSERT(hashes_.size() < UINT32_MAX - 1);
  slots_[slot] = static_cast<std::uint32_t>(hashes_.size() + 1);
  hashes_.push_back(hash);
  states_.push_back(state);
  bits_.insert(bits_.end(), bits, bits + words_);
  return true;
}

void ConfigurationSet::grow() {
  std::vector<std::uint32_t> slots(slots_.size() * 2, 0);
  const std::size_t mask = slots.size() - 1;
  for (std::uint32_t stored = 0; stored < hashes_.size(); ++stored) {
    std::size_t slot = hashes_[stored] & mask;
    while (slots[slot] != 0) slot = (slot + 1) & mask;
    slots[slot] = stored + 1;
  }
  slots_ = std::move(slots);
}

std::size_t ConfigurationSet::bytes() const {
  return slots_.capacity() * sizeof(std::uint32_t) + hashes_.capacity() * sizeof(std::uint64_t) +
         states_.capacity() * sizeof(Value) + bits_.capacity() * sizeof(std::uint64_t);
}

}  // namespace scar::reports::checkers
