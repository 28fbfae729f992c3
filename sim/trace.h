// Observing a run. The trace hash is a running hash over every handled event (time,
// kind, node, sender, message type name): two runs with equal hashes handled the same
// events in the same order. A Tracer, when installed, receives one line per event;
// recording is off by default and costs one branch per event when off.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/random.h"
#include "sim/time.h"

namespace scar::sim {

class TraceHash {
 public:
  void add(std::uint64_t value) { hash_ = mix64(hash_ ^ value); }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 0x5ca1ab1e5ca1ab1eull;
};

class Tracer {
 public:
  virtual ~Tracer() = default;
  // One event: when, at which node, what ("recv put from c1").
  virtual void line(Time time, std::string_view node, std::string_view text) = 0;
};

}  // namespace scar::sim
