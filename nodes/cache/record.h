// The `cache` protocol's data and the messages between the cache (n1) and the database
// (n2). A client's key names one field of one record: key k is field k mod F of record
// k / F, for F = the option `fields`. The database stores whole records; the cache caches
// whole records. Every field holds a value (a 64-bit version, as everywhere in scar) or
// nothing, as a register does.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace scar::nodes::cache {

struct Record {
  std::vector<std::optional<std::uint64_t>> fields;  // exactly `fields` entries
};

// Where a client's key lives.
struct FieldAddress {
  std::uint64_t record = 0;
  std::uint32_t field = 0;
};

constexpr FieldAddress address_of(std::uint64_t key, std::uint32_t fields_per_record) {
  return {key / fields_per_record, static_cast<std::uint32_t>(key % fields_per_record)};
}

// Cache -> database: the whole record.
struct DatabaseRead {
  static constexpr std::string_view name = "db_read";
  std::uint64_t record = 0;
};

struct DatabaseReadReply {
  static constexpr std::string_view name = "db_read_reply";
  Record record;  // every field empty if the record was never written
};

// Cache -> database: set one field, in place (invalidate mode). The other fields keep
// whatever the database holds.
struct DatabaseWriteField {
  static constexpr std::string_view name = "db_write_field";
  std::uint64_t record = 0;
  std::uint32_t field = 0;
  std::uint64_t value = 0;
};

// Cache -> database: replace the whole record (write_back mode).
struct DatabaseWriteRecord {
  static constexpr std::string_view name = "db_write_record";
  std::uint64_t record = 0;
  Record contents;
};

struct DatabaseWriteReply {
  static constexpr std::string_view name = "db_write_reply";
};

}  // namespace scar::nodes::cache
