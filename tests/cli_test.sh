#!/usr/bin/env bash
# End-to-end checks of the scar command line: exit codes, error messages, replay lines,
# the JSON report and the trace file. Usage: cli_test.sh PATH/TO/scar (run from the
# source tree's root).
set -uo pipefail
scar=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/expect.sh"

expect_exit 0 "the default scenario runs" -- "$scar" run scenarios/primary-backup.json --seed 7 --json "$work/a.json"
expect_text "$work/out" "p99.9" "the table shows percentiles"
expect_text "$work/out" "seed 7" "the resolved parameters name the seed"
expect_text "$work/a.json" '"schema_version": 1' "the JSON report has its schema version"
if [ -s "$work/err" ]; then
  failures=$((failures + 1)); echo "FAILED: a successful run off a terminal printed to stderr (no progress line in logs)"
else
  passes=$((passes + 1))
fi
"$scar" run scenarios/primary-backup.json --seed 7 --json "$work/b.json" --quiet >/dev/null
if diff <(grep -v '"seconds"' "$work/a.json") <(grep -v '"seconds"' "$work/b.json") >/dev/null; then
  passes=$((passes + 1))
else
  failures=$((failures + 1)); echo "FAILED: two runs with one seed gave different JSON"
fi

expect_exit 0 "--check-determinism passes" -- "$scar" run scenarios/lesson-queueing.json --set workload.rate=500 --check-determinism --quiet
expect_exit 1 "a failed expectation exits 1" -- "$scar" run scenarios/lesson-cross-zone.json --set workload.rate=400 --quiet
expect_text "$work/err" "replay: scar run scenarios/lesson-cross-zone.json --seed 1 --set workload.rate=400" "a failure prints the replay command"
expect_text "$work/err" "the lesson's fix: scar run scenarios/lesson-cross-zone.json --seed 1 --set workload.rate=400 --set cluster.options.ack=majority" "a lesson's failure prints the run with its fix"
expect_exit 0 "a lesson's fix makes it pass" -- "$scar" run scenarios/lesson-cross-zone.json --set cluster.options.ack=majority --quiet

echo '{"workload": {"rtae": 5}}' >"$work/typo.json"
expect_exit 2 "an unknown key exits 2" -- "$scar" run "$work/typo.json"
expect_text "$work/err" "at workload.rtae" "the error names the JSON path"
expect_text "$work/err" 'did you mean "rate"' "the error suggests the fix"
expect_exit 2 "check rejects a bad file" -- "$scar" check "$work/typo.json"
expect_exit 0 "check accepts a good file" -- "$scar" check scenarios/primary-backup.json
expect_exit 2 "a missing file exits 2" -- "$scar" run "$work/missing.json"
expect_exit 2 "a bad --set exits 2" -- "$scar" run scenarios/primary-backup.json --set workload.rate=fast
expect_exit 2 "an unknown option exits 2" -- "$scar" run scenarios/primary-backup.json --sede 3
expect_exit 2 "a missing subcommand exits 2" -- "$scar"

echo '{"duration": "1s", "limits": {"events_max": 100}, "workload": {"rate": 1000}}' >"$work/limit.json"
expect_exit 3 "hitting events_max exits 3" -- "$scar" run "$work/limit.json" --quiet
expect_text "$work/err" "events_max" "the limit is named"

expect_exit 0 "trace writes" -- "$scar" run scenarios/primary-backup.json --trace "$work/trace.txt" --trace-max 50 --quiet
expect_text "$work/trace.txt" "[0." "trace lines start with the simulated time"
expect_text "$work/trace.txt" "more lines left out (--trace-max 50)" "a bounded trace says what it left out"

