#!/usr/bin/env bash
# The worked example as a user meets it: install scar to a temporary prefix, configure the
# chain replication project (tests/example_protocol) against the installed package in a
# directory outside the source tree, build it (with CMake, and with pkg-config's flags), run
# its scenario (its expectations hold), run the broken variant (they fail), sweep 50 seeds,
# and compare a run with the committed baseline using the installed `scar compare
# --max-regression`.
# Usage: example_protocol_test.sh SCAR_BUILD_DIR SANITIZED(ON/OFF)
# Exit 77 (ctest: skipped) in a sanitizer build: its static libraries need the sanitizer
# runtime at link time, which the installed package does not ask for; the in-tree
# external_protocol test runs the same protocol under the sanitizers instead.
set -euo pipefail
build=$(cd "$1" && pwd)
sanitized=${2:-OFF}
source_dir=$(cd "$(dirname "$0")/example_protocol" && pwd)
if [ "$sanitized" = ON ]; then
  echo "skipped: a sanitizer build is not installed as a package (external_protocol covers it)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
step() { echo "== $*"; }

step "install scar to $work/prefix"
cmake --install "$build" --prefix "$work/prefix" >/dev/null

step "configure and build the example against the installed package, in $work/chain"
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
if ! { cmake -S "$source_dir" -B "$work/chain" -G Ninja -DCMAKE_BUILD_TYPE=Release \
         -DCMAKE_PREFIX_PATH="$work/prefix" "${launcher[@]}" &&
       cmake --build "$work/chain"; } >"$work/build.log" 2>&1; then
  echo "FAILED: the example does not configure or build against the installed package"
  tail -30 "$work/build.log"
  exit 1
fi
if ! grep -q "^scar_DIR:PATH=$work/prefix/" "$work/chain/CMakeCache.txt"; then
  echo "FAILED: the example did not find scar in the installed prefix"; exit 1
fi
chain_sim="$work/chain/chain-sim"

step "build it again with pkg-config's flags (scar.pc) instead of CMake"
if command -v pkg-config >/dev/null; then
  flags=$(PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig" pkg-config --cflags --libs scar)
  # shellcheck disable=SC2086  # the flags are words
  if ! c++ -O1 -o "$work/chain-pc" "$source_dir"/*.cc $flags >"$work/pc.log" 2>&1 ||
     ! "$work/chain-pc" list protocols | grep -q "^chain "; then
    echo "FAILED: the example does not build or run with pkg-config --cflags --libs scar"
    tail -20 "$work/pc.log"
    exit 1
  fi
else
  echo "skipped: pkg-config is not installed (tools/setup.sh installs it)"
fi
scar="$work/prefix/bin/scar"

cd "$source_dir"  # the scenario is named by its file: run it where it lives
failures=0
passes=0
expect_exit() {  # expect_exit CODE DESCRIPTION -- COMMAND...
  local code=$1 description=$2
  shift 3
  local actual=0
  "$@" >"$work/out" 2>"$work/err" || actual=$?
  if [ "$actual" -eq "$code" ]; then
    passes=$((passes + 1))
    echo "ok: $description"
  else
    failures=$((failures + 1))
    echo "FAILED: $description: exit $actual, expected $code"
    sed 's/^/  | /' "$work/err" "$work/out" | tail -15
  fi
}

step "run"
expect_exit 0 "the scenario's expectations hold" -- "$chain_sim" run chain.json --json "$work/new.json"
expect_exit 1 "the broken variant (ack=head) fails them" -- "$chain_sim" run chain.json --set cluster.options.ack=head
grep -q "FAILED linearizable" "$work/out" || { failures=$((failures + 1)); echo "FAILED: ack=head: no linearizability failure reported"; }
expect_exit 0 "a 50-seed sweep holds" -- "$chain_sim" sweep chain.json --seeds 1..50 --json "$work/sweep.json"
expect_exit 0 "no regression against the committed baseline" -- "$scar" compare baseline.json "$work/new.json" \
  --max-regression put.latency.p99=25% --max-regression get.latency.p99=25% \
  --max-regression cas.latency.p99=25%
"$chain_sim" run chain.json --json "$work/slow.json" -q \
  --set 'faults=[{"kind":"gc_pause","target":"role:tail","at":"2s","duration":"600ms"}]' 2>/dev/null || true
expect_exit 1 "compare catches a regression (the tail paused twice as long)" -- "$scar" compare \
  baseline.json "$work/slow.json" --max-regression put.latency.p99=25%

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
