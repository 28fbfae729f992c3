// Bad input in a text file, as a value: the 1-based line where it was found and what was
// expected there against what was found ("expected :f to be :read, :write or :cas, found
// :foo"). Readers return it; the command line prints it with the file name, exit code 2.
#pragma once

#include <cstddef>
#include <string>

namespace scar::reports::checkers {

struct LineError {
  std::size_t line = 0;  // 1-based; 0 for a problem with the whole text
  std::string message;
};

}  // namespace scar::reports::checkers
