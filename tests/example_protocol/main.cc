// chain-sim: the whole scar command line, with the chain protocol beside the built-in ones.
//   chain-sim list protocols
//   chain-sim run chain.json --seed 7
#include "chain_protocol.h"
#include "tools/command_line.h"

int main(int argc, char** argv) { return scar::tools::main(argc, argv, {chain::protocol()}); }
