# The public headers of the scar library: the node API (sim/), the protocol registration
# and client messages (nodes/), and the command line's entry point (tools/). These are the
# headers installed (under include/scar/) and the ones tests/public_headers compiles one
# by one, each alone, against a directory holding only these: a public header may include
# only other public headers, and none carries JSON, CLI or report types.
set(SCAR_PUBLIC_HEADERS
  sim/assert.h
  sim/call.h
  sim/context.h
  sim/distribution.h
  sim/io.h
  sim/message.h
  sim/node.h
  sim/random.h
  sim/task.h
  sim/time.h
  sim/wire.h
  nodes/client_logic.h
  nodes/client_protocol.h
  nodes/protocol_options.h
  nodes/protocols.h
  nodes/register_store.h
  nodes/replica.h
  nodes/router.h
  tools/command_line.h)
