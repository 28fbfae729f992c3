// The README is the user's manual: its fault table must say what the code says.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "faults/fault.h"
#include "nodes/protocols.h"

namespace {
std::string readme() {
  std::ifstream file(std::string(SCAR_SOURCE_DIR) + "/README.md");
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}
}  // namespace

TEST_CASE("the README's fault table states each kind's semantics as the code does", "[readme]") {
  const std::string text = readme();
  for (const auto& kind : scar::faults::fault_kinds()) {
    const std::string row = "| `" + std::string(kind.name) + "` | " + std::string(kind.meaning) +
                            " | " + scar::faults::parameter_ranges(kind) + " |";
    INFO(row);
    CHECK(text.find(row) != std::string::npos);
  }
}

TEST_CASE("the README documents every protocol and its options", "[readme]") {
  const std::string text = readme();
  for (const auto& protocol : scar::nodes::all_protocols()) {
    CHECK(text.find("| `" + std::string(protocol.name) + "` |") != std::string::npos);
    for (const auto& option : protocol.options) {
      INFO(protocol.name << " option " << option.name);
      CHECK(text.find("`" + option.name + "`") != std::string::npos);
    }
  }
}
