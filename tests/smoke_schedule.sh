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
assert_head "$TMP/sched/schedule.csv" "scenario,station,plan,found,etpt,eur_per_year,agents_avg,agents_min,agents_max,intervals_open,intervals_met,metric,mean,ci_low,ci_high"
assert_head "$TMP/sched/schedule_intervals.csv" "scenario,station,day,interval_start,offered,erlang_a_agents,agents,metric,value,met"
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

try "schedule --station prefectures" "$CCSIM" schedule "$P" --station prefectures \
    --target 'answer_rate>=0.8' --out "$TMP/sched_bad"
assert_rc 2
assert_err "ccsim schedule: --station 'prefectures': expected level1 or level2 of a network scenario"
assert_no_file "$TMP/sched_bad"
try "schedule --target on a metric intervals lack" "$CCSIM" schedule "$P" --station level2 \
    --target 'etpt<=3' --out "$TMP/sched_bad"
assert_rc 2
assert_err "ccsim schedule: --target 'etpt<=3': etpt is not an interval metric"
