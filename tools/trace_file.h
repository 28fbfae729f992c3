// `--trace FILE`: writes one line per event, "[12.345678s] n3 handle put from c1", up to
// `lines_max` lines; after that, one line saying how many were left out. Bounded so a long
// run cannot fill the disk by accident.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "sim/trace.h"

namespace scar::tools {

class TraceFile final : public sim::Tracer {
 public:
  // Null file() when the path cannot be opened.
  TraceFile(const std::string& path, std::uint64_t lines_max);
  ~TraceFile() override;
  TraceFile(const TraceFile&) = delete;
  TraceFile& operator=(const TraceFile&) = delete;

  bool is_open() const { return file_ != nullptr; }
  void line(sim::Time time, std::string_view node, std::string_view text) override;

 private:
  std::FILE* file_;
  std::uint64_t lines_max_;
  std::uint64_t lines_ = 0;
};

}  // namespace scar::tools
