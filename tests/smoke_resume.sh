# Black-box tests of --resume (sourced by tests/cli_smoke.sh with tests/smoke_lib.sh): a run
# interrupted after some replications (CCSIM_TEST_STOP_AFTER=N sends the process SIGTERM once
# N replications are done, the path of a real kill) leaves no result but a checkpoint beside
# it; the same command with --resume reads those replications back, runs the rest and writes
# the same bytes as an uninterrupted --jobs 1 run (replications are pure functions of scenario,
# seed and index). A checkpoint of other inputs, a foreign file and a torn last record are
# handled; without --resume nothing is kept.
P=scenarios/pilot14-2013.json
M=scenarios/validation/mmcm.json

. tests/same_result.sh

# ---- ccsim run: 8 replications, stopped after 3 ----
try "run reference" "$CCSIM" run "$P" --reps 8 --jobs 1 --out "$TMP/ref" --quiet
assert_rc 0
CCSIM_TEST_STOP_AFTER=3 try "run interrupted after 3 replications" "$CCSIM" run "$P" --reps 8 \
    --jobs 1 --out "$TMP/run" --resume --quiet
assert_rc 143
assert_err "left as it was"
assert_no_file "$TMP/run"
assert_file "$TMP/.run.checkpoint"
try "run resumed" "$CCSIM" run "$P" --reps 8 --jobs 2 --out "$TMP/run" --resume
assert_rc 0
SMOKE_NAME="run resumed read at least the 3 finished replications back"
n=$(sed -n 's/^resumed: \([0-9]*\) replications read back.*/\1/p' "$TMP/out")
[ -n "$n" ] && [ "$n" -ge 3 ] && [ "$n" -lt 8 ] && ok || ko "resumed '$n'"
same_result "resumed run writes the bytes of the uninterrupted --jobs 1 run" "$TMP/ref" "$TMP/run"
# The plain build is one rank: its line keeps "on N threads", its manifest says "ranks": 1
# (an MPI run says "on R ranks x N threads", tests/mpi_check.sh).
SMOKE_NAME="run prints its threads, no ranks"
assert_out "wall time "
assert_out " s on 2 threads ("
SMOKE_NAME="the manifest records the ranks"
grep -q '"ranks":[[:space:]]*1,' "$TMP/run/manifest.json" && ok || ko "no \"ranks\": 1 in manifest.json"
SMOKE_NAME="the checkpoint is removed once the result is in place"
assert_no_file "$TMP/.run.checkpoint"

# ---- a dated run (calendar.start: month bins, holidays, yearly basis) resumes to the same bytes ----
Y=scenarios/generalize-16etpt-2013.json
try "dated run reference" "$CCSIM" run "$Y" --days 40 --reps 4 --jobs 1 --out "$TMP/yref" --quiet
assert_rc 0
assert_file "$TMP/yref/months.csv"
CCSIM_TEST_STOP_AFTER=2 try "dated run interrupted after 2 replications" "$CCSIM" run "$Y" \
    --days 40 --reps 4 --jobs 1 --out "$TMP/yrun" --resume --quiet
assert_rc 143
assert_file "$TMP/.yrun.checkpoint"
try "dated run resumed" "$CCSIM" run "$Y" --days 40 --reps 4 --jobs 2 --out "$TMP/yrun" --resume
assert_rc 0
assert_out "resumed: "
same_result "resumed dated run writes the bytes of the uninterrupted --jobs 1 run (months.csv too)" \
    "$TMP/yref" "$TMP/yrun"

# ---- a torn last record (a kill in the middle of a write) is dropped, not read ----
CCSIM_TEST_STOP_AFTER=4 try "run interrupted again" "$CCSIM" run "$P" --reps 8 --jobs 1 \
    --out "$TMP/torn" --resume --quiet
assert_rc 143
size=$(wc -c <"$TMP/.torn.checkpoint")
truncate -s $((size - 1000)) "$TMP/.torn.checkpoint"
try "run resumed from a torn checkpoint" "$CCSIM" run "$P" --reps 8 --jobs 1 --out "$TMP/torn" \
    --resume
assert_rc 0
SMOKE_NAME="the torn record is run again, the whole ones are read back"
n=$(sed -n 's/^resumed: \([0-9]*\) replications read back.*/\1/p' "$TMP/out")
[ -n "$n" ] && [ "$n" -ge 3 ] && ok || ko "resumed '$n'"
same_result "resumed from a torn checkpoint: the same bytes" "$TMP/ref" "$TMP/torn"

