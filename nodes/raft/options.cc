#include "nodes/raft/options.h"

#include <algorithm>

namespace scar::nodes::raft {

std::vector<OptionSpec> raft_option_specs() {
  return {{"reads",
           OptionType::choice,
           "log",
           {"log", "local", "lease"},
           "how the leader serves gets: through the log (linearizable), from its own state at once "
           "(a deposed leader serves stale reads), or from its own state while a lease renewed by "
           "a majority's heartbeat acks holds (safe while clocks drift less than lease_drift)"},
          {"election_timeout",
           OptionType::duration,
           "150ms",
           {},
           "a follower that hears no leader for a time drawn in [t, 2t] starts an election (at "
           "least 1ms)"},
          {"heartbeat",
           OptionType::duration,
           "50ms",
           {},
           "how often the leader sends AppendEntries to an idle follower (at least 1ms; keep it "
           "well under election_timeout)"},
          {"lease_drift",
           OptionType::duration,
           "15ms",
           {},
           "reads=lease: a lease lasts election_timeout minus this, from the send time of the "
           "heartbeat a majority acknowledged"},
          {"durability",
           OptionType::choice,
           "fsync",
           {"none", "write", "fsync"},
           "what term, vote and log entries wait for before a server answers: nothing, a write to "
           "the disk's cache, or a write and an fsync (what Raft assumes)"}};
}

RaftOptions raft_options_from(const ProtocolOptions& options) {
  constexpr sim::Duration floor = std::chrono::milliseconds{1};
  RaftOptions raft;
  const std::string& reads = options.choice("reads");
  raft.reads = reads == "local"   ? ReadMode::local
               : reads == "lease" ? ReadMode::lease
                                  : ReadMode::log;
  raft.election_timeout = std::max(floor, options.duration("election_timeout"));
  raft.heartbeat = std::max(floor, options.duration("heartbeat"));
  raft.lease_drift = options.duration("lease_drift");
  raft.durability = durability_from(options.choice("durability"));
  return raft;
}

}  // namespace scar::nodes::raft
