// A quorum replica's registers: per key, the newest Version it has seen. A write with an
// older version than the one held is ignored, yet acknowledged: the replica has something
// at least as new, which is all a writer can ask of it (last writer wins, silently).
// Volatile: a crash loses it (the `quorum` protocol has no log).
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>

#include "nodes/quorum/version.h"
#include "nodes/register_store.h"

namespace scar::nodes {

class VersionedStore {
 public:
  // The newest version held for `key`, if any.
  std::optional<Version> newest(std::uint64_t key) const {
    const auto found = versions_.find(key);
    return found == versions_.end() ? std::nullopt : std::optional(found->second);
  }

  // Keeps `version` if it is newer than what the key holds. True when it was kept.
  bool offer(std::uint64_t key, const Version& version) {
    const auto [held, inserted] = versions_.try_emplace(key, version);
    if (!inserted) {
      if (!(held->second < version)) return false;
      held->second = version;
    }
    values_[key] = version.value;
    return true;
  }

  // The values held, by key: what reads from this replica would return.
  const RegisterStore::Map& values() const { return values_; }

 private:
  std::unordered_map<std::uint64_t, Version> versions_;
  RegisterStore::Map values_;  // versions_' values, kept for the converged check
};

}  // namespace scar::nodes
