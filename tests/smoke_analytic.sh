# Black-box tests of the analytic column of intervals.csv (sourced by tests/cli_smoke.sh with
# tests/smoke_lib.sh). Level 1 has 3 waiting places and blocks about a fifth of its callers: a
# reference that ignores the capacity (Erlang A) predicts no blocking at all and answer and
# abandon rates 3-4 times off. The case is pilot14-2013 made as stationary as a network gets:
# flat weekday and hourly weights, one level-1 staffing of 30 agents all day, exponential
# handling (gamma of cv 1). Level 1's inflow (direct calls and transfers) is then close to
# Poisson within each interval, which is what the M/M/c/K+M reference assumes.

pilot=$(pwd)/scenarios/pilot14-2013.json
cat >"$TMP/flat.json" <<JSON
{ "extends": "$pilot", "name": "flat",
  "calendar": { "weekday_weights": [1, 1, 1, 1, 1, 0, 0],
                "intraday_weights": [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                     0, 0, 0, 0, 0, 0] },
  "level1": { "agents_schedule": [ { "from": "08:30", "to": "18:00", "agents": 30 } ],
              "service_dist": "gamma", "service_cv": 1 } }
JSON
try "run the stationary level-1 case" "$CCSIM" run "$TMP/flat.json" --out "$TMP/flat" --quiet \
    --jobs 2
assert_rc 0
assert_head "$TMP/flat/intervals.csv" \
    "scenario,station,day,interval_start,metric,mean,ci_low,ci_high,reps,analytic,analytic_model,unit"

# Which formula each station's rows use: level 1 and the prefectures have a finite waiting line
# (3 and 4 places), level 2 an unlimited one with patience.
SMOKE_NAME="analytic_model names the formula of each station"
models=$(awk -F, 'NR > 1 && $5 == "answered" { m[$2] = m[$2] == "" || m[$2] == $11 ? $11 : "several" }
    END { print m["switchboard"], m["level1"], m["level2"] }' "$TMP/flat/intervals.csv")
[ "$models" = "mmck mmck erlang_a" ] && ok || ko "switchboard, level1, level2 models: '$models'"

# Pooled over the level-1 intervals of the week: D = mean over rows of (simulated mean - analytic)
# against its standard error sqrt(sum se_i^2) / n, se_i = 95 % half-width / t(0.975, 9) (10
# replications). Rows are different half hours, nearly independent. The 08:30 interval is left
# out: each day starts with an empty queue, a transient a stationary formula does not describe.
# |D| < 4 SE: with a fixed seed the test is deterministic, and 4 SE leaves room for the slight
# dependence between successive intervals. blocked is a count per interval (unit calls).
pooled_z() { # pooled_z METRIC -> prints "n D SE"
    awk -F, -v m="$1" 'NR > 1 && $2 == "level1" && $5 == m && $4 != "08:30" &&
        $10 != "nan" && $7 != "nan" {
            se = ($8 - $7) / (2 * 2.262); n++; d += $6 - $10; v += se * se }
        END { if (n > 0) printf "%d %.6g %.6g\n", n, d / n, sqrt(v) / n; else print "0 0 0" }' \
        "$TMP/flat/intervals.csv"
}
for m in answer_rate abandon_rate blocked sl_20 asa_s; do
    SMOKE_NAME="level-1 analytic $m within 4 SE of the simulation"
    set -- $(pooled_z "$m")
    awk -v n="$1" -v d="$2" -v se="$3" 'BEGIN { exit !(n >= 80 && se > 0 && d < 4 * se && -d < 4 * se) }' &&
        ok || ko "$m: $1 intervals, simulated - analytic = $2, SE $3"
done

# Blocking is a fifth of level 1's calls here: the reference must predict it (Erlang A says 0).
SMOKE_NAME="level-1 analytic blocked share is that of a finite line"
share=$(awk -F, 'NR > 1 && $2 == "level1" && $4 != "08:30" && $10 != "nan" {
        if ($5 == "blocked") b += $10; if ($5 == "offered") o += $10 }
    END { printf "%.4f\n", (o > 0 ? b / o : 0) }' "$TMP/flat/intervals.csv")
awk -v s="$share" 'BEGIN { exit !(s > 0.1 && s < 0.4) }' && ok ||
    ko "analytic blocked share of level 1 is $share, expected between 0.1 and 0.4"

# No waiting place is Erlang B: every caller who finds the two operators busy is blocked, nobody
# abandons, and the analytic abandon rate of the switchboard is exactly 0.
try "run with prefectures.capacity 0" "$CCSIM" run "$TMP/flat.json" --set prefectures.capacity=0 \
    --set run.days=1 --reps 2 --out "$TMP/flatb" --quiet --jobs 2
assert_rc 0
SMOKE_NAME="capacity 0 is Erlang B"
bad=$(awk -F, 'NR > 1 && $2 == "switchboard" && $5 == "abandon_rate" && $10 != "nan" {
        n++; if ($11 != "erlang_b" || $10 != 0) print $4 "=" $10 "," $11 }
    END { if (n == 0) print "no rows" }' "$TMP/flatb/intervals.csv")
[ -z "$bad" ] && ok || ko "switchboard abandon_rate not an Erlang B 0: $bad"
