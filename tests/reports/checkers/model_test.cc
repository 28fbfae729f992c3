#include "reports/checkers/model.h"

#include <catch2/catch.hpp>

using namespace scar::reports::checkers;

namespace {

Operation op(Function function, Value value, Value cas_new_value = std::nullopt) {
  Operation operation;
  operation.function = function;
  operation.value = value;
  operation.cas_new_value = cas_new_value;
  return operation;
}

}  // namespace

TEST_CASE("the cas-register follows Knossos: nil reads match anything", "[model]") {
  const Model model;  // cas-register from 0
  CHECK(step(model, 0, op(Function::read, 0)) == Value{0});
  CHECK_FALSE(step(model, 0, op(Function::read, 1)));
  CHECK(step(model, 5, op(Function::read, std::nullopt)) == Value{5});
  CHECK(step(model, 0, op(Function::write, 3)) == Value{3});
  CHECK(step(model, 3, op(Function::cas, 3, 4)) == Value{4});
  CHECK_FALSE(step(model, 3, op(Function::cas, 2, 4)));
  CHECK_FALSE(step(model, std::nullopt, op(Function::cas, 0, 4)));
}

TEST_CASE("with strict nil a nil read means the register holds nil", "[model]") {
  const Model model{.kind = ModelKind::cas_register,
                    .initial_value = std::nullopt,
                    .nil_read_matches_anything = false};
  const auto nil_read = step(model, std::nullopt, op(Function::read, std::nullopt));
  REQUIRE(nil_read);
  CHECK_FALSE(*nil_read);
  CHECK_FALSE(step(model, 2, op(Function::read, std::nullopt)));
  CHECK_FALSE(step(model, std::nullopt, op(Function::read, 2)));
}

TEST_CASE("models refuse histories they cannot judge", "[model]") {
  History history;
  history.invoke(1, 0, Function::cas, 0, 1, {});
  CHECK(unsupported(history, Model{.kind = ModelKind::cas_register}).empty());
  CHECK(unsupported(history, Model{.kind = ModelKind::read_write_register}) ==
        "the register model has no cas (process 1 invokes one); use cas-register");
  history.invoke(2, 9, Function::write, 0, std::nullopt, {});
  CHECK(unsupported(history, Model{.kind = ModelKind::kv}).empty());
  CHECK(unsupported(history, Model{.kind = ModelKind::cas_register}).find("use kv") !=
        std::string::npos);
  CHECK(parse_model_kind("cas-register") == ModelKind::cas_register);
  CHECK(parse_model_kind("register") == ModelKind::read_write_register);
  CHECK_FALSE(parse_model_kind("queue"));
}
