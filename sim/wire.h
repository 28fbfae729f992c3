// The wire format of message values: how a message crosses a real network (the live
// runtime); the simulator never serialises anything.
//
// A message type needs no code of its own to be sent for real: its fields are found by
// Boost.PFR (aggregate reflection) and written in declaration order, little-endian:
//   bool, integers, enums      fixed width (sizeof), the enum's underlying type
//   floating point             its IEEE bits
//   std::string                u32 length, bytes
//   std::vector<T>             u32 count, elements
//   std::optional<T>           u8 present, then the value if present
//   durations, sim::Time       i64 nanoseconds
//   an aggregate struct        its fields, recursively
// A type built of anything else (pointers, maps, classes with constructors) is not
// `Encodable`; the live runtime refuses to send it, naming the type. A message type must
// not have a base class: Boost.PFR cannot reflect one and stops the build.
//
// Decoding never trusts its input: a short, long or malformed body is refused, never
// read past.
#pragma once

#include <bit>
#include <boost/pfr/core.hpp>
#include <boost/pfr/tuple_size.hpp>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace scar::sim::wire {

// Strings and vectors longer than this are refused on both sides: no datagram holds more.
inline constexpr std::uint32_t length_max = 1u << 20;

namespace detail {

template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_duration : std::false_type {};
template <class Rep, class Period>
struct is_duration<std::chrono::duration<Rep, Period>> : std::true_type {};
template <class T>
struct is_time_point : std::false_type {};
template <class Clock, class D>
struct is_time_point<std::chrono::time_point<Clock, D>> : std::true_type {};

template <class T>
constexpr bool is_scalar_v = std::is_arithmetic_v<T> || std::is_enum_v<T>;

template <class T>
constexpr bool reflectable_aggregate_v =
    std::is_class_v<T>&& std::is_aggregate_v<T> && !std::is_polymorphic_v<T> &&
    !is_vector<T>::value && !is_optional<T>::value;

template <class T>
consteval bool encodable();

template <class T, std::size_t... I>
consteval bool fields_encodable(std::index_sequence<I...>) {
  return (encodable<boost::pfr::tuple_element_t<I, T>>() && ...);
}

template <class T>
consteval bool encodable() {
  if constexpr (is_scalar_v<T> || std::is_same_v<T, std::string> || is_duration<T>::value ||
                is_time_point<T>::value) {
    return true;
  } else if constexpr (is_vector<T>::value) {
    // Every element takes a byte at least, so a count can be checked against the bytes left.
    return encodable<typename T::value_type>() && !std::is_empty_v<typename T::value_type>;
  } else if constexpr (is_optional<T>::value) {
    return encodable<typename T::value_type>();
  } else if constexpr (reflectable_aggregate_v<T>) {
    return fields_encodable<T>(std::make_index_sequence<boost::pfr::tuple_size_v<T>>{});
  } else {
    return false;
  }
}

}  // namespace detail

template <class T>
concept Encodable = detail::encodable<T>();

// Appends little-endian fields to a string.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  template <Encodable T>
  void put(const T& value) {
    if constexpr (detail::is_scalar_v<T>) {
      put_scalar(value);
    } else if constexpr (std::is_same_v<T, std::string>) {
      put_length(value.size());
      out_.append(value);
    } else if constexpr (detail::is_vector<T>::value) {
      put_length(value.size());
      for (const auto& element : value) put(element);
    } else if constexpr (detail::is_optional<T>::value) {
      put_scalar(static_cast<std::uint8_t>(value.has_value()));
      if (value) put(*value);
    } else if constexpr (detail::is_duration<T>::value) {
      put_scalar(static_cast<std::int64_t>(std::chrono::nanoseconds(value).count()));
    } else if constexpr (detail::is_time_point<T>::value) {
      put(value.time_since_epoch());
    } else {
      boost::pfr::for_each_field(value, [this](const auto& field) { put(field); });
    }
  }

 private:
  template <class T>
  void put_scalar(T value) {
    if constexpr (std::is_enum_v<T>) {
      put_scalar(static_cast<std::underlying_type_t<T>>(value));
    } else if constexpr (std::is_same_v<T, bool>) {
      out_.push_back(value ? '\1' : '\0');
    } else {
      static_assert(std::endian::native == std::endian::little, "the wire is little-endian");
      char bytes[sizeof(T)];
      std::memcpy(bytes, &value, sizeof(T));
      out_.append(bytes, sizeof(T));
    }
  }
  void put_length(std::size_t length) { put_scalar(static_cast<std::uint32_t>(length)); }

  std::string& out_;
};

// Reads what Writer wrote. After a failed read the reader stays failed.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  bool failed() const { return failed_; }
  // Every byte read and nothing wrong: the body was exactly one value.
  bool finished() const { return !failed_ && in_.empty(); }

  template <Encodable T>
  void get(T& value) {
    if constexpr (detail::is_scalar_v<T>) {
      get_scalar(value);
    } else if constexpr (std::is_same_v<T, std::string>) {
      const std::uint32_t length = get_length();
      if (failed_ || in_.size() < length) return fail();
      value.assign(in_.substr(0, length));
      in_.remove_prefix(length);
    } else if constexpr (detail::is_vector<T>::value) {
      const std::uint32_t count = get_length();
      if (count > in_.size()) return fail();  // cannot be: each element takes a byte at least
      value.clear();
      for (std::uint32_t i = 0; i < count && !failed_; ++i) get(value.emplace_back());
    } else if constexpr (detail::is_optional<T>::value) {
      std::uint8_t present = 0;
      get_scalar(present);
      if (present > 1) return fail();
      value.reset();
      if (present == 1) get(value.emplace());
    } else if constexpr (detail::is_duration<T>::value) {
      std::int64_t nanoseconds = 0;
      get_scalar(nanoseconds);
      value = std::chrono::duration_cast<T>(std::chrono::nanoseconds(nanoseconds));
    } else if constexpr (detail::is_time_point<T>::value) {
      typename T::duration since_epoch{};
      get(since_epoch);
      value = T(since_epoch);
    } else {
      boost::pfr::for_each_field(value, [this](auto& field) { get(field); });
    }
  }

 private:
  template <class T>
  void get_scalar(T& value) {
    if constexpr (std::is_enum_v<T>) {
      std::underlying_type_t<T> underlying{};
      get_scalar(underlying);
      value = static_cast<T>(underlying);
    } else if constexpr (std::is_same_v<T, bool>) {
      std::uint8_t byte = 0;
      get_scalar(byte);
      if (byte > 1) return fail();
      value = byte == 1;
    } else {
      if (failed_ || in_.size() < sizeof(T)) return fail();
      std::memcpy(&value, in_.data(), sizeof(T));
      in_.remove_prefix(sizeof(T));
    }
  }
  std::uint32_t get_length() {
    std::uint32_t length = 0;
    get_scalar(length);
    if (length > length_max) fail();
    return failed_ ? 0 : length;
  }
  void fail() {
    failed_ = true;
    in_ = {};
  }

  std::string_view in_;
  bool failed_ = false;
};

template <Encodable T>
void encode(const T& value, std::string& out) {
  Writer(out).put(value);
}

// The value, or nothing when `bytes` is not exactly one encoded T.
template <Encodable T>
std::optional<T> decode(std::string_view bytes) {
  T value{};
  Reader reader(bytes);
  reader.get(value);
  if (!reader.finished()) return std::nullopt;
  return value;
}

}  // namespace scar::sim::wire
