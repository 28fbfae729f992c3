// The wire format (sim/wire.h): every field round-trips, and a body that is short, long or
// malformed is refused, never read past.
#include "sim/wire.h"

#include <catch2/catch.hpp>
#include <string>

#include "live/datagram.h"
#include "nodes/client_protocol.h"
#include "nodes/raft/messages.h"
#include "sim/message.h"

using namespace scar;

namespace {

struct WithPointer {
  static constexpr std::string_view name = "test_with_pointer";
  const int* pointer;
};

nodes::raft::AppendEntries sample_append() {
  nodes::raft::AppendEntries append;
  append.term = 7;
  append.leader = 2;
  append.prev_log_index = 41;
  append.prev_log_term = 6;
  append.leader_commit = 40;
  nodes::raft::LogEntry entry;
  entry.term = 7;
  entry.command = nodes::ClientRequest{nodes::OperationKind::cas, 5, 9, 3, false, 1ull << 40};
  append.entries = {entry, nodes::raft::LogEntry{7, std::nullopt}};
  return append;
}

}  // namespace

TEST_CASE("every field of a message survives the wire", "[wire]") {
  const nodes::raft::AppendEntries sent = sample_append();
  std::string bytes;
  sim::wire::encode(sent, bytes);
  const auto received = sim::wire::decode<nodes::raft::AppendEntries>(bytes);
  REQUIRE(received);
  CHECK(received->term == 7);
  CHECK(received->leader == 2);
  CHECK(received->prev_log_index == 41);
  CHECK(received->leader_commit == 40);
  REQUIRE(received->entries.size() == 2);
  REQUIRE(received->entries[0].command);
  CHECK(received->entries[0].command->kind == nodes::OperationKind::cas);
  CHECK(received->entries[0].command->expected == 3);
  CHECK_FALSE(received->entries[0].command->expect_found);
  CHECK(received->entries[0].command->request_id == 1ull << 40);
  CHECK_FALSE(received->entries[1].command);
}

TEST_CASE("a body cut short, with bytes left over, or with a bad bool is refused", "[wire]") {
  std::string bytes;
  sim::wire::encode(sample_append(), bytes);
  for (std::size_t cut = 0; cut < bytes.size(); ++cut)
    CHECK_FALSE(sim::wire::decode<nodes::raft::AppendEntries>(bytes.substr(0, cut)));
  CHECK_FALSE(sim::wire::decode<nodes::raft::AppendEntries>(bytes + "x"));

  std::string reply;
  sim::wire::encode(nodes::raft::VoteReply{3, true}, reply);
  reply.back() = 2;  // `granted` is neither 0 nor 1
  CHECK_FALSE(sim::wire::decode<nodes::raft::VoteReply>(reply));
}

TEST_CASE("a vector longer than the wire allows is refused before any allocation", "[wire]") {
  std::string bytes;
  sim::wire::Writer writer(bytes);
  writer.put(std::uint32_t{0xFFFFFFFF});
  CHECK_FALSE(sim::wire::decode<std::vector<std::uint64_t>>(bytes));
  // A count larger than the bytes that follow cannot be honest either.
  std::string short_vector;
  sim::wire::Writer(short_vector).put(std::uint32_t{1000});
  short_vector += std::string(100, '\0');
  CHECK_FALSE(sim::wire::decode<std::vector<std::uint8_t>>(short_vector));
}

TEST_CASE("a datagram carries its message, sender and request id; noise is refused", "[wire]") {
  const live::Datagram sent{live::DatagramKind::reply, sim::NodeId{4}, 99, 12345,
                            sim::Message::make(sample_append())};
  const std::string bytes = live::encode_datagram(sent);
  const auto received = live::decode_datagram(bytes);
  REQUIRE(received);
  CHECK(received->kind == live::DatagramKind::reply);
  CHECK(received->from == sim::NodeId{4});
  CHECK(received->request_id == 99);
  CHECK(received->message_id == 12345);
  REQUIRE(received->message.as<nodes::raft::AppendEntries>());
  CHECK(received->message.as<nodes::raft::AppendEntries>()->entries.size() == 2);

  CHECK_FALSE(live::decode_datagram("hello"));
  std::string unknown_type = bytes;
  unknown_type[21] ^= 0x5a;  // the type hash no longer names a known type
  CHECK_FALSE(live::decode_datagram(unknown_type));
  for (std::size_t cut = 0; cut < bytes.size(); cut += 7)
    CHECK_FALSE(live::decode_datagram(bytes.substr(0, cut)));
}

TEST_CASE("the message types of the built-in protocols all have a wire format", "[wire]") {
  CHECK(sim::wire::Encodable<nodes::ClientRequest>);
  CHECK(sim::wire::Encodable<nodes::ClientReply>);
  CHECK(sim::wire::Encodable<nodes::raft::AppendEntries>);
  CHECK(sim::wire::Encodable<nodes::raft::RequestVote>);
  // A type with a pointer has none: the live runtime refuses to send it.
  CHECK_FALSE(sim::wire::Encodable<WithPointer>);
  CHECK(sim::Message::make(WithPointer{nullptr}).type()->encode == nullptr);
}
