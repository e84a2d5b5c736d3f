#!/bin/sh
# Runs the model suites with other master seeds (CK_SEED_OFFSET, see tests/check_load.h) to
# find statistical tests that pass only because of the seed they were written with.
#
#   tests/seed_sweep.sh [FIRST LAST [SUITE...]]     (default: offsets 1..20, the suites below)
#
# Prints one line per suite (failures and errors at each offset, "." for a clean run) and then
# every failing assertion with its offset. With ~N assertions at 4 standard errors, about
# N * 6e-5 chance failures are expected per offset; anything beyond that is a test to read.
# Exit status 1 when anything failed. CHECK_ALL names the binary (default build/bin/check_all);
# it is run nice'd, one suite and one offset at a time.
set -u
first=${1:-1}
last=${2:-20}
if [ $# -ge 2 ]; then shift 2; else shift $#; fi
suites=${*:-network mechanics sectors trace calendar_year checkpoint compare center}
bin=${CHECK_ALL:-build/bin/check_all}
[ -x "$bin" ] || { echo "seed_sweep: $bin: not built (make $bin)" >&2; exit 2; }
log=$(mktemp) || exit 1
trap 'rm -f "$log"' EXIT
bad=0
for s in $suites; do
    row=$(printf '%-14s' "$s")
    for k in $(seq "$first" "$last"); do
        out=$(CK_SEED_OFFSET=$k CK_RUN_SUITE=$s CK_VERBOSITY=normal nice -n 10 "$bin" 2>&1)
        line=$(printf '%s\n' "$out" | grep 'Checks:' | tail -n 1)
        f=$(printf '%s\n' "$line" | sed -n 's/.*Failures: \([0-9]*\).*/\1/p')
        e=$(printf '%s\n' "$line" | sed -n 's/.*Errors: \([0-9]*\).*/\1/p')
        if [ -z "$f" ] || [ -z "$e" ]; then
            row="$row ?"
            bad=1
            printf 'k=%s %s: no Check summary\n%s\n' "$k" "$s" "$out" >>"$log"
        elif [ "$f" -eq 0 ] && [ "$e" -eq 0 ]; then
            row="$row ."
        else
            row="$row $((f + e))"
            bad=1
            printf '%s\n' "$out" | grep -E ':[FE]:' | sed "s/^/k=$k /" >>"$log"
        fi
    done
    printf '%s\n' "$row"
done
if [ -s "$log" ]; then
    echo "--- failures"
    cat "$log"
fi
exit $bad
