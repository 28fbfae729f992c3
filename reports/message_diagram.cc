#include "reports/message_diagram.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "reports/fault_colors.h"
#include "reports/svg_chart.h"

namespace scar::reports {
namespace {

constexpr int lane_gap = 90, top = 66, bottom = 30, left = 110, height_px = 900;
constexpr int legend_width = 260, time_ticks_max = 10;
constexpr const char* type_palette[] = {"#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
                                        "#e377c2", "#17becf", "#7f7f7f", "#bcbd22", "#393b79"};
constexpr const char* drop_color = "#c62828";

// Seconds with the decimals needed to show `time` exactly, and at least `decimals_min`:
// "5s", "5.005s", "5.0125s".
std::string seconds_text(sim::Time time, int decimals_min) {
  const std::int64_t ns = sim::to_ns(time);
  int decimals = std::clamp(decimals_min, 0, 9);
  for (std::int64_t unit = 1'000'000'000 / static_cast<std::int64_t>(std::pow(10, decimals));
       decimals < 9 && ns % unit != 0; unit /= 10) {
    ++decimals;
  }
  return fmt::format("{:.{}f}s", static_cast<double>(ns) / 1e9, decimals);
}

// A tick step of 1, 2 or 5 times a power of ten nanoseconds, giving at most
// time_ticks_max ticks over `span_ns`.
std::int64_t tick_step_ns(std::int64_t span_ns) {
  std::int64_t magnitude = 1;
  while (magnitude * 10 * time_ticks_max <= span_ns) magnitude *= 10;
  for (std::int64_t factor : {1, 2, 5}) {
    if (span_ns / (magnitude * factor) <= time_ticks_max) return magnitude * factor;
  }
  return magnitude * 10;
}

}  // namespace

MessageDiagram::MessageDiagram(std::vector<std::string> names, sim::Time from, sim::Time to,
                               std::size_t messages_max)
    : names_(std::move(names)), from_(from), to_(to), messages_max_(messages_max) {}

void MessageDiagram::message_sent(sim::Time when, sim::NodeId from, sim::NodeId to,
                                  std::string_view type, std::uint32_t id) {
  if (!in_window(when)) return;
  if (arrows_.size() >= messages_max_) {
    if (left_out_++ == 0) first_left_out_ = when;
    return;
  }
  arrow_of_[id] = arrows_.size();
  arrows_.push_back({from, to, when, sim::Time::max(), std::string(type), {}, false});
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
  Arrow& arrow = arrows_[found->second];
  arrow.ended = when;
  arrow.dropped = std::string(sim::name_of(reason));
  arrow.refused_by_receiver =
      reason == sim::DropReason::inbox_full || reason == sim::DropReason::node_down;
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

void MessageDiagram::fault(const std::string& kind, sim::Time start, sim::Time end,
                           const std::vector<sim::NodeId>& targets) {
  if (end < from_ || start > to_) return;
  faults_.push_back({kind, start, end, targets});
}

MessageDiagram::Layout MessageDiagram::layout() const {
  // Lanes: the nodes that took part in the window, in id order.
  std::set<std::uint32_t> used;
  std::set<std::string> types;
  for (const Arrow& arrow : arrows_) {
    used.insert(sim::index_of(arrow.from));
    used.insert(sim::index_of(arrow.to));
    types.insert(arrow.type);
  }
  for (const Span& span : spans_) used.insert(sim::index_of(span.node));
  for (const auto& [index, since] : down_since_) used.insert(index);
  for (const Fault& fault : faults_) {
    for (sim::NodeId target : fault.targets) used.insert(sim::index_of(target));
  }
  return {{used.begin(), used.end()},
          {types.begin(), types.end()},
          from_,
          std::max<double>(1, static_cast<double>((drawn_until() - from_).count()))};
}

double MessageDiagram::Layout::x(sim::NodeId node) const {
  const auto at = std::lower_bound(lanes.begin(), lanes.end(), sim::index_of(node)) - lanes.begin();
  return left + lane_gap * static_cast<double>(at);
}

double MessageDiagram::Layout::y(sim::Time time) const {
  const double clamped = std::clamp(static_cast<double>((time - from).count()), 0.0, span_ns);
  return top + (height_px - top - bottom) * clamped / span_ns;
}

double MessageDiagram::Layout::lanes_right() const {
  return left + lane_gap * static_cast<double>(std::max<std::size_t>(lanes.size(), 1) - 1);
}

std::string MessageDiagram::Layout::color(const std::string& type) const {
  const auto at = std::lower_bound(types.begin(), types.end(), type) - types.begin();
  return type_palette[static_cast<std::size_t>(at) % std::size(type_palette)];
}

std::string MessageDiagram::svg() const {
  const Layout layout = this->layout();
  const int width = static_cast<int>(layout.lanes_right()) + 50 + legend_width;
  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" class="diagram" width="{0}" height="{1}" viewBox="0 0 {0} {1}" font-family="sans-serif" font-size="11">)"
      "\n<defs>",
      width, height_px);
  for (const std::string& type : layout.types) {
    svg += fmt::format(
        R"(<marker id="arrow-{}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{}"/></marker>)",
        &type - layout.types.data(), layout.color(type));
  }
  svg += "</defs>\n";
  const std::size_t in_window = arrows_.size() + left_out_;
  svg += fmt::format(
      R"(<text x="4" y="16" font-size="13" font-weight="bold">messages sent {}..{}: {}</text>)"
      "\n",
      seconds_text(from_, 0), seconds_text(to_, 0),
      left_out_ == 0 ? fmt::format("{}", in_window)
                     : fmt::format("the first {} of {} drawn", arrows_.size(), in_window));
  if (left_out_ > 0) {
    svg += fmt::format(
        R"(<text x="4" y="32" fill="#777">Too many to read: the diagram stops at {}, where the first message left out was sent; narrow the window to see the rest.</text>)"
        "\n",
        seconds_text(first_left_out_, 0));
  }
  draw_time_axis(svg, layout);
  draw_faults(svg, layout);
  draw_lanes(svg, layout);
  draw_spans(svg, layout);
  for (const Arrow& arrow : arrows_) draw_arrow(svg, layout, arrow);
  draw_legend(svg, layout);
  svg += "</svg>\n";
  return svg;
}

// Ticks down the left, a faint line across at each.
void MessageDiagram::draw_time_axis(std::string& svg, const Layout& layout) const {
  const sim::Time until = drawn_until();
  const std::int64_t span_ns = std::max<std::int64_t>(1, (until - from_).count());
  const std::int64_t step = tick_step_ns(span_ns);
  const int decimals = std::max(0, 9 - static_cast<int>(std::floor(std::log10(step))));
  const std::int64_t first = (sim::to_ns(from_) + step - 1) / step * step;
  for (std::int64_t ns = first; ns <= sim::to_ns(until); ns += step) {
    const double y = layout.y(sim::Time{sim::Duration{ns}});
    svg += fmt::format(
        R"(<line x1="{}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#eee"/><text x="{}" y="{:.1f}" text-anchor="end" fill="#555">{}</text>)"
        "\n",
        left - 30, y, layout.lanes_right() + 30, y, left - 34, y + 4,
        seconds_text(sim::Time{sim::Duration{ns}}, decimals));
  }
}

void MessageDiagram::draw_lanes(std::string& svg, const Layout& layout) const {
  for (std::uint32_t lane : layout.lanes) {
    const double x = layout.x(sim::NodeId{lane});
    svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle" font-weight="bold">{}</text>)"
                       "\n",
                       x, top - 10, escape_xml(names_[lane]));
    svg += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#999"/>)"
                       "\n",
                       x, top, height_px - bottom);
  }
}

