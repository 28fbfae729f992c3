// `ids`: id generation as a service. A client's `add` asks for a new id; the reply's value
// is the id. `add` because its reply already carries a number the server chose ("the
// counter after the increment"), which is exactly "give me the next id"; a put's value is
// chosen by the client. The schemes and their promises: id_scheme.h; the server and its
// counters: id_server.h.
//
// Routing: with scheme=counter every request goes to n1. Otherwise a request goes to the
// server its key names (key mod servers), which spreads the clients' requests evenly over
// the servers. (Protocol::any_server is fixed per protocol, not per option, so it cannot
// send everything to n1 for one scheme only.)
#pragma once

#include "nodes/protocols.h"

namespace scar::nodes::ids {

Protocol ids_protocol();

}  // namespace scar::nodes::ids
