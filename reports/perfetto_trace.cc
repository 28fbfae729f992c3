#include "reports/perfetto_trace.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace scar::reports {

using Json = nlohmann::json;
namespace {

double us(sim::Time time) { return static_cast<double>(sim::to_ns(time)) / 1000.0; }

constexpr int disk_track_offset = 1'000'000;  // tid of a node's disk track: its id + this

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
  events_.push_back(Json{{"name", name},
                         {"cat", "cpu"},
                         {"ph", "X"},
                         {"ts", us(start)},
                         {"dur", us(end) - us(start)},
                         {"pid", pid_of(node)},
                         {"tid", tid},
                         {"args", {{"from", names_[sim::index_of(from)]}, {"message", id}}}}
                        .dump());
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

void PerfettoTrace::async_slice(const std::string& name, const char* category, sim::Time start,
                                sim::Time end, sim::NodeId node, Json args) {
  const std::uint64_t id = next_async_id_++;
  Json begin = {{"name", name},
                {"cat", category},
                {"ph", "b"},
                {"id", id},
                {"ts", us(start)},
                {"pid", pid_of(node)},
                {"tid", sim::index_of(node)}};
  if (!args.is_null()) begin["args"] = std::move(args);
  events_.push_back(begin.dump());
  events_.push_back(Json{{"name", name},
                         {"cat", category},
                         {"ph", "e"},
                         {"id", id},
                         {"ts", us(end)},
                         {"pid", pid_of(node)},
                         {"tid", sim::index_of(node)}}
                        .dump());
}

void PerfettoTrace::operation(sim::NodeId client, std::uint64_t, const std::string& kind,
                              std::uint64_t key, sim::Time start, sim::Time end,
                              const std::string& outcome) {
  if (!room(2)) return;
  async_slice(kind, "operation", start, end, client, {{"key", key}, {"outcome", outcome}});
}

void PerfettoTrace::fault(const std::string& kind, sim::Time start, sim::Time end,
                          const std::vector<sim::NodeId>& targets) {
  for (sim::NodeId target : targets) {
    if (!room(2)) return;
    async_slice("fault: " + kind, "fault", start, end, target, nullptr);
  }
}

std::string PerfettoTrace::json() const {
  std::string out = "{\"displayTimeUnit\": \"ms\", \"traceEvents\": [\n";
  for (std::size_t i = 0; i < events_.size(); ++i) {
    out += events_[i];
    out += i + 1 < events_.size() ? ",\n" : "\n";
  }
  out += "],\n\"metadata\": " + Json{{"scar_truncated", left_out_}}.dump() + "}\n";
  return out;
}

}  // namespace scar::reports
