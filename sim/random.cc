#include "sim/random.h"

#include <cmath>

#include "sim/assert.h"

namespace scar::sim {
namespace {

constexpr std::uint64_t rotate_left(std::uint64_t value, int bits) {
  return (value << bits) | (value >> (64 - bits));
}

}  // namespace

Random::Random(std::uint64_t seed, std::string_view stream_name) {
  std::uint64_t splitmix_state = mix64(seed) ^ stable_hash(stream_name);
  for (std::uint64_t& word : state_) {
    splitmix_state += 0x9e3779b97f4a7c15ull;
    word = mix64(splitmix_state);
  }
}

std::uint64_t Random::next_u64() {
  const std::uint64_t result = rotate_left(state_[1] * 5, 7) * 9;
  const std::uint64_t shifted = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= shifted;
  state_[3] = rotate_left(state_[3], 45);
  return result;
}

double Random::next_unit() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

std::uint64_t Random::next_below(std::uint64_t bound) {
  SCAR_ASSERT(bound > 0);
  unsigned __int128 product = static_cast<unsigned __int128>(next_u64()) * bound;
  auto low = static_cast<std::uint64_t>(product);
  if (low < bound) {
    const std::uint64_t threshold = -bound % bound;
    while (low < threshold) {
      product = static_cast<unsigned __int128>(next_u64()) * bound;
      low = static_cast<std::uint64_t>(product);
    }
  }
  return static_cast<std::uint64_t>(product >> 64);
}

bool Random::chance(double probability) {
  if (probability <= 0) return false;
  if (probability >= 1) return true;
  return next_unit() < probability;
}

double Random::next_normal() {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  double x, y, radius_squared;
  do {
    x = 2 * next_unit() - 1;
    y = 2 * next_unit() - 1;
    radius_squared = x * x + y * y;
  } while (radius_squared >= 1 || radius_squared == 0);
  const double scale = std::sqrt(-2 * std::log(radius_squared) / radius_squared);
  spare_normal_ = y * scale;
  has_spare_normal_ = true;
  return x * scale;
}

}  // namespace scar::sim
