# Black-box tests of `ccsim plot` and `ccsim report` on the folders of `ccsim sensitivity` and
# `ccsim uncertainty --decide` written WITHOUT --plot (sourced by tests/cli_smoke.sh with
# tests/smoke_lib.sh): the folder-rebuild path must find tornado.csv and decide.csv, and the page
# must show their tables, with every string from a CSV escaped.

mmcm=$(pwd)/scenarios/validation/mmcm.json
R=$TMP/rep_unc
mkdir -p "$R"
cat >"$R/unc.json" <<JSON
{ "extends": "$mmcm", "name": "repunc", "run": { "reps": 2, "hours": 40, "warmup_hours": 2 },
  "uncertain": {
    "costs.etpt_eur_per_year": { "dist": "uniform", "low": 20000, "high": 90000, "source": "test" },
    "station.aht_s": { "dist": "triangular", "low": 200, "mode": 240, "high": 300, "source": "test" }
  } }
JSON

try "sensitivity without --plot" "$CCSIM" sensitivity "$R/unc.json" --metric queue.answer_rate \
    --set run.hours=4 --reps 2 --out "$R/D1" --quiet
assert_rc 0
assert_no_file "$R/D1/tornado_1.svg"

try "uncertainty --decide without --plot" "$CCSIM" uncertainty "$R/unc.json" --samples 6 \
    --reps 2 --set run.hours=4 --metric queue.answer_rate --out "$R/D2" --quiet \
    --decide station.agents=8,10,12 --target 'queue.answer_rate>=0.9' --confidence 0.8
assert_rc 0
assert_no_file "$R/D2/decide.svg"

try "plot draws the tornado of a sensitivity folder" "$CCSIM" plot "$R/D1"
assert_rc 0
assert_file "$R/D1/tornado.gp"
assert_file "$R/D1/tornado_1.svg"
assert_file "$R/D1/tornado_1.png"

try "report on a sensitivity folder" "$CCSIM" report "$R/D1"
assert_rc 0
assert_out "wrote $R/D1/report.html"
grep -qF '<h2>Sensitivity</h2>' "$R/D1/report.html" && ok || ko "D1 report lacks the Sensitivity section"
grep -qF '<code>station.aht_s</code>' "$R/D1/report.html" && ok || ko "D1 report lacks the input station.aht_s"
grep -qF 'tornado_1.svg' "$R/D1/report.html" && ok || ko "D1 report lacks the tornado figure"
# The rows keep the CSV's order (largest swing first): the inputs of the table, top to bottom.
want=$(cut -d, -f1 "$R/D1/sensitivity.csv" | sed 1d | tr '\n' ' ')
got=$(sed -n '/<h2>Sensitivity/,/<\/table>/p' "$R/D1/report.html" |
    sed -n 's/^<tr><td><code>\([^<]*\)<\/code>.*/\1/p' | tr '\n' ' ')
[ -n "$want" ] && [ "$want" = "$got" ] && ok || ko "sensitivity rows '$got', CSV order '$want'"

# A hand-edited input name reaches the page as text, never as markup.
sed 's/^station\.aht_s,/station.<script>alert(1)<\/script>,/' "$R/D1/sensitivity.csv" >"$R/s.csv" &&
    mv "$R/s.csv" "$R/D1/sensitivity.csv"
try "report escapes an input name from sensitivity.csv" "$CCSIM" report "$R/D1"
assert_rc 0
grep -qF 'station.&lt;script&gt;alert(1)&lt;/script&gt;' "$R/D1/report.html" && ok ||
    ko "report.html lacks the escaped input name"
grep -q '<script' "$R/D1/report.html" && ko "report.html holds a live <script>" || ok

try "report on an uncertainty folder draws the decide figure" "$CCSIM" report "$R/D2"
assert_rc 0
assert_file "$R/D2/decide.svg"
assert_file "$R/D2/decide.png"
for h in '<h2>Uncertainty</h2>' '(PRCC)</h3>' '<h3>Decision</h3>' '<code>station.aht_s</code>' \
    'decide.svg'; do
    grep -qF -- "$h" "$R/D2/report.html" && ok || ko "D2 report lacks '$h'"
done
# The input share of the variance, in %, as uncertainty_summary.csv has it.
share=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "input_share") c = i; next }
    { printf "%.1f %%", 100 * $c; exit }' "$R/D2/uncertainty_summary.csv")
grep -qF "<td>$share</td>" "$R/D2/report.html" && ok || ko "D2 report lacks the input share '$share'"
# The candidate chosen in decide.csv is the one in bold, and it meets the requirement.
chosen=$(awk -F, 'NR > 1 && $9 == 1 { print $1 "=" $2 }' "$R/D2/decide.csv")
grep -qF "<tr class=\"ok\"><td><code><strong>$chosen</strong>" "$R/D2/report.html" && ok ||
    ko "D2 report does not mark the chosen candidate '$chosen'"

# Headless screenshot when a browser is installed (for a look by hand; asserts nothing).
for b in chromium chromium-browser; do
    command -v "$b" >/dev/null 2>&1 || continue
    "$b" --headless --no-sandbox --screenshot="$R/D2/report.png" --window-size=1000,1400 \
        "file://$R/D2/report.html" >/dev/null 2>&1 || true
    break
done