expect_exit 0 "list protocols" -- "$scar" list protocols
expect_text "$work/out" "replication_timeout" "protocol options are listed"
expect_exit 0 "list faults" -- "$scar" list faults
expect_text "$work/out" "lying_write" "fault kinds are listed"
expect_exit 0 "list lessons" -- "$scar" list lessons
expect_text "$work/out" "queueing" "lessons are listed"
expect_text "$work/out" "\"Use percentiles, not averages\"" "lessons are grouped by the essay's sections"
expect_exit 0 "explain a lesson by name" -- "$scar" explain stale-reads
expect_text "$work/out" "scar run scenarios/lesson-stale-reads.json --set cluster.options.reads=primary" "explain gives the good variant's command"
expect_text "$work/out" "Predict first:" "explain asks for a prediction"
expect_exit 0 "explain takes the file's path too" -- "$scar" explain scenarios/lesson-stale-reads.json
expect_exit 2 "explain of an unknown lesson exits 2" -- "$scar" explain stale-read
expect_text "$work/err" "did you mean \"stale-reads\"?" "explain suggests the closest lesson"
expect_exit 1 "a lesson's bad variant fails" -- "$scar" run scenarios/lesson-stale-reads.json
expect_text "$work/out" "lesson: the bad variant, as written" "a lesson's run says which variant ran"
expect_text "$work/out" "the point: stale_reads = " "a lesson's run prints its point"
expect_text "$work/out" "checks.linearizable = false" "the point shows the check's verdict"
sed 's/"Use the CAP theorem to critique systems"/"Use the CAP theorem to critique system"/' scenarios/lesson-stale-reads.json >"$work/section.json"
expect_exit 2 "a lesson section the essay lacks is refused" -- "$scar" check "$work/section.json"
expect_text "$work/err" "did you mean \"Use the CAP theorem to critique systems\"?" "the section error suggests the essay's title"
sed 's/"point": \["stale_reads"/"point": ["stale_read"/' scenarios/lesson-stale-reads.json >"$work/point.json"
expect_exit 2 "a lesson point naming no metric is refused" -- "$scar" check "$work/point.json"
expect_text "$work/err" "lesson.point[0]: unknown metric \"stale_read\"; did you mean \"stale_reads\"?" "the point error names the path and the metric"
expect_exit 1 "the lock lesson fails without fencing" -- "$scar" run scenarios/lesson-distributed-lock.json
expect_text "$work/out" "metrics.stale_writes_accepted = 1" "the point counts the stale write the storage accepted"
expect_text "$work/out" "stale_writes_accepted" "the text report lists the protocol's counters"
expect_exit 0 "a protocol's counter in an expectation" -- "$scar" run scenarios/lesson-distributed-lock.json --set cluster.options.fencing=true --set 'expect=["metrics.stale_writes_refused > 0", "metrics.stale_writes_accepted == 0"]' --quiet
expect_exit 2 "a counter the protocol does not declare is refused" -- "$scar" check scenarios/lesson-distributed-lock.json --set 'expect=["metrics.stale_write_refused > 0"]'
expect_text "$work/err" "did you mean \"metrics.stale_writes_refused\"?" "the unknown counter error suggests the declared one"
expect_exit 0 "list protocols names each protocol's counters" -- "$scar" list protocols
expect_text "$work/out" "metrics.stale_writes_refused:" "the counters are listed"
expect_exit 1 "a lesson run with another value where the fix goes still fails" -- "$scar" run scenarios/lesson-stale-reads.json --set cluster.options.reads=any --quiet
expect_text "$work/err" "the lesson's fix: scar run scenarios/lesson-stale-reads.json --seed 1 --set cluster.options.reads=primary" "the fix replaces an override of the same path"
expect_exit 1 "the lock lesson's report" -- "$scar" run scenarios/lesson-distributed-lock.json --window 100ms --html "$work/lock.html" --quiet
expect_text "$work/lock.html" "roles over time" "a report shows the roles when a server's role changed"
expect_text "$work/lock.html" "<title>n4 holder 1.8s..3s</title>" "the paused holder still holds the lock when the next one does"
expect_exit 0 "a lesson's good variant passes" -- "$scar" run scenarios/lesson-stale-reads.json --set cluster.options.reads=primary
expect_text "$work/out" "checks.linearizable = true" "the good variant's point"
expect_text "$work/out" "lesson: the good variant" "the good variant is named"
expect_exit 0 "version" -- "$scar" version
expect_exit 0 "help" -- "$scar" --help
expect_text "$work/out" "Exit codes" "help explains exit codes"

