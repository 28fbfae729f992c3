// `--trace FILE`: writes one line per event, "[12.345678s] n3 handle put from c1", up to
// `lines_max` lines; after that, one line saying how many were left out. Bounded so a long
// run cannot fill the disk by accident. Written like every other output: to a temporary
// file beside the target, renamed over it by finish(), so a failed or killed run leaves
// the old trace (or none), never a partial one.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "sim/trace.h"

namespace scar::tools {

class TraceFile final : public sim::Tracer {
 public:
  TraceFile(std::string path, std::uint64_t lines_max);
  ~TraceFile() override;  // without finish(): the temporary file is removed
  TraceFile(const TraceFile&) = delete;
  TraceFile& operator=(const TraceFile&) = delete;

  // Empty when the temporary file was created, else why not.
  const std::string& open_error() const { return error_; }
  void line(sim::Time time, std::string_view node, std::string_view text) override;
  // Writes the trailer and puts the file in place; empty on success, else why it failed
  // (a full disk, say).
  std::string finish();

 private:
  std::string path_;
  std::string temporary_;
  std::FILE* file_ = nullptr;
  std::string error_;
  std::uint64_t lines_max_;
  std::uint64_t lines_ = 0;
};

}  // namespace scar::tools
