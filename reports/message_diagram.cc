#include "reports/message_diagram.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "reports/svg_chart.h"

namespace scar::reports {
namespace {
constexpr int lane_gap = 70, top = 50, bottom = 30, left = 80, height_px = 900;
}

MessageDiagram::MessageDiagram(std::vector<std::string> names, sim::Time from, sim::Time to,
                               std::size_t messages_max)
    : names_(std::move(names)), from_(from), to_(to), messages_max_(messages_max) {}

void MessageDiagram::message_sent(sim::Time when, sim::NodeId from, sim::NodeId to,
                                  std::string_view type, std::uint32_t id) {
  if (!in_window(when)) return;
  if (arrows_.size() >= messages_max_) {
    ++left_out_;
    return;
  }
  arrow_of_[id] = arrows_.size();
  arrows_.push_back({from, to, when, sim::Time::max(), std::string(type), {}});
}

void MessageDiagram::message_handled(sim::Time start, sim::Time, sim::NodeId, sim::NodeId,
                                     std::string_view, std::uint32_t id) {
  auto found = arrow_of_.find(id);
  if (found == arrow_of_.end()) return;
  arrows_[found->second].ended = start;
  arrow_of_.erase(found);
}

void MessageDiagram::message_dropped(sim::Time when, sim::NodeId, sim::NodeId, std::string_view,
                                     std::uint32_t id, sim::DropReason reason) {
  auto found = arrow_of_.find(id);
  if (found == arrow_of_.end()) return;
  arrows_[found->second].ended = when;
  arrows_[found->second].dropped = std::string(sim::name_of(reason));
  arrow_of_.erase(found);
}

void MessageDiagram::node_changed(sim::Time when, sim::NodeId node, std::string_view change) {
  const std::uint32_t index = sim::index_of(node);
  if (change == "pause" || change == "crash") {
    down_since_[index] = when;
  } else if (auto found = down_since_.find(index); found != down_since_.end()) {
    spans_.push_back({node, found->second, when, change == "resume" ? "paused" : "down"});
    down_since_.erase(found);
  }
}

void MessageDiagram::fault(const std::string&, sim::Time, sim::Time,
                           const std::vector<sim::NodeId>&) {}

MessageDiagram::Layout MessageDiagram::layout() const {
  // Lanes: the nodes that took part in the window, in id order.
  std::set<std::uint32_t> used;
  for (const Arrow& arrow : arrows_) {
    used.insert(sim::index_of(arrow.from));
    used.insert(sim::index_of(arrow.to));
  }
  for (const Span& span : spans_) used.insert(sim::index_of(span.node));
  for (const auto& [index, since] : down_since_) used.insert(index);
  return {{used.begin(), used.end()},
          from_,
          std::max<double>(1, static_cast<double>((to_ - from_).count()))};
}

double MessageDiagram::Layout::x(sim::NodeId node) const {
  const auto at = std::lower_bound(lanes.begin(), lanes.end(), sim::index_of(node)) - lanes.begin();
  return left + lane_gap * static_cast<double>(at);
}

double MessageDiagram::Layout::y(sim::Time time) const {
  const double clamped = std::clamp(static_cast<double>((time - from).count()), 0.0, span_ns);
  return top + (height_px - top - bottom) * clamped / span_ns;
}

std::string MessageDiagram::svg() const {
  const Layout layout = this->layout();
  const int width =
      left + lane_gap * static_cast<int>(std::max<std::size_t>(layout.lanes.size(), 1)) + 40;
  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" class="diagram" width="{0}" height="{1}" viewBox="0 0 {0} {1}" font-family="sans-serif" font-size="11">)"
      "\n<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" "
      "markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" "
      "fill=\"#444\"/></marker></defs>\n",
      width, height_px);
  svg += fmt::format(
      R"(<text x="4" y="16" font-size="13" font-weight="bold">messages {}..{} ({} shown{})</text>)"
      "\n",
      escape_xml(sim::format_duration(from_ - sim::time_zero)),
      escape_xml(sim::format_duration(to_ - sim::time_zero)), arrows_.size(),
      left_out_ == 0 ? "" : fmt::format("; {} more in the window were left out", left_out_));
  draw_lanes(svg, layout);
  draw_spans(svg, layout);
  for (const Arrow& arrow : arrows_) draw_arrow(svg, layout, arrow);
  svg += "</svg>\n";
  return svg;
}

void MessageDiagram::draw_lanes(std::string& svg, const Layout& layout) const {
  for (std::uint32_t lane : layout.lanes) {
    const double x = layout.x(sim::NodeId{lane});
    svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle" font-weight="bold">{}</text>)"
                       "\n",
                       x, top - 8, escape_xml(names_[lane]));
    svg += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#bbb"/>)"
                       "\n",
                       x, top, height_px - bottom);
  }
}

// Where a node was paused or down: closed spans, and those still open at the end.
void MessageDiagram::draw_spans(std::string& svg, const Layout& layout) const {
  std::vector<Span> spans = spans_;
  for (const auto& [index, since] : down_since_) {
    spans.push_back({sim::NodeId{index}, since, to_, "down or paused"});
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return a.start < b.start || (a.start == b.start && a.node < b.node);
  });
  for (const Span& span : spans) {
    if (span.end < from_ || span.start > to_) continue;
    const double y0 = layout.y(span.start), y1 = layout.y(span.end);
    svg += fmt::format(
        R"(<rect x="{}" y="{:.1f}" width="10" height="{:.1f}" fill="#d6604d" fill-opacity="0.5"><title>{} {}</title></rect>)"
        "\n",
        layout.x(span.node) - 5, y0, std::max(1.0, y1 - y0),
        escape_xml(names_[sim::index_of(span.node)]), span.label);
  }
}

void MessageDiagram::draw_arrow(std::string& svg, const Layout& layout, const Arrow& arrow) const {
  const bool in_flight = arrow.ended == sim::Time::max();
  const double x0 = layout.x(arrow.from), y0 = layout.y(arrow.sent);
  double x1 = layout.x(arrow.to), y1 = layout.y(in_flight ? to_ : arrow.ended);
  // Lost in the network or at a cut: the arrow stops part way, slanted even when the drop
  // happened at the send itself, so it still reads as a message.
  if (!arrow.dropped.empty() && arrow.dropped != "inbox full" && arrow.dropped != "node down") {
    x1 = x0 + (x1 - x0) / 3;
    y1 = std::max(y1, y0 + 8);
  }
  const std::string title =
      fmt::format("{} {} -> {}, sent {}{}", arrow.type, names_[sim::index_of(arrow.from)],
                  names_[sim::index_of(arrow.to)], sim::format_trace_time(arrow.sent),
                  in_flight ? ", still in flight"
                  : arrow.dropped.empty()
                      ? ", handled " + sim::format_trace_time(arrow.ended)
                      : ", dropped " + sim::format_trace_time(arrow.ended) + ": " + arrow.dropped);
  svg += fmt::format(
      R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="1"{}><title>{}</title></line>)"
      "\n",
      x0, y0, x1, y1, arrow.dropped.empty() ? "#444" : "#c62828",
      arrow.dropped.empty() ? " marker-end=\"url(#arrow)\"" : R"( stroke-dasharray="3,2")",
      escape_xml(title));
  if (!arrow.dropped.empty()) {
    svg += fmt::format(
        R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle" fill="#c62828" font-weight="bold">x<title>{}</title></text>)"
        "\n",
        x1, y1 + 4, escape_xml(title));
  }
}

}  // namespace scar::reports
