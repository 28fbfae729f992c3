// `quorum`: Dynamo-style replication. Every server is a replica of every key, and any
// server coordinates the requests clients send it (clients send key k to server k mod N).
//
//   put   the coordinator stamps the value with a Version and sends it to every replica;
//         it answers ok after `w` acknowledgements, else error (the put may have landed on
//         some replicas: its fate is unknown).
//   get   the coordinator asks every replica for its newest version, answers after `r`
//         replies with the newest of them, and repairs the replicas that answered older.
//
// Option `clock` says where a put's version comes from:
//   wall     the coordinator's own clock, ctx.now(). One round trip; but a clock that runs
//            behind stamps a new write older than one it follows, and every replica then
//            keeps the older write: last writer wins silently discards acknowledged writes.
//   logical  the coordinator first asks `r` replicas for the key's newest version and
//            writes with (its counter + 1, own node id), as in the ABD register (Attiya,
//            Bar-Noy, Dolev 1995): when r + w > N the query meets every completed put's
//            replicas, so a later put always wins. A failed query wrote nothing: `refused`.
//
// Option `read_repair`:
//   sync     the get answers only once `w` replicas are known to hold the version it
//            returns (those that answered with it, plus write-backs to the others), as
//            ABD's read phase two. With r + w > N and clock=logical, gets and puts are
//            linearizable: a get that returned a value leaves it where every later read
//            quorum finds it.
//   async    the newest is written back to the replicas that answered older, and the get
//            answers at once (Dynamo). Not linearizable even with r + w > N: a get can
//            see an in-flight put on one replica and a later get miss it on the others.
//
// Option `replica_timeout` bounds each wait for replicas; a coordinator that does not hear
// from enough of them in time answers error (a get, a put) or refused (a logical put
// whose timestamp query failed, so nothing was written).
//
// Sloppy settings (r + w <= N) are fast and available and not consistent: a read quorum
// can miss the last write's replicas. There is no hinted handoff or anti-entropy: a
// replica that missed a write (a partition, a lost message) holds the older value until a
// read repairs it or a later put overwrites it. No log either: a crash loses a replica's
// registers, so scenarios that crash replicas break the quorum intersection.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "nodes/client_protocol.h"
#include "nodes/protocol_options.h"
#include "nodes/quorum/version.h"
#include "nodes/quorum/versioned_store.h"
#include "nodes/replica.h"
#include "sim/context.h"

namespace scar::nodes {

// Coordinator -> replica: what is your newest version of `key`?
struct QuorumRead {
  static constexpr std::string_view name = "quorum_read";
  std::uint64_t key = 0;
};

struct QuorumReadReply {
  static constexpr std::string_view name = "quorum_read_reply";
  std::optional<Version> version;  // none: the replica holds nothing for the key
};

// Coordinator -> replica: keep `version` if it is newer than yours. Acknowledged either way.
struct QuorumWrite {
  static constexpr std::string_view name = "quorum_write";
  std::uint64_t key = 0;
  Version version;
};

struct QuorumWriteAck {
  static constexpr std::string_view name = "quorum_write_ack";
};

// The `quorum` protocol's options, and their check against the cluster's size (r and w are
// whole numbers in 1..N).
std::vector<OptionSpec> quorum_options();
std::optional<OptionProblem> quorum_option_problem(const ProtocolOptions& options,
                                                   std::uint32_t nodes);

class QuorumServer final : public sim::Node, public Replica {
 public:
  // REQUIRES: the options passed quorum_option_problem for this cluster.
  explicit QuorumServer(const ProtocolOptions& options);

  void on_start(sim::Context& ctx) override;
  void on_message(sim::Context& ctx, const sim::Envelope& envelope) override;
  const RegisterStore::Map& replica_contents() const override { return store_.values(); }

 private:
  using ReadReplies = std::vector<sim::CallResult<QuorumReadReply>>;

  sim::Task<> get(sim::Context& ctx, std::uint64_t key, sim::ReplyAddress client);
  sim::Task<> put(sim::Context& ctx, std::uint64_t key, std::uint64_t value,
                  sim::ReplyAddress client);
  // The version a new put of `value` gets; none when the logical clock's query failed.
  sim::Task<std::optional<Version>> version_for(sim::Context& ctx, std::uint64_t key,
                                                std::uint64_t value);
  // Read repair of `newest` after a get's `replies`; false when a synchronous repair could
  // not make `w` replicas hold it.
  sim::Task<bool> repair(sim::Context& ctx, std::uint64_t key, Version newest,
                         const ReadReplies& replies);
  sim::Task<> write_back(sim::Context& ctx, std::uint64_t key, Version newest,
                         std::vector<sim::NodeId> replicas);

  std::size_t reads_needed_;   // r
  std::size_t writes_needed_;  // w
  bool logical_clock_;
  bool synchronous_repair_;
  sim::Duration replica_timeout_;      // per call to a replica
  std::vector<sim::NodeId> replicas_;  // every server, itself included
  VersionedStore store_;
};

}  // namespace scar::nodes
