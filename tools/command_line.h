// The whole `scar` command line (run, check, sweep, merge, shrink, compare, list,
// check-history...) as a function, so a program that links scar::scar gets it with its own
// protocols beside the built-in ones:
//
//   int main(int argc, char** argv) {
//     return scar::tools::main(argc, argv, {chain::protocol()});
//   }
//
// The added protocols are listed by `scar list protocols` with their options, their
// options are validated like the built-in ones' (an unknown or ill-typed one exits 2 with
// its JSON path), their roles are fault targets, their invariants are checked after every
// event, and their runs replay byte for byte from the seed (see nodes/protocols.h for what
// a protocol must do for that).
#pragma once

#include <vector>

#include "nodes/protocols.h"

namespace scar::tools {

// Registers `extra_protocols` (nodes::add_protocols), then parses `argv` and runs the
// subcommand. Returns the process exit code: 0 every expectation held, 1 one failed, 2 bad
// input or usage, 3 a run limit was hit, 70 an internal error. A protocol that cannot be
// registered (a name taken by a built-in protocol, an option whose default does not
// parse...) is an error of the program, not of its input: it prints why and returns 70.
// REQUIRES: called once per process, before any other use of scar's registry.
int main(int argc, char** argv, std::vector<nodes::Protocol> extra_protocols = {});

}  // namespace scar::tools
