#!/bin/sh
# Black-box tests of bin/ccsim: exit codes, CSV headers, stderr wording.
# Runs every tests/smoke_*.sh with the helpers of tests/smoke_lib.sh, SMOKE_JOBS files at a time
# (default 2), each in a temporary folder of its own; prints their output in file order, then
# "smoke: N passed, N failed". SMOKE_STOP=1 (tests/mutants/run.sh): once a file has failed, the
# files not yet started are skipped.
set -u
if [ "${1:-}" = --one ]; then # one file, run by xargs below: its log in $SMOKE_ROOT/NAME.log
    name=$(basename "$2" .sh)
    if [ "${SMOKE_STOP:-0}" = 1 ] && [ -e "$SMOKE_ROOT/failed" ]; then
        echo "SMOKE 0 0" >"$SMOKE_ROOT/$name.log"
        exit 0
    fi
    TMP="$SMOKE_ROOT/$name"
    mkdir -p "$TMP"
    export TMP
    sh -c ". tests/smoke_lib.sh; . $2; smoke_summary" >"$SMOKE_ROOT/$name.log" 2>&1
    grep -q '^SMOKE [0-9]* 0$' "$SMOKE_ROOT/$name.log" || : >"$SMOKE_ROOT/failed"
    exit 0
fi
CCSIM=${CCSIM:-build/bin/ccsim}
case $CCSIM in /*) ;; *) CCSIM=$(pwd)/$CCSIM ;; esac
export CCSIM
SMOKE_ROOT=$(mktemp -d)
trap 'rm -rf "$SMOKE_ROOT"' EXIT
export SMOKE_ROOT
files=$(ls tests/smoke_*.sh | grep -v '^tests/smoke_lib\.sh$')
printf '%s\n' $files | xargs -P "${SMOKE_JOBS:-2}" -n 1 sh tests/cli_smoke.sh --one
pass=0
fail=0
for t in $files; do
    log="$SMOKE_ROOT/$(basename "$t" .sh).log"
    p=$(sed -n 's/^SMOKE \([0-9]*\) \([0-9]*\)$/\1/p' "$log" 2>/dev/null)
    f=$(sed -n 's/^SMOKE \([0-9]*\) \([0-9]*\)$/\2/p' "$log" 2>/dev/null)
    grep -v '^SMOKE ' "$log" 2>/dev/null
    if [ -z "$p" ]; then
        echo "FAIL $t: script aborted"
        fail=$((fail + 1))
        continue
    fi
    pass=$((pass + p))
    fail=$((fail + f))
done
echo "smoke: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
