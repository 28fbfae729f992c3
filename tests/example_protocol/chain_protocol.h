// The chain protocol's registration: its name, options, node counts, router and invariant,
// as scar::tools::main takes it.
#pragma once

#include "nodes/protocols.h"

namespace chain {

scar::nodes::Protocol protocol();

}  // namespace chain
