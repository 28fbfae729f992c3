// `--diagram FROM..TO`: a space-time (Lamport) diagram of the messages in a window of
// simulated time, as SVG for the HTML report. One vertical lane per node, time running
// down; an arrow per message from its send to its handling, a cross where it was dropped
// and why, shaded spans where a node was paused or down. Hovering a message shows its
// type, ends and times.
//
// At most `messages_max` messages are drawn (the first in send order); the diagram says
// how many it left out, and never silently stops.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "reports/run_observer.h"

namespace scar::reports {

class MessageDiagram final : public RunObserver {
 public:
  MessageDiagram(std::vector<std::string> names, sim::Time from, sim::Time to,
                 std::size_t messages_max = 2000);

  void message_sent(sim::Time when, sim::NodeId from, sim::NodeId to, std::string_view type,
                    std::uint32_t id) override;
  void message_handled(sim::Time start, sim::Time end, sim::NodeId node, sim::NodeId from,
                       std::string_view type, std::uint32_t id) override;
  void message_dropped(sim::Time when, sim::NodeId where, sim::NodeId from, std::string_view type,
                       std::uint32_t id, sim::DropReason reason) override;
  void disk_operation(sim::Time, sim::Time, sim::NodeId, sim::IoKind, std::string_view) override {}
  void node_changed(sim::Time when, sim::NodeId node, std::string_view change) override;
  void operation(sim::NodeId, std::uint64_t, const std::string&, std::uint64_t, sim::Time,
                 sim::Time, const std::string&) override {}
  void fault(const std::string& kind, sim::Time start, sim::Time end,
             const std::vector<sim::NodeId>& targets) override;

  std::string svg() const;

 private:
  struct Arrow {
    sim::NodeId from, to;
    sim::Time sent;
    sim::Time ended{sim::Time::max()};  // handled or dropped; max while in flight
    std::string type;
    std::string dropped;  // why, when dropped
  };
  struct Span {
    sim::NodeId node;
    sim::Time start, end;
    std::string label;
  };

  // Where things go: a lane per node that took part, time running down.
  struct Layout {
    std::vector<std::uint32_t> lanes;  // node indices, ascending
    sim::Time from;
    double span_ns;
    double x(sim::NodeId node) const;
    double y(sim::Time time) const;
  };

  bool in_window(sim::Time time) const { return time >= from_ && time <= to_; }
  Layout layout() const;
  void draw_lanes(std::string& svg, const Layout& layout) const;
  void draw_spans(std::string& svg, const Layout& layout) const;
  void draw_arrow(std::string& svg, const Layout& layout, const Arrow& arrow) const;

  std::vector<std::string> names_;
  sim::Time from_, to_;
  std::size_t messages_max_;
  std::size_t left_out_ = 0;
  std::vector<Arrow> arrows_;
  std::unordered_map<std::uint32_t, std::size_t> arrow_of_;  // message id -> arrow; looked up only
  std::vector<Span> spans_;
  std::unordered_map<std::uint32_t, sim::Time>
      down_since_;  // node index -> when it paused or crashed
};

}  // namespace scar::reports
