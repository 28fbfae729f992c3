#include "tools/trace_file.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "tools/text_file.h"

namespace scar::tools {

TraceFile::TraceFile(std::string path, std::uint64_t lines_max)
    : path_(std::move(path)), lines_max_(lines_max) {
  const int fd = create_temporary_beside(path_, temporary_);
  if (fd >= 0) file_ = ::fdopen(fd, "w");
  if (file_ == nullptr) error_ = std::strerror(errno);
}

TraceFile::~TraceFile() {
  if (file_ == nullptr) return;
  std::fclose(file_);
  ::unlink(temporary_.c_str());
}

void TraceFile::line(sim::Time time, std::string_view node, std::string_view text) {
  if (file_ == nullptr || ++lines_ > lines_max_) return;
  fmt::print(file_, "{} {} {}\n", sim::format_trace_time(time), node, text);
}

std::string TraceFile::finish() {
  if (file_ == nullptr) return error_;
  if (lines_ > lines_max_) {
    fmt::print(file_, "... {} more lines left out (--trace-max {})\n", lines_ - lines_max_,
               lines_max_);
  }
  std::string error;
  if (std::fflush(file_) != 0 || std::ferror(file_) || ::fsync(::fileno(file_)) != 0)
    error = std::strerror(errno);
  if (std::fclose(file_) != 0 && error.empty()) error = std::strerror(errno);
  file_ = nullptr;
  if (!error.empty()) {
    ::unlink(temporary_.c_str());
    return error;
  }
  return put_in_place(temporary_, path_);
}

}  // namespace scar::tools
