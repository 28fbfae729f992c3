// The sequential specifications a history is checked against, with Knossos' semantics
// (knossos.model: Register and CASRegister):
//
//   register      read and write on one register.
//   cas-register  read, write and cas on one register: cas [expected new] takes effect only
//                 when the register holds `expected`, and is impossible otherwise (a cas
//                 that did not match is recorded as `fail`, which never happened).
//   kv            a cas-register per key. Linearizability is compositional (Herlihy and
//                 Wing's locality, "P-compositionality" in Horn and Kroening), so each key
//                 is checked on its own.
//
// A read of nil matches any state: Knossos writes nil for "the value read is not known".
// With nil_read_matches_anything off, nil is compared like any other value, for histories
// where nil means "the register holds nothing" (initial_value nil). The register starts
// at initial_value: Knossos' tests use 0, and `(cas-register)` with no argument is nil.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "reports/checkers/history.h"

namespace scar::reports::checkers {

enum class ModelKind { read_write_register, cas_register, kv };

struct Model {
  ModelKind kind = ModelKind::cas_register;
  Value initial_value = 0;                // the state of every register before any operation
  bool nil_read_matches_anything = true;  // Knossos: a nil read is "not known"
};

// "register", "cas-register", "kv" and back; null for any other name.
std::optional<ModelKind> parse_model_kind(std::string_view name);
std::string_view model_kind_name(ModelKind kind);

// Why `model` cannot judge `history` (a cas on a plain register, several keys on a single
// register), or empty when it can.
std::string unsupported(const History& history, const Model& model);

// The register's state after `operation` took effect in `state`, or null when the
// operation cannot take effect there. Ignores operation.outcome.
inline std::optional<Value> step(const Model& model, Value state, const Operation& operation) {
  switch (operation.function) {
    case Function::read:
      if (operation.value == state || (!operation.value && model.nil_read_matches_anything))
        return state;
      return std::nullopt;
    case Function::write:
      return operation.value;
    case Function::cas:
      if (operation.value == state) return operation.cas_new_value;
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace scar::reports::checkers