// Each fault in the window as a band on its targets' lanes, labelled at its top.
void MessageDiagram::draw_faults(std::string& svg, const Layout& layout) const {
  for (const Fault& fault : faults_) {
    const double y0 = layout.y(fault.start), y1 = layout.y(fault.end);
    for (sim::NodeId target : fault.targets) {
      const std::string title =
          fmt::format("{} {} {}..{}", fault.kind, names_[sim::index_of(target)],
                      seconds_text(fault.start, 0), seconds_text(fault.end, 0));
      svg += fmt::format(
          R"(<rect x="{:.1f}" y="{:.1f}" width="{}" height="{:.1f}" fill="{}" fill-opacity="0.45"><title>{}</title></rect>)"
          "\n",
          layout.x(target) - lane_gap / 4.0, y0, lane_gap / 2, std::max(2.0, y1 - y0),
          fault_color(fault.kind), escape_xml(title));
      svg += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="10" fill="#555">{}</text>)"
                         "\n",
                         layout.x(target) + lane_gap / 4.0 + 2, y0 + 10, escape_xml(fault.kind));
    }
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
        R"(<rect x="{}" y="{:.1f}" width="10" height="{:.1f}" fill="#d6604d" fill-opacity="0.6"><title>{} {}</title></rect>)"
        "\n",
        layout.x(span.node) - 5, y0, std::max(1.0, y1 - y0),
        escape_xml(names_[sim::index_of(span.node)]), span.label);
  }
}

