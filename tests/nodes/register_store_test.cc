#include "nodes/register_store.h"

#include <catch2/catch.hpp>

using scar::nodes::ClientRequest;
using scar::nodes::OperationKind;
using scar::nodes::RegisterStore;

namespace {
ClientRequest add(std::uint64_t key) {
  return {.kind = OperationKind::add, .key = key, .value = 1};
}
}  // namespace

TEST_CASE("an add on an empty key writes 1 and replies with it", "[register_store]") {
  RegisterStore store;
  const auto decision = store.accept(add(3));
  REQUIRE(decision.accepted);
  CHECK(decision.written == 1);
  store.apply(3, decision.written);
  CHECK(store.read(3) == 1);
  const auto reply = RegisterStore::acknowledgement(add(3), decision);
  CHECK(reply.found);
  CHECK(reply.value == 1);
}

TEST_CASE("adds accepted back to back both count, before either is applied", "[register_store]") {
  RegisterStore store;
  const auto first = store.accept(add(3));
  const auto second = store.accept(add(3));
  CHECK(first.written == 1);
  CHECK(second.written == 2);
  store.apply(3, first.written);
  store.apply(3, second.written);
  CHECK(store.read(3) == 2);
}
