# Black-box tests of `ccsim schedule` (sourced by tests/cli_smoke.sh with tests/smoke_lib.sh):
# exit codes, exact CSV headers, bad --station and --target, and the round trip that makes the
# output worth having: the scenario.json it writes loads, runs, and gives level 2 exactly the
# agents of schedule_intervals.csv in every interval and the ETPT of schedule.csv; every
# interval of the optimised schedule meets the target, with no more ETPT than flat staffing.
P=scenarios/pilot14-2013.json
SCHED="--reps 4 --days 5"

try "schedule of pilot14 level 2" "$CCSIM" schedule "$P" --station level2 \
    --target 'answer_rate>=0.85' $SCHED --out "$TMP/sched"
assert_rc 0
assert_head "$TMP/sched/schedule.csv" "scenario,station,plan,found,etpt,eur_per_year,eur_basis,agents_avg,agents_min,agents_max,intervals_open,intervals_met,metric,mean,ci_low,ci_high"
assert_head "$TMP/sched/schedule_intervals.csv" "scenario,station,day,interval_start,offered,erlang_a_agents,agents,metric,value,met,shift_agents"
assert_no_file "$TMP/sched/shifts.csv"
assert_file "$TMP/sched/manifest.json"
assert_out "optimised"

SMOKE_NAME="every interval of the optimised schedule meets answer_rate>=0.85"
awk -F, 'NR > 1 && ($10 != 1 || ($9 != "nan" && $9 < 0.85)) { bad = 1 } END { exit bad || NR < 50 }' \
    "$TMP/sched/schedule_intervals.csv" && ok || ko "$(awk -F, 'NR > 1 && $10 != 1' "$TMP/sched/schedule_intervals.csv" | head -3)"

SMOKE_NAME="the optimised schedule needs no more ETPT than flat staffing"
awk -F, '$3 == "flat" && $4 == 1 { f = $5 } $3 == "optimised" && $4 == 1 { o = $5 }
    END { exit !(o > 0 && f > 0 && o <= f) }' "$TMP/sched/schedule.csv" && ok ||
    ko "$(cut -d, -f3-5 "$TMP/sched/schedule.csv")"

try "the written scenario loads" "$CCSIM" check "$TMP/sched/scenario.json"
assert_rc 0
try "the written scenario runs" "$CCSIM" run "$TMP/sched/scenario.json" $SCHED --out "$TMP/sched_run" --quiet
assert_rc 0

# intervals.csv keeps agents_avg per (day, interval) of level 2: the schedule's agents exactly.
SMOKE_NAME="the written scenario staffs every interval as schedule_intervals.csv says"
awk -F, 'FNR == 1 { file++; next }
    file == 1 { want[$3 "," $4] = $7; n++; next }
    $2 == "level2" && $5 == "agents_avg" && ($3 "," $4) in want {
        seen++; if ($6 + 0 != want[$3 "," $4] + 0) { bad = bad " " $3 "," $4 "=" $6 } }
    END { if (bad != "" || seen != n || n == 0) { print "n " n " seen " seen bad; exit 1 } }' \
    "$TMP/sched/schedule_intervals.csv" "$TMP/sched_run/intervals.csv" >"$TMP/err" && ok ||
    ko "$(cat "$TMP/err")"

SMOKE_NAME="the written scenario has the ETPT schedule.csv reports"
want=$(awk -F, '$3 == "optimised" { print $5; exit }' "$TMP/sched/schedule.csv")
got=$(awk -F, '$2 == "level2" && $3 == "etpt" { print $4 }' "$TMP/sched_run/summary.csv")
awk -v a="$want" -v b="$got" 'BEGIN { exit !(a > 0 && (a - b) ^ 2 < 1e-12) }' && ok ||
    ko "schedule.csv $want, run $got"

# EUR/year: level 2's ETPT at costs.etpt_eur_per_year (the run's l2_eur_per_year); level 1's
# ETPT are the provider's, so its column is the provider's bill (l1_total_eur_per_year of the
# same run), not level-1 ETPT priced as level-2 posts.
SMOKE_NAME="level 2: eur_per_year is the run's l2_eur_per_year, basis etpt_cost"
want=$(awk -F, '$3 == "optimised" { print $6 "," $7; exit }' "$TMP/sched/schedule.csv")
got=$(awk -F, '$2 == "costs" && $3 == "l2_eur_per_year" { print $4 }' "$TMP/sched_run/summary.csv")
awk -v a="$want" -v b="$got" 'BEGIN { split(a, w, ","); exit !(w[2] == "etpt_cost" && b > 0 && (w[1] - b) ^ 2 < 1e-6) }' &&
    ok || ko "schedule.csv $want, run l2_eur_per_year $got"
