#include "sim/event_queue.h"

#include <algorithm>
#include <cstring>
#include <new>

#include "sim/assert.h"

namespace scar::sim {
namespace {
constexpr std::align_val_t cache_line{64};
}

EventQueue::~EventQueue() {
  if (heap_ != nullptr) ::operator delete(heap_, cache_line);
}

void EventQueue::reserve(std::size_t count) {
  if (count > capacity_) grow(count);
}

void EventQueue::grow(std::size_t capacity) {
  SCAR_ASSERT(capacity > capacity_);
  auto* bigger =
      static_cast<Entry*>(::operator new((capacity + first_) * sizeof(Entry), cache_line));
  if (heap_ != nullptr) {
    std::memcpy(bigger + first_, heap_ + first_, size_ * sizeof(Entry));
    ::operator delete(heap_, cache_line);
  }
  heap_ = bigger;
  capacity_ = capacity;
}

void EventQueue::push(Time time, std::uint32_t slot) {
  SCAR_ASSERT(slot <= pending_max);
  SCAR_ASSERT(next_sequence_ <= sequence_max);
  SCAR_ASSERT(size_ < pending_max);
  if (size_ == capacity_) grow(std::max<std::size_t>(64, capacity_ * 2));
  const Entry entry{to_ns(time), (next_sequence_++ << slot_bits) | slot};
  Entry* heap = heap_ + first_;
  std::size_t hole = size_++;
  while (hole > 0) {
    const std::size_t parent = (hole - 1) / 4;
    if (!earlier(entry, heap[parent])) break;
    heap[hole] = heap[parent];
    hole = parent;
  }
  heap[hole] = entry;
}

EventQueue::Popped EventQueue::pop() {
  SCAR_ASSERT(size_ > 0);
  Entry* heap = heap_ + first_;
  const Entry top = heap[0];
  const Entry last = heap[--size_];
  const std::size_t size = size_;
  std::size_t hole = 0;
  while (true) {
    const std::size_t first_child = 4 * hole + 1;
    if (first_child >= size) break;
    const std::size_t end_child = std::min(first_child + 4, size);
    std::size_t best = first_child;
    for (std::size_t child = first_child + 1; child < end_child; ++child) {
      if (earlier(heap[child], heap[best])) best = child;
    }
    if (!earlier(heap[best], last)) break;
    heap[hole] = heap[best];
    hole = best;
  }
  heap[hole] = last;
  constexpr std::uint64_t slot_mask = (1ull << slot_bits) - 1;
  return {Time{Duration{top.time_ns}}, static_cast<std::uint32_t>(top.sequence_and_slot & slot_mask)};
}

}  // namespace scar::sim
