// One message on the live network: a UDP datagram with a fixed header and the message's
// body in its wire format (sim/wire.h).
//
//   u32 magic "scar" | u8 kind | u32 from (node id) | u64 request id | u32 message id |
//   u64 type name hash | body
//
// `kind` says whether the datagram is a request/one-way message or a reply; the request id
// is the caller's (non-zero for a call). All little-endian. Parsing never trusts its input:
// a datagram from anyone else, a type this program does not know, or a body that does not
// decode is refused.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/message.h"
#include "sim/node.h"

namespace scar::live {

// The largest datagram sent: what fits a UDP datagram over IPv4 loopback.
inline constexpr std::size_t datagram_max = 65'000;

enum class DatagramKind : std::uint8_t { message = 0, reply = 1 };

struct Datagram {
  DatagramKind kind = DatagramKind::message;
  sim::NodeId from{};
  std::uint64_t request_id = 0;
  std::uint32_t message_id = 0;  // unique in the run, for trace viewers
  sim::Message message;
};

// The datagram's bytes. REQUIRES: the message's type is wire-encodable (type()->encode).
std::string encode_datagram(const Datagram& datagram);

// The datagram, or nothing when `bytes` is not one scar datagram of a known type.
std::optional<Datagram> decode_datagram(std::string_view bytes);

}  // namespace scar::live
