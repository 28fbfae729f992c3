#include "reports/perfetto_trace.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

namespace scar::reports {

using Json = nlohmann::json;
namespace {

double us(sim::Time time) { return static_cast<double>(sim::to_ns(time)) / 1000.0; }

constexpr int disk_track_offset = 1'000'000;  // tid of a node's disk track: its id + this
// tid of a node's operations or faults track number `lane`: offset + id * tracks_max + lane.
constexpr int operations_track_offset = 2'000'000'000 / 4;
constexpr int faults_track_offset = 2'000'000'000 / 2;
constexpr int tracks_max = 4096;

const char* io_name(sim::IoKind kind) {
  switch (kind) {
    case sim::IoKind::write:
      return "write";
    case sim::IoKind::append:
      return "append";
    case sim::IoKind::read:
      return "read";
    case sim::IoKind::fsync:
      return "fsync";
    case sim::IoKind::truncate:
      return "truncate";
  }
  return "io";
}

}  // namespace

PerfettoTrace::PerfettoTrace(std::vector<std::string> names, std::size_t servers,
                             std::size_t events_max)
    : names_(std::move(names)), servers_(servers), events_max_(events_max) {
  events_.push_back(
      Json{{"name", "process_name"}, {"ph", "M"}, {"pid", 1}, {"args", {{"name", "servers"}}}}
          .dump());
  events_.push_back(
      Json{{"name", "process_name"}, {"ph", "M"}, {"pid", 2}, {"args", {{"name", "clients"}}}}
          .dump());
  for (std::size_t i = 0; i < names_.size(); ++i) {
    const int pid = pid_of(sim::NodeId{static_cast<std::uint32_t>(i)});
    events_.push_back(Json{{"name", "thread_name"},
                           {"ph", "M"},
                           {"pid", pid},
                           {"tid", i},
                           {"args", {{"name", names_[i]}}}}
                          .dump());
    if (pid == 1) {
      events_.push_back(Json{{"name", "thread_name"},
                             {"ph", "M"},
                             {"pid", pid},
                             {"tid", i + disk_track_offset},
                             {"args", {{"name", names_[i] + " disk"}}}}
                            .dump());
    }
  }
}

int PerfettoTrace::pid_of(sim::NodeId node) const { return sim::index_of(node) < servers_ ? 1 : 2; }

bool PerfettoTrace::room(std::size_t events) {
  if (events_.size() + events <= events_max_) return true;
  left_out_ += events;
  return false;
}

void PerfettoTrace::message_sent(sim::Time when, sim::NodeId from, sim::NodeId, std::string_view,
                                 std::uint32_t id) {
  in_flight_[id] = {us(when), from};
}

void PerfettoTrace::message_handled(sim::Time start, sim::Time end, sim::NodeId node,
                                    sim::NodeId from, std::string_view type, std::uint32_t id) {
  auto sent = in_flight_.find(id);
  const bool flow = sent != in_flight_.end();
  if (!room(flow ? 4 : 1)) {
    if (flow) in_flight_.erase(sent);
    return;
  }
  const std::string name(type);
  const std::uint32_t tid = sim::index_of(node);
  cpu_slice(start, end, node,
            {{"name", name},
             {"cat", "cpu"},
             {"ph", "X"},
             {"ts", us(start)},
             {"pid", pid_of(node)},
             {"tid", tid},
             {"args",
              {{"from", names_[sim::index_of(from)]},
               {"message", id},
               {"cpu_ns", sim::to_ns(end) - sim::to_ns(start)}}}});
  if (!flow) return;
  // The arrow: from a sliver of a slice at the send on the sender's track, to this slice.
  const Sent origin = sent->second;
  in_flight_.erase(sent);
  const std::uint32_t origin_tid = sim::index_of(origin.from);
  events_.push_back(Json{
      {"name", "send " + name},
      {"cat", "message"},
      {"ph", "X"},
      {"ts", origin.ts_us},
      {"dur", 0.001},
      {"pid", pid_of(origin.from)},
      {"tid",
       origin_tid}}.dump());
  events_.push_back(Json{
      {"name", name},
      {"cat", "message"},
      {"ph", "s"},
      {"id", id},
      {"ts", origin.ts_us},
      {"pid", pid_of(origin.from)},
      {"tid",
       origin_tid}}.dump());
  events_.push_back(Json{
      {"name", name},
      {"cat", "message"},
      {"ph", "f"},
      {"bp", "e"},
      {"id", id},
      {"ts", us(start)},
      {"pid", pid_of(node)},
      {"tid", tid}}.dump());
}

void PerfettoTrace::message_dropped(sim::Time when, sim::NodeId where, sim::NodeId from,
                                    std::string_view type, std::uint32_t id,
                                    sim::DropReason reason) {
  in_flight_.erase(id);
  if (!room()) return;
  instant(
      fmt::format("drop {} from {}: {}", type, names_[sim::index_of(from)], sim::name_of(reason)),
      "drop", when, where);
}

void PerfettoTrace::disk_operation(sim::Time start, sim::Time end, sim::NodeId node,
                                   sim::IoKind kind, std::string_view file) {
  if (!room()) return;
  events_.push_back(Json{{"name", io_name(kind)},
                         {"cat", "disk"},
                         {"ph", "X"},
                         {"ts", us(start)},
                         {"dur", us(end) - us(start)},
                         {"pid", pid_of(node)},
                         {"tid", sim::index_of(node) + disk_track_offset},
                         {"args", {{"file", std::string(file)}}}}
                        .dump());
}

void PerfettoTrace::node_changed(sim::Time when, sim::NodeId node, std::string_view change) {
  if (!room()) return;
  instant(std::string(change), "node", when, node);
}

void PerfettoTrace::instant(const std::string& name, const char* category, sim::Time when,
                            sim::NodeId node) {
  events_.push_back(Json{{"name", name},
                         {"cat", category},
                         {"ph", "i"},
                         {"s", "t"},
                         {"ts", us(when)},
                         {"pid", pid_of(node)},
                         {"tid", sim::index_of(node)}}
                        .dump());
}

// At least min_visible_us wide, unless the node's next slice starts sooner: then the last
// one is shortened to end there (slices on a track must nest, never overlap).
void PerfettoTrace::cpu_slice(sim::Time start, sim::Time end, sim::NodeId node, Json event) {
  const double start_us = us(start), cost_us = us(end) - us(start);
  if (auto last = last_slice_.find(sim::index_of(node)); last != last_slice_.end()) {
    LastSlice& previous = last->second;
    const double previous_start = previous.event.at("ts").get<double>();
    if (previous_start + previous.event.at("dur").get<double>() > start_us) {
      previous.event["dur"] = std::max(previous.cost_us, start_us - previous_start);
      events_[previous.index] = previous.event.dump();
    }
  }
  event["dur"] = std::max(cost_us, min_visible_us);
  events_.push_back(event.dump());
  last_slice_[sim::index_of(node)] = {events_.size() - 1, std::move(event), cost_us};
}

void PerfettoTrace::operation(sim::NodeId client, std::uint64_t, const std::string& kind,
                              std::uint64_t key, sim::Time start, sim::Time end,
                              const std::string& outcome) {
  if (!room()) return;
  operations_.push_back({client, start, end, kind, {{"key", key}, {"outcome", outcome}}});
}

void PerfettoTrace::fault(const std::string& kind, sim::Time start, sim::Time end,
                          const std::vector<sim::NodeId>& targets) {
  for (sim::NodeId target : targets) {
    if (!room()) return;
    faults_.push_back({target, start, end, "fault: " + kind, nullptr});
  }
}

// Interval partitioning: by start, each slice on the node's first track that is free by
// then. Slices that would need more than tracks_max tracks on a node are left out and
// counted: the number returned.
std::size_t PerfettoTrace::place(std::vector<Interval> intervals, const char* what,
                                 const char* category, int track_offset,
                                 std::vector<std::string>& out) const {
  std::stable_sort(intervals.begin(), intervals.end(), [](const Interval& a, const Interval& b) {
    return std::pair(a.node, a.start) < std::pair(b.node, b.start);
  });
  std::map<std::uint32_t, std::vector<sim::Time>> track_free;  // by node: when each track frees
  std::size_t left_out = 0;
  for (const Interval& interval : intervals) {
    const std::uint32_t index = sim::index_of(interval.node);
    std::vector<sim::Time>& tracks = track_free[index];
    std::size_t lane = 0;
    while (lane < tracks.size() && tracks[lane] > interval.start) ++lane;
    if (lane == tracks.size() && lane < tracks_max) {
      tracks.push_back(interval.start);
      out.push_back(Json{{"name", "thread_name"},
                         {"ph", "M"},
                         {"pid", pid_of(interval.node)},
                         {"tid", track_offset + index * tracks_max + lane},
                         {"args",
                          {{"name", names_[index] + " " + what +
                                        (lane == 0 ? "" : fmt::format(" {}", lane + 1))}}}}
                        .dump());
    }
    if (lane == tracks_max) {
      ++left_out;
      continue;
    }
    tracks[lane] = std::max(tracks[lane], interval.end);
    Json event = {{"name", interval.name},
                  {"cat", category},
                  {"ph", "X"},
                  {"ts", us(interval.start)},
                  {"dur", us(interval.end) - us(interval.start)},
                  {"pid", pid_of(interval.node)},
                  {"tid", track_offset + index * tracks_max + lane}};
    if (!interval.args.is_null()) event["args"] = interval.args;
    out.push_back(event.dump());
  }
  return left_out;
}

std::string PerfettoTrace::json() const {
  std::vector<std::string> placed;
  const std::size_t left_out =
      left_out_ + place(operations_, "operations", "operation", operations_track_offset, placed) +
      place(faults_, "faults", "fault", faults_track_offset, placed);
  std::string out = "{\"displayTimeUnit\": \"ms\", \"traceEvents\": [\n";
  bool first = true;
  for (const std::vector<std::string>* events :
       {&events_, static_cast<const std::vector<std::string>*>(&placed)}) {
    for (const std::string& event : *events) {
      out += (first ? "" : ",\n") + event;
      first = false;
    }
  }
  out += "\n";
  out += "],\n\"metadata\": " + Json{{"scar_truncated", left_out}}.dump() + "}\n";
  return out;
}

}  // namespace scar::reports
