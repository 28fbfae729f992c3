#include "tools/trace_file.h"

#include <fmt/format.h>

namespace scar::tools {

TraceFile::TraceFile(const std::string& path, std::uint64_t lines_max)
    : file_(std::fopen(path.c_str(), "w")), lines_max_(lines_max) {}

TraceFile::~TraceFile() {
  if (file_ == nullptr) return;
  if (lines_ > lines_max_) {
    fmt::print(file_, "... {} more lines left out (--trace-max {})\n", lines_ - lines_max_,
               lines_max_);
  }
  std::fclose(file_);
}

void TraceFile::line(sim::Time time, std::string_view node, std::string_view text) {
  if (file_ == nullptr || ++lines_ > lines_max_) return;
  fmt::print(file_, "{} {} {}\n", sim::format_trace_time(time), node, text);
}

}  // namespace scar::tools
