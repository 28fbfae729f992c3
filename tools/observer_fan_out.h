// Several RunObservers as one (the Perfetto trace and the message diagram at once).
#pragma once

#include <vector>

#include "reports/run_observer.h"

namespace scar::tools {

class ObserverFanOut final : public reports::RunObserver {
 public:
  void add(reports::RunObserver* observer) { observers_.push_back(observer); }
  bool empty() const { return observers_.empty(); }

  void message_sent(sim::Time when, sim::NodeId from, sim::NodeId to, std::string_view type,
                    std::uint32_t id) override {
    for (auto* o : observers_) o->message_sent(when, from, to, type, id);
  }
  void message_handled(sim::Time start, sim::Time end, sim::NodeId node, sim::NodeId from,
                       std::string_view type, std::uint32_t id) override {
    for (auto* o : observers_) o->message_handled(start, end, node, from, type, id);
  }
  void message_dropped(sim::Time when, sim::NodeId where, sim::NodeId from, std::string_view type,
                       std::uint32_t id, sim::DropReason reason) override {
    for (auto* o : observers_) o->message_dropped(when, where, from, type, id, reason);
  }
  void disk_operation(sim::Time start, sim::Time end, sim::NodeId node, sim::IoKind kind,
                      std::string_view file) override {
    for (auto* o : observers_) o->disk_operation(start, end, node, kind, file);
  }
  void node_changed(sim::Time when, sim::NodeId node, std::string_view change) override {
    for (auto* o : observers_) o->node_changed(when, node, change);
  }
  void operation(sim::NodeId client, std::uint64_t id, const std::string& kind, std::uint64_t key,
                 sim::Time start, sim::Time end, const std::string& outcome) override {
    for (auto* o : observers_) o->operation(client, id, kind, key, start, end, outcome);
  }
  void fault(const std::string& kind, sim::Time start, sim::Time end,
             const std::vector<sim::NodeId>& targets) override {
    for (auto* o : observers_) o->fault(kind, start, end, targets);
  }

 private:
  std::vector<reports::RunObserver*> observers_;
};

}  // namespace scar::tools
