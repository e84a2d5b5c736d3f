#!/bin/sh
# Runs libFuzzer harnesses one after the other (one process, one core), each for an equal share
# of SECONDS, from its committed corpus tests/fuzz/corpus/<harness>/ with its dictionary.
#   sh tests/fuzz/run.sh SECONDS build-fuzz/fuzz_csv [build-fuzz/fuzz_cli ...]
# New inputs go to a scratch directory, never into the committed corpus. Fails (exit 1) on a
# crash, a sanitizer or leak report, or an input slower than 5 s; the input that did it is kept
# as build-fuzz/<crash|leak|timeout|oom>-<sha1> and its report printed. Prints each harness's
# executions and rate, then "fuzz-smoke: N passed, N failed".
set -u
[ $# -ge 2 ] || { echo "usage: sh tests/fuzz/run.sh SECONDS HARNESS..." >&2; exit 2; }
total=$1
shift
each=$((total / $#))
[ "$each" -ge 1 ] || each=1
root=$(pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
pass=0
fail=0
for bin in "$@"; do
    name=$(basename "$bin")
    case $name in
    fuzz_scenario) max_len=8192 ;;
    fuzz_csv) max_len=32768 ;;
    fuzz_args) max_len=256 ;;
    *) max_len=1024 ;;
    esac
    mkdir -p "$scratch/$name"
    log=$scratch/$name.log
    # -close_fd_mask=3: the code under test prints its messages; libFuzzer and the sanitizers
    # keep their own copy of stderr. Absolute paths: fuzz_cli runs commands in another directory.
    "$bin" -dict="$root/tests/fuzz/$name.dict" -max_len=$max_len -timeout=5 -rss_limit_mb=2048 \
        -max_total_time="$each" -close_fd_mask=3 -print_final_stats=1 \
        -artifact_prefix="$root/build-fuzz/" "$scratch/$name" "$root/tests/fuzz/corpus/$name" \
        >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    if [ "$rc" -eq 0 ]; then
        echo "$name: ${runs:-?} executions in $each s (${rate:-?}/s), no crash"
        pass=$((pass + 1))
    else
        echo "FAIL $name (exit $rc) after ${runs:-?} executions:"
        grep -v '^#\|^INFO\|^stat::\|^Done\|^MS:\|^base unit' "$log" | tail -60
        fail=$((fail + 1))
    fi
done
echo "fuzz-smoke: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
