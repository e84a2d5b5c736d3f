#!/bin/sh
# Checks of the MPI build (make MPI=1), run by .ci/run when build-mpi/bin/ccsim exists; not by
# make check (it needs Open MPI). Every command spread over ranks must write the bytes of the
# plain build's --jobs 1 run, for any number of ranks and threads (a replication is a pure
# function of scenario, seed and index; results travel as raw bytes). Then the failures: a
# rank killed mid-run (no result, no staging folder, lock released) and a --resume across
# ranks. (An mpirun signalled from this non-interactive script did not reliably pass the
# signal on to the ranks here; docs/cluster.md says what an interrupted mpirun does.)
#   CCSIM=build/bin/ccsim CCSIM_MPI=build-mpi/bin/ccsim sh tests/mpi_check.sh
# MPIRUN (default "mpirun --oversubscribe") may carry more options.
set -u
CCSIM=${CCSIM:-build/bin/ccsim}
CCSIM_MPI=${CCSIM_MPI:-build-mpi/bin/ccsim}
case $CCSIM in /*) ;; *) CCSIM=$(pwd)/$CCSIM ;; esac
case $CCSIM_MPI in /*) ;; *) CCSIM_MPI=$(pwd)/$CCSIM_MPI ;; esac
# A rank that never gets its message would hang the check: timeout ends it as a failure.
MPIRUN=${MPIRUN:-timeout -k 10 180 mpirun --oversubscribe}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# mpirun sends SIGTERM to the ranks, then SIGKILL after odls_base_sigkill_timeout (1 s by
# default): on a loaded machine rank 0 may need longer to remove its staging folder.
export OMPI_MCA_odls_base_sigkill_timeout=10
# The ranks' scratch folders (and Open MPI's session files) go here, removed with it.
mkdir "$TMP/tmpdir"
export TMPDIR="$TMP/tmpdir"
. tests/smoke_lib.sh
. tests/same_result.sh

P=scenarios/pilot14-2013.json
M=scenarios/validation/mmcm.json

# ---- run: 2 ranks ----
try "run --jobs 1 (plain build)" "$CCSIM" run "$P" --reps 6 --jobs 1 --out "$TMP/run1" --quiet
assert_rc 0
try "mpirun -np 2 run --jobs 2" $MPIRUN -np 2 "$CCSIM_MPI" run "$P" --reps 6 --jobs 2 \
    --out "$TMP/run2"
assert_rc 0
assert_out "wrote $TMP/run2/ (new folder)"
SMOKE_NAME="only rank 0 prints"
[ "$(grep -c '^wall time ' "$TMP/out")" -eq 1 ] && ok || ko "$(grep '^wall time ' "$TMP/out")"
assert_out " s on 2 ranks x 2 threads ("
same_result "mpirun -np 2 run writes the bytes of --jobs 1" "$TMP/run1" "$TMP/run2"
try "MPI build without mpirun (one rank)" "$CCSIM_MPI" run "$P" --reps 6 --jobs 2 \
    --out "$TMP/run0" --quiet
assert_rc 0
same_result "the MPI build alone writes the bytes of --jobs 1" "$TMP/run1" "$TMP/run0"

# A command without replications is rank 0's alone (the others would wait for nothing).
try "mpirun -np 2 plot" $MPIRUN -np 2 "$CCSIM_MPI" plot "$TMP/run2"
assert_rc 0
assert_file "$TMP/run2/summary.csv"

# ---- sweep: 3 ranks (oversubscribed), 1 and 2 threads each ----
SW="--set run.hours=20 --reps 3 --vary station.agents=9:12:1"
try "sweep --jobs 1 (plain build)" "$CCSIM" sweep "$M" $SW --jobs 1 --out "$TMP/sw1" --quiet
assert_rc 0
for j in 1 2; do
    try "mpirun -np 3 sweep --jobs $j" $MPIRUN -np 3 "$CCSIM_MPI" sweep "$M" $SW --jobs $j \
        --out "$TMP/sw3j$j" --quiet
    assert_rc 0
    same_result "mpirun -np 3 sweep --jobs $j writes the bytes of --jobs 1" "$TMP/sw1" "$TMP/sw3j$j"
done

# ---- compare, staff (a search whose next step depends on results), uncertainty ----
try "compare --jobs 1" "$CCSIM" compare "$M" "$M" --set run.hours=20 --reps 3 \
    --set station.agents=10 --jobs 1 --out "$TMP/cmp1" --quiet
try "mpirun -np 2 compare" $MPIRUN -np 2 "$CCSIM_MPI" compare "$M" "$M" --set run.hours=20 \
    --reps 3 --set station.agents=10 --jobs 2 --out "$TMP/cmp2" --quiet
assert_rc 0
same_result "mpirun -np 2 compare writes the bytes of --jobs 1" "$TMP/cmp1" "$TMP/cmp2"
ST="--set run.hours=20 --reps 3 --station queue --target sl_60>=0.8"
try "staff --jobs 1" "$CCSIM" staff "$M" $ST --jobs 1 --out "$TMP/st1" --quiet
try "mpirun -np 3 staff" $MPIRUN -np 3 "$CCSIM_MPI" staff "$M" $ST --jobs 1 --out "$TMP/st3" \
    --quiet
assert_rc 0
same_result "mpirun -np 3 staff writes the bytes of --jobs 1" "$TMP/st1" "$TMP/st3"
printf '%s\n' '{ "extends": "'"$(pwd)/$M"'", "run": { "hours": 10 },' \
    '  "uncertain": { "station.aht_s": { "dist": "uniform", "low": 200, "high": 260,' \
    '    "source": "ASSUMPTION test range" } } }' >"$TMP/unc.json"
UN="--samples 6 --reps 2 --metric queue.answer_rate"
try "uncertainty --jobs 1" "$CCSIM" uncertainty "$TMP/unc.json" $UN --jobs 1 --out "$TMP/un1" \
    --quiet
assert_rc 0
try "mpirun -np 2 uncertainty" $MPIRUN -np 2 "$CCSIM_MPI" uncertainty "$TMP/unc.json" $UN \
    --jobs 2 --out "$TMP/un2" --quiet
assert_rc 0
same_result "mpirun -np 2 uncertainty writes the bytes of --jobs 1" "$TMP/un1" "$TMP/un2"

# ---- failures ----
# No leftovers beside a result: no staging folder, and the lock is free (a new run takes it).
no_leftovers() { # no_leftovers NAME PARENT BASE
    SMOKE_NAME=$1
    left=$(ls -a "$2" | grep "^\.$3\.staging")
    [ -z "$left" ] && ok || ko "left: $left"
}
LONG="--reps 400 --jobs 1"
# started PARENT BASE: waits (60 s at most) until rank 0 has made the staging folder, that is
# until the simulation runs (a loaded machine may take seconds to start the ranks).
started() {
    n=0
    while ! ls -d "$1/.$2.staging."* >/dev/null 2>&1 && [ "$n" -lt 300 ]; do
        sleep 0.2
        n=$((n + 1))
    done
    sleep 1
}
# Rank 1 killed (SIGKILL) mid-run: mpirun ends the job, rank 0 removes its staging folder.
# Rank 1 writes its pid (the shell's, which exec hands to ccsim) for the killer to read.
(started "$TMP" dead; kill -9 "$(cat "$TMP/dead.pid")") &
try "a rank killed mid-run" $MPIRUN -np 2 sh -c '
    if [ "$OMPI_COMM_WORLD_RANK" = 1 ]; then echo $$ >"$1.pid"; fi
    shift
    exec "$0" "$@"' "$CCSIM_MPI" "$TMP/dead" run "$P" $LONG --out "$TMP/dead"
wait
SMOKE_NAME="a dead rank fails the run"
[ "$SMOKE_RC" -ne 0 ] && ok || ko "exit code 0"
assert_err "left as it was"
assert_no_file "$TMP/dead"
no_leftovers "a dead rank leaves no staging folder" "$TMP" dead
try "the lock is free after a dead rank" "$CCSIM" run "$P" --reps 2 --out "$TMP/dead" --quiet
assert_rc 0

# --resume across ranks: rank 0 stopped after 3 units (all ranks' units count), then resumed
# on another number of ranks.
try "run --jobs 1, 8 replications" "$CCSIM" run "$P" --reps 8 --jobs 1 --out "$TMP/r1" --quiet
try "mpirun -np 3 interrupted after 3 units" $MPIRUN -np 3 -x CCSIM_TEST_STOP_AFTER=3 \
    "$CCSIM_MPI" run "$P" --reps 8 --jobs 1 --out "$TMP/res" --resume --quiet
SMOKE_NAME="the interrupted mpirun fails"
[ "$SMOKE_RC" -ne 0 ] && ok || ko "exit code 0"
assert_no_file "$TMP/res"
assert_file "$TMP/.res.checkpoint"
try "mpirun -np 2 --resume" $MPIRUN -np 2 "$CCSIM_MPI" run "$P" --reps 8 --jobs 2 \
    --out "$TMP/res" --resume
assert_rc 0
assert_out "replications read back"
same_result "resumed on 2 ranks: the bytes of --jobs 1" "$TMP/r1" "$TMP/res"

echo "mpi: $SMOKE_PASS passed, $SMOKE_FAIL failed"
[ "$SMOKE_FAIL" -eq 0 ]
