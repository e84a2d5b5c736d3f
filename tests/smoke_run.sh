# ccsim run: the output contract, determinism across --jobs, and bad input (exit 2, the
# "file: path: message" line, and no output written). Sourced by tests/cli_smoke.sh.
MMCM=scenarios/validation/mmcm.json
SHORT="--set run.hours=20 --set run.warmup_hours=1 --reps 3"

try "run writes the output contract" "$CCSIM" run $MMCM $SHORT --out "$TMP/run"
assert_rc 0
assert_head "$TMP/run/summary.csv" "scenario,station,metric,mean,ci_low,ci_high,reps,unit"
assert_head "$TMP/run/intervals.csv" "scenario,station,day,interval_start,metric,mean,ci_low,ci_high,reps,analytic,analytic_model,unit"
assert_file "$TMP/run/manifest.json"
assert_out "queue"
grep -q '^mmcm,queue,abandon_rate,' "$TMP/run/summary.csv" && ok || ko "no abandon_rate row"
grep -q '"scenario_sha256":[[:space:]]*"[0-9a-f]\{64\}"' "$TMP/run/manifest.json" && ok || ko "manifest lacks the sha256"
ls "$TMP/run" | grep -q '\.tmp\.' && ko "temporary file left behind" || ok

try "network run writes journeys" "$CCSIM" run tests/data/center/small.json --reps 2 --out "$TMP/net1" --jobs 1
assert_rc 0
assert_head "$TMP/net1/journeys.csv" "scenario,outcome,metric,mean,ci_low,ci_high,reps,unit"
grep -q '^small,costs,ministry_eur_per_year,' "$TMP/net1/summary.csv" && ok || ko "no cost rows"

try "jobs 2 gives the same files as jobs 1" "$CCSIM" run tests/data/center/small.json --reps 2 --out "$TMP/net2" --jobs 2
assert_rc 0
for f in summary.csv intervals.csv journeys.csv; do
    cmp -s "$TMP/net1/$f" "$TMP/net2/$f" && ok || ko "$f differs between --jobs 1 and --jobs 2"
done

for case in malformed_json unknown_key missing_required_key negative_aht; do
    try "bad input $case" "$CCSIM" run tests/data/bad/$case.json --out "$TMP/bad_$case"
    assert_rc 2
    assert_err "$(head -n 1 tests/data/bad/$case.err)"
    assert_no_file "$TMP/bad_$case"
done

try "a bad --set names the --set and the path" "$CCSIM" run $MMCM --set station.agents=-2 --out "$TMP/bad_set"
assert_rc 2
assert_err "--set 'station.agents=-2': station.agents: must be >= 0, got -2"
assert_no_file "$TMP/bad_set"

try "missing scenario file" "$CCSIM" run "$TMP/nope.json"
assert_rc 2
assert_err "$TMP/nope.json: No such file or directory"

try "a bad --reps" "$CCSIM" run $MMCM --reps zero
assert_rc 2
assert_err "--reps: expected an integer, got 'zero'"

try "no command" "$CCSIM"
assert_rc 2
try "unknown command" "$CCSIM" simulate
assert_rc 2
assert_err "unknown command 'simulate'"
