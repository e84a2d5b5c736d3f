# Black-box tests of inputs.csv and inputs.json, the resolved inputs every result folder records,
# and of their section in report.html (sourced by tests/cli_smoke.sh with tests/smoke_lib.sh).
# Expected values are derived from the scenario files, not copied from ccsim's output.

I=$TMP/inputs
mkdir -p "$I"
mmcm=$(pwd)/scenarios/validation/mmcm.json
HEAD="variant,scenario,station,parameter,value,unit"

try "inputs: run with overrides" "$CCSIM" run scenarios/baseline-2009.json --reps 2 --days 1 \
    --set level2.etpt=16 --set prefectures.aht_s=120 --out "$I/run" --quiet
assert_rc 0
assert_head "$I/run/inputs.csv" "$HEAD"
assert_file "$I/run/inputs.json"
SMOKE_NAME="inputs: resolved values of a run"
# level1's schedule in base-3939.json: 29 agents for the half hour from 08:30, then one value a
# whole hour to 18:00; the mean over its 9.5 open hours, as sim_csv writes numbers (%.10g).
want=$(awk 'BEGIN { printf "%.10g", (29 * 0.5 + 38 + 41 + 35 + 18 + 20 + 35 + 32 + 23 + 18) / 9.5 }')
grep -qx "0,baseline-2009,level1,agents_mean_open,$want,agents" "$I/run/inputs.csv" && ok ||
    ko "level1 agents_mean_open is not $want"
grep -qx "0,baseline-2009,level2,etpt,16,ETPT" "$I/run/inputs.csv" && ok ||
    ko "the --set level2.etpt=16 is not in inputs.csv"
# Every prefecture (14 in baseline-2009) takes the overridden AHT.
n=$(grep -c '^0,baseline-2009,prefecture:[0-9]*,aht_s,120,s$' "$I/run/inputs.csv")
[ "$n" = 14 ] && ok || ko "$n prefectures with aht_s 120, expected 14"
grep -qx '0,baseline-2009,prefecture:001,open_hours,mon-fri 09:00-12:00 13:30-16:30; sat-sun closed,' \
    "$I/run/inputs.csv" && ok || ko "prefecture open hours wrong"
grep -qx '0,baseline-2009,level2,capacity,unlimited,' "$I/run/inputs.csv" && ok ||
    ko "level2's unlimited queue is not said"
grep -qx '0,baseline-2009,scenario,days,1,days' "$I/run/inputs.csv" && ok || ko "days is not 1"
# The billing basis is an input of the cost figures: the default one is said, not implied.
grep -qx '0,baseline-2009,scenario,l1_billing,per_call_answered,' "$I/run/inputs.csv" && ok ||
    ko "inputs.csv does not say the level-1 billing basis"
grep -qF '"level2.etpt=16"' "$I/run/inputs.json" && ok || ko "inputs.json lacks the --set"
grep -qF '"description":' "$I/run/inputs.json" && ok || ko "inputs.json lacks the description"

try "inputs: report of the run" "$CCSIM" report "$I/run"
assert_rc 0
SMOKE_NAME="report: every metric heading says what it is"
# A metric heading is <code>name</code><br><small>description</small>; an empty description
# means a metric the page has no words for (the cost lines added with the billing bases were).
n=$(grep -o '</code><br><small></small>' "$I/run/report.html" | wc -l)
[ "$n" -eq 0 ] && ok || ko "$n metric headings without a description"
SMOKE_NAME="inputs: report shows the inputs"
grep -qF '<li><code>--set level2.etpt=16</code></li>' "$I/run/report.html" && ok ||
    ko "report lacks the override"
grep -qF 'Scenario <code>baseline-2009</code>' "$I/run/report.html" && ok ||
    ko "report lacks the scenario heading"
grep -qF '<th>prefectures (14)</th>' "$I/run/report.html" && ok ||
    ko "report does not group the 14 prefectures"
# baseline-2009 extends base-3939, where most of its numbers come from: named with its hash.
sha=$(sha256sum scenarios/base-3939.json | cut -d' ' -f1)
grep -qF "it extends <code>scenarios/base-3939.json</code> (SHA-256 <code>$sha</code>)" \
    "$I/run/report.html" && ok || ko "report does not name the extended file and its hash"

