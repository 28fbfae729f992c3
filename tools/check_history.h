// `scar check-history FILE --model cas-register [--time-limit 10s]`: checks a recorded
// history (scar JSON lines or Jepsen EDN) for linearizability against a model.
// Exit codes: 0 linearizable; 1 not (the violation printed as a table); 2 bad input (file
// and line named); 3 unknown (the time or memory limit was reached first).
#pragma once

#include <string>

namespace scar::tools {

struct CheckHistoryArguments {
  std::string file;
  std::string model = "cas-register";  // register | cas-register | kv
  std::string time_limit = "10s";      // wall clock, a duration such as 500ms
  std::string initial_value = "0";     // every register's first state: an integer or nil
  bool strict_nil = false;             // a read of nil means "holds nil", not "not known"
};

int check_history_command(const CheckHistoryArguments& arguments);

}  // namespace scar::tools
