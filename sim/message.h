// A message between nodes: a type-erased, immutable value of any message type.
//
// A message type is a plain copyable struct with a stable name:
//
//   struct Put { static constexpr std::string_view name = "put"; Key key; Value value; };
//
// The name identifies the type in traces, counters and the trace hash (pointer values
// never do). Optionally `std::uint32_t size_bytes() const` states its size on the wire;
// otherwise sizeof is used.
//
// Small trivially copyable types (at most 8 bytes) are stored inline with no allocation;
// larger ones are boxed once and shared by copies (a duplicated packet shares its body).
// Copies are cheap, and the value can never be changed after `make`.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "sim/random.h"
#include "sim/wire.h"

namespace scar::sim {

template <class T>
concept MessageType = std::is_object_v<T> && std::copy_constructible<T> && requires {
  { T::name } -> std::convertible_to<std::string_view>;
};

class Message;

// What the engine knows of a message type. One per type, for the life of the process.
struct MessageTypeInfo {
  std::string_view name;
  std::uint64_t name_hash;  // stable_hash(name): what the trace hash mixes in
  std::uint32_t index;      // dense, process-wide; for counter tables only, never ordering
  bool stored_inline;       // the value lives in the message itself, no allocation
  void (*destroy_box)(void* box);
  const void* (*value_in_box)(const void* box);
  std::uint32_t (*size_bytes)(const void* value);  // null when every value is `fixed_size`
  std::uint32_t fixed_size;                        // sizeof, when the type states no size
  // The wire format (sim/wire.h), for runtimes that send messages for real; both null for
  // a type that is not wire::Encodable. `decode` is false when the bytes are not one value.
  void (*encode)(const void* value, std::string& out);
  bool (*decode)(std::string_view bytes, Message& out);
};

// The message type named `name_hash` (stable_hash of its name), among the types this
// program has made messages of; null if none. For decoding what arrives off a wire.
const MessageTypeInfo* find_message_type(std::uint64_t name_hash);

namespace detail {

// Registers a type (at static initialisation) and gives its dense index.
std::uint32_t register_message_type(const MessageTypeInfo* type);

struct BoxBase {
  std::uint32_t references = 1;
};

template <class T>
struct Box : BoxBase {
  explicit Box(T v) : value(std::move(v)) {}
  T value;
};

template <class T>
constexpr bool stored_inline = std::is_trivially_copyable_v<T> && sizeof(T) <= 8 && alignof(T) <= 8;

template <class T>
constexpr bool states_size = requires(const T& t) {
  { t.size_bytes() } -> std::convertible_to<std::uint32_t>;
};

template <class T>
std::uint32_t size_of_value(const void* value) {
  return static_cast<const T*>(value)->size_bytes();
}

template <class T>
void destroy_box(void* box) {
  delete static_cast<Box<T>*>(box);
}

template <class T>
const void* value_in_box(const void* box) {
  return &static_cast<const Box<T>*>(box)->value;
}

template <class T>
constexpr std::uint32_t (*size_function())(const void*) {
  if constexpr (states_size<T>) {
    return &size_of_value<T>;
  } else {
    return nullptr;
  }
}

template <class T>
void encode_value(const void* value, std::string& out) {
  wire::encode(*static_cast<const T*>(value), out);
}

template <class T>
bool decode_value(std::string_view bytes, Message& out);

template <class T>
constexpr void (*encode_function())(const void*, std::string&) {
  if constexpr (wire::Encodable<T>) {
    return &encode_value<T>;
  } else {
    return nullptr;
  }
}

template <class T>
constexpr bool (*decode_function())(std::string_view, Message&) {
  if constexpr (wire::Encodable<T> && std::is_default_constructible_v<T>) {
    return &decode_value<T>;
  } else {
    return nullptr;
  }
}

template <class T>
inline const MessageTypeInfo type_info_of{T::name,
                                          stable_hash(T::name),
                                          register_message_type(&type_info_of<T>),
                                          stored_inline<T>,
                                          &destroy_box<T>,
                                          &value_in_box<T>,
                                          size_function<T>(),
                                          static_cast<std::uint32_t>(sizeof(T)),
                                          encode_function<T>(),
                                          decode_function<T>()};

}  // namespace detail

class Message {
 public:
  // The engine's hand-off form: a message moved into an event's body and back.
  struct Raw {
    const MessageTypeInfo* type;
    alignas(8) std::byte storage[8];
  };