"$scar" run scenarios/primary-backup.json --json "$work/base.json" --quiet
"$scar" run scenarios/primary-backup.json --json "$work/slow.json" --quiet --set 'cluster.cpu.per_message="300us"'
"$scar" run scenarios/lesson-queueing.json --json "$work/other.json" --quiet 2>/dev/null  # a lesson: fails as written
expect_exit 0 "compare of a report with itself passes" -- "$scar" compare "$work/base.json" "$work/base.json" --max-regression put.latency.p99=1%
expect_exit 1 "a regression past the limit exits 1" -- "$scar" compare "$work/base.json" "$work/slow.json" --max-regression put.latency.p99=10%
expect_text "$work/out" "REGRESSED" "the table marks the regression"
expect_exit 0 "a generous limit passes" -- "$scar" compare "$work/base.json" "$work/slow.json" --max-regression put.latency.p99=100000%
expect_exit 2 "reports of different scenarios are refused" -- "$scar" compare "$work/base.json" "$work/other.json"
expect_text "$work/err" "--force" "the refusal names the way out"
expect_exit 2 "an unknown metric is named" -- "$scar" compare "$work/base.json" "$work/base.json" --max-regression put.latncy.p99=1%
expect_text "$work/err" 'did you mean "put.latency.p99"' "with a suggestion"
expect_exit 0 "compare --html writes both reports" -- "$scar" compare "$work/base.json" "$work/slow.json" --html "$work/compare.html"
expect_text "$work/compare.html" "<svg" "the comparison page has plots"
expect_exit 1 "run --html writes the report (of a failing lesson)" -- "$scar" run scenarios/lesson-gc-pause.json --html "$work/report.html" --quiet
expect_text "$work/report.html" "latency over time" "the report has its plots"
expect_exit 2 "a bad --window is refused" -- "$scar" run scenarios/primary-backup.json --window 1ns

# Hostile input: refused up front (exit 2) with the reason, never a crash or a late failure.
expect_exit 2 "a device is refused" -- "$scar" run /dev/zero
expect_text "$work/err" "not a regular file" "and says why"
expect_exit 2 "a directory is refused" -- "$scar" run scenarios
expect_text "$work/err" "is a directory" "and says so"
expect_exit 2 "compare refuses a device" -- "$scar" compare "$work/base.json" /dev/zero
for seed in -1 18446744073709551616 ''; do
  expect_exit 2 "--seed '$seed' is refused" -- "$scar" run scenarios/primary-backup.json --seed "$seed"
done
expect_exit 2 "--trace-max -1 is refused" -- "$scar" run scenarios/primary-backup.json --trace "$work/t" --trace-max -1
expect_exit 2 "an empty --json is refused" -- "$scar" run scenarios/primary-backup.json --json ""
cp scenarios/primary-backup.json "$work/own.json"
expect_exit 2 "an output over the scenario is refused" -- "$scar" run "$work/own.json" --json "$work/own.json"
cmp -s scenarios/primary-backup.json "$work/own.json" && passes=$((passes + 1)) || { failures=$((failures + 1)); echo "FAILED: the scenario was changed"; }
expect_exit 2 "an output in a missing directory is refused before the run" -- "$scar" run scenarios/primary-backup.json --json "$work/no/such/dir/a.json"
expect_exit 2 "two outputs to one file are refused" -- "$scar" run scenarios/primary-backup.json --json "$work/x.json" --html "$work/x.json"
expect_exit 2 "a diagram past the run's end is refused" -- "$scar" run scenarios/primary-backup.json --html "$work/d.html" --diagram 50s..51s
expect_exit 2 "a huge list index in --set is refused" -- "$scar" run scenarios/lesson-gc-pause.json --set 'faults[99999999999999999999999].at=1s'
expect_exit 2 "invalid UTF-8 in --set is refused" -- "$scar" run scenarios/primary-backup.json --set $'name=\xff'
expect_exit 2 "a closed loop of 10^8 operations in flight is refused" -- "$scar" check scenarios/kv-overload-closed.json --set workload.clients=10000 --set workload.concurrency=10000
expect_exit 2 "a zero nemesis duration is refused" -- "$scar" check scenarios/nemesis.json --set nemesis.duration=0
expect_exit 2 "a nemesis every 1us is refused" -- "$scar" check scenarios/nemesis.json --set nemesis.every=1us
expect_exit 2 "a slow_node factor of 0 is refused" -- "$scar" check scenarios/lesson-its-slow.json --set 'faults[0].factor=0'
expect_exit 2 "a loss probability of 1.5 is refused" -- "$scar" check scenarios/lesson-lossy-link.json --set 'faults[0].probability=1.5'
expect_exit 2 "an expectation against nan is refused" -- "$scar" check scenarios/primary-backup.json --set 'expect=["availability >= nan"]'
expect_exit 2 "a limit of inf is refused" -- "$scar" compare "$work/base.json" "$work/base.json" --max-regression availability=inf
printf '{"workload": {"rate": 1, "rate": 2}}' > "$work/dup.json"
expect_exit 2 "a key given twice is refused" -- "$scar" check "$work/dup.json"
expect_text "$work/err" 'the key "rate" appears twice' "naming the key"
echo '{"schema_version": 1, "scenario": "primary-backup", "operations": {"get": {"count": "many"}}, "availability": null}' > "$work/bad-report.json"
expect_exit 2 "a malformed report is refused with its path" -- "$scar" compare "$work/base.json" "$work/bad-report.json"
expect_text "$work/err" "operations.get" "naming where"

