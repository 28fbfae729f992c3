#include "sim/message.h"

#include <vector>

namespace scar::sim {
namespace {

// Types register during static initialisation, and sweeps may look them up from several
// threads: the lock keeps both safe.
struct TypeRegistry {
  std::mutex lock;
  std::vector<const MessageTypeInfo*> types;  // by index
};

TypeRegistry& registry() {
  static TypeRegistry instance;
  return instance;
}

}  // namespace

namespace detail {

std::uint32_t register_message_type(const MessageTypeInfo* type) {
  TypeRegistry& types = registry();
  const std::lock_guard guard(types.lock);
  types.types.push_back(type);
  return static_cast<std::uint32_t>(types.types.size() - 1);
}

}  // namespace detail

const MessageTypeInfo* find_message_type(std::uint64_t name_hash) {
  TypeRegistry& types = registry();
  const std::lock_guard guard(types.lock);
  for (const MessageTypeInfo* type : types.types)
    if (type->name_hash == name_hash) return type;
  return nullptr;
}

}  // namespace scar::sim
