// A server that holds a copy of every key (a replica), for the `converged` check: once the
// faults heal and the drain ends, every replica should hold the same value for every key.
#pragma once

#include "nodes/register_store.h"

namespace scar::nodes {

class Replica {
 public:
  // The values this replica applied (what its reads return), by key.
  virtual const RegisterStore::Map& replica_contents() const = 0;
  // False for a server of a replicated protocol that keeps no copy itself (dual-write's
  // application node): the converged check leaves it out.
  virtual bool is_replica() const { return true; }

 protected:
  ~Replica() = default;
};

}  // namespace scar::nodes
