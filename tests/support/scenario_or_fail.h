// Tests load scenarios (files, or JSON written in the test) and use them: a scenario that
// does not load is a broken test, reported with the loader's own message.
#pragma once

#include <catch2/catch.hpp>
#include <utility>
#include <variant>

#include "tools/scenario_loader.h"

namespace scar::testing {

inline tools::Scenario scenario_or_fail(tools::LoadResult loaded) {
  if (auto* error = std::get_if<tools::InputError>(&loaded)) FAIL(error->to_string());
  return std::get<tools::Scenario>(std::move(loaded));
}

}  // namespace scar::testing
