// `--perfetto FILE`: the run in the Chrome Trace Event format, which Perfetto UI and
// chrome://tracing open. One track per node (servers, then clients): a slice per message
// the CPU handled, a slice per disk operation (on the node's disk track), flow arrows from
// each send to the handling of the message, instants for drops and crashes; per client an
// async slice per operation; per target an async slice per fault. The Dapper view of a
// run: where did the p99 request's time go?
//
// Bounded: at most `events_max` trace events are kept; past that the trace says how many
// were left out (metadata "scar_truncated").
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "reports/run_observer.h"

namespace scar::reports {

class PerfettoTrace final : public RunObserver {
 public:
  // `names` by node id; `servers` how many of the first ids are servers.
  PerfettoTrace(std::vector<std::string> names, std::size_t servers,
                std::size_t events_max = 2'000'000);

  void message_sent(sim::Time when, sim::NodeId from, sim::NodeId to, std::string_view type,
                    std::uint32_t id) override;
  void message_handled(sim::Time start, sim::Time end, sim::NodeId node, sim::NodeId from,
                       std::string_view type, std::uint32_t id) override;
  void message_dropped(sim::Time when, sim::NodeId where, sim::NodeId from, std::string_view type,
                       std::uint32_t id, sim::DropReason reason) override;
  void disk_operation(sim::Time start, sim::Time end, sim::NodeId node, sim::IoKind kind,
                      std::string_view file) override;
  void node_changed(sim::Time when, sim::NodeId node, std::string_view change) override;
  void operation(sim::NodeId client, std::uint64_t id, const std::string& kind, std::uint64_t key,
                 sim::Time start, sim::Time end, const std::string& outcome) override;
  void fault(const std::string& kind, sim::Time start, sim::Time end,
             const std::vector<sim::NodeId>& targets) override;

  // The whole trace as JSON text.
  std::string json() const;

 private:
  struct Sent {
    double ts_us;
    sim::NodeId from;
  };
  bool room(std::size_t events = 1);
  // An instant ("i") on the node's track.
  void instant(const std::string& name, const char* category, sim::Time when, sim::NodeId node);
  // A "b"/"e" pair: an async slice on the node's track (which may overlap others).
  void async_slice(const std::string& name, const char* category, sim::Time start, sim::Time end,
                   sim::NodeId node, nlohmann::json args);
  int pid_of(sim::NodeId node) const;

  std::vector<std::string> names_;
  std::size_t servers_;
  std::size_t events_max_;
  std::size_t left_out_ = 0;
  std::unordered_map<std::uint32_t, Sent> in_flight_;  // by message id; looked up only
  std::vector<std::string> events_;                    // serialized trace events, in order
  std::uint64_t next_async_id_ = 1;
};

}  // namespace scar::reports
