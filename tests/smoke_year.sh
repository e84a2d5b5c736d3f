# Black-box tests of the dated calendar (sourced by tests/cli_smoke.sh with tests/smoke_lib.sh):
# months.csv and its open days, the manifest's period, yearly costs from the simulated year (or
# scaled, and saying so), units that say their period, the months figure and report section,
# and no months.csv for an undated run. Expected numbers come from the 2013 calendar, not from
# a run: May 2013 has 23 weekdays, 4 of them public holidays (1, 8, 9 and 20 May), so 19 open
# days; the year 2013 has 261 weekdays, 10 of them holidays (14 July is a Sunday), so 251.
Y=scenarios/generalize-16etpt-2013.json
LIGHT="--set prefectures.count=3 --set level1.direct_calls_per_day=300"

# cell FILE STATION METRIC [MONTH]: the mean of a summary.csv (or months.csv) row.
cell() {
    awk -F, -v s="$2" -v m="$3" -v mo="${4:-}" '
        NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $col["station"] == s && $col["metric"] == m && (mo == "" || $col["month"] == mo) {
            print $col["mean"]; exit
        }' "$1"
}
# close A B REL: |A - B| <= REL * |B|
close() { awk -v a="$1" -v b="$2" -v r="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; if (b < 0) b = -b; exit !(d <= r * b) }'; }

# ---- one month, May 2013: scaled yearly figures ---------------------------------------------
M="$TMP/may"
try "year: May 2013 runs" "$CCSIM" run "$Y" $LIGHT --set run.days=31 --set calendar.start=2013-05-01 \
    --reps 2 --jobs 1 --out "$M"
assert_rc 0
assert_out "(per year: 19 simulated open days scaled to 250 open days per year)"
assert_head "$M/months.csv" "scenario,station,month,metric,mean,ci_low,ci_high,reps,unit"
SMOKE_NAME="year: May 2013 has one month, 19 open days at level 1"
[ "$(awk -F, 'NR > 1 { print $3 }' "$M/months.csv" | sort -u)" = 5 ] && ok || ko "months: $(awk -F, 'NR > 1 { print $3 }' "$M/months.csv" | sort -u | tr '\n' ' ')"
[ "$(cell "$M/months.csv" level1 open_days 5)" = 19 ] && ok || ko "open_days $(cell "$M/months.csv" level1 open_days 5)"
SMOKE_NAME="year: months.csv counts per open day = the run's total / open days"
off=$(cell "$M/summary.csv" level1 offered)
per=$(cell "$M/months.csv" level1 offered 5)
close "$per" "$(awk -v o="$off" 'BEGIN { printf "%.17g", o / 19 }')" 1e-6 && ok || ko "$per per open day, $off in the run"
SMOKE_NAME="year: the manifest's period says the dates, open days and how a year is made"
grep -q '"first_day":[[:space:]]*"2013-05-01"' "$M/manifest.json" && ok || ko "first_day"
grep -q '"last_day":[[:space:]]*"2013-05-31"' "$M/manifest.json" && ok || ko "last_day"
grep -q '"open_days_level1":[[:space:]]*19,' "$M/manifest.json" && ok || ko "open_days_level1"
grep -q '"per_year":[[:space:]]*"open days scaled to costs.open_days_per_year"' "$M/manifest.json" && ok || ko "per_year"
SMOKE_NAME="year: a scaled month bills level 1 at answered x 2.4 EUR x 250 / 19"
ans=$(cell "$M/summary.csv" level1 answered)
eur=$(cell "$M/summary.csv" costs l1_total_eur_per_year)
close "$eur" "$(awk -v a="$ans" 'BEGIN { printf "%.17g", a * 2.4 * 250 / 19 }')" 1e-6 && ok || ko "$eur EUR/year for $ans answered"
SMOKE_NAME="year: units say their period"
grep -q '^[^,]*,level1,offered,.*,calls/run$' "$M/summary.csv" && ok || ko "summary.csv offered unit"
grep -q ',offered,.*,calls/interval$' "$M/intervals.csv" && ok || ko "intervals.csv offered unit"
grep -q ',level1,5,offered,.*,calls/open day$' "$M/months.csv" && ok || ko "months.csv offered unit"
grep -q ',level1,5,open_days,.*,days/run$' "$M/months.csv" && ok || ko "months.csv open_days unit"

# The analytic column of intervals.csv predicts the mean of a bin's occurrences: in May 2013 the
# 5 Wednesdays include 2 holidays (1 and 8 May) and the 4 Tuesdays none, so with weekday weights
# Wed 0.95 and Tue 1.05 (month weight and spring peak the same on both) the predicted offered
# calls of Wednesday 09:00 are 0.95 x 3/5 / 1.05 = 0.542857 of Tuesday 09:00's.
SMOKE_NAME="year: the analytic offered calls of a weekday count its closed dates"
ana() { awk -F, -v d="$1" '$2 == "switchboard" && $3 == d && $4 == "09:00" && $5 == "offered" { print $10 }' "$M/intervals.csv"; }
close "$(awk -v w="$(ana wed)" -v t="$(ana tue)" 'BEGIN { printf "%.17g", w / t }')" 0.5428571428571429 1e-6 && ok || ko "wed $(ana wed), tue $(ana tue)"

try "year: ccsim plot draws the months figure" "$CCSIM" plot "$M"
assert_rc 0
assert_file "$M/months.gp"
assert_file "$M/months.png"
assert_file "$M/months.svg"
try "year: ccsim report shows the months" "$CCSIM" report "$M"
assert_rc 0
grep -q "<h2>Calendar months</h2>" "$M/report.html" && ok || ko "no months section"
grep -q "Per year: open days scaled to costs.open_days_per_year" "$M/report.html" && ok || ko "no per-year basis"

# ---- the year 2013: yearly figures are the simulated year's totals --------------------------
A="$TMP/y2013"
try "year: 2013 runs" "$CCSIM" run "$Y" $LIGHT --reps 1 --jobs 1 --out "$A"
assert_rc 0
assert_out "(per year: totals of the simulated 2013-01-01 to 2013-12-31, 251 open days)"
SMOKE_NAME="year: 2013 has twelve months and 251 open days at level 1"
[ "$(awk -F, '$2 == "level1" && $4 == "open_days" { n++; s += $5 } END { print n, s }' "$A/months.csv")" = "12 251" ] && ok || ko "$(awk -F, '$2 == "level1" && $4 == "open_days" { n++; s += $5 } END { print n, s }' "$A/months.csv")"
grep -q '"per_year":[[:space:]]*"simulated years'"'"' totals"' "$A/manifest.json" && ok || ko "per_year"
SMOKE_NAME="year: the simulated year bills level 1 at answered x 2.4 EUR, unscaled"
ans=$(cell "$A/summary.csv" level1 answered)
eur=$(cell "$A/summary.csv" costs l1_total_eur_per_year)
close "$eur" "$(awk -v a="$ans" 'BEGIN { printf "%.17g", a * 2.4 }')" 1e-9 && ok || ko "$eur EUR/year for $ans answered"

# ---- undated runs write what they always wrote ----------------------------------------------
try "year: an undated run has no months.csv" "$CCSIM" run tests/data/center/small.json --reps 1 \
    --out "$TMP/undated"
assert_rc 0
assert_file "$TMP/undated/summary.csv"
assert_no_file "$TMP/undated/months.csv"
grep -q '"first_day":[[:space:]]*null' "$TMP/undated/manifest.json" && ok || ko "first_day not null"

# ---- ccsim check says the calendar: 2013 has 11 public holidays (one, 14 July, a Sunday) -----
try "year: ccsim check prints the calendar" "$CCSIM" check "$Y"
assert_rc 0
assert_out "calendar: 2013-01-01 to 2013-12-31, 11 closed dates (11 holidays), 1 peaks; yearly figures are the simulated years' totals"
try "year: ccsim check of an undated scenario prints no calendar" "$CCSIM" check scenarios/generalize-16etpt.json
grep -q "^calendar:" "$TMP/out" && ko "calendar line for an undated scenario" || ok

# ---- months.csv keeps the CSV contract: ci_low <= mean <= ci_high, shares in [0, 1] ----------
SMOKE_NAME="year: months.csv rows keep ci_low <= mean <= ci_high and shares in [0, 1]"
bad=$(awk -F, '
    function isnan(s) { return s == "nan" || s == "-nan" }
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    {
        l = $col["ci_low"]; m = $col["mean"]; h = $col["ci_high"]
        if (!isnan(l) && !isnan(m) && !isnan(h) && !(l + 0 <= m + 0 && m + 0 <= h + 0)) { print NR ": " $0; exit }
        if ($col["unit"] == "share" && !isnan(m) && (m + 0 < 0 || m + 0 > 1)) { print NR ": " $0; exit }
    }' "$M/months.csv")
[ -z "$bad" ] && ok || ko "line $bad"