  Message() = default;

  template <MessageType T>
  static Message make(T value) {
    Message message;
    message.type_ = &detail::type_info_of<T>;
    if constexpr (detail::stored_inline<T>) {
      ::new (static_cast<void*>(message.storage_)) T(value);
    } else {
      message.set_box(new detail::Box<T>(std::move(value)));
    }
    return message;
  }

  Message(const Message& other) : type_(other.type_) {
    std::memcpy(storage_, other.storage_, sizeof storage_);
    if (BoxBase* box = boxed()) ++box->references;
  }
  Message(Message&& other) noexcept : type_(std::exchange(other.type_, nullptr)) {
    std::memcpy(storage_, other.storage_, sizeof storage_);
  }
  Message& operator=(Message other) noexcept {
    std::swap(type_, other.type_);
    std::byte temporary[8];
    std::memcpy(temporary, storage_, sizeof storage_);
    std::memcpy(storage_, other.storage_, sizeof storage_);
    std::memcpy(other.storage_, temporary, sizeof storage_);
    return *this;
  }
  ~Message() { release_box(); }

  // The value if this message holds a T, else null.
  template <MessageType T>
  const T* as() const {
    if (type_ != &detail::type_info_of<T>) return nullptr;
    return static_cast<const T*>(value_pointer());
  }
  template <MessageType T>
  bool is() const {
    return type_ == &detail::type_info_of<T>;
  }

  bool empty() const { return type_ == nullptr; }
  const MessageTypeInfo* type() const { return type_; }
  std::string_view name() const { return type_ == nullptr ? std::string_view{} : type_->name; }
  std::uint32_t size_bytes() const {
    if (type_ == nullptr) return 0;
    return type_->size_bytes == nullptr ? type_->fixed_size : type_->size_bytes(value_pointer());
  }

  // Appends the value's wire form. REQUIRES: !empty() and type()->encode.
  void encode(std::string& out) const { type_->encode(value_pointer(), out); }

  Raw release() && {
    Raw raw{std::exchange(type_, nullptr), {}};
    std::memcpy(raw.storage, storage_, sizeof storage_);
    return raw;
  }
  static Message adopt(const Raw& raw) {
    Message message;
    message.type_ = raw.type;
    std::memcpy(message.storage_, raw.storage, sizeof message.storage_);
    return message;
  }

 private:
  using BoxBase = detail::BoxBase;

  BoxBase* boxed() const {
    if (type_ == nullptr || type_->stored_inline) return nullptr;
    BoxBase* box;
    std::memcpy(&box, storage_, sizeof box);
    return box;
  }
  void set_box(BoxBase* box) { std::memcpy(storage_, &box, sizeof box); }
  void release_box() {
    if (BoxBase* box = boxed(); box != nullptr && --box->references == 0) type_->destroy_box(box);
  }
  const void* value_pointer() const {
    if (type_->stored_inline) return std::launder(reinterpret_cast<const std::byte*>(storage_));
    return type_->value_in_box(boxed());
  }

  const MessageTypeInfo* type_ = nullptr;
  alignas(8) std::byte storage_[8] = {};
};

namespace detail {

template <class T>
bool decode_value(std::string_view bytes, Message& out) {
  std::optional<T> value = wire::decode<T>(bytes);
  if (!value) return false;
  out = Message::make(std::move(*value));
  return true;
}

}  // namespace detail
}  // namespace scar::sim