# ---- a record whose bytes changed (a disk error) fails its checksum and is run again ----
CCSIM_TEST_STOP_AFTER=4 try "run interrupted before a corruption" "$CCSIM" run "$P" --reps 8 \
    --jobs 1 --out "$TMP/flip" --resume --quiet
assert_rc 143
# The high byte of the first result of the first record (a 48-byte header, then a 40-byte
# record head, events and calls): the number read back would be wildly wrong.
at=$((48 + 40 + 16 + 7))
byte=$(od -An -tu1 -j "$at" -N 1 "$TMP/.flip.checkpoint" | tr -d ' ')
printf "\\$(printf '%03o' $((255 - byte)))" |
    dd of="$TMP/.flip.checkpoint" bs=1 seek="$at" conv=notrunc 2>/dev/null
try "run resumed from a corrupt checkpoint" "$CCSIM" run "$P" --reps 8 --jobs 1 --out "$TMP/flip" \
    --resume --quiet
assert_rc 0
same_result "a corrupt record is not read back: the same bytes" "$TMP/ref" "$TMP/flip"

# ---- a checkpoint of other inputs is refused, and left for the user ----
CCSIM_TEST_STOP_AFTER=2 try "run of 8 replications interrupted" "$CCSIM" run "$P" --reps 8 \
    --jobs 1 --out "$TMP/other" --resume --quiet
assert_rc 143
try "resume with other replications is refused" "$CCSIM" run "$P" --reps 6 --jobs 1 \
    --out "$TMP/other" --resume --quiet
assert_rc 1
assert_err "ccsim run: $TMP/.other.checkpoint: made for other inputs (scenario, seed or replications differ); delete it or run without --resume"
assert_no_file "$TMP/other"
assert_file "$TMP/.other.checkpoint"
try "resume with another seed is refused" "$CCSIM" run "$P" --reps 8 --seed 99 --jobs 1 \
    --out "$TMP/other" --resume --quiet
assert_rc 1
assert_err "made for other inputs"

printf 'not a checkpoint\n' >"$TMP/.foreign.checkpoint"
try "a foreign file is no checkpoint" "$CCSIM" run "$P" --reps 2 --out "$TMP/foreign" --resume
assert_rc 2
assert_err "ccsim run: $TMP/.foreign.checkpoint: expected a ccsim checkpoint, got something else; delete it or run without --resume"
assert_no_file "$TMP/foreign"

# ---- without --resume nothing is kept ----
CCSIM_TEST_STOP_AFTER=2 try "run interrupted without --resume" "$CCSIM" run "$P" --reps 8 \
    --jobs 1 --out "$TMP/plain" --quiet
assert_rc 143
assert_no_file "$TMP/.plain.checkpoint"

# ---- sweep: several scenarios in one runner call ----
SW="--set run.hours=20 --reps 3 --vary station.agents=10:12:1"
try "sweep reference" "$CCSIM" sweep "$M" $SW --jobs 1 --out "$TMP/sref" --quiet
assert_rc 0
CCSIM_TEST_STOP_AFTER=4 try "sweep interrupted after 4 of 9 replications" "$CCSIM" sweep "$M" \
    $SW --jobs 1 --out "$TMP/sw" --resume --quiet
assert_rc 143
try "sweep resumed" "$CCSIM" sweep "$M" $SW --jobs 2 --out "$TMP/sw" --resume
assert_rc 0
assert_out "replications read back"
same_result "resumed sweep writes the bytes of the uninterrupted one" "$TMP/sref" "$TMP/sw"

# ---- staff: many runner calls, each level's scenarios keyed on their own ----
ST="--set run.hours=20 --reps 3 --station queue --target sl_60>=0.8"
try "staff reference" "$CCSIM" staff "$M" $ST --jobs 1 --out "$TMP/stref" --quiet
assert_rc 0
CCSIM_TEST_STOP_AFTER=5 try "staff interrupted" "$CCSIM" staff "$M" $ST --jobs 1 \
    --out "$TMP/st" --resume --quiet
assert_rc 143
try "staff resumed" "$CCSIM" staff "$M" $ST --jobs 1 --out "$TMP/st" --resume
assert_rc 0
assert_out "replications read back"
same_result "resumed staff search writes the bytes of the uninterrupted one" "$TMP/stref" "$TMP/st"