L1="--reps 2 --days 2"
try "schedule of pilot14 level 1" "$CCSIM" schedule "$P" --station level1 \
    --target 'answer_rate>=0.8' $L1 --out "$TMP/sched_l1" --quiet
assert_rc 0
try "its scenario runs" "$CCSIM" run "$TMP/sched_l1/scenario.json" $L1 --out "$TMP/sched_l1_run" --quiet
assert_rc 0
SMOKE_NAME="level 1: eur_per_year is the provider's bill of the same run, basis l1_provider_bill"
want=$(awk -F, '$3 == "optimised" { print $6 "," $7 "," $5; exit }' "$TMP/sched_l1/schedule.csv")
got=$(awk -F, '$2 == "costs" && $3 == "l1_total_eur_per_year" { print $4 }' "$TMP/sched_l1_run/summary.csv")
awk -v a="$want" -v b="$got" 'BEGIN { split(a, w, ",");
    exit !(w[2] == "l1_provider_bill" && b > 0 && (w[1] - b) ^ 2 < 1e-6 && (w[1] - w[3] * 55000) ^ 2 > 1) }' &&
    ok || ko "schedule.csv $want, run l1_total_eur_per_year $got"

try "schedule --station prefectures" "$CCSIM" schedule "$P" --station prefectures \
    --target 'answer_rate>=0.8' --out "$TMP/sched_bad"
assert_rc 2
assert_err "ccsim schedule: --station 'prefectures': expected level1 or level2 of a network scenario"
assert_no_file "$TMP/sched_bad"
try "schedule --target on a metric intervals lack" "$CCSIM" schedule "$P" --station level2 \
    --target 'etpt<=3' --out "$TMP/sched_bad"
assert_rc 2
assert_err "ccsim schedule: --target 'etpt<=3': etpt is not an interval metric"

# The marginal cost of one more answered call is the ratio of the mean paired differences of
# public_eur_per_year and answered_calls_per_year, so it can be recomputed from the rows of
# compare.csv and sweep.csv themselves (+3 ETPT at level 2: 165,000 EUR more a year).
G="--reps 3 --days 5"
try "compare 13 vs 16 ETPT reports the marginal cost" "$CCSIM" compare \
    scenarios/generalize-13etpt.json scenarios/generalize-16etpt.json $G --out "$TMP/marg" --quiet
assert_rc 0
SMOKE_NAME="compare: marginal_eur_per_answered_call = diff(public EUR) / diff(answered calls)"
awk -F, '$3 == "costs" && $4 == "public_eur_per_year" { c = $7 }
    $3 == "costs" && $4 == "answered_calls_per_year" { n = $7 }
    $3 == "costs" && $4 == "marginal_eur_per_answered_call" { m = $7; lo = $8; hi = $9 }
    END { exit !(c == 165000 && n > 0 && (m - c / n) ^ 2 < 1e-6 && lo <= m && m <= hi) }' \
    "$TMP/marg/compare.csv" && ok || ko "$(grep -E 'public_eur_per_year|answered_calls|marginal' "$TMP/marg/compare.csv")"
try "sweep over level-2 ETPT reports the marginal cost" "$CCSIM" sweep \
    scenarios/generalize-13etpt.json --vary level2.etpt=13:16:3 $G --out "$TMP/margs" --quiet
assert_rc 0
SMOKE_NAME="sweep: point 1's marginal cost is its step of public EUR over its step of answered calls"
awk -F, '$7 == "costs" && $8 == "public_eur_per_year" { c[$2] = $9 }
    $7 == "costs" && $8 == "answered_calls_per_year" { n[$2] = $9 }
    $7 == "costs" && $8 == "marginal_eur_per_answered_call" { m[$2] = $9; k++ }
    END { r = (c[1] - c[0]) / (n[1] - n[0]); exit !(k == 1 && (1 in m) && (m[1] - r) ^ 2 < 1e-6) }' \
    "$TMP/margs/sweep.csv" && ok || ko "$(grep -E 'public_eur_per_year|answered_calls|marginal' "$TMP/margs/sweep.csv")"
