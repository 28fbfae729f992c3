// A store of the `migration` protocol: n2 (old) or n3 (new). Registers in memory, served
// at once (only the CPU's service time): get answers what the key holds, put sets it;
// cas and add are refused. It serves ClientRequest, so a client can reach it directly
// (access=direct) as well as through the service.
//
// The new store's bug (option `new_bug`, a fraction of the key space): its gets of the
// affected keys fail with an error, as a new service that cannot decode some migrated
// records would. Which keys: a fixed hash of the key below `new_bug`, the same in every
// run. Its puts work, so dual writes show nothing; only reads find the bug.
//
// The old store, once the flag retire_old is on, is turned off: it refuses every request
// (nothing is read or written). No disk: a crash loses the registers (the lessons crash
// nothing).
#pragma once

#include <cstdint>
#include <map>

#include "nodes/client_protocol.h"
#include "sim/context.h"

namespace scar::nodes::migration {

class Store {
 public:
  // REQUIRES: 0 <= new_bug <= 1 (0 for the old store).
  Store(bool is_new, double new_bug);

  void on_request(sim::Context& ctx, const ClientRequest& request, sim::ReplyAddress client);

  bool is_new() const { return is_new_; }
  // The new store's bug hits `key`.
  bool affected(std::uint64_t key) const;

 private:
  ClientReply serve(const ClientRequest& request);

  bool is_new_;
  double new_bug_;
  std::map<std::uint64_t, std::uint64_t> values_;
};

}  // namespace scar::nodes::migration
