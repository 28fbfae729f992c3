// The pending-event set, ordered by (time, sequence). The sequence number is taken from a
// counter when an event is scheduled, so events at the same time run in the order they
// were scheduled: the only tie-breaker, and a deterministic one.
//
// The structure is a radix heap (Ahuja, Mehlhorn, Orlin and Tarjan, 1990) with 4-bit
// digits. It relies on what a simulation guarantees: nothing is scheduled before the last
// event taken. An entry waits in a bucket named by the highest 4-bit digit in which its
// key (time, sequence) differs from the last key taken, and by that digit's value; taking
// the minimum empties the lowest non-empty bucket into lower ones. An entry moves a few
// times at most, and every access is an append or a sequential scan: with a million
// events pending, a pop costs almost no cache misses (a binary heap takes one per level).
//
// Entries carry their payload (the event body) inline, so handling an event touches no
// other table. Buckets are chains of fixed-size blocks from a shared pool, so memory
// follows the number of pending events, not the history of bucket sizes.
//
// peek() shows the next event before the current one is handled, so the engine can
// prefetch what that event will touch. Peeking settles the minimum, after which an event
// scheduled earlier than it (a zero-delay send, say) goes to a small heap in front; pop
// takes the smaller of the two, so the order is exactly (time, sequence) either way.
//
// Limits: at most `pending_max` pending events (asserted).
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <type_traits>
#include <vector>

#include "sim/assert.h"
#include "sim/time.h"

namespace scar::sim {

template <class Payload>
class EventQueue {
  static_assert(std::is_trivially_copyable_v<Payload>);

 public:
  static constexpr std::size_t pending_max = std::size_t{1} << 32;

  struct Popped {
    Time time;
    Payload payload;
  };

  EventQueue() = default;
  EventQueue(const EventQueue&) = delete;
  EventQueue& operator=(const EventQueue&) = delete;

  // Adds `payload` at `time`. REQUIRES: time no earlier than the last event popped;
  // fewer than pending_max pending.
  void push(Time time, const Payload& payload) {
    SCAR_ASSERT(size_ < pending_max);
    const Entry entry{static_cast<std::uint64_t>(to_ns(time)), next_sequence_++, payload};
    SCAR_ASSERT(!less(entry, taken_));
    ++size_;
    if (less(entry, last_)) {  // below the settled minimum: only after a peek
      front_.push_back(entry);
      std::push_heap(front_.begin(), front_.end(), greater);
      return;
    }
    append(bucket_of(entry), entry);
  }

  // Removes and returns the earliest event if it is due at or before `end`.
  std::optional<Popped> pop_until(Time end) {
    if (size_ == 0) return std::nullopt;
    const Entry& next = earliest();
    if (next.time_ns > static_cast<std::uint64_t>(to_ns(end))) return std::nullopt;
    return take(next);
  }

  // Removes and returns the earliest event. REQUIRES: !empty().
  Popped pop() { return take(earliest()); }

  // The earliest event's time and payload, left in place. REQUIRES: !empty().
  Time next_time() { return Time{Duration{static_cast<std::int64_t>(earliest().time_ns)}}; }
  const Payload& peek() { return earliest().payload; }

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  std::uint64_t scheduled_total() const { return next_sequence_; }

 private:
  struct Entry {
    std::uint64_t time_ns;
    std::uint64_t sequence;
    Payload payload;
  };
  static constexpr std::size_t block_entries = 64;
  struct Block {
    Block* next;  // the chain's older blocks (all full), or the pool's next free block
    std::uint32_t count;
    Entry entries[block_entries];
  };
  // Bucket 0 holds keys equal to last_; bucket 1 + 16 * digit_index + digit holds keys
  // whose highest digit differing from last_ is digit_index, with that digit's value.
  static constexpr int digit_count = 32;  // 128-bit key = 32 hexadecimal digits
  static constexpr int bucket_count = 1 + 16 * digit_count;

  static bool less(const Entry& a, const Entry& b) {
    return a.time_ns < b.time_ns || (a.time_ns == b.time_ns && a.sequence < b.sequence);
  }
  static bool greater(const Entry& a, const Entry& b) { return less(b, a); }

