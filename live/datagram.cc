#include "live/datagram.h"

#include <cstring>

namespace scar::live {
namespace {

constexpr std::uint32_t magic = 0x72616373;  // "scar", little-endian

}  // namespace

std::string encode_datagram(const Datagram& datagram) {
  std::string bytes;
  sim::wire::Writer writer(bytes);
  writer.put(magic);
  writer.put(datagram.kind);
  writer.put(sim::index_of(datagram.from));
  writer.put(datagram.request_id);
  writer.put(datagram.message_id);
  writer.put(datagram.message.type()->name_hash);
  datagram.message.encode(bytes);
  return bytes;
}

std::optional<Datagram> decode_datagram(std::string_view bytes) {
  constexpr std::size_t header = 4 + 1 + 4 + 8 + 4 + 8;
  if (bytes.size() < header) return std::nullopt;
  std::uint32_t found_magic = 0;
  std::uint8_t kind = 0;
  std::uint32_t from = 0;
  std::uint64_t type_hash = 0;
  Datagram datagram;
  sim::wire::Reader reader(bytes.substr(0, header));
  reader.get(found_magic);
  reader.get(kind);
  reader.get(from);
  reader.get(datagram.request_id);
  reader.get(datagram.message_id);
  reader.get(type_hash);
  if (!reader.finished() || found_magic != magic || kind > 1) return std::nullopt;
  const sim::MessageTypeInfo* type = sim::find_message_type(type_hash);
  if (type == nullptr || type->decode == nullptr) return std::nullopt;
  if (!type->decode(bytes.substr(header), datagram.message)) return std::nullopt;
  datagram.kind = static_cast<DatagramKind>(kind);
  datagram.from = sim::NodeId{from};
  return datagram;
}

}  // namespace scar::live
