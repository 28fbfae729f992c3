// The run's randomness. Every draw in a run comes from a `Random` stream derived from the
// run's seed and a stable stream name ("node/n3", "network/c1", "workload/c2/keys"), so
// adding a node, a client or a fault adds streams without shifting any other stream's
// draws. The generator is xoshiro256** (public domain algorithm by Blackman and Vigna),
// seeded through splitmix64; its output is the same on every platform and compiler.
#pragma once

#include <cstdint>
#include <string_view>

namespace scar::sim {

// 64-bit FNV-1a: a stable hash of a name (stream names, message type names).
constexpr std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

// A strong 64-bit mixer (the splitmix64 finaliser).
constexpr std::uint64_t mix64(std::uint64_t value) {
  value += 0x9e3779b97f4a7c15ull;
  value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ull;
  value = (value ^ (value >> 27)) * 0x94d049bb133111ebull;
  return value ^ (value >> 31);
}

class Random {
 public:
  // The stream named `stream_name` of the run seeded with `seed`.
  Random(std::uint64_t seed, std::string_view stream_name);

  std::uint64_t next_u64();

  // Uniform in [0, 1) with 53 random bits.
  double next_unit();

  // Uniform integer in [0, bound). REQUIRES: bound > 0. Unbiased (Lemire's method).
  std::uint64_t next_below(std::uint64_t bound);

  // True with probability `probability` (clamped to [0, 1]); draws nothing when the
  // probability is 0 or 1, so a disabled option costs no draw.
  bool chance(double probability);

  // Standard normal from one uniform draw, by inverting the normal CDF (Acklam's rational
  // approximation, relative error below 1.2e-9): no state kept between draws, and no
  // transcendental function for 95% of draws.
  double next_normal();

 private:
  std::uint64_t state_[4];
};

}  // namespace scar::sim
