// `lock`: the classic setup of "How to do distributed locking" (Martin Kleppmann, 2016). A
// lock service (n1) grants a lease with an ever larger token to one worker at a time; a
// storage (n2) holds the data the lock protects; workers (n3..) serve clients, taking the
// lock for every put. Key k goes to worker k mod (N-2).
//
// The protocol's invariant, "one holder's writes at a time", is checked on the storage:
// the writes it accepted never go back to an older token after a newer one (a deposed
// holder's write landing after its successor's). Without `fencing` a holder paused past its
// lease breaks it; with `fencing` the storage refuses the stale write, and the put fails.
// No durable state (see each part's header for what a crash forgets).
#pragma once

#include "nodes/protocols.h"

namespace scar::nodes::lock {

Protocol lock_protocol();

}  // namespace scar::nodes::lock
