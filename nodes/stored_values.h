// A server that holds the values of the keys it owns (not a copy of every key, as a
// Replica does), for checks that read the cluster's state after the drain: the counter
// check's final values.
#pragma once

#include "nodes/register_store.h"

namespace scar::nodes {

class StoredValues {
 public:
  // The values this server applied (what its reads return), by key.
  virtual const RegisterStore::Map& stored_values() const = 0;

 protected:
  ~StoredValues() = default;
};

}  // namespace scar::nodes
