// The pending-event set, ordered by (time, sequence). The sequence number is taken from a
// counter when an event is scheduled, so events at the same time run in the order they
// were scheduled: the only tie-breaker, and a deterministic one.
//
// An entry is 16 bytes: the time, and one word holding the sequence number (high 40 bits)
// and an opaque 24-bit slot that the caller uses to find the event's body. Comparing the
// word compares sequence numbers, because sequences are unique.
//
// The structure is an implicit 4-ary min-heap whose sibling groups each fill one 64-byte
// cache line: a pop touches one line per level, half as many levels as a binary heap.
// Limits: at most 2^24 - 1 pending events, at most 2^40 events scheduled in one run; both
// are asserted.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sim/time.h"

namespace scar::sim {

class EventQueue {
 public:
  static constexpr std::uint32_t slot_bits = 24;
  static constexpr std::uint64_t pending_max = (1u << slot_bits) - 1;
  static constexpr std::uint64_t sequence_max = (1ull << (64 - slot_bits)) - 1;

  struct Popped {
    Time time;
    std::uint32_t slot;
  };

  EventQueue() = default;
  EventQueue(const EventQueue&) = delete;
  EventQueue& operator=(const EventQueue&) = delete;
  ~EventQueue();

  // Adds an event at `time` carrying `slot`. REQUIRES: slot < 2^24, fewer than
  // pending_max events pending.
  void push(Time time, std::uint32_t slot);

  // Removes and returns the earliest event. REQUIRES: !empty().
  Popped pop();

  // REQUIRES: !empty().
  Time next_time() const { return Time{Duration{heap_[first_].time_ns}}; }

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  std::uint64_t scheduled_total() const { return next_sequence_; }

  // Reserves room for `count` pending events (a hint; the heap grows as needed).
  void reserve(std::size_t count);

 private:
  struct Entry {
    std::int64_t time_ns;
    std::uint64_t sequence_and_slot;
  };
  static bool earlier(const Entry& a, const Entry& b) {
    return a.time_ns < b.time_ns ||
           (a.time_ns == b.time_ns && a.sequence_and_slot < b.sequence_and_slot);
  }
  // Logical index 0 lives at physical index first_, so that the children of logical i
  // (4i+1 .. 4i+4) start at a physical multiple of 4: one cache line.
  static constexpr std::size_t first_ = 3;

  void grow(std::size_t capacity);

  Entry* heap_ = nullptr;  // physical array, 64-byte aligned, capacity_ + first_ entries
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace scar::sim
