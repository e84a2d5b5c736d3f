# Black-box tests of `ccsim schedule --shifts` (sourced by tests/cli_smoke.sh with
# tests/smoke_lib.sh): the shift plan of shifts.csv, added up again here, gives the agents on
# duty of schedule_intervals.csv (shift_agents), never fewer than the per-interval optimum in
# any interval, with shifts of the declared lengths inside the opening hours; the plan met the
# targets by simulation; its ETPT is the optimum's scaled by the agent-hours; the scenario it
# writes runs with those agents. Bad --shifts values are refused before anything runs.
P=scenarios/pilot14-2013.json
SH="--reps 4 --days 5"

try "schedule --shifts 7.5h,4h of pilot14 level 2" "$CCSIM" schedule "$P" --station level2 \
    --target 'answer_rate>=0.85' --shifts 7.5h,4h $SH --out "$TMP/sh"
assert_rc 0
assert_head "$TMP/sh/shifts.csv" "scenario,station,day,shift_length_h,start,end,agents"
assert_file "$TMP/sh/scenario_shifts.json"
assert_out "shifts of 7.5h,4h:"

# Minutes since midnight of HH:MM.
MIN='function min(t) { split(t, a, ":"); return a[1] * 60 + a[2] }'

SMOKE_NAME="shifts.csv adds up to shift_agents, >= agents, inside the opening hours, lengths 7.5 or 4"
awk -F, "$MIN"'
    FNR == 1 { file++; next }
    file == 1 { k = $3 "," min($4); open[k] = 1; need[k] = $7; have[k] = $11; n++; next }
    { if (($4 != 7.5 && $4 != 4) || min($6) - min($5) != $4 * 60 || $7 < 1) bad = bad " shape:" $0
      for (t = min($5); t < min($6); t += 30) { k = $3 "," t
          if (!(k in open)) bad = bad " closed:" k; sum[k] += $7 } }
    END { for (k in open) { if (sum[k] != have[k]) bad = bad " sum:" k "=" sum[k] "/" have[k]
              if (have[k] < need[k]) bad = bad " short:" k }
          if (bad != "" || n < 50) { print "n " n bad; exit 1 } }' \
    "$TMP/sh/schedule_intervals.csv" "$TMP/sh/shifts.csv" >"$TMP/err" && ok || ko "$(cut -c1-300 "$TMP/err")"

SMOKE_NAME="the shift plan met the target in every interval by simulation"
awk -F, '$3 == "shifts" { n++; if ($4 != 1 || $11 != $12 || $11 < 50 || $14 < 0.85) bad = 1 }
    END { exit bad || n != 1 }' "$TMP/sh/schedule.csv" && ok || ko "$(grep shifts "$TMP/sh/schedule.csv")"

# ETPT is proportional to the agent-hours on duty (docs/model.md s.5), so the shift plan's ETPT
# over the optimum's is the ratio of their agents summed over the open intervals.
SMOKE_NAME="the shift plan's ETPT is the optimum's times its agent-hours over the optimum's"
awk -F, 'FNR == 1 { file++; next }
    file == 1 { a += $7; h += $11; next }
    $3 == "optimised" { o = $5 } $3 == "shifts" { s = $5 }
    END { r = h / a; exit !(h >= a && o > 0 && (s / o - r) ^ 2 < 1e-12) }' \
    "$TMP/sh/schedule_intervals.csv" "$TMP/sh/schedule.csv" && ok ||
    ko "$(cut -d, -f3,5 "$TMP/sh/schedule.csv")"

try "the shift plan's scenario runs" "$CCSIM" run "$TMP/sh/scenario_shifts.json" $SH \
    --out "$TMP/sh_run" --quiet
assert_rc 0
SMOKE_NAME="the shift plan's scenario staffs every interval with shift_agents"
awk -F, 'FNR == 1 { file++; next }
    file == 1 { want[$3 "," $4] = $11; n++; next }
    $2 == "level2" && $5 == "agents_avg" && ($3 "," $4) in want {
        seen++; if ($6 + 0 != want[$3 "," $4] + 0) { bad = bad " " $3 "," $4 "=" $6 } }
    END { if (bad != "" || seen != n || n == 0) { print "n " n " seen " seen bad; exit 1 } }' \
    "$TMP/sh/schedule_intervals.csv" "$TMP/sh_run/intervals.csv" >"$TMP/err" && ok ||
    ko "$(cat "$TMP/err")"

# Refused before any simulation, nothing written.
try "--shifts 7.4h is not whole half hours" "$CCSIM" schedule "$P" --station level2 \
    --target 'answer_rate>=0.85' --shifts 7.4h --out "$TMP/sh_bad"
assert_rc 2
assert_err "ccsim schedule: --shifts: 7.4h is not a whole number of 30-minute intervals"
assert_no_file "$TMP/sh_bad"
try "--shifts 10h fits no opening" "$CCSIM" schedule "$P" --station level2 \
    --target 'answer_rate>=0.85' --shifts 10h --out "$TMP/sh_bad"
assert_rc 2
assert_err "ccsim schedule: --shifts '10h': no shift fits level2 of mon 08:30-18:00 (9.5 h open)"
assert_no_file "$TMP/sh_bad"
for bad in '4h,x' '4h,4' '0' '25h' '4h,'; do
    try "--shifts '$bad'" "$CCSIM" schedule "$P" --station level2 --target 'answer_rate>=0.85' \
        --shifts "$bad" --out "$TMP/sh_bad"
    assert_rc 2
    assert_err "ccsim schedule: --shifts: expected up to 8 distinct lengths in hours in (0, 24] separated by commas (e.g. 7.5h,4h), got '$bad'"
    assert_no_file "$TMP/sh_bad"
done
