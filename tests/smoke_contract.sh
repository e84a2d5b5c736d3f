# The CSV contract of every command (sourced by tests/cli_smoke.sh with tests/smoke_lib.sh):
# exact headers, ci_low <= mean (or diff) <= ci_high on every row of every file, reps an
# integer >= 0 (0 only where the value is nan), counts >= 0 whose sum over replications
# (mean x reps) is an integer, 0/1 flags, and "significant" exactly when the interval excludes
# 0; and every bad-input case through the command line prints exactly its .err. Small runs
# keep it fast.
M=scenarios/validation/mmcm.json
NET=tests/data/center/small.json
SMALL="--set run.hours=30 --reps 4"

# contract_rows FILE CENTER: every row of FILE against the rules above; CENTER is the column
# the interval is around (mean, or diff in compare.csv). Prints the first broken row.
contract_rows() {
    SMOKE_NAME="contract of $(basename "$(dirname "$1")")/$(basename "$1")"
    [ -s "$1" ] || {
        ko "missing file $1"
        return
    }
    bad=$(awk -F, -v center="$2" '
        function num(s) { return s + 0 }
        function isnan(s) { return s == "nan" || s == "-nan" }
        function integral(x) { return x == int(x) }
        NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        {
            l = $col["ci_low"]; m = $col[center]; h = $col["ci_high"]
            if (!isnan(l) && !isnan(m) && !isnan(h) && !(num(l) <= num(m) && num(m) <= num(h))) {
                print "line " NR ": ci_low " l " <= " center " " m " <= ci_high " h " broken: " $0; exit
            }
            # reps counts the replications where the value is defined: none, and it is nan
            if ("reps" in col && !(integral(num($col["reps"])) && num($col["reps"]) >= 0 &&
                                   (num($col["reps"]) > 0 || isnan(m)))) {
                print "line " NR ": reps " $col["reps"] " is not a count of " center ": " $0; exit
            }
            if ("significant" in col) {
                s = $col["significant"]
                want = (!isnan(l) && num(l) > 0) || (!isnan(h) && num(h) < 0)
                if ((s != "0" && s != "1") || num(s) != want) {
                    print "line " NR ": significant " s " but the interval is [" l ", " h "]: " $0; exit
                }
            }
            # unit: one of the documented words; a share is within [0, 1], mean and interval
            if ("unit" in col) {
                u = $col["unit"]
                if (u !~ /^(calls\/run|calls\/interval|calls\/open day|days\/run|share|s|h|agents|etpt|erlang|EUR\/year|EUR\/call|calls\/year)$/) {
                    print "line " NR ": unit '" u "': " $0; exit
                }
                if (u == "share" && center == "mean" && !isnan(m) &&
                    (num(m) < 0 || num(m) > 1 || (!isnan(h) && num(h) > 1))) {
                    print "line " NR ": a share outside [0, 1]: " $0; exit
                }
            }
            if ("meets" in col && $col["meets"] != "0" && $col["meets"] != "1") {
                print "line " NR ": meets is " $col["meets"] ": " $0; exit
            }
            # counts: summary rows and journeys counts are sums of whole calls
            metric = ("metric" in col) ? $col["metric"] : ""
            if (FILENAME ~ /(summary|journeys)\.csv$/ &&
                metric ~ /^(offered|answered|abandoned|blocked|transferred|unanswered_general|count)$/) {
                total = num(m) * num($col["reps"])
                if (num(m) < 0 || (total - int(total + 0.5)) ^ 2 > (1e-6 * (1 + total)) ^ 2) {
                    print "line " NR ": " metric " mean " m " x reps is not a count >= 0: " $0; exit
                }
            }
        }' "$1")
    [ -z "$bad" ] && ok || ko "$bad"
}

try "contract: run (station model)" "$CCSIM" run "$M" $SMALL --out "$TMP/c_run"
assert_rc 0
assert_head "$TMP/c_run/summary.csv" "scenario,station,metric,mean,ci_low,ci_high,reps,unit"
assert_head "$TMP/c_run/intervals.csv" \
    "scenario,station,day,interval_start,metric,mean,ci_low,ci_high,reps,analytic,analytic_model,unit"
contract_rows "$TMP/c_run/summary.csv" mean
contract_rows "$TMP/c_run/intervals.csv" mean

try "contract: run (network)" "$CCSIM" run "$NET" --set run.days=3 --reps 3 --out "$TMP/c_net"
assert_rc 0
assert_head "$TMP/c_net/summary.csv" "scenario,station,metric,mean,ci_low,ci_high,reps,unit"
assert_head "$TMP/c_net/intervals.csv" \
    "scenario,station,day,interval_start,metric,mean,ci_low,ci_high,reps,analytic,analytic_model,unit"
assert_head "$TMP/c_net/journeys.csv" "scenario,outcome,metric,mean,ci_low,ci_high,reps,unit"
contract_rows "$TMP/c_net/summary.csv" mean
contract_rows "$TMP/c_net/intervals.csv" mean
contract_rows "$TMP/c_net/journeys.csv" mean

# An eleventh agent: waits go down and answers go up, so both signs are significant.
printf '{ "extends": "%s", "station": { "agents": 11 } }\n' "$(pwd)/$M" >"$TMP/c_mmcm11.json"
try "contract: compare" "$CCSIM" compare "$M" "$TMP/c_mmcm11.json" $SMALL --out "$TMP/c_cmp"
assert_rc 0
assert_head "$TMP/c_cmp/compare.csv" \
    "scenario_a,scenario_b,station,metric,mean_a,mean_b,diff,ci_low,ci_high,reps,significant,unit"
contract_rows "$TMP/c_cmp/compare.csv" diff
contract_rows "$TMP/c_cmp/a/summary.csv" mean
contract_rows "$TMP/c_cmp/b/summary.csv" mean
SMOKE_NAME="contract: compare finds a significant increase and a significant decrease"
grep -q '^mmcm,[^,]*,queue,answer_rate,.*,1,share$' "$TMP/c_cmp/compare.csv" &&
    grep -q '^mmcm,[^,]*,queue,asa_s,.*,1,s$' "$TMP/c_cmp/compare.csv" && ok ||
    ko "answer_rate (up) or asa_s (down) not significant: $(grep -E 'answer_rate|asa_s' "$TMP/c_cmp/compare.csv" | tr '\n' ' ')"

try "contract: sweep" "$CCSIM" sweep "$M" $SMALL --vary station.agents=9:11:1 --out "$TMP/c_sweep"
assert_rc 0
assert_head "$TMP/c_sweep/sweep.csv" \
    "scenario,point,x_path,x,y_path,y,station,metric,mean,ci_low,ci_high,reps,base_point,diff,diff_ci_low,diff_ci_high,diff_significant,unit"
contract_rows "$TMP/c_sweep/sweep.csv" mean
# The paired difference of each point against the first: 0 (exactly, the same run) at the first
# point, its interval around it, diff_significant exactly when that interval excludes 0, and
# diff = mean - the first point's mean (the same replications: every value is defined here).
SMOKE_NAME="contract: sweep.csv paired differences against the first point"
bad=$(awk -F, 'NR == 1 { next }
    { key = $7 "," $8 }
    $2 == 0 { first[key] = $9; if ($13 != 0 || $14 != 0) { print "base " $0; exit } }
    {
        if ($15 != "nan" && ($15 > $14 || $14 > $16)) { print "ci " $0; exit }
        want = ($15 != "nan" && $15 > 0) || ($16 != "nan" && $16 < 0)
        if ($17 != want) { print "significant " $0; exit }
        d = $9 - first[key] - $14; if (d < 0) d = -d
        if (d > 1e-6 * (1 + ($9 < 0 ? -$9 : $9))) { print "diff " $0; exit }
    }' "$TMP/c_sweep/sweep.csv")
[ -z "$bad" ] && ok || ko "$bad"
SMOKE_NAME="contract: sweep finds the tenth and eleventh agents significant"
n=$(awk -F, '$7 == "queue" && $8 == "answer_rate" && $2 > 0 && $17 == 1' "$TMP/c_sweep/sweep.csv" | wc -l)
[ "$n" -eq 2 ] && ok || ko "$n points with a significant answer_rate difference, expected 2"

try "contract: staff" "$CCSIM" staff "$M" $SMALL --station queue --target 'sl_60>=0.8' \
    --target 'abandon_rate<=0.1' --out "$TMP/c_staff"
assert_rc 0
assert_head "$TMP/c_staff/staff.csv" \
    "scenario,step,station,scale,agents_avg,etpt,eur_per_year,metric,mean,ci_low,ci_high,meets,target"
contract_rows "$TMP/c_staff/staff.csv" mean

# Bad input through the command line: for every tests/data/bad case, exit code 2, stderr
# exactly its .err (every line, not only the first) and no output directory.
SMOKE_NAME="ccsim run of every tests/data/bad case prints exactly its .err"
bad_cases=0
bad_wrong=
for j in tests/data/bad/*.json; do
    bad_cases=$((bad_cases + 1))
    e=${j%.json}.err
    "$CCSIM" run "$j" --out "$TMP/c_bad" >/dev/null 2>"$TMP/c_bad.err"
    rc=$?
    if [ "$rc" -ne 2 ] || ! cmp -s "$TMP/c_bad.err" "$e" || [ -e "$TMP/c_bad" ]; then
        bad_wrong="$bad_wrong $j(rc $rc)"
        rm -rf "$TMP/c_bad"
    fi
done
[ "$bad_cases" -gt 100 ] && [ -z "$bad_wrong" ] && ok || ko "$bad_cases cases, wrong:$bad_wrong"
