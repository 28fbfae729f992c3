// Bad input, as a value: which file, where in it (a JSON path such as
// "workload.retry.base"), what was expected and what was found. Shown by the CLI with
// exit code 2; never an assertion, never a crash.
#pragma once

#include <string>
#include <vector>

namespace scar::tools {

struct InputError {
  std::string file;
  std::string path;     // empty for whole-file problems (unreadable, not JSON)
  std::string message;  // "expected ..., found ..."; may end with "; did you mean ...?"

  std::string to_string() const;
};

// Internal to loaders: thrown where the error is found, caught at the loader's boundary
// and returned as an InputError value.
struct InputErrorException {
  InputError error;
};

// The candidate closest to `word` by edit distance, if close enough to be a likely typo.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace scar::tools
