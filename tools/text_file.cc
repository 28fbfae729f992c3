#include "tools/text_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace scar::tools {
namespace {

std::string os_reason() { return std::strerror(errno); }

std::string directory_of(const std::string& path) {
  const std::string parent = std::filesystem::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

// Writes all of `text` to `fd`; false on a short write.
bool write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t wrote = ::write(fd, text.data() + done, text.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return false;
    done += static_cast<std::size_t>(wrote);
  }
  return true;
}

}  // namespace

FileText read_text_file(const std::string& path, std::uint64_t size_max) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {"", fmt::format("cannot open it: {}", os_reason())};
  struct stat status {};
  std::string error;
  if (::fstat(fd, &status) != 0) {
    error = fmt::format("cannot read it: {}", os_reason());
  } else if (S_ISDIR(status.st_mode)) {
    error = "it is a directory, not a file";
  } else if (!S_ISREG(status.st_mode)) {
    error = "it is not a regular file (a device, pipe or socket)";
  } else if (static_cast<std::uint64_t>(status.st_size) > size_max) {
    error = fmt::format("it is {} MB, larger than the {} MB scar reads",
                        (static_cast<std::uint64_t>(status.st_size) + (1 << 20) - 1) >> 20,
                        size_max >> 20);
  }
  std::string text;
  if (error.empty()) {
    text.resize(static_cast<std::size_t>(status.st_size));
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t got = ::read(fd, text.data() + done, text.size() - done);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) error = fmt::format("cannot read it: {}", os_reason());
      if (got <= 0) break;
      done += static_cast<std::size_t>(got);
    }
    text.resize(done);
  }
  ::close(fd);
  if (!error.empty()) return {"", error};
  return {std::move(text), ""};
}

int create_temporary_beside(const std::string& path, std::string& temporary) {
  temporary = directory_of(path) + "/.scar-XXXXXX";
  const int fd = ::mkstemp(temporary.data());
  if (fd >= 0) ::fchmod(fd, 0644);  // mkstemp's 0600 would surprise whoever reads the report
  return fd;
}

std::string put_in_place(const std::string& temporary, const std::string& path) {
  if (::rename(temporary.c_str(), path.c_str()) == 0) return "";
  const std::string error = fmt::format("cannot replace it: {}", os_reason());
  ::unlink(temporary.c_str());
  return error;
}

std::string write_text_file(const std::string& path, const std::string& text) {
  std::string temporary;
  const int fd = create_temporary_beside(path, temporary);
  if (fd < 0) return fmt::format("cannot create a file in {}: {}", directory_of(path), os_reason());
  std::string error;
  if (!write_all(fd, text) || ::fsync(fd) != 0)
    error = fmt::format("cannot write: {}", os_reason());
  if (::close(fd) != 0 && error.empty()) error = fmt::format("cannot write: {}", os_reason());
  if (!error.empty()) {
    ::unlink(temporary.c_str());
    return error;
  }
  return put_in_place(temporary, path);
}

std::string check_output_path(const std::string& path, const std::string& input) {
  std::error_code code;
  if (std::filesystem::is_directory(path, code)) return "it is a directory";
  if (!input.empty() && std::filesystem::equivalent(path, input, code))
    return "it is the scenario file itself; choose another name";
  const std::string directory = directory_of(path);
  if (!std::filesystem::is_directory(directory, code))
    return fmt::format("its directory {} does not exist", directory);
  if (::access(directory.c_str(), W_OK) != 0)
    return fmt::format("its directory {} is not writable: {}", directory, os_reason());
  return "";
}

}  // namespace scar::tools
