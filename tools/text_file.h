// Whole-file text I/O for the command line: scenario files, reports, histories.
//
// Reads are bounded: only regular files, at most a stated size, so `scar run /dev/zero`
// or a 2 GB file is refused with a message instead of eating memory. Writes are atomic:
// the text goes to a temporary file in the target's directory, is flushed to the disk,
// then renamed over the target, so a full disk or a kill mid-write leaves the old file
// (or none), never a truncated one. Errors name the OS reason (ENOSPC, EACCES, ...).
#pragma once

#include <cstdint>
#include <string>

namespace scar::tools {

// Scenario files and reports: far above any real one (the largest shipped is ~2 KB and a
// 24 h report with 1 s windows ~30 MB).
inline constexpr std::uint64_t input_size_max = 64ull << 20;

struct FileText {
  std::string text;
  std::string error;  // why it could not be read ("a directory", "larger than 64 MB", ...)
  bool ok() const { return error.empty(); }
};

// The file's bytes, or why it cannot be read.
FileText read_text_file(const std::string& path, std::uint64_t size_max = input_size_max);

// Replaces the file atomically; an empty string on success, else why it failed.
std::string write_text_file(const std::string& path, const std::string& text);

// The two steps of an atomic write, for outputs written as a stream (the trace): a new
// temporary file beside `path` (its descriptor, or -1 with errno set; `temporary` gets its
// name), and renaming it over `path` once flushed to disk (empty on success, else why not;
// the temporary file is removed on failure).
int create_temporary_beside(const std::string& path, std::string& temporary);
std::string put_in_place(const std::string& temporary, const std::string& path);

// Whether `path` can be written as an output, checked before a run starts: its directory
// exists and is writable, it is not a directory, and it is not `input` (the scenario) or
// another output. Empty when fine, else why not.
std::string check_output_path(const std::string& path, const std::string& input);

}  // namespace scar::tools
