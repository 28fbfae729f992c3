// The messages between clients and a cluster. Every protocol in scar serves these, so
// one client works with all of them. Keys and values are 64-bit numbers: a value names a
// version (each put writes a value never written before), which is all a checker needs.
#pragma once

#include <cstdint>
#include <string_view>

namespace scar::nodes {

enum class OperationKind : std::uint8_t { get, put };

constexpr std::string_view name_of(OperationKind kind) {
  return kind == OperationKind::get ? "get" : "put";
}

struct ClientRequest {
  static constexpr std::string_view name = "client_request";
  OperationKind kind = OperationKind::get;
  std::uint64_t key = 0;
  std::uint64_t value = 0;  // put only
};

enum class ReplyStatus : std::uint8_t {
  ok,
  error,       // the operation failed or its fate is unknown (e.g. replication timed out)
  not_leader,  // this node does not serve the request; try `leader_hint`
};

struct ClientReply {
  static constexpr std::string_view name = "client_reply";
  ReplyStatus status = ReplyStatus::ok;
  bool found = false;             // get: the key had a value
  std::uint64_t value = 0;        // get: the value read
  std::uint32_t leader_hint = 0;  // not_leader: the node id to try (0-based), if known
};

}  // namespace scar::nodes
