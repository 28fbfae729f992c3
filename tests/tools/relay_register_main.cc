// A protocol that brings its own client logic (nodes/client_logic.h): "relay-register".
// Its one server holds registers and speaks only its own messages (RelayRead, RelayWrite,
// RelayCas), never ClientRequest: every operation of a run goes through the client logic,
// which scar's client drives on the workload's schedule.
//
// Option cas: "atomic" sends one RelayCas (linearizable); "read-then-write" (a bug) reads
// the register and, if it holds the expected value, writes: two clients' cas on one key
// can both succeed, and the linearizability checker finds it.
// For tests/external_protocol_test.sh, with tests/data/relay-register.json.
#include <map>
#include <memory>

#include "tools/command_line.h"

namespace {

using scar::nodes::ClientReply;
using scar::nodes::ClientRequest;
using scar::nodes::OperationKind;
using scar::nodes::ReplyStatus;
using scar::sim::CallResult;
using scar::sim::CallStatus;

struct RelayRead {
  static constexpr std::string_view name = "relay_read";
  std::uint64_t key = 0;
};
struct RelayWrite {
  static constexpr std::string_view name = "relay_write";
  std::uint64_t key = 0;
  std::uint64_t value = 0;
};
struct RelayCas {
  static constexpr std::string_view name = "relay_cas";
  ClientRequest cas;
};
// The register's value before the operation; `applied` for a cas.
struct RelayValue {
  static constexpr std::string_view name = "relay_value";
  bool found = false;
  std::uint64_t value = 0;
  bool applied = true;
};

class RelayServer final : public scar::sim::Node {
 public:
  void on_message(scar::sim::Context& ctx, const scar::sim::Envelope& envelope) override {
    if (const auto* read = envelope.as<RelayRead>()) {
      ctx.reply(envelope.reply_address(), value_of(read->key));
    } else if (const auto* write = envelope.as<RelayWrite>()) {
      const RelayValue before = value_of(write->key);
      registers_[write->key] = write->value;
      ctx.reply(envelope.reply_address(), before);
    } else if (const auto* cas = envelope.as<RelayCas>()) {
      RelayValue before = value_of(cas->cas.key);
      const bool matches =
          cas->cas.expect_found ? before.found && before.value == cas->cas.expected : !before.found;
      if (matches) registers_[cas->cas.key] = cas->cas.value;
      before.applied = matches;
      ctx.reply(envelope.reply_address(), before);
    }
  }

 private:
  RelayValue value_of(std::uint64_t key) const {
    const auto found = registers_.find(key);
    return found == registers_.end() ? RelayValue{} : RelayValue{true, found->second};
  }
  std::map<std::uint64_t, std::uint64_t> registers_;
};

CallResult<ClientReply> reply_from(const CallResult<RelayValue>& answer) {
  if (!answer) return {answer.status(), std::nullopt};
  return {CallStatus::ok,
          ClientReply{.found = answer->found, .value = answer->value, .applied = answer->applied}};
}

class RelayClient final : public scar::nodes::ClientLogic {
 public:
  explicit RelayClient(bool atomic_cas) : atomic_cas_(atomic_cas) {}

  scar::sim::Task<CallResult<ClientReply>> attempt(scar::sim::Context& ctx,
                                                   scar::sim::NodeId target, ClientRequest request,
                                                   scar::sim::Duration timeout) override {
    switch (request.kind) {
      case OperationKind::get:
        co_return reply_from(
            co_await ctx.call<RelayValue>(target, RelayRead{request.key}, timeout));
      case OperationKind::put:
        co_return reply_from(
            co_await ctx.call<RelayValue>(target, RelayWrite{request.key, request.value}, timeout));
      case OperationKind::add:  // not among the protocol's operations: never scheduled
        co_return CallResult<ClientReply>(CallStatus::ok,
                                          ClientReply{.status = ReplyStatus::refused});
      case OperationKind::cas:
        break;
    }
    if (atomic_cas_)
      co_return reply_from(co_await ctx.call<RelayValue>(target, RelayCas{request}, timeout));
    // The bug: check, then act, in two round trips (each with half the attempt's time).
    const auto read = co_await ctx.call<RelayValue>(target, RelayRead{request.key}, timeout / 2);
    if (!read) co_return reply_from(read);
    const bool matches =
        request.expect_found ? read->found && read->value == request.expected : !read->found;
    if (!matches)
      co_return CallResult<ClientReply>(
          CallStatus::ok,
          ClientReply{.found = read->found, .value = read->value, .applied = false});
    const auto written =
        co_await ctx.call<RelayValue>(target, RelayWrite{request.key, request.value}, timeout / 2);
    if (!written)
      co_return CallResult<ClientReply>(CallStatus::ok, ClientReply{.status = ReplyStatus::error});
    co_return CallResult<ClientReply>(CallStatus::ok,
                                      ClientReply{.found = true, .value = request.expected});
  }

 private:
  bool atomic_cas_;
};

scar::nodes::Protocol relay_register() {
  return scar::nodes::Protocol{
      .name = "relay-register",
      .summary =
          "One server of registers that speaks only its own messages; the protocol's "
          "client logic turns get, put and cas into them.",
      .options = {{"cas",
                   scar::nodes::OptionType::choice,
                   "atomic",
                   {"atomic", "read-then-write"},
                   "one message per cas, or (a bug) a read and then a write"}},
      .operations = {OperationKind::get, OperationKind::put, OperationKind::cas},
      .make_server = [](const scar::nodes::ProtocolOptions&) -> std::unique_ptr<scar::sim::Node> {
        return std::make_unique<RelayServer>();
      },
      .make_router = [](const scar::nodes::ProtocolOptions&) -> scar::nodes::Router {
        return [](OperationKind, std::uint64_t, std::span<const scar::sim::NodeId> servers) {
          return servers.front();
        };
      },
      .make_client_logic = [](const scar::nodes::ProtocolOptions& options)
          -> std::unique_ptr<scar::nodes::ClientLogic> {
        return std::make_unique<RelayClient>(options.choice("cas") == "atomic");
      }};
}

}  // namespace

int main(int argc, char** argv) { return scar::tools::main(argc, argv, {relay_register()}); }
