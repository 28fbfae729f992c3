// A program that registers a protocol scar must refuse, chosen by SCAR_BAD_REGISTRATION:
// clash (named like the built-in kv), default (an option default its type rejects), twice
// (the same name given twice). For tests/external_protocol_test.sh.
#include <cstdlib>
#include <memory>
#include <string>

#include "tools/command_line.h"

namespace {

scar::nodes::Protocol named(std::string_view name) {
  return scar::nodes::Protocol{
      .name = name,
      .summary = "a protocol scar refuses",
      .operations = {scar::nodes::OperationKind::get},
      .make_server = [](const scar::nodes::ProtocolOptions&) -> std::unique_ptr<scar::sim::Node> {
        return std::make_unique<scar::sim::Node>();
      },
      .make_router = [](const scar::nodes::ProtocolOptions&) -> scar::nodes::Router {
        return [](auto, auto, auto servers) { return servers.front(); };
      }};
}

}  // namespace

int main(int argc, char** argv) {
  const char* chosen = std::getenv("SCAR_BAD_REGISTRATION");
  const std::string bad = chosen == nullptr ? "" : chosen;
  std::vector<scar::nodes::Protocol> protocols;
  if (bad == "clash") protocols.push_back(named("kv"));
  if (bad == "default") {
    protocols.push_back(named("slow"));
    protocols.back().options = {{"timeout",
                                 scar::nodes::OptionType::duration,
                                 "fast",
                                 {},
                                 "a default that is no duration"}};
  }
  if (bad == "twice") protocols = {named("twin"), named("twin")};
  return scar::tools::main(argc, argv, std::move(protocols));
}