try "inputs: compare" "$CCSIM" compare scenarios/baseline-2009.json scenarios/pilot14-2013.json \
    --reps 2 --days 1 --out "$I/cmp" --quiet
assert_rc 0
assert_head "$I/cmp/inputs.csv" "$HEAD"
SMOKE_NAME="inputs: compare holds both scenarios in full"
a=$(grep -c '^0,baseline-2009,' "$I/cmp/inputs.csv")
b=$(grep -c '^1,pilot14-2013,' "$I/cmp/inputs.csv")
[ "$a" -gt 0 ] && [ "$a" = "$b" ] && ok || ko "$a rows for A, $b for B"
# baseline-2009 leaves the prefectures unconnected, pilot14-2013 connects them.
grep -qx '1,pilot14-2013,prefecture:001,interconnected,yes,' "$I/cmp/inputs.csv" && ok ||
    ko "B's prefectures are not interconnected"
grep -qx '0,baseline-2009,prefecture:001,interconnected,no,' "$I/cmp/inputs.csv" && ok ||
    ko "A's prefectures are interconnected"
assert_head "$I/cmp/a/inputs.csv" "$HEAD"

try "inputs: sweep" "$CCSIM" sweep "$mmcm" --vary station.agents=9:11:1 --set run.hours=4 \
    --reps 2 --out "$I/sw" --quiet
assert_rc 0
SMOKE_NAME="inputs: a sweep's other points list only what changes"
grep -qx '0,mmcm,queue,aht_s,240,s' "$I/sw/inputs.csv" && ok || ko "point 0 lacks mmcm's aht_s 240"
grep -qx '2,mmcm,queue,agents_mean_open,11,agents' "$I/sw/inputs.csv" && ok ||
    ko "point 2 lacks its 11 agents"
! grep -q '^[12],mmcm,queue,aht_s,' "$I/sw/inputs.csv" && ok ||
    ko "points 1 and 2 repeat the unchanged aht_s"
grep -qF '"station.agents=9:11:1"' "$I/sw/inputs.json" && ok || ko "inputs.json lacks the --vary"

# Free text never reaches a CSV string cell (docs/csv.md) and is escaped in the page.
cat >"$I/evil.json" <<JSON
{ "extends": "$mmcm", "name": "evil", "run": { "reps": 2, "hours": 4, "warmup_hours": 1 },
  "description": "=HYPERLINK(\"x\") <script>alert(1)</script>\nSECOND: line [SRC] ref" }
JSON
try "inputs: a description a spreadsheet would run" "$CCSIM" run "$I/evil.json" --out "$I/evil" \
    --quiet
assert_rc 0
SMOKE_NAME="inputs: description kept out of inputs.csv"
! grep -qF 'HYPERLINK' "$I/evil/inputs.csv" && ok || ko "the description reached inputs.csv"
try "inputs: report of the hostile description" "$CCSIM" report "$I/evil"
assert_rc 0
SMOKE_NAME="inputs: description escaped"
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$I/evil/report.html" && ok ||
    ko "the description's tag is not escaped"
! grep -qF '<script>' "$I/evil/report.html" && ok || ko "a <script> reached the page"
grep -qF '<p class="desc"><b>SECOND</b>: line <span class="tag">[SRC]</span> ref</p>' \
    "$I/evil/report.html" && ok || ko "the second paragraph, its label and tag are not marked"

cp -R "$I/evil" "$I/broken"
rm -f "$I/broken/report.html"
printf '[1, 2' >"$I/broken/inputs.json"
try "inputs: report of a folder with a broken inputs.json" "$CCSIM" report "$I/broken"
assert_rc 1
assert_err "$I/broken/inputs.json: expected a JSON object written by ccsim, got something else"
assert_no_file "$I/broken/report.html"

cp -R "$I/evil" "$I/old"
rm -f "$I/old/inputs.csv" "$I/old/inputs.json" "$I/old/report.html"
try "inputs: report of a folder of an older ccsim" "$CCSIM" report "$I/old"
assert_rc 0
grep -qF 'No inputs.csv or inputs.json in this directory' "$I/old/report.html" && ok ||
    ko "the page does not say the inputs are missing"
