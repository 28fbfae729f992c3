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
  // Coefficients of Peter Acklam's inverse-normal approximation.
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  static constexpr double low = 0.02425;
  // (0, 1): never exactly 0, whose inverse is -infinity.
  const double p = (static_cast<double>(next_u64() >> 11) + 0.5) * 0x1.0p-53;
  if (p < low || p > 1 - low) {
    const double q = std::sqrt(-2 * std::log(p < low ? p : 1 - p));
    const double tail = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    return p < low ? tail : -tail;
  }
  const double q = p - 0.5;
  const double r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

}  // namespace scar::sim
