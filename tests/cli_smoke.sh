#!/bin/sh
# Black-box tests of bin/ccsim: exit codes, CSV headers, stderr wording.
# Runs every tests/smoke_*.sh with the helpers below; prints "N passed, N failed".
set -u
CCSIM=${CCSIM:-build/bin/ccsim}
case $CCSIM in /*) ;; *) CCSIM=$(pwd)/$CCSIM ;; esac
export CCSIM
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export TMP
pass=0
fail=0
for t in tests/smoke_*.sh; do
    [ -f "$t" ] || continue
    out=$(sh -c ". tests/smoke_lib.sh; . $t; smoke_summary" 2>&1)
    p=$(printf '%s\n' "$out" | sed -n 's/^SMOKE \([0-9]*\) \([0-9]*\)$/\1/p')
    f=$(printf '%s\n' "$out" | sed -n 's/^SMOKE \([0-9]*\) \([0-9]*\)$/\2/p')
    printf '%s\n' "$out" | grep -v '^SMOKE '
    if [ -z "$p" ]; then
        echo "FAIL $t: script aborted"
        fail=$((fail + 1))
        continue
    fi
    pass=$((pass + p))
    fail=$((fail + f))
    # SMOKE_STOP=1 (tests/mutants/run.sh): the first failing file is enough.
    [ "${SMOKE_STOP:-0}" = 1 ] && [ "$fail" -gt 0 ] && break
done
echo "smoke: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
