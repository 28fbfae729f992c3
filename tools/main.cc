// scar: the command line with the built-in protocols only. A program with protocols of its
// own calls scar::tools::main the same way and passes them (see tools/command_line.h).
#include "tools/command_line.h"

int main(int argc, char** argv) { return scar::tools::main(argc, argv); }
