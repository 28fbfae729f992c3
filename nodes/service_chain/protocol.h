// `service-chain`: frontend -> backend -> database, each hop a pool of servers with one worker
// and a queue, and every hop's overload behaviour a setting: queue bound, load shedding,
// downstream timeout and retries (immediate, backoff, budget), deadline propagation. What a
// hop does with a request: chain_node.h; the settings: chain_settings.h.
#pragma once

#include "nodes/protocols.h"

namespace scar::nodes::service_chain {

Protocol service_chain_protocol();

}  // namespace scar::nodes::service_chain
