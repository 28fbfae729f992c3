// What a live run keeps for each node: the same Node object the simulator runs, its UDP
// socket, its timers, calls, tasks and disk, and LiveContext, the live implementation of
// the node API (sim/context.h). Everything runs on the cluster's one io_context thread,
// so a node's handlers never run concurrently, as the node API promises.
//
// A crash destroys the Node object, its timers, calls and tasks and puts its disk back
// to what was fsynced; the incarnation number changes, so completions of the old
// incarnation that arrive later are dropped. A pause stops reading the socket (the
// kernel's receive buffer fills and then drops, as for a stopped process) and holds back
// fired timers and disk completions; resume runs them in order, late.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "live/datagram.h"
#include "live/live_disk.h"
#include "sim/context.h"
#include "sim/node.h"
#include "sim/random.h"
#include "sim/world.h"

namespace scar::live {

class LiveCluster;
struct LiveNode;

class LiveContext final : public sim::Context {
 public:
  explicit LiveContext(LiveNode& node) : node_(node) {}

  sim::NodeId self() const override;
  std::string_view name() const override;
  std::string_view name_of(sim::NodeId node) const override;
  std::span<const sim::NodeId> servers() const override;
  sim::Time now() const override;
  sim::Random& random() override;
  void send_message(sim::NodeId to, sim::Message message) override;
  void send_reply(sim::ReplyAddress to, sim::Message message) override;
  sim::TimerId set_timer(sim::Duration delay) override;
  void cancel_timer(sim::TimerId timer) override;
  void spawn(sim::Task<> task) override;
  void trace(std::string_view text) override;
  void add_to_metric(std::string_view metric, std::int64_t delta) override;
  double flag(std::string_view name) const override;
  std::uint64_t submit_io(sim::IoRequest request) override;
  void resume_after(sim::Duration delay, std::coroutine_handle<> waiter) override;
  void start_call(sim::NodeId to, sim::Message request, sim::Duration timeout,
                  sim::PendingCall& call) override;
  void cancel_call(sim::PendingCall& call) override;
  bool start_io(sim::IoRequest request, sim::PendingIo& io) override;

  using Context::complete_call;

 private:
  LiveNode& node_;
};

struct LiveNode final : sim::detail::TaskOwner {
  LiveNode(LiveCluster& cluster, sim::NodeId id, sim::NodeSpec spec, std::uint64_t seed);
  ~LiveNode();

  void task_ended(std::uint64_t task_id, std::exception_ptr error) noexcept override;

  // Runs `handler` as node code now, or later if paused; not at all if the node crashed
  // since `incarnation_then`. A slow node then burns (factor - 1) times the handler's own
  // time in busy work.
  void run(std::uint32_t incarnation_then, std::function<void()> handler);
  // Sends the datagram, subject to the cluster's network faults.
  void transmit(sim::NodeId to, const Datagram& datagram);
  void receive();  // keeps one receive outstanding while the node reads its socket
  void on_datagram(std::size_t length);
  void deliver(Datagram datagram);  // to the node's handler, or to the call it answers
  void start();
  void crash();
  void stop();  // the volatile half of a crash: node object, timers, calls, tasks
  void pause();
  void resume();

  LiveCluster& cluster;
  sim::NodeId id;
  sim::NodeSpec spec;
  LiveContext context;
  sim::Random random;
  std::unique_ptr<sim::Node> node;  // null while down (up is false)
  bool up = false;
  bool paused = false;
  bool reading = false;  // a receive is outstanding
  std::uint32_t incarnation = 0;
  double cpu_factor = 1;
  boost::asio::ip::udp::socket socket;
  boost::asio::ip::udp::endpoint sender;
  std::string receive_buffer;
  std::uint64_t next_timer_id = 1;
  std::uint64_t next_request_id = 1;
  std::uint64_t next_task_id = 1;
  std::uint64_t next_io_id = 1;
  std::map<sim::TimerId, std::unique_ptr<boost::asio::steady_timer>> timers;
  std::map<std::uint64_t, std::unique_ptr<boost::asio::steady_timer>> wakeups;
  struct Call {
    sim::PendingCall* call;
    std::unique_ptr<boost::asio::steady_timer> timeout;
  };
  std::map<std::uint64_t, Call> calls;
  std::map<std::uint64_t, std::coroutine_handle<>> tasks;  // destroyed in spawn order
  std::map<std::uint64_t, sim::PendingIo*> ios;            // null: handler style (on_io)
  std::vector<std::function<void()>> deferred;             // came due while paused
  std::unique_ptr<LiveDisk> disk;
  sim::NodeCounters counters;
};

}  // namespace scar::live
