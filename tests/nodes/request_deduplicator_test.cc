#include "nodes/request_deduplicator.h"

#include <catch2/catch.hpp>

using scar::nodes::ClientReply;
using scar::nodes::RequestDeduplicator;

TEST_CASE("a retried request is answered with the reply it got the first time", "[dedupe]") {
  RequestDeduplicator answered;
  CHECK(answered.answered(42) == nullptr);
  answered.finish(42, ClientReply{.found = true, .value = 7});
  const ClientReply* reply = answered.answered(42);
  REQUIRE(reply != nullptr);
  CHECK(reply->value == 7);
  CHECK(answered.answered(43) == nullptr);
}

TEST_CASE("a request in progress is known, and forgotten when abandoned", "[dedupe]") {
  RequestDeduplicator answered;
  answered.start(5);
  CHECK(answered.in_progress(5));
  CHECK(answered.answered(5) == nullptr);
  answered.abandon(5);
  CHECK_FALSE(answered.in_progress(5));
  answered.start(6);
  answered.finish(6, ClientReply{});
  CHECK_FALSE(answered.in_progress(6));
  CHECK(answered.answered(6) != nullptr);
}

TEST_CASE("the deduplicator remembers the last remembered_max replies, oldest forgotten first",
          "[dedupe]") {
  RequestDeduplicator answered;
  const std::uint64_t total = RequestDeduplicator::remembered_max + 2;
  for (std::uint64_t id = 1; id <= total; ++id) answered.finish(id, ClientReply{});
  CHECK(answered.remembered() == RequestDeduplicator::remembered_max);
  CHECK(answered.answered(1) == nullptr);
  CHECK(answered.answered(2) == nullptr);
  CHECK(answered.answered(3) != nullptr);
  CHECK(answered.answered(total) != nullptr);
}
