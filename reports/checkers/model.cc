#include "reports/checkers/model.h"

#include <fmt/format.h>

#include <set>

namespace scar::reports::checkers {

std::optional<ModelKind> parse_model_kind(std::string_view name) {
  if (name == "register") return ModelKind::read_write_register;
  if (name == "cas-register") return ModelKind::cas_register;
  if (name == "kv") return ModelKind::kv;
  return std::nullopt;
}

std::string_view model_kind_name(ModelKind kind) {
  switch (kind) {
    case ModelKind::read_write_register:
      return "register";
    case ModelKind::cas_register:
      return "cas-register";
    case ModelKind::kv:
      return "kv";
  }
  return "?";
}

std::string unsupported(const History& history, const Model& model) {
  std::set<std::int64_t> keys;
  for (const Operation& operation : history.operations) {
    keys.insert(operation.key);
    if (model.kind == ModelKind::read_write_register && operation.function == Function::cas)
      return fmt::format(
          "the register model has no cas (process {} invokes one); use "
          "cas-register",
          operation.process);
  }
  if (model.kind != ModelKind::kv && keys.size() > 1)
    return fmt::format("the history names {} keys and the {} model is one register; use kv",
                       keys.size(), model_kind_name(model.kind));
  return {};
}

}  // namespace scar::reports::checkers