  // The entry pop() would take. REQUIRES: !empty().
  const Entry& earliest() {
    SCAR_ASSERT(size_ > 0);
    if (front_.size() == size_) return front_.front();
    settle();
    const Entry& settled = heads_[0]->entries[0];
    if (!front_.empty() && less(front_.front(), settled)) return front_.front();
    return settled;
  }

  // Removes `next`, which earliest() just returned.
  Popped take(const Entry& next) {
    const Entry top = next;
    if (!front_.empty() && &next == &front_.front()) {
      std::pop_heap(front_.begin(), front_.end(), greater);
      front_.pop_back();
    } else {
      SCAR_ASSERT(heads_[0]->count == 1);  // keys are unique: only the minimum equals last_
      release_chain(0);
    }
    taken_ = top;
    --size_;
    return {Time{Duration{static_cast<std::int64_t>(top.time_ns)}}, top.payload};
  }

  int bucket_of(const Entry& entry) const {
    const std::uint64_t high = entry.time_ns ^ last_.time_ns;
    const std::uint64_t low = entry.sequence ^ last_.sequence;
    if ((high | low) == 0) return 0;
    const int bit = high != 0 ? 64 + std::bit_width(high) - 1 : std::bit_width(low) - 1;
    const int digit_index = bit / 4;
    const std::uint64_t word = bit >= 64 ? entry.time_ns : entry.sequence;
    const int digit = static_cast<int>((word >> ((bit % 64) / 4 * 4)) & 0xf);
    return 1 + 16 * digit_index + digit;
  }

  void append(int bucket, const Entry& entry) {
    Block* head = heads_[bucket];
    if (head == nullptr || head->count == block_entries) {
      Block* block = take_block();
      block->next = head;
      heads_[bucket] = head = block;
      nonempty_[bucket / 64] |= std::uint64_t{1} << (bucket % 64);
    }
    head->entries[head->count++] = entry;
  }

  Block* take_block() {
    if (free_ == nullptr) {
      blocks_.push_back(std::make_unique<Block>());
      free_ = blocks_.back().get();
      free_->next = nullptr;
    }
    Block* block = free_;
    free_ = block->next;
    block->count = 0;
    return block;
  }

  void release_chain(int bucket) {
    Block* block = heads_[bucket];
    while (block != nullptr) {
      Block* next = block->next;
      block->next = free_;
      free_ = block;
      block = next;
    }
    heads_[bucket] = nullptr;
    nonempty_[bucket / 64] &= ~(std::uint64_t{1} << (bucket % 64));
  }

  int lowest_nonempty() const {
    for (std::size_t word = 0; word < nonempty_.size(); ++word) {
      if (nonempty_[word] != 0)
        return static_cast<int>(word * 64) + std::countr_zero(nonempty_[word]);
    }
    SCAR_ASSERT(false);
  }

  // Makes bucket 0 hold the minimum of the buckets. REQUIRES: they are not empty.
  void settle() {
    if (heads_[0] != nullptr) return;
    const int source = lowest_nonempty();
    Block* chain = heads_[source];
    heads_[source] = nullptr;
    nonempty_[source / 64] &= ~(std::uint64_t{1} << (source % 64));
    const Entry* minimum = &chain->entries[0];
    for (Block* block = chain; block != nullptr; block = block->next) {
      for (std::uint32_t i = 0; i < block->count; ++i) {
        if (less(block->entries[i], *minimum)) minimum = &block->entries[i];
      }
    }
    last_ = *minimum;
    // Every entry moves to a strictly lower bucket; the minimum alone lands in bucket 0.
    while (chain != nullptr) {
      for (std::uint32_t i = 0; i < chain->count; ++i)
        append(bucket_of(chain->entries[i]), chain->entries[i]);
      Block* next = chain->next;
      chain->next = free_;
      free_ = chain;
      chain = next;
    }
  }

  std::array<Block*, bucket_count> heads_ = {};
  std::array<std::uint64_t, (bucket_count + 63) / 64> nonempty_ = {};
  Block* free_ = nullptr;
  std::vector<std::unique_ptr<Block>> blocks_;
  Entry last_{};              // the last key settled: every key in the buckets is at or above it
  Entry taken_{};             // the last key popped: nothing may be scheduled before it
  std::vector<Entry> front_;  // entries pushed below last_ after a peek, a min-heap
  std::size_t size_ = 0;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace scar::sim
