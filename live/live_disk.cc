#include "live/live_disk.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/post.hpp>
#include <future>

namespace scar::live {
namespace {

std::uint64_t size_of(int descriptor) {
  struct stat status {};
  return fstat(descriptor, &status) == 0 ? static_cast<std::uint64_t>(status.st_size) : 0;
}

bool write_all(int descriptor, std::string_view data, std::uint64_t offset) {
  while (!data.empty()) {
    const ssize_t written =
        pwrite(descriptor, data.data(), data.size(), static_cast<off_t>(offset));
    if (written <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(written));
    offset += static_cast<std::uint64_t>(written);
  }
  return true;
}

std::string read_range(int descriptor, std::uint64_t offset, std::uint64_t length) {
  std::string data(length, '\0');
  std::size_t done = 0;
  while (done < length) {
    const ssize_t got =
        pread(descriptor, data.data() + done, length - done, static_cast<off_t>(offset + done));
    if (got <= 0) break;
    done += static_cast<std::size_t>(got);
  }
  data.resize(done);
  return data;
}

// A node's file name as a file in its directory: no way out of the directory.
std::string safe_file_name(const std::string& name) {
  std::string safe;
  for (char c : name) safe.push_back(c == '/' || c == '\\' ? '_' : c);
  return safe == "." || safe == ".." || safe.empty() ? "_" + safe : safe;
}

}  // namespace

LiveDisk::LiveDisk(boost::asio::thread_pool& pool, std::filesystem::path directory)
    : strand_(boost::asio::make_strand(pool.get_executor())), directory_(std::move(directory)) {
  std::filesystem::create_directories(directory_);
}

LiveDisk::~LiveDisk() {
  drain();
  for (auto& [name, file] : files_)
    if (file.descriptor >= 0) close(file.descriptor);
}

void LiveDisk::submit(sim::IoRequest request, std::function<void(sim::IoResult)> done) {
  boost::asio::post(strand_, [this, request = std::move(request), done = std::move(done),
                              crashes = crashes_.load()] {
    if (crashes == crashes_.load()) done(perform(request));
  });
}

void LiveDisk::crash() {
  ++crashes_;
  boost::asio::post(strand_, [this] { restore_durable(); });
}

void LiveDisk::drain() {
  std::promise<void> drained;
  boost::asio::post(strand_, [&drained] { drained.set_value(); });
  drained.get_future().wait();
}

LiveDisk::File* LiveDisk::open(const std::string& name, bool create) {
  if (auto found = files_.find(name); found != files_.end() && found->second.descriptor >= 0)
    return &found->second;
  const std::filesystem::path path = directory_ / safe_file_name(name);
  const int descriptor = ::open(path.c_str(), O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0644);
  if (descriptor < 0) return nullptr;
  File& file = files_[name];
  file.descriptor = descriptor;
  return &file;
}

sim::IoResult LiveDisk::perform(const sim::IoRequest& request) {
  sim::IoResult result;
  const bool creates = request.kind == sim::IoKind::write || request.kind == sim::IoKind::append;
  File* file = open(request.file, creates);
  if (file == nullptr) {
    result.status = creates ? sim::IoStatus::error : sim::IoStatus::not_found;
    if (request.kind == sim::IoKind::fsync) result.status = sim::IoStatus::ok;  // nothing dirty
    return result;
  }
  const int descriptor = file->descriptor;
  bool ok = true;
  switch (request.kind) {
    case sim::IoKind::write:
      ok = write_all(descriptor, request.data, request.offset);
      break;
    case sim::IoKind::append:
      ok = write_all(descriptor, request.data, size_of(descriptor));
      break;
    case sim::IoKind::read: {
      const std::uint64_t size = size_of(descriptor);
      const std::uint64_t offset = std::min(request.offset, size);
      result.data = read_range(descriptor, offset, std::min(request.length, size - offset));
    } break;
    case sim::IoKind::fsync:
      ok = fdatasync(descriptor) == 0;
      if (ok) {
        file->durable = read_range(descriptor, 0, size_of(descriptor));
        file->synced = true;
      }
      break;
    case sim::IoKind::truncate:
      ok = ftruncate(descriptor, static_cast<off_t>(request.offset)) == 0;
      break;
  }
  result.status = ok ? sim::IoStatus::ok : sim::IoStatus::error;
  result.size = size_of(descriptor);
  return result;
}

void LiveDisk::restore_durable() {
  for (auto it = files_.begin(); it != files_.end();) {
    File& file = it->second;
    if (!file.synced) {
      close(file.descriptor);
      std::filesystem::remove(directory_ / safe_file_name(it->first));
      it = files_.erase(it);
      continue;
    }
    // A failure here leaves what the kernel had: the disk's best effort, as a real one's.
    if (ftruncate(file.descriptor, 0) == 0 && write_all(file.descriptor, file.durable, 0))
      fdatasync(file.descriptor);
    ++it;
  }
}

}  // namespace scar::live