# An outage never passes a latency gate.
expect_exit 1 "a whole-run partition fails a p99 limit" -- "$scar" run scenarios/primary-backup.json --quiet --json "$work/dead.json" --set 'faults=[{"kind":"partition","at":"0s","duration":"10s","target":"n1"}]'
expect_exit 1 "compare fails the outage" -- "$scar" compare "$work/a.json" "$work/dead.json" --force --max-regression put.latency.p99=10%
expect_text "$work/err" "no successful put operation in the new report" "saying why"
expect_exit 0 "the outage's HTML renders" -- "$scar" compare "$work/a.json" "$work/dead.json" --force --html "$work/dead.html"

# Histories and the linearizability check.
expect_exit 1 "stale reads fail the linearizability check" -- "$scar" run scenarios/lesson-stale-reads.json --quiet --history "$work/h.jsonl" --history-edn "$work/h.edn"
expect_text "$work/err" "a check failed" "the failure names the check"
expect_exit 1 "check-history agrees on the JSON lines" -- "$scar" check-history "$work/h.jsonl" --model kv --initial-value nil --strict-nil
expect_exit 1 "check-history agrees on the EDN" -- "$scar" check-history "$work/h.edn" --model kv --initial-value nil --strict-nil
expect_exit 0 "reads from the primary pass" -- "$scar" run scenarios/lesson-stale-reads.json --quiet --set cluster.options.reads=primary --history "$work/good.jsonl"
expect_exit 0 "check-history passes their history" -- "$scar" check-history "$work/good.jsonl" --model kv --initial-value nil --strict-nil
expect_exit 2 "check-history refuses a non-history" -- "$scar" check-history scenarios/primary-backup.json
expect_exit 3 "a check out of budget exits 3" -- "$scar" run scenarios/lesson-stale-reads.json --quiet --set limits.check_time=1ms --set duration=120s --set workload.rate=2000
# scar shrink: a failing nemesis run becomes a small scenario that fails on its own.
expect_exit 0 "shrink writes a smaller failing scenario" -- "$scar" shrink scenarios/nemesis.json --seed 2 --set cluster.options.durability=write --set duration=30s --out "$work/small.json"
expect_text "$work/out" "replay: scar run $work/small.json" "shrink prints the replay command"
expect_text "$work/out" "faults left (1)" "shrink says what is left"
expect_text "$work/small.json" "// Shrunk by \`scar shrink\` from \`scar run scenarios/nemesis.json --seed 2" "the file says what it was shrunk from"
expect_exit 1 "the shrunk scenario fails on its own" -- "$scar" run "$work/small.json" --quiet
expect_text "$work/err" "an expectation failed" "the same way"
if grep -v '^//' "$work/small.json" | grep -q nemesis; then
  failures=$((failures + 1)); echo "FAILED: the shrunk scenario still has a nemesis"
