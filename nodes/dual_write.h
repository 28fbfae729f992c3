// `dual-write`: "just send it to both". n1 is the application; n2 and n3 are two
// independent stores (say a database, A, and a search index, B) that know nothing of each
// other. Clients send every request to n1. A put is written to store A, then to store B,
// and answered ok only if both succeeded; a get reads store A.
//
// Nothing makes the two stores agree. When B fails a write that A took (its disk fails,
// a partition cuts it off), the put answers error, and A keeps a value B never sees: the
// stores diverge, for good, on that key until a later put to the key succeeds on both.
// Option `retry: until_success` retries each store's write (up to `attempts_max`
// attempts, `store_timeout` apart, so runs end) and narrows the gap without closing it:
// retries outlast the client's patience, and a retried older write can land on B after a
// newer one did, so A and B end holding different values.
//
// Each store writes a put to its disk before it acknowledges it (the database's own log;
// durability `write`, see durable_log.h), so a disk_error fault fails its writes, and
// after a restart it replays the log before serving. n1 keeps nothing: it is not a
// replica, and the `converged` check compares the two stores.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "nodes/client_protocol.h"
#include "nodes/durable_log.h"
#include "nodes/protocol_options.h"
#include "nodes/register_store.h"
#include "nodes/replica.h"
#include "sim/context.h"

namespace scar::nodes {

// Application -> store.
struct StoreWrite {
  static constexpr std::string_view name = "store_write";
  std::uint64_t key = 0;
  std::uint64_t value = 0;
};

struct StoreWriteReply {
  static constexpr std::string_view name = "store_write_reply";
  bool written = false;  // false: the store's disk failed the write; nothing changed
};

struct StoreRead {
  static constexpr std::string_view name = "store_read";
  std::uint64_t key = 0;
};

struct StoreReadReply {
  static constexpr std::string_view name = "store_read_reply";
  bool found = false;
  std::uint64_t value = 0;
};

// The `dual-write` protocol's options, and their check (attempts_max a whole number >= 1).
std::vector<OptionSpec> dual_write_options();
std::optional<OptionProblem> dual_write_option_problem(const ProtocolOptions& options,
                                                       std::uint32_t nodes);

class DualWriteServer final : public sim::Node, public Replica {
 public:
  explicit DualWriteServer(const ProtocolOptions& options);

  void on_start(sim::Context& ctx) override;
  void on_message(sim::Context& ctx, const sim::Envelope& envelope) override;
  std::string_view role() const override { return is_application_ ? "application" : "store"; }
  bool is_replica() const override { return !is_application_; }
  const RegisterStore::Map& replica_contents() const override { return store_.applied(); }

 private:
  // Application.
  void on_client(sim::Context& ctx, const ClientRequest& request, sim::ReplyAddress client);
  sim::Task<> put(sim::Context& ctx, ClientRequest request, sim::ReplyAddress client);
  sim::Task<> get(sim::Context& ctx, std::uint64_t key, sim::ReplyAddress client);
  enum class WriteOutcome : std::uint8_t { written, failed, unknown };
  // Writes to one store, retrying as the option says.
  sim::Task<WriteOutcome> write_to(sim::Context& ctx, sim::NodeId store, StoreWrite write);

  // Store.
  sim::Task<> recover(sim::Context& ctx);
  void on_store_message(sim::Context& ctx, const sim::Envelope& envelope);
  sim::Task<> store_write(sim::Context& ctx, StoreWrite write, sim::ReplyAddress application);

  bool retry_until_success_;
  std::uint32_t attempts_max_;
  sim::Duration store_timeout_;
  bool is_application_ = false;
  sim::NodeId store_a_{};
  sim::NodeId store_b_{};
  DurableLog log_;
  bool recovering_ = false;
  RegisterStore store_;  // stores only
};

}  // namespace scar::nodes
