// A live run's cluster: nodes as in the simulator (sim::NodeSpec), each on its own UDP
// socket on 127.0.0.1, all driven by one io_context on the calling thread, with disk
// operations on two disk threads. Real time: now() is the steady clock since start().
//
// Why one thread for every node: the node API promises that a node's handlers never run
// concurrently, and on a small machine (2 cores here) one event loop keeps every core's
// worth of work that the disk threads and the kernel's loopback do not take; a thread
// per node would add context switches, not capacity.
//
// Faults a live run can do for real (faults/ names them): crash and restart, pause (the
// node stops reading its socket and running handlers), slow node (busy work), partition,
// packet loss, duplication and slow links (in the sending node's transport).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "live/live_node.h"
#include "sim/distribution.h"
#include "sim/observer.h"
#include "sim/trace.h"

namespace scar::live {

class LiveCluster {
 public:
  // `directory` holds every node's disk (created; removed by the caller). `link_latency`
  // is what a slow link multiplies (the scenario's modelled latency: loopback has none
  // worth multiplying).
  LiveCluster(std::uint64_t seed, std::filesystem::path directory, sim::Distribution link_latency);
  ~LiveCluster();
  LiveCluster(const LiveCluster&) = delete;
  LiveCluster& operator=(const LiveCluster&) = delete;

  // REQUIRES: before start().
  sim::NodeId add_node(sim::NodeSpec spec);
  // Binds every socket, then starts every node in id order.
  void start();
  // Runs until `end` (time since start) has passed. Rethrows what escaped a node's task.
  void run_until(sim::Time end);
  // Calls `callback` on the loop at `at` (time since start).
  void schedule(sim::Time at, std::function<void()> callback);

  sim::Time now() const;
  std::size_t node_count() const { return nodes_.size(); }
  std::span<const sim::NodeId> servers() const { return servers_; }
  std::optional<sim::NodeId> find(std::string_view name) const;
  LiveNode& node(sim::NodeId id) { return *nodes_[sim::index_of(id)]; }
  const LiveNode& node(sim::NodeId id) const { return *nodes_[sim::index_of(id)]; }
  std::uint64_t datagrams_handled() const { return datagrams_handled_; }
  // Per message type, sorted by name.
  std::vector<std::pair<std::string_view, sim::MessageTypeCounters>> message_counters() const;
  void set_tracer(sim::Tracer* tracer) { tracer_ = tracer; }
  void set_observer(sim::Observer* observer) { observer_ = observer; }
  sim::Observer* observer() const { return observer_; }
  std::uint32_t next_message_id() { return next_message_id_++; }

  // Feature flags (Context::flag): 0 until set.
  void set_flag(std::string_view name, double value);
  double flag(std::string_view name) const;

  // Faults.
  void crash(sim::NodeId id);
  void restart(sim::NodeId id);
  void pause(sim::NodeId id);
  void resume(sim::NodeId id);
  void set_cpu_factor(sim::NodeId id, double factor);
  // Messages from -> to are dropped while any cut between them is in force.
  void cut(sim::NodeId from, sim::NodeId to, int change);
  // Loss and duplication probability of messages from or to `node` (the largest in force).
  void set_loss(sim::NodeId node, double probability);
  void set_duplication(sim::NodeId node, double probability);
  // Messages from -> to wait (factor - 1) draws of link_latency before they are sent.
  void set_link_factor(sim::NodeId from, sim::NodeId to, double factor);

  // For the nodes' transport. What happens to a message from -> to: how many copies, after
  // what delay (zero copies: dropped).
  struct Fate {
    int copies = 1;
    sim::Duration delay{0};
    sim::DropReason reason = sim::DropReason::network;  // when no copy goes
  };
  Fate fate_of(sim::NodeId from, sim::NodeId to);
  sim::MessageTypeCounters& type_counters(const sim::Message& message);
  void trace(sim::NodeId id, std::string_view text);

 private:
  friend struct LiveNode;
  friend class LiveContext;

  boost::asio::io_context io_;
  boost::asio::thread_pool disk_threads_{2};
  std::filesystem::path directory_;
  sim::Distribution link_latency_;
  sim::Random network_random_;
  std::vector<std::unique_ptr<LiveNode>> nodes_;
  std::vector<sim::NodeId> servers_;
  std::vector<boost::asio::ip::udp::endpoint> addresses_;  // by node id
  std::vector<int> cuts_;                                  // from * n + to
  std::vector<double> link_factors_;                       // from * n + to
  std::vector<double> loss_, duplication_;                 // by node id
  std::map<std::string_view, sim::MessageTypeCounters> type_counters_;
  std::map<std::string, double, std::less<>> flags_;
  std::vector<std::unique_ptr<boost::asio::steady_timer>> scheduled_;
  std::chrono::steady_clock::time_point start_{};
  std::uint64_t seed_;
  std::uint64_t datagrams_handled_ = 0;
  std::exception_ptr task_error_;
  sim::Tracer* tracer_ = nullptr;
  sim::Observer* observer_ = nullptr;
  std::uint32_t next_message_id_ = 0;
};

}  // namespace scar::live
