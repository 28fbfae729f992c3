#include "live/live_node.h"

#include <fmt/format.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <stdexcept>

#include "live/datagram.h"
#include "live/live_cluster.h"
#include "sim/assert.h"

namespace scar::live {

using boost::asio::steady_timer;

sim::NodeId LiveContext::self() const { return node_.id; }
std::string_view LiveContext::name() const { return node_.spec.name; }
std::string_view LiveContext::name_of(sim::NodeId node) const {
  return node_.cluster.node(node).spec.name;
}
std::span<const sim::NodeId> LiveContext::servers() const { return node_.cluster.servers(); }
sim::Time LiveContext::now() const { return node_.cluster.now(); }
sim::Random& LiveContext::random() { return node_.random; }

namespace {

void send_datagram(LiveNode& node, sim::NodeId to, Datagram datagram) {
  const sim::Message& message = datagram.message;
  if (message.type()->encode == nullptr) {
    throw std::runtime_error(fmt::format(
        "message type `{}` has no wire format: a live run sends only plain aggregate structs "
        "of numbers, enums, strings, vectors, optionals and such structs (sim/wire.h)",
        message.name()));
  }
  ++node.counters.sent;
  node.counters.sent_bytes += message.size_bytes();
  ++node.cluster.type_counters(message).sent;
  datagram.message_id = node.cluster.next_message_id();
  if (sim::Observer* observer = node.cluster.observer())
    observer->message_sent(node.cluster.now(), node.id, to, message.name(), datagram.message_id);
  node.transmit(to, datagram);
}

void observe_drop(LiveNode& node, const Datagram& datagram, sim::DropReason reason) {
  if (sim::Observer* observer = node.cluster.observer()) {
    observer->message_dropped(node.cluster.now(), node.id, datagram.from, datagram.message.name(),
                              datagram.message_id, reason);
  }
}

}  // namespace

void LiveContext::send_message(sim::NodeId to, sim::Message message) {
  send_datagram(node_, to, {DatagramKind::message, node_.id, 0, 0, std::move(message)});
}

void LiveContext::send_reply(sim::ReplyAddress to, sim::Message message) {
  // A reply to a one-way message (request id 0) is an ordinary message, as in the simulator.
  const DatagramKind kind = to.request_id == 0 ? DatagramKind::message : DatagramKind::reply;
  send_datagram(node_, to.to, {kind, node_.id, to.request_id, 0, std::move(message)});
}

sim::TimerId LiveContext::set_timer(sim::Duration delay) {
  LiveNode& node = node_;
  const sim::TimerId timer_id = node.next_timer_id++;
  auto timer = std::make_unique<steady_timer>(node.socket.get_executor(), delay);
  timer->async_wait([&node, timer_id, incarnation = node.incarnation](auto error) {
    if (error) return;  // cancelled, or the node crashed
    node.run(incarnation, [&node, timer_id] {
      // An expired timer's handler is queued already: cancelling it then cannot stop it,
      // so whether it still counts is decided here, when it runs.
      if (node.timers.erase(timer_id) == 0) return;
      node.node->on_timer(node.context, timer_id);
    });
  });
  node.timers.emplace(timer_id, std::move(timer));
  return timer_id;
}

void LiveContext::cancel_timer(sim::TimerId timer) { node_.timers.erase(timer); }

void LiveContext::spawn(sim::Task<> task) {
  sim::detail::Detached root = sim::detail::run_detached(std::move(task));
  const std::uint64_t task_id = node_.next_task_id++;
  root.handle.promise().owner = &node_;
  root.handle.promise().task_id = task_id;
  node_.tasks.emplace(task_id, root.handle);
  root.handle.resume();
}

void LiveContext::trace(std::string_view text) { node_.cluster.trace(node_.id, text); }

void LiveContext::add_to_metric(std::string_view metric, std::int64_t delta) {
  auto& metrics = node_.counters.metrics;
  if (const auto found = metrics.find(metric); found != metrics.end()) {
    found->second += delta;
  } else {
    metrics.emplace(std::string(metric), delta);
  }
}

double LiveContext::flag(std::string_view name) const { return node_.cluster.flag(name); }

namespace {

void start_disk_operation(LiveNode& node, std::uint64_t io_id, sim::IoRequest request) {
  boost::asio::any_io_executor loop = node.socket.get_executor();
  const sim::Time started = node.cluster.now();
  const sim::IoKind kind = request.kind;
  std::string file = request.file;
  node.disk->submit(std::move(request), [&node, loop, io_id, started, kind, file = std::move(file),
                                         incarnation = node.incarnation](sim::IoResult result) {
    boost::asio::post(loop, [&node, io_id, incarnation, started, kind, file,
                             result = std::move(result)]() mutable {
      if (sim::Observer* observer = node.cluster.observer())
        observer->disk_operation(started, node.cluster.now(), node.id, kind, file);
      node.run(incarnation, [&node, io_id, result = std::move(result)]() mutable {
        const auto found = node.ios.find(io_id);
        if (found == node.ios.end()) return;
        sim::PendingIo* pending = found->second;
        node.ios.erase(found);
        if (pending == nullptr) {
          node.node->on_io(node.context, io_id, result);
          return;
        }
        pending->result = std::move(result);
        pending->waiter.resume();
      });
    });
  });
}

}  // namespace

std::uint64_t LiveContext::submit_io(sim::IoRequest request) {
  const std::uint64_t io_id = node_.next_io_id++;
  node_.ios.emplace(io_id, nullptr);
  start_disk_operation(node_, io_id, std::move(request));
  return io_id;
}

bool LiveContext::start_io(sim::IoRequest request, sim::PendingIo& io) {
  const std::uint64_t io_id = node_.next_io_id++;
  node_.ios.emplace(io_id, &io);
  start_disk_operation(node_, io_id, std::move(request));
  return true;  // a real disk queues; it never refuses at once
}

void LiveContext::resume_after(sim::Duration delay, std::coroutine_handle<> waiter) {
  LiveNode& node = node_;
  const std::uint64_t wakeup_id = node.next_timer_id++;
  auto timer = std::make_unique<steady_timer>(node.socket.get_executor(), delay);
  timer->async_wait([&node, wakeup_id, waiter, incarnation = node.incarnation](auto error) {
    if (error) return;
    node.wakeups.erase(wakeup_id);
    node.run(incarnation, [waiter] { waiter.resume(); });
  });
  node.wakeups.emplace(wakeup_id, std::move(timer));
}

void LiveContext::start_call(sim::NodeId to, sim::Message request, sim::Duration timeout,
                             sim::PendingCall& call) {
  LiveNode& node = node_;
  call.request_id = node.next_request_id++;
  const std::uint64_t request_id = call.request_id;
  auto timer = std::make_unique<steady_timer>(node.socket.get_executor(), timeout);
  timer->async_wait([&node, request_id, incarnation = node.incarnation](auto error) {
    if (error) return;
    node.run(incarnation, [&node, request_id] {
      const auto found = node.calls.find(request_id);
      if (found == node.calls.end()) return;  // answered or cancelled meanwhile
      sim::PendingCall& pending = *found->second.call;
      node.calls.erase(found);
      node.context.complete_call(pending, sim::CallStatus::timeout, sim::Message{});
    });
  });
  // Sent first: a message with no wire format throws before the call is registered, so no
  // timeout can fire later into the frame the exception unwinds.
  send_datagram(node, to, {DatagramKind::message, node.id, request_id, 0, std::move(request)});
  node.calls.emplace(request_id, LiveNode::Call{&call, std::move(timer)});
}

void LiveContext::cancel_call(sim::PendingCall& call) { node_.calls.erase(call.request_id); }

LiveNode::LiveNode(LiveCluster& owner, sim::NodeId node_id, sim::NodeSpec node_spec,
                   std::uint64_t seed)
    : cluster(owner),
      id(node_id),
      spec(std::move(node_spec)),
      context(*this),
      random(seed, spec.name),
      socket(owner.io_),
      receive_buffer(datagram_max, '\0'),
      disk(std::make_unique<LiveDisk>(owner.disk_threads_, owner.directory_ / spec.name)) {}

LiveNode::~LiveNode() {
  if (up) stop();
}

void LiveNode::task_ended(std::uint64_t task_id, std::exception_ptr error) noexcept {
  tasks.erase(task_id);
  if (!error || cluster.task_error_) return;
  cluster.task_error_ = error;
  cluster.io_.stop();  // the run ends here, as the simulator's does at such an event
}

void LiveNode::run(std::uint32_t incarnation_then, std::function<void()> handler) {
  if (!up || incarnation != incarnation_then) return;
  if (paused) {
    deferred.push_back(std::move(handler));
    return;
  }
  const auto started = std::chrono::steady_clock::now();
  handler();
  if (cpu_factor <= 1) return;
  const auto spent = std::chrono::steady_clock::now() - started;
  const auto until =
      started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(spent * cpu_factor);
  while (std::chrono::steady_clock::now() < until) {
  }
}

void LiveNode::transmit(sim::NodeId to, const Datagram& datagram) {
  const std::string bytes = encode_datagram(datagram);
  if (bytes.size() > datagram_max) {
    ++counters.dropped_network;
    ++cluster.type_counters(datagram.message).dropped;
    observe_drop(*this, datagram, sim::DropReason::network);
    cluster.trace(id,
                  fmt::format("dropped a {}-byte message: larger than a datagram", bytes.size()));
    return;
  }
  const LiveCluster::Fate fate = cluster.fate_of(id, to);
  if (fate.copies == 0) {
    ++(fate.reason == sim::DropReason::partition ? counters.dropped_partition
                                                 : counters.dropped_network);
    ++cluster.type_counters(datagram.message).dropped;
    observe_drop(*this, datagram, fate.reason);
    return;
  }
  const boost::asio::ip::udp::endpoint address = cluster.addresses_[sim::index_of(to)];
  if (fate.delay <= sim::Duration{0}) {
    for (int copy = 0; copy < fate.copies; ++copy) {
      boost::system::error_code ignored;  // a full buffer drops, as UDP does
      socket.send_to(boost::asio::buffer(bytes), address, 0, ignored);
    }
    return;
  }
  auto timer = std::make_shared<steady_timer>(socket.get_executor(), fate.delay);
  timer->async_wait([this, timer, address, bytes, copies = fate.copies](auto error) {
    if (error) return;
    for (int copy = 0; copy < copies; ++copy) {
      boost::system::error_code ignored;
      socket.send_to(boost::asio::buffer(bytes), address, 0, ignored);
    }
  });
}

void LiveNode::receive() {
  if (reading || paused) return;
  reading = true;
  socket.async_receive_from(boost::asio::buffer(receive_buffer), sender,
                            [this](boost::system::error_code error, std::size_t length) {
                              reading = false;
                              if (error == boost::asio::error::operation_aborted) return;
                              if (!error) on_datagram(length);
                              receive();
                            });
}

void LiveNode::on_datagram(std::size_t length) {
  ++cluster.datagrams_handled_;
  std::optional<Datagram> datagram =
      decode_datagram(std::string_view(receive_buffer.data(), length));
  // Only the cluster's own sockets speak for its nodes: anything else on this port is noise.
  if (datagram && (sim::index_of(datagram->from) >= cluster.node_count() ||
                   sender != cluster.addresses_[sim::index_of(datagram->from)])) {
    datagram.reset();
  }
  if (!datagram) {
    cluster.trace(id, "dropped a datagram that is not a scar message of a known type");
    return;
  }
  if (!up) {
    ++counters.dropped_node_down;
    ++cluster.type_counters(datagram->message).dropped;
    observe_drop(*this, *datagram, sim::DropReason::node_down);
    return;
  }
  run(incarnation, [this, datagram = std::move(*datagram)]() mutable {
    const sim::Time started = cluster.now();
    const std::string_view type = datagram.message.name();
    const sim::NodeId from = datagram.from;
    const std::uint32_t message_id = datagram.message_id;
    deliver(std::move(datagram));
    if (sim::Observer* observer = cluster.observer())
      observer->message_handled(started, cluster.now(), id, from, type, message_id);
  });
}

void LiveNode::deliver(Datagram datagram) {
  ++counters.received;
  ++cluster.type_counters(datagram.message).delivered;
  if (datagram.kind == DatagramKind::reply) {
    const auto found = calls.find(datagram.request_id);
    if (found == calls.end()) {
      ++counters.late_replies;
      return;
    }
    sim::PendingCall& pending = *found->second.call;
    calls.erase(found);
    context.complete_call(pending, sim::CallStatus::ok, std::move(datagram.message));
    return;
  }
  node->on_message(context,
                   sim::Envelope{datagram.from, std::move(datagram.message), datagram.request_id});
}

void LiveNode::start() {
  SCAR_ASSERT(!up);
  up = true;
  node = spec.make();
  node->on_start(context);
  receive();
}

void LiveNode::crash() {
  SCAR_ASSERT(up);
  stop();
  disk->crash();
  receive();  // a crashed node's datagrams are read and dropped
}

void LiveNode::stop() {
  up = false;
  paused = false;
  ++incarnation;
  calls.clear();
  timers.clear();
  wakeups.clear();
  ios.clear();
  deferred.clear();
  for (auto& [task_id, task] : tasks) task.destroy();
  tasks.clear();
  node.reset();
}

void LiveNode::pause() {
  SCAR_ASSERT(up && !paused);
  paused = true;
}

void LiveNode::resume() {
  if (!paused) return;
  paused = false;
  std::vector<std::function<void()>> due = std::move(deferred);
  deferred.clear();
  const std::uint32_t incarnation_now = incarnation;
  for (auto& handler : due) run(incarnation_now, std::move(handler));
  receive();
}

}  // namespace scar::live
