# Assertions for the shell tests, sourced after `work` (a scratch directory) is set.
# Each records a pass or prints what failed; `finish` prints the tally and fails the test
# when anything failed.
failures=0
passes=0

expect_exit() {  # expect_exit CODE DESCRIPTION -- COMMAND...
  local code=$1 description=$2
  shift 3
  "$@" >"$work/out" 2>"$work/err"
  local actual=$?
  if [ "$actual" -eq "$code" ]; then
    passes=$((passes + 1))
  else
    failures=$((failures + 1))
    echo "FAILED: $description: exit $actual, expected $code"
    sed 's/^/  | /' "$work/err" | head -5
  fi
}

expect_text() {  # expect_text FILE TEXT DESCRIPTION
  if grep -qF -- "$2" "$1"; then
    passes=$((passes + 1))
  else
    failures=$((failures + 1))
    echo "FAILED: $3: \"$2\" not in $1"
    sed 's/^/  | /' "$1" | head -5
  fi
}

finish() {
  echo "$passes passed, $failures failed"
  [ "$failures" -eq 0 ]
}
