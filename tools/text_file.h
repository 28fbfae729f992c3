// Whole-file text I/O for the command line: scenario files, reports, traces.
#pragma once

#include <optional>
#include <string>

namespace scar::tools {

// The file's bytes, or null when it cannot be opened.
std::optional<std::string> read_text_file(const std::string& path);

// Replaces the file's contents; false when it cannot be written.
bool write_text_file(const std::string& path, const std::string& text);

}  // namespace scar::tools
