// An `ids` server: answers each `add` with a new id in ClientReply::value (the request's
// key and increment are ignored: there is one id space per cluster). How the id is made:
// id_scheme.h. With scheme=counter only n1 issues ids (every client sends to it; another
// server answers not_leader, naming n1); with the others every server does, and client
// c<i> asks its own server.
//
// Counters (Context::count): ids_issued; ids_backwards, an id not above every id this
// server issued before it; ids_duplicate, an id this server issued before (issued_ids.h).
// Volatile: a restart forgets the counter, the clock's last millisecond and the ids issued,
// so a restarted counter issues 1, 2, 3 again (a real one would persist a high-water mark)
// and the counts above do not see it.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "nodes/client_protocol.h"
#include "nodes/ids/id_scheme.h"
#include "nodes/ids/issued_ids.h"
#include "nodes/protocol_options.h"
#include "sim/context.h"
#include "sim/node.h"

namespace scar::nodes::ids {

class IdServer final : public sim::Node {
 public:
  explicit IdServer(const ProtocolOptions& options);
  static std::vector<OptionSpec> options();  // scheme

  void on_start(sim::Context& ctx) override;
  void on_message(sim::Context& ctx, const sim::Envelope& envelope) override;
  // "counter" for n1 with scheme=counter; nothing otherwise.
  std::string_view role() const override;

 private:
  ReplyStatus issue(sim::Context& ctx, ClientReply& reply);
  // Whether this server issues ids: every server does, but only n1 with scheme=counter.
  bool serves() const;

  IdScheme scheme_;
  std::uint64_t server_index_ = 0;
  std::optional<IdMaker> maker_;  // made at start, once the server's index is known
  IssuedIds issued_;
};

}  // namespace scar::nodes::ids
