# Black-box tests of `ccsim compare`, `ccsim sweep` and `ccsim staff` (sourced by
# tests/cli_smoke.sh with tests/smoke_lib.sh). A small M/M/c+M model keeps them fast: exit
# codes, exact CSV headers, the common-random-numbers note, and the wording of bad --vary and
# bad --target.
M=scenarios/validation/mmcm.json
SMALL="--set run.hours=20 --reps 3"

try "compare writes compare.csv and both runs" "$CCSIM" compare "$M" "$M" $SMALL \
    --set station.agents=10 --out "$TMP/cmp"
assert_rc 0
assert_head "$TMP/cmp/compare.csv" "scenario_a,scenario_b,station,metric,mean_a,mean_b,diff,ci_low,ci_high,reps,significant"
assert_file "$TMP/cmp/a/summary.csv"
assert_file "$TMP/cmp/b/summary.csv"
assert_out "queue"
assert_out "abandon_rate"

printf '{ "extends": "%s", "seed": 7, "station": { "agents": 11 } }\n' "$(pwd)/$M" >"$TMP/mmcm11.json"
try "compare gives B the seed of A" "$CCSIM" compare "$M" "$TMP/mmcm11.json" $SMALL --out "$TMP/cmp2"
assert_rc 0
assert_err "common random numbers"
assert_out "] *"

try "compare needs two files" "$CCSIM" compare "$M"
assert_rc 2
assert_err "usage: ccsim compare"

try "sweep writes sweep.csv for 2 points" "$CCSIM" sweep "$M" $SMALL \
    --vary station.agents=10:11:1 --out "$TMP/sweep"
assert_rc 0
assert_head "$TMP/sweep/sweep.csv" "scenario,point,x_path,x,y_path,y,station,metric,mean,ci_low,ci_high,reps"
assert_out "station.agents"
[ "$(grep -c '^mmcm,1,station.agents,11,,,queue,' "$TMP/sweep/sweep.csv")" -gt 0 ] && ok ||
    ko "sweep.csv lacks point 1 at x = 11"

try "sweep rejects a bad --vary" "$CCSIM" sweep "$M" --vary x
assert_rc 2
assert_err "--vary 'x': expected path=from:to:step"

try "sweep rejects a decreasing --vary" "$CCSIM" sweep "$M" --vary station.agents=30:10:1
assert_rc 2
assert_err "--vary 'station.agents=30:10:1': to must be >= from"

try "staff finds the smallest staff" "$CCSIM" staff "$M" $SMALL --station queue \
    --target 'sl_60>=0.8' --target 'abandon_rate <= 0.1' --out "$TMP/staff"
assert_rc 0
assert_head "$TMP/staff/staff.csv" "scenario,step,station,scale,agents_avg,etpt,eur_per_year,metric,mean,ci_low,ci_high,meets,target"
assert_out "answer: station.agents = "

try "staff rejects a bad --target" "$CCSIM" staff "$M" --station queue --target 'sl_60=>0.8'
assert_rc 2
assert_err "--target 'sl_60=>0.8': expected METRIC>=VALUE or METRIC<=VALUE"

try "staff suggests a metric name" "$CCSIM" staff "$M" --station queue --target 'sl60>=0.8'
assert_rc 2
assert_err "unknown metric 'sl60' (did you mean 'sl_60'?)"

try "staff exits 2 when no staff meets the targets" "$CCSIM" staff "$M" --set run.hours=5 \
    --reps 2 --station queue --target 'sl_20>1' --out "$TMP/staff2"
assert_rc 2
assert_err "no staff meets the targets up to station.agents="
