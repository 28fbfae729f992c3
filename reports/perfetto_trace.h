// `--perfetto FILE`: the run in the Chrome Trace Event format, which Perfetto UI and
// chrome://tracing open. One track per node (servers, then clients): a slice per message
// the CPU handled, a slice per disk operation (on the node's disk track), flow arrows from
// each send to the handling of the message, instants for drops and crashes. Per client an
// operations track with a slice per operation from its intended start to its end; per
// target node a faults track with a slice per fault. The Dapper view of a run: where did
// the p99 request's time go?
//
// Every slice is a complete ("X") event on a thread track, so slices on one track must
// nest: overlapping operations of one client (open loop) or faults on one node go on
// extra tracks ("c1 operations 2"), the fewest that keep each one free of overlaps. A
// handler that cost no CPU time still gets a visible slice (min_visible_us, args.cpu_ns
// keeps the real cost) so that its flow arrow ends on something, shortened to end where
// the node's next slice starts.
//
// Bounded: at most `events_max` trace events are kept; past that the trace says how many
// were left out (metadata "scar_truncated"), as are operations or faults that would need
// more than 4096 extra tracks on one node.
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
  static constexpr double min_visible_us = 1;  // the narrowest CPU slice drawn

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
  // The last CPU slice of a node: widened to be visible, it may need shortening.
  struct LastSlice {
    std::size_t index;  // in events_
    nlohmann::json event;
    double cost_us;
  };
  // An operation or fault: a slice on one of the node's extra tracks, placed in json().
  struct Interval {
    sim::NodeId node;
    sim::Time start, end;
    std::string name;
    nlohmann::json args;
  };
  bool room(std::size_t events = 1);
  // An instant ("i") on the node's track.
  void instant(const std::string& name, const char* category, sim::Time when, sim::NodeId node);
  void cpu_slice(sim::Time start, sim::Time end, sim::NodeId node, nlohmann::json event);
  // The slices of `intervals` on extra tracks of their nodes, named "<node> <what>"; how
  // many did not fit.
  std::size_t place(std::vector<Interval> intervals, const char* what, const char* category,
                    int track_offset, std::vector<std::string>& out) const;
  int pid_of(sim::NodeId node) const;

  std::vector<std::string> names_;
  std::size_t servers_;
  std::size_t events_max_;
  std::size_t left_out_ = 0;
  std::unordered_map<std::uint32_t, Sent> in_flight_;        // by message id; looked up only
  std::vector<std::string> events_;                          // serialized trace events, in order
  std::unordered_map<std::uint32_t, LastSlice> last_slice_;  // by node index; looked up only
  std::vector<Interval> operations_;
  std::vector<Interval> faults_;
};

}  // namespace scar::reports
