// `scar shrink`: from a failing run to a small scenario file that fails the same way
// (shrink.h does the search; this prints and writes). Exit codes: 0 a scenario was written;
// 2 bad input, or the input run does not fail; 70 the explicit fault schedule does not
// reproduce the failure (a bug in scar).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace scar::tools {

struct ShrinkArguments {
  std::string file;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> overrides;
  std::string out_path;  // empty: FILE's stem + "-shrunk.json" in the current directory
  std::uint64_t runs_max = 500;
};

int shrink_command(const ShrinkArguments& arguments);

}  // namespace scar::tools
