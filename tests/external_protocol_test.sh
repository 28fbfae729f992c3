#!/usr/bin/env bash
# A protocol registered from outside scar (the chain example, tests/example_protocol) gets
# the whole command line: listed with its options, its options validated, its roles usable
# as fault targets, its invariant checked, its runs replayed byte for byte; and a program
# that registers a protocol wrongly is refused; and a protocol that brings its own client
# logic (relay-register) is driven by scar's workload and judged by its checkers. Usage
# (from the source tree's root):
#   external_protocol_test.sh CHAIN_PROGRAM BAD_REGISTRATION_PROGRAM RELAY_REGISTER_PROGRAM
set -uo pipefail
program=$1
bad_program=$2
relay_program=$3
scenario=tests/example_protocol/chain.json
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/expect.sh"

expect_exit 0 "list protocols" -- "$program" list protocols
expect_text "$work/out" "chain  (1..100 nodes; operations: get put cas)" "the added protocol is listed"
expect_text "$work/out" "option ack (default tail; one of tail, head)" "with its options"
expect_text "$work/out" "primary-backup  (" "beside the built-in ones"

expect_exit 0 "the example's scenario holds" -- "$program" run "$scenario" --json "$work/a.json"
expect_text "$work/out" "gc_pause       n3" "role:tail resolves to the tail"
expect_text "$work/out" "n1       head" "the roles are shown"
expect_exit 0 "the same seed again" -- "$program" run "$scenario" --json "$work/b.json"
if diff <(grep -v 'seconds"' "$work/a.json") <(grep -v 'seconds"' "$work/b.json") >/dev/null; then
  passes=$((passes + 1))
else
  failures=$((failures + 1)); echo "FAILED: two runs of the added protocol with one seed gave different JSON"
fi
expect_exit 0 "--check-determinism" -- "$program" run "$scenario" --seed 11 --check-determinism
expect_exit 0 "a crash aimed at role:head" -- "$program" run "$scenario" --set 'faults=[{"kind":"crash","target":"role:head","at":"1s"}]' --set 'expect=[]'
expect_text "$work/out" "crash          n1" "role:head resolves to n1"

expect_exit 1 "ack=head breaks linearizability" -- "$program" run "$scenario" --set cluster.options.ack=head
expect_text "$work/out" "FAILED linearizable" "the checker finds it"
expect_text "$work/err" "replay: $(basename "$program") run $scenario --seed 1" "the replay line names the program"
expect_exit 1 "forward=fan-out breaks the chain's invariant" -- "$program" run "$scenario" --set cluster.options.forward=fan-out
expect_text "$work/err" 'the invariant "chain_prefix" broke' "the invariant is checked"

expect_exit 2 "an unknown option is refused" -- "$program" run "$scenario" --set cluster.options.acks=tail
expect_text "$work/err" "cluster.options" "the error names the JSON path"
expect_text "$work/err" '"ack"' "and the option meant"
expect_exit 2 "an ill-typed option is refused" -- "$program" check "$scenario" --set cluster.options.forward_timeout=soon
expect_exit 2 "a choice outside the declared ones is refused" -- "$program" check "$scenario" --set cluster.options.forward=ring
expect_exit 2 "role: without a role is refused" -- "$program" check "$scenario" --set 'faults=[{"kind":"crash","target":"role:","at":"1s"}]'

expect_exit 70 "a protocol named like a built-in one is refused" -- env SCAR_BAD_REGISTRATION=clash "$bad_program" list protocols
expect_text "$work/err" 'protocol "kv": that name is taken' "with a clear error"
expect_exit 70 "an option default that does not parse is refused" -- env SCAR_BAD_REGISTRATION=default "$bad_program" list protocols
expect_text "$work/err" 'option "timeout": its default "fast" is not a value of its type' "naming the option"
expect_exit 70 "a protocol given twice is refused" -- env SCAR_BAD_REGISTRATION=twice "$bad_program" list protocols
expect_text "$work/err" "given twice" "saying so"

# relay-register's server ignores ClientRequest: were its client logic not used, every
# operation would time out and availability would fail.
relay=tests/data/relay-register.json
expect_exit 0 "a protocol with its own client logic: the scenario holds" -- "$relay_program" run "$relay" --json "$work/r1.json"
expect_text "$work/out" "held   linearizable" "its history is checked"
expect_exit 0 "the same seed again" -- "$relay_program" run "$relay" --json "$work/r2.json"
if diff <(grep -v 'seconds"' "$work/r1.json") <(grep -v 'seconds"' "$work/r2.json") >/dev/null; then
  passes=$((passes + 1))
else
  failures=$((failures + 1)); echo "FAILED: two runs of the client-logic protocol with one seed gave different JSON"
fi
expect_exit 1 "its read-then-write cas is found not linearizable" -- "$relay_program" run "$relay" --set cluster.options.cas=read-then-write
expect_text "$work/out" "FAILED linearizable" "by the checker"

finish
