// The messages between clients and a cluster. Every protocol in scar serves these, so
// one client works with all of them. Keys and values are 64-bit numbers: a value names a
// version (each put writes a value never written before), which is all a checker needs.
#pragma once

#include <cstdint>
#include <string_view>

namespace scar::nodes {

// cas (compare-and-set): set the key to `value` if it holds `expected` (or, when
// `expect_found` is false, if it holds nothing). add: increment the key (a counter that
// starts at 0) by `value`; the reply carries the counter after the increment. A key is a
// register or a counter, never both: a workload that adds does not put or cas.
enum class OperationKind : std::uint8_t { get, put, cas, add };

constexpr std::string_view name_of(OperationKind kind) {
  switch (kind) {
    case OperationKind::get:
      return "get";
    case OperationKind::put:
      return "put";
    case OperationKind::cas:
      return "cas";
    case OperationKind::add:
      return "add";
  }
  return "?";
}

struct ClientRequest {
  static constexpr std::string_view name = "client_request";
  OperationKind kind = OperationKind::get;
  std::uint64_t key = 0;
  std::uint64_t value = 0;     // put and cas: the value to write; add: the increment
  std::uint64_t expected = 0;  // cas: the value the key must hold
  bool expect_found = true;    // cas: false when the key must hold nothing
  // Names the operation, the same for every retry of it: (client index + 1) << 40 | the
  // client's operation number. A server that deduplicates answers a retry of a request it
  // already applied from what it answered then, instead of applying it again.
  std::uint64_t request_id = 0;
};

// What a server says of a request's fate. A protocol states which of its failures are
// certain (the request did not and will not take effect: `refused`, `not_leader`) and which
// are not (`error`: it may have taken effect, or may yet), so histories can tell a failed
// operation from an indeterminate one.
enum class ReplyStatus : std::uint8_t {
  ok,
  error,       // the operation failed or its fate is unknown (e.g. replication timed out)
  not_leader,  // this node does not serve the request and did nothing; try `leader_hint`
  refused,     // this node did nothing with the request (e.g. still recovering)
};

struct ClientReply {
  static constexpr std::string_view name = "client_reply";
  ReplyStatus status = ReplyStatus::ok;
  bool found = false;             // get: the key had a value; cas: the same, before the cas
  std::uint64_t value = 0;        // get: the value read; cas: the value found; add: the sum after
  bool applied = true;            // cas: false when the key did not hold the expected value
  std::uint32_t leader_hint = 0;  // not_leader: the node id to try (0-based), if known
};

}  // namespace scar::nodes
