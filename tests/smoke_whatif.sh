# Black-box tests of `ccsim compare`, `ccsim sweep` and `ccsim staff` (sourced by
# tests/cli_smoke.sh with tests/smoke_lib.sh). A small M/M/c+M model keeps them fast: exit
# codes, exact CSV headers, the common-random-numbers note, the wording of bad --vary and
# bad --target, and numbers with an independent derivation: a scenario compared with itself
# differs by exactly 0, 16 ETPT at level 2 abandon less than 13, a sweep point is the plain run
# with that value, and the staff answer is the smallest that meets the targets.
M=scenarios/validation/mmcm.json
SMALL="--set run.hours=20 --reps 3"

try "compare writes compare.csv and both runs" "$CCSIM" compare "$M" "$M" $SMALL \
    --set station.agents=10 --out "$TMP/cmp"
assert_rc 0
assert_head "$TMP/cmp/compare.csv" "scenario_a,scenario_b,station,metric,mean_a,mean_b,diff,ci_low,ci_high,reps,significant,unit"
assert_file "$TMP/cmp/a/summary.csv"
assert_file "$TMP/cmp/b/summary.csv"
assert_out "queue"
assert_out "abandon_rate"
# A scenario against itself under common random numbers: every replication pairs with an
# identical one, so each difference and its interval are exactly 0 and nothing is significant.
SMOKE_NAME="compare of a scenario with itself differs by exactly 0"
bad=$(awk -F, 'NR > 1 && $7 != "nan" && !($5 == $6 && $7 == 0 && $8 == 0 && $9 == 0 && $11 == 0)' \
    "$TMP/cmp/compare.csv")
[ -z "$bad" ] && [ "$(wc -l <"$TMP/cmp/compare.csv")" -gt 10 ] && ok || ko "rows: $bad"

printf '{ "extends": "%s", "seed": 7, "station": { "agents": 11 } }\n' "$(pwd)/$M" >"$TMP/mmcm11.json"
try "compare gives B the seed of A" "$CCSIM" compare "$M" "$TMP/mmcm11.json" $SMALL --out "$TMP/cmp2"
assert_rc 0
assert_err "common random numbers"
assert_out "] *"

# 16 rather than 13 ETPT at level 2 (same traffic, same seed): fewer level-2 callers give up,
# by far more than the noise of 4 short replications.
try "compare 13 vs 16 ETPT at level 2" "$CCSIM" compare scenarios/generalize-13etpt.json \
    scenarios/generalize-16etpt.json --days 5 --reps 4 --out "$TMP/cmp_etpt"
assert_rc 0
SMOKE_NAME="16 ETPT abandon less at level 2 than 13, significantly"
awk -F, '$3 == "level2" && $4 == "abandon_rate" && $7 < 0 && $9 < 0 && $11 == 1 { f = 1 }
    END { exit !f }' "$TMP/cmp_etpt/compare.csv" && ok ||
    ko "$(grep 'level2,abandon_rate' "$TMP/cmp_etpt/compare.csv")"
SMOKE_NAME="16 ETPT answer more at level 2 than 13, significantly"
awk -F, '$3 == "level2" && $4 == "answer_rate" && $7 > 0 && $8 > 0 && $11 == 1 { f = 1 }
    END { exit !f }' "$TMP/cmp_etpt/compare.csv" && ok ||
    ko "$(grep 'level2,answer_rate' "$TMP/cmp_etpt/compare.csv")"

try "compare needs two files" "$CCSIM" compare "$M"
assert_rc 2
assert_err "usage: ccsim compare"

try "sweep writes sweep.csv for 2 points" "$CCSIM" sweep "$M" $SMALL \
    --vary station.agents=10:11:1 --out "$TMP/sweep"
assert_rc 0
assert_head "$TMP/sweep/sweep.csv" "scenario,point,x_path,x,y_path,y,station,metric,mean,ci_low,ci_high,reps,base_point,diff,diff_ci_low,diff_ci_high,diff_significant,unit"
assert_out "station.agents"
[ "$(grep -c '^mmcm,1,station.agents,11,,,queue,' "$TMP/sweep/sweep.csv")" -gt 0 ] && ok ||
    ko "sweep.csv lacks point 1 at x = 11"
# A point of a sweep is the run of the scenario with that value set: same seed, same numbers.
try "sweep point 1 is ccsim run with station.agents=11" "$CCSIM" run "$M" $SMALL \
    --set station.agents=11 --out "$TMP/sweep_run11"
assert_rc 0
SMOKE_NAME="sweep point 1 equals the run with station.agents=11"
sweep11=$(awk -F, '$2 == 1 { print $8 "," $9 "," $10 "," $11 "," $12 }' "$TMP/sweep/sweep.csv")
run11=$(awk -F, 'NR > 1 { print $3 "," $4 "," $5 "," $6 "," $7 }' "$TMP/sweep_run11/summary.csv")
[ -n "$run11" ] && [ "$sweep11" = "$run11" ] && ok || ko "sweep: $sweep11 run: $run11"
SMOKE_NAME="sweep: an eleventh agent shortens the wait (common random numbers)"
awk -F, '$8 == "asa_s" { a[$2] = $9 } END { exit !(a[1] < a[0]) }' "$TMP/sweep/sweep.csv" && ok ||
    ko "$(grep ',asa_s,' "$TMP/sweep/sweep.csv")"

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
# The answer is the smallest staff that meets the targets: its rows all meet them, and the
# staff one agent below (when tried) misses at least one.
SMOKE_NAME="staff: the answer meets every target and one agent fewer does not"
n=$(sed -n 's/^answer: station.agents = \([0-9]*\):.*/\1/p' "$TMP/out")
awk -F, -v n="$n" 'NR > 1 && $4 == n { rows++; met += $12 } NR > 1 && $4 == n - 1 { below++; miss += !$12 }
    END { exit !(n != "" && rows == 2 && met == 2 && (below == 0 || miss > 0)) }' \
    "$TMP/staff/staff.csv" && ok || ko "answer $n: $(cat "$TMP/staff/staff.csv")"

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
