// A `migration` server: n1 the service (service.h), n2 the old store, n3 the new store
// (store.h). Its role names it for fault targets: "service", "old_store", "new_store".
#pragma once

#include <optional>
#include <string_view>

#include "nodes/migration/service.h"
#include "nodes/migration/store.h"
#include "nodes/protocol_options.h"
#include "sim/context.h"

namespace scar::nodes::migration {

class MigrationNode final : public sim::Node {
 public:
  explicit MigrationNode(const ProtocolOptions& options);

  void on_start(sim::Context& ctx) override;
  void on_message(sim::Context& ctx, const sim::Envelope& envelope) override;
  std::string_view role() const override;

 private:
  ServiceOptions service_options_;
  double new_bug_;
  std::optional<Service> service_;  // on n1
  std::optional<Store> store_;      // on n2 and n3
};

}  // namespace scar::nodes::migration
