#include "reports/checkers/violation_table.h"

#include <catch2/catch.hpp>

#include "reports/checkers/history_edn.h"

using namespace scar::reports::checkers;

TEST_CASE("the violation table shows the prefix, the blocked read and the candidates",
          "[violation_table]") {
  auto read = read_edn_history(
      "{:process 0, :type :invoke, :f :write, :value 0}\n"
      "{:process 0, :type :ok, :f :write, :value 0}\n"
      "{:process 1, :type :invoke, :f :read, :value nil}\n"
      "{:process 2, :type :invoke, :f :write, :value 4}\n"
      "{:process 3, :type :invoke, :f :cas, :value [4 4]}\n"
      "{:process 1, :type :ok, :f :read, :value 3}\n"
      "{:process 2, :type :ok, :f :write, :value 4}\n");
  REQUIRE(std::holds_alternative<History>(read));
  const History& history = std::get<History>(read);
  const Model model;
  const CheckResult result = check_linearizable(history, model);
  REQUIRE(result.violation);
  const std::string table = violation_table(history, model, *result.violation);
  INFO(table);
  CHECK(table.find("key 0: not linearizable as a cas-register.") == 0);
  CHECK(table.find("process 1's read (3) completed before it could take effect") !=
        std::string::npos);
  CHECK(table.find("The longest linearizable order found (2 operations), from register 0") !=
        std::string::npos);
  CHECK(table.find("write  4           ok           #3         #6  4\n") != std::string::npos);
  CHECK(table.find("->        1  read   3           ok           #2         #5  impossible\n") !=
        std::string::npos);
  // Process 3's cas never completed: it could go next, but changes nothing.
  CHECK(table.find("3  cas    4 -> 4      info         #4      never  possible (-> 4), but "
                   "leads nowhere\n") != std::string::npos);
}
