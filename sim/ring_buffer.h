// A FIFO queue on one growable circular array: no allocation until the first push, no
// per-element allocation after (unlike std::deque, which allocates even when empty).
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "sim/assert.h"

namespace scar::sim {

template <class T>
class RingBuffer {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  void push_back(T value) {
    if (size_ == items_.size()) grow();
    items_[(head_ + size_) % items_.size()] = std::move(value);
    ++size_;
  }

  // REQUIRES: !empty().
  T pop_front() {
    SCAR_ASSERT(size_ > 0);
    T value = std::move(items_[head_]);
    head_ = (head_ + 1) % items_.size();
    --size_;
    return value;
  }

  void clear() {
    head_ = 0;
    size_ = 0;
  }

 private:
  void grow() {
    std::vector<T> bigger(items_.empty() ? 8 : items_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) {
      bigger[i] = std::move(items_[(head_ + i) % items_.size()]);
    }
    items_ = std::move(bigger);
    head_ = 0;
  }

  std::vector<T> items_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace scar::sim
