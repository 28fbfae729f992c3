#include "sim/network.h"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using scar::sim::Distribution;
using scar::sim::Network;
using scar::sim::NetworkOptions;
using scar::sim::NodeId;
using scar::sim::Time;

namespace {
const NodeId a{0}, b{1}, c{2}, d{3};
Network three_classes(NetworkOptions options) {
  Network network(std::move(options));
  network.add_endpoint({0, 0});  // a
  network.add_endpoint({0, 0});  // b: same rack as a
  network.add_endpoint({0, 1});  // c: same zone, other rack
  network.add_endpoint({1, 2});  // d: other zone
  return network;
}

}  // namespace

TEST_CASE("latency comes from the link's placement class", "[network]") {
  scar::sim::Random random_a(1, "network/a"), random_c(1, "network/c"), random_d(1, "network/d");
  NetworkOptions options;
  options.latency = Distribution::constant(1ms);
  options.cross_rack_latency = Distribution::constant(2ms);
  options.cross_zone_latency = Distribution::constant(3ms);
  Network network = three_classes(options);
  const Time now{10ms};
  CHECK(network.route(a, b, now, random_a).delivery == now + 1ms);
  CHECK(network.route(a, c, now, random_a).delivery == now + 2ms);
  CHECK(network.route(a, d, now, random_a).delivery == now + 3ms);
  CHECK(network.route(d, a, now, random_d).delivery == now + 3ms);
}

TEST_CASE("cross-zone latency defaults to cross-rack, which defaults to the base latency",
          "[network]") {
  scar::sim::Random random_a(1, "network/a"), random_c(1, "network/c"), random_d(1, "network/d");
  NetworkOptions options;
  options.latency = Distribution::constant(1ms);
  options.cross_rack_latency = Distribution::constant(2ms);
  Network network = three_classes(options);
  CHECK(network.route(a, d, Time{}, random_a).delivery == Time{2ms});
  NetworkOptions plain;
  plain.latency = Distribution::constant(1ms);
  Network flat = three_classes(plain);
  CHECK(flat.route(a, d, Time{}, random_a).delivery == Time{1ms});
}

TEST_CASE("loss drops about the stated fraction of messages", "[network]") {
  scar::sim::Random random_a(1, "network/a"), random_c(1, "network/c"), random_d(1, "network/d");
  NetworkOptions options;
  options.loss_probability = 0.3;
  Network network = three_classes(options);
  int lost = 0;
  for (int i = 0; i < 100'000; ++i) lost += network.route(a, b, Time{}, random_a).lost ? 1 : 0;
  CHECK(lost == Approx(30'000).margin(600));
}

TEST_CASE("duplication copies about the stated fraction, each copy with its own latency",
          "[network]") {
  scar::sim::Random random_a(1, "network/a"), random_c(1, "network/c"), random_d(1, "network/d");
  NetworkOptions options;
  options.latency = Distribution::uniform(0ms, 10ms);
  options.duplicate_probability = 0.2;
  options.fifo = false;
  Network network = three_classes(options);
  int duplicated = 0, different = 0;
  for (int i = 0; i < 100'000; ++i) {
    const auto route = network.route(a, b, Time{}, random_a);
    REQUIRE_FALSE(route.lost);
    if (!route.duplicate_delivery) continue;
    ++duplicated;
    different += *route.duplicate_delivery != route.delivery ? 1 : 0;
  }
  CHECK(duplicated == Approx(20'000).margin(500));
  CHECK(different > duplicated * 9 / 10);
}

TEST_CASE("fifo links never deliver a message before one sent earlier on the same link",
          "[network]") {
  scar::sim::Random random_a(1, "network/a"), random_c(1, "network/c"), random_d(1, "network/d");
  NetworkOptions options;
  options.latency = Distribution::uniform(0ms, 10ms);
  options.fifo = true;
  Network network = three_classes(options);
  Time last_delivery{};
  for (int i = 0; i < 10'000; ++i) {
    const Time now{std::chrono::microseconds{i * 100}};
    const Time delivery = network.route(a, b, now, random_a).delivery;
    REQUIRE(delivery >= last_delivery);
    REQUIRE(delivery >= now);
    last_delivery = delivery;
  }
}

TEST_CASE("without fifo, jitter reorders messages on a link", "[network]") {
  scar::sim::Random random_a(1, "network/a"), random_c(1, "network/c"), random_d(1, "network/d");
  NetworkOptions options;
  options.latency = Distribution::uniform(0ms, 10ms);
  options.fifo = false;
  Network network = three_classes(options);
  Time last_delivery{};
  int reordered = 0;
  for (int i = 0; i < 10'000; ++i) {
    const Time delivery =
        network.route(a, b, Time{std::chrono::microseconds{i * 100}}, random_a).delivery;
    reordered += delivery < last_delivery ? 1 : 0;
    last_delivery = std::max(last_delivery, delivery);
  }
  CHECK(reordered > 1000);
}

TEST_CASE("a sender's draws do not depend on other senders' traffic", "[network]") {
  scar::sim::Random random_a(1, "network/a"), random_c(1, "network/c"), random_d(1, "network/d");
  NetworkOptions options;
  options.latency = Distribution::exponential(1ms);
  Network alone = three_classes(options);
  Network busy = three_classes(options);
  scar::sim::Random random_a_busy(1, "network/a");
  for (int i = 0; i < 100; ++i) {
    busy.route(c, d, Time{}, random_c);
    CHECK(alone.route(a, b, Time{}, random_a).delivery ==
          busy.route(a, b, Time{}, random_a_busy).delivery);
  }
}