void MessageDiagram::draw_arrow(std::string& svg, const Layout& layout, const Arrow& arrow) const {
  const bool in_flight = arrow.ended == sim::Time::max();
  const bool dropped = !arrow.dropped.empty();
  const double x0 = layout.x(arrow.from), y0 = layout.y(arrow.sent);
  double x1 = layout.x(arrow.to), y1 = layout.y(in_flight ? to_ : arrow.ended);
  // Lost in the network or at a cut: the arrow stops short of the next lane, slanted even
  // when the drop happened at the send itself, so it still reads as a message.
  if (dropped && !arrow.refused_by_receiver) {
    x1 = x0 + std::copysign(std::min(0.4 * lane_gap, std::abs(x1 - x0)), x1 - x0);
    y1 = std::max(y1, y0 + 8);
  }
  const std::string title =
      fmt::format("{} {} -> {}, sent {}{}", arrow.type, names_[sim::index_of(arrow.from)],
                  names_[sim::index_of(arrow.to)], seconds_text(arrow.sent, 0),
                  in_flight ? ", still in flight"
                  : dropped ? ", dropped " + seconds_text(arrow.ended, 0) + ": " + arrow.dropped
                            : ", handled " + seconds_text(arrow.ended, 0));
  const auto type_index =
      std::lower_bound(layout.types.begin(), layout.types.end(), arrow.type) - layout.types.begin();
  svg += fmt::format(
      R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="1.2"{}><title>{}</title></line>)"
      "\n",
      x0, y0, x1, y1, layout.color(arrow.type),
      dropped ? std::string(R"( stroke-dasharray="3,2")")
              : fmt::format(R"svg( marker-end="url(#arrow-{})")svg", type_index),
      escape_xml(title));
  if (dropped) {
    svg += fmt::format(
        R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle" fill="{}" font-weight="bold">x<title>{}</title></text>)"
        "\n",
        x1, y1 + 4, drop_color, escape_xml(title));
  }
}

// Message types with their colour and how many of each are drawn; what a cross means.
void MessageDiagram::draw_legend(std::string& svg, const Layout& layout) const {
  const double x = layout.lanes_right() + 50;
  double y = top;
  for (const std::string& type : layout.types) {
    const auto count = std::count_if(arrows_.begin(), arrows_.end(),
                                     [&](const Arrow& arrow) { return arrow.type == type; });
    svg += fmt::format(
        R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="2"/><text x="{:.1f}" y="{:.1f}">{} ({})</text>)"
        "\n",
        x, y, x + 20, y, layout.color(type), x + 26, y + 4, escape_xml(type), count);
    y += 16;
  }
  svg += fmt::format(
      R"(<text x="{:.1f}" y="{:.1f}" fill="{}" font-weight="bold">x</text><text x="{:.1f}" y="{:.1f}">dropped (hover for why)</text>)"
      "\n",
      x + 7, y + 4, drop_color, x + 26, y + 4);
}

}  // namespace scar::reports