else
  passes=$((passes + 1))
fi
expect_exit 2 "shrink refuses a run that does not fail" -- "$scar" shrink scenarios/nemesis.json --out "$work/none.json"
expect_text "$work/err" "nothing to shrink" "saying so"
cp scenarios/lesson-ack-before-fsync.json "$work/crash.json"
expect_exit 2 "shrink refuses to overwrite its input" -- "$scar" shrink "$work/crash.json" --out "$work/crash.json"
expect_exit 2 "shrink refuses --runs-max 0" -- "$scar" shrink "$work/crash.json" --runs-max 0
absolute_scar=$(cd "$(dirname "$scar")" && pwd)/$(basename "$scar")
(cd "$work" && "$absolute_scar" shrink crash.json --runs-max 20 >/dev/null 2>&1)
if [ -f "$work/crash-shrunk.json" ]; then passes=$((passes + 1)); else
  failures=$((failures + 1)); echo "FAILED: shrink's default output is FILE's stem + -shrunk.json"
fi
# Seed sweeps: the same summary for any --jobs; shards merged give the whole sweep's.
sweep=(sweep scenarios/nemesis.json --seeds 1..30 --set duration=5s)
expect_exit 0 "a sweep of passing seeds exits 0" -- "$scar" "${sweep[@]}" --jobs 1 --json "$work/sweep-1.json"
cp "$work/out" "$work/sweep-1.txt"
expect_text "$work/out" "30 seeds: 30 passed, 0 failed" "the sweep counts its seeds"
expect_exit 0 "a sweep on two threads exits 0" -- "$scar" "${sweep[@]}" --jobs 2 --json "$work/sweep-2.json"
cmp -s "$work/sweep-1.json" "$work/sweep-2.json" && cmp -s "$work/sweep-1.txt" "$work/out" && passes=$((passes + 1)) || { failures=$((failures + 1)); echo "FAILED: --jobs 1 and --jobs 2 printed or wrote different summaries"; }
expect_exit 0 "shard 1/2 runs" -- "$scar" "${sweep[@]}" --shard 1/2 --json "$work/shard-1.json"
expect_text "$work/out" "shard 1/2: 15 seeds of the 30" "a shard says which"
expect_exit 0 "shard 2/2 runs" -- "$scar" "${sweep[@]}" --shard 2/2 --json "$work/shard-2.json"
expect_exit 0 "merge joins the shards" -- "$scar" merge "$work/shard-2.json" "$work/shard-1.json" --json "$work/merged.json"
cmp -s "$work/sweep-1.json" "$work/merged.json" && cmp -s "$work/sweep-1.txt" "$work/out" && passes=$((passes + 1)) || { failures=$((failures + 1)); echo "FAILED: two shards merged differ from the whole sweep"; }
expect_exit 2 "merge refuses a missing shard" -- "$scar" merge "$work/shard-1.json"
expect_text "$work/err" "15 of seeds 1..30 in no file: 2 4 6" "naming the missing seeds"
expect_exit 2 "merge refuses a shard given twice" -- "$scar" merge "$work/shard-1.json" "$work/shard-1.json" "$work/shard-2.json"
expect_text "$work/err" "seed 1 is in both" "naming the seed"
"$scar" sweep scenarios/nemesis.json --seeds 1..30 --set duration=6s --shard 2/2 --json "$work/shard-6s.json" >/dev/null
expect_exit 2 "merge refuses shards of different overrides" -- "$scar" merge "$work/shard-1.json" "$work/shard-6s.json"
expect_text "$work/err" "overrides [duration=5s] vs [duration=6s]" "naming the difference"
expect_exit 2 "merge refuses a report that is not a sweep's" -- "$scar" merge "$work/a.json"
expect_exit 1 "a sweep with failing seeds exits 1" -- "$scar" "${sweep[@]}" --set 'expect=["availability > 0.995"]'
expect_text "$work/out" "failed availability > 0.995 (" "the failures are grouped by what failed"
expect_text "$work/out" "replay: scar run scenarios/nemesis.json --seed " "a group names its replay command"
expect_exit 1 "a sweep of seeds hitting events_max exits 1" -- "$scar" sweep "$work/limit.json" --seeds 1..3
expect_text "$work/out" "failed events_max (3 seeds)" "grouped as events_max"
for range in 5..4 1 1..x -1..3 0..100000; do
  expect_exit 2 "--seeds '$range' is refused" -- "$scar" sweep scenarios/nemesis.json --seeds "$range"
