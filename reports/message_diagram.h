// `--diagram FROM..TO`: a space-time (Lamport) diagram of the messages in a window of
// simulated time, as SVG for the HTML report. One vertical lane per node, time running
// down a time axis; an arrow per message from its send to its handling, coloured by
// message type (a legend with counts); a cross where a message was dropped and why: on the
// receiver's lane when the receiver refused it (inbox full, node down), short of the next
// lane when the network lost it. Shaded spans where a node was paused or down, and fault
// windows shaded on their targets' lanes in the fault's colour. Hovering shows details.
//
// At most `messages_max` messages are drawn, the first in send order: a window too busy to
// read says how many it left out, and its time axis stops where the first left out was
// sent (later ends of drawn arrows are clamped to that edge).
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
                 std::size_t messages_max = 100);

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
    std::string dropped;         // why, when dropped
    bool refused_by_receiver{};  // dropped at the receiver (inbox full, node down)
  };
  struct Span {
    sim::NodeId node;
    sim::Time start, end;
    std::string label;
  };
  struct Fault {
    std::string kind;
    sim::Time start, end;
    std::vector<sim::NodeId> targets;
  };

  // Where things go: a lane per node that took part, time running down.
  struct Layout {
    std::vector<std::uint32_t> lanes;  // node indices, ascending
    std::vector<std::string> types;    // message types, alphabetical: colour by position
    sim::Time from;
    double span_ns;
    double x(sim::NodeId node) const;
    double y(sim::Time time) const;
    double lanes_right() const;
    std::string color(const std::string& type) const;
  };

  bool in_window(sim::Time time) const { return time >= from_ && time <= to_; }
  // The end of the time drawn: the window's, or where the first message left out was sent.
  sim::Time drawn_until() const { return left_out_ == 0 ? to_ : first_left_out_; }
  Layout layout() const;
  void draw_time_axis(std::string& svg, const Layout& layout) const;
  void draw_lanes(std::string& svg, const Layout& layout) const;
  void draw_faults(std::string& svg, const Layout& layout) const;
  void draw_spans(std::string& svg, const Layout& layout) const;
  void draw_arrow(std::string& svg, const Layout& layout, const Arrow& arrow) const;
  void draw_legend(std::string& svg, const Layout& layout) const;

  std::vector<std::string> names_;
  sim::Time from_, to_;
  std::size_t messages_max_;
  std::size_t left_out_ = 0;
  sim::Time first_left_out_{sim::Time::max()};  // send time of the first message left out
  std::vector<Arrow> arrows_;
  std::unordered_map<std::uint32_t, std::size_t> arrow_of_;  // message id -> arrow; looked up only
  std::vector<Span> spans_;
  std::vector<Fault> faults_;
  std::unordered_map<std::uint32_t, sim::Time>
      down_since_;  // node index -> when it paused or crashed
};

}  // namespace scar::reports