done
for shard in 0/2 3/2 1/0 2; do
  expect_exit 2 "--shard '$shard' is refused" -- "$scar" sweep scenarios/nemesis.json --seeds 1..4 --shard "$shard"
done
for jobs in 0 -1 1025 x; do
  expect_exit 2 "--jobs '$jobs' is refused" -- "$scar" sweep scenarios/nemesis.json --seeds 1..4 --jobs "$jobs"
done
expect_exit 2 "a sweep's --json in a missing directory is refused" -- "$scar" sweep scenarios/nemesis.json --seeds 1..4 --json "$work/no/such/dir/s.json"

# scar capacity: the highest rate meeting an SLO; exit 1 when the lowest misses, 2 for bad input.
capacity=(capacity scenarios/lesson-capacity.json --high 2000)
expect_exit 0 "capacity finds a rate meeting the SLO" -- "$scar" "${capacity[@]}" --slo "get.latency.p99 < 20ms" --json "$work/capacity.json"
expect_text "$work/out" "max_rate: 14" "capacity prints the rate it found"
expect_text "$work/capacity.json" '"max_rate": 14' "capacity writes max_rate"
cp "$work/out" "$work/capacity-1.txt"
expect_exit 0 "capacity runs again" -- "$scar" "${capacity[@]}" --slo "get.latency.p99 < 20ms" --json "$work/capacity-2.json"
cmp -s "$work/capacity.json" "$work/capacity-2.json" && cmp -s "$work/capacity-1.txt" "$work/out" && passes=$((passes + 1)) || { failures=$((failures + 1)); echo "FAILED: two capacity searches printed or wrote different curves"; }
expect_exit 1 "capacity exits 1 when the lowest rate misses" -- "$scar" "${capacity[@]}" --slo "get.latency.p99 < 1ms"
expect_text "$work/out" "max_rate: none" "saying so"
expect_exit 2 "capacity refuses a bad --slo" -- "$scar" "${capacity[@]}" --slo "get.latency.p99 20ms"
expect_text "$work/err" "--slo:" "naming the option"
expect_exit 2 "capacity refuses --low >= --high" -- "$scar" "${capacity[@]}" --slo "get.latency.p99 < 20ms" --low 2000
expect_exit 2 "capacity refuses a closed loop" -- "$scar" "${capacity[@]}" --slo "get.latency.p99 < 20ms" --set workload.mode=closed
expect_text "$work/err" "needs \"mode\": \"open\"" "saying why"
for option in "--low 0" "--low x" "--high -5" "--runs-max 1"; do
  expect_exit 2 "capacity refuses $option" -- "$scar" "${capacity[@]}" --slo "get.latency.p99 < 20ms" $option
done

# scar live: the cluster for real on 127.0.0.1, reported like a run; what cannot be real exits 2.
expect_exit 0 "a short live run passes its expectations" -- "$scar" live scenarios/primary-backup.json --set duration=1s --set drain=300ms --set workload.rate=200 --set 'expect=["availability > 0.9"]' --json "$work/live.json" --html "$work/live.html"
expect_text "$work/out" "a live run is not replayable" "the text says a live run is not replayable"
expect_text "$work/live.json" '"runtime": "live"' "the JSON report says it ran live"
expect_text "$work/live.html" "not replayable" "so does the HTML report"
expect_exit 2 "live refuses a fault it cannot do for real" -- "$scar" live scenarios/fault-lying-write.json
expect_text "$work/err" "faults[0].kind: \`lying_write\` cannot be done for real" "naming the fault's path and the kinds live mode has"
expect_exit 2 "live refuses the nemesis" -- "$scar" live scenarios/raft-nemesis.json

finish
