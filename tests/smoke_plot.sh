# Black-box tests of `ccsim plot` and `ccsim report` (sourced by tests/cli_smoke.sh with
# tests/smoke_lib.sh). They work on copies of the CSV fixtures in tests/data/plot/<kind>/
# (synthetic but realistic output of run, compare, sweep and staff; gen_fixtures.py there made
# them), never on a simulation, so they pin the CSV contract the plots and the report read.

P="$TMP/plot"
rm -rf "$P"
cp -R tests/data/plot "$P"
rm -f "$P/gen_fixtures.py"

# kind:script:figures (the figures each kind must produce, as PNG and SVG)
for spec in \
    "run:intervals.gp load.gp journeys.gp:intervals_switchboard intervals_level1 intervals_level2 load_level2 journeys" \
    "queue:intervals.gp load.gp:intervals_queue load_queue" \
    "compare:compare.gp:compare_network compare_switchboard compare_level1 compare_level2 compare_costs" \
    "sweep:sweep.gp:sweep_level2" \
    "sweep2d:sweep.gp:sweep_network sweep_level2" \
    "staff:staff.gp:staff"; do
    kind=${spec%%:*}
    rest=${spec#*:}
    scripts=${rest%%:*}
    figures=${rest#*:}
    d="$P/$kind"
    try "plot draws the $kind figures" "$CCSIM" plot "$d"
    assert_rc 0
    assert_out "as PNG and SVG in $d"
    for s in $scripts; do
        assert_file "$d/$s"
    done
    for fig in $figures; do
        assert_file "$d/$fig.png"
        assert_file "$d/$fig.svg"
    done
    try "report writes one page for $kind" "$CCSIM" report "$d"
    assert_rc 0
    assert_out "wrote $d/report.html"
    assert_file "$d/report.html"
    grep -q "<svg" "$d/report.html" && ok || ko "$kind/report.html has no inline <svg>"
    grep -qi "<script" "$d/report.html" && ko "$kind/report.html has a <script>" || ok
    grep -q "<img" "$d/report.html" && ko "$kind/report.html links an image file" || ok
done

grep -q "gnuplot intervals.gp" "$P/run/intervals.gp" && ok || ko "intervals.gp lacks its re-run line"
grep -q 'strcol(c_station) eq station' "$P/run/intervals.gp" && ok || ko "intervals.gp does not select rows"
grep -q "target: sl_60 >= 80 %" "$P/staff/staff.gp" && ok || ko "staff.gp lacks the target from the manifest"
grep -q "sweep_switchboard" "$P/sweep/sweep.gp" && ko "sweep.gp draws a station the sweep left unchanged" || ok
grep -q "Summary by station" "$P/run/report.html" && ok || ko "run report lacks the summary table"
grep -q "20130731" "$P/run/report.html" && ok || ko "run report lacks the manifest's seed"
grep -q "Yearly costs" "$P/run/report.html" && ok || ko "run report lacks the costs"
grep -q "Journeys of general-information calls" "$P/run/report.html" && ok || ko "run report lacks journeys"
grep -q "Smallest staffing that meets every target: step 4" "$P/staff/report.html" && ok ||
    ko "staff report lacks the answer"
grep -q "Run B" "$P/compare/report.html" && ok || ko "compare report lacks the manifests of a/ and b/"
[ -s "$P/compare/a/intervals_level2.svg" ] && ko "compare plotted a/ that has no intervals.csv" || ok

# staff.csv does not carry the target; a "target" column, when a future version writes one,
# wins over the manifest's command line.
mkdir -p "$P/staff_col"
awk -F, 'NR == 1 { print $0 ",target"; next } { print $0 "," $8 ($8 == "sl_60" ? ">=0.85" : "<=0.04") }' \
    "$P/staff/staff.csv" >"$P/staff_col/staff.csv"
try "plot reads targets from a target column" "$CCSIM" plot "$P/staff_col"
assert_rc 0
grep -q "target: sl_60 >= 85 %" "$P/staff_col/staff.gp" && ok || ko "staff.gp ignores the target column"

try "report --out writes elsewhere" "$CCSIM" report "$P/sweep" --out "$TMP/sweep.html"
assert_rc 0
assert_file "$TMP/sweep.html"

rm -f "$P/queue/"*.svg
try "report draws missing figures first" "$CCSIM" report "$P/queue"
assert_rc 0
assert_file "$P/queue/intervals_queue.svg"

mkdir -p "$P/nogp"
cp "$P/run/summary.csv" "$P/run/intervals.csv" "$P/nogp/"
try "report without gnuplot still writes the tables" env PATH=/nonexistent "$CCSIM" report "$P/nogp"
assert_rc 0
assert_err "ccsim report: warning: figures left out of the report"
grep -q "Some figures could not be drawn" "$P/nogp/report.html" && ok || ko "nogp report hides the failure"

try "plot without gnuplot keeps the scripts" env PATH=/nonexistent "$CCSIM" plot "$P/sweep"
assert_rc 1
assert_err "ccsim plot: gnuplot not found; install gnuplot-nox (scripts written in $P/sweep)"
assert_file "$P/sweep/sweep.gp"

try "plot reports a missing directory" "$CCSIM" plot "$TMP/no_such_dir"
assert_rc 2
assert_err "ccsim plot: $TMP/no_such_dir: No such file or directory"

try "report reports a missing directory" "$CCSIM" report "$TMP/no_such_dir"
assert_rc 2
assert_err "ccsim report: $TMP/no_such_dir: No such file or directory"

try "plot wants a directory" "$CCSIM" plot "$P/run/summary.csv"
assert_rc 2
assert_err "expected a directory, got a file"

mkdir -p "$P/empty"
try "plot finds nothing to draw" "$CCSIM" plot "$P/empty"
assert_rc 2
assert_err "no CSV file to plot"

try "report finds nothing to report" "$CCSIM" report "$P/empty"
assert_rc 2
assert_err "no ccsim CSV file"

try "plot needs a directory" "$CCSIM" plot
assert_rc 2
assert_err "usage: ccsim plot DIR"

try "report rejects an unknown option" "$CCSIM" report "$P/run" --frobnicate
assert_rc 2
assert_err "unknown option '--frobnicate'"

mkdir -p "$P/bad"
printf 'scenario,step,station,scale,agents_avg,etpt,eur_per_year,metric,mean,ci_low,ci_high,meets\n"x,0\n' \
    >"$P/bad/staff.csv"
try "plot names a malformed CSV line" "$CCSIM" plot "$P/bad"
assert_rc 1
assert_err "$P/bad/staff.csv:2: expected a closing quote, got end of file"

printf 'scenario,step,station\nx,0,level2\n' >"$P/bad/staff.csv"
try "plot names a missing column" "$CCSIM" plot "$P/bad"
assert_rc 1
assert_err "$P/bad/staff.csv: expected column 'metric' in the header"

# No script reads its data through a shell: gnuplot runs a file name starting with '<' (or a
# pipe) as a command, so no quoted string in a .gp may start with one (docs/security.md).
SMOKE_NAME="scripts read no data through a shell"
for gp in "$P"/*/*.gp; do
    grep -n "[\"'] *[<|][^|]" "$gp" && ko "$gp has a shell filter" || ok
done

# Closures are gaps and closed slots are left out (intervals.csv as written since the analytic
# column). Station q is open 09:00-10:30 and 13:30-14:30 on Monday; at 18:00 it is closed but
# a late call reached it (agents_avg undefined, 0 scheduled). The offered-load line must have
# the segments 09:00-09:30, 09:30-10:00 and 13:30-14:00 only: none across the lunch closure,
# none to 18:00, whose x position is undefined (the axis has open hours only).
mkdir -p "$P/gaps"
{
    echo "scenario,station,day,interval_start,metric,mean,ci_low,ci_high,reps,analytic,analytic_model,unit"
    for t in 09:00 09:30 10:00 13:30 14:00; do
        echo "g,q,mon,$t,offered,10,9,11,3,10,mmck,calls"
        echo "g,q,mon,$t,blocked,1,0,2,3,1.5,mmck,calls"
        echo "g,q,mon,$t,abandon_rate,0.1,0.05,0.15,3,0.12,mmck,share"
        echo "g,q,mon,$t,asa_s,5,4,6,3,5.5,mmck,s"
        echo "g,q,mon,$t,mean_wait_s,6,5,7,3,6.5,mmck,s"
        echo "g,q,mon,$t,agents_avg,2,2,2,3,2,mmck,agents"
        echo "g,q,mon,$t,offered_load_erlang,1.5,1,2,3,1.4,mmck,erlang"
    done
    echo "g,q,mon,18:00,offered,1,0,2,3,1,mmck,calls"
    echo "g,q,mon,18:00,blocked,1,0,2,3,nan,mmck,calls"
    echo "g,q,mon,18:00,agents_avg,nan,nan,nan,0,0,mmck,agents"
    echo "g,q,mon,18:00,offered_load_erlang,0.3,0,0.6,3,0.3,mmck,erlang"
} >"$P/gaps/intervals.csv"
try "plot draws closures as gaps" "$CCSIM" plot "$P/gaps"
assert_rc 0
cat >"$P/gaps/probe.gp" <<'GP'
load 'load.gp'
set print '-'
n = 0
p_x = NaN
stats file using (v = seg("offered_load_erlang", 1, 0), n = n + (v == v), 0) nooutput
late = 0
stats file using (late = late + (strcol(c_interval_start) eq "18:00" && xpos(0) == xpos(0)), 0) nooutput
print sprintf("%d %d", n, late)
GP
(cd "$P/gaps" && gnuplot probe.gp >probe.out 2>probe.err)
SMOKE_NAME="load line has no segment across a closure and no closed slot"
[ "$(cat "$P/gaps/probe.out")" = "3 0" ] && ok ||
    ko "segments and placed 18:00 rows: '$(cat "$P/gaps/probe.out")' $(head -c 300 "$P/gaps/probe.err"), expected '3 0'"
grep -q "analytic: M/M/c/K+M" "$P/gaps/intervals.gp" && ok ||
    ko "intervals.gp does not name the M/M/c/K+M formula in its key"

# sweep.csv with its paired differences (what `ccsim sweep` writes since base_point): each
# figure gets a difference panel per metric, the x axis is in words, and the answer-rate panel
# starts at 0 like every share panel. The columns are added here to the fixture by
# recomputing diff = mean - the first point's mean (CI: diff +- the point's half-width).
mkdir -p "$P/sweepdiff"
awk -F, -v OFS=, 'NR == 1 { print $0, "base_point,diff,diff_ci_low,diff_ci_high,diff_significant,unit"; next }
    { key = $7 "," $8; if ($2 == 0) first[key] = $9; d = $9 - first[key]; h = ($11 - $10) / 2
      print $0, 0, d, d - h, d + h, (d - h > 0 || d + h < 0), "x" }' \
    "$P/sweep/sweep.csv" >"$P/sweepdiff/sweep.csv"
try "plot draws the paired differences of a sweep" "$CCSIM" plot "$P/sweepdiff"
assert_rc 0
assert_file "$P/sweepdiff/sweep_level2.png"
SMOKE_NAME="sweep figure has a paired-difference panel per metric"
[ "$(grep -c 'paired difference from the first point' "$P/sweepdiff/sweep.gp")" -ge 4 ] && ok ||
    ko "sweep.gp has $(grep -c 'paired difference from the first point' "$P/sweepdiff/sweep.gp") difference panels"
grep -q "^x_words = 'level-2 staff (ETPT)'" "$P/sweepdiff/sweep.gp" && ok ||
    ko "sweep.gp x axis is not in words: $(grep '^x_words' "$P/sweepdiff/sweep.gp")"
SMOKE_NAME="every share panel of a sweep starts at 0"
bad=$(awk '/set title "(Answer rate|Abandonment|Service level)"$/ { want = 1; next }
    want && /set yrange/ { if ($3 !~ /^\[0:/) print; want = 0 }' "$P/sweepdiff/sweep.gp")
[ -z "$bad" ] && ok || ko "share panels with a zoomed axis: $bad"
grep -q 'paired difference' "$P/sweep/sweep.gp" && ko "a sweep.csv without diff columns got difference panels" || ok

SMOKE_NAME="compare figures show the paired difference B - A"
[ "$(grep -c 'B - A, paired by replication' "$P/compare/compare.gp")" -ge 2 ] && ok ||
    ko "compare.gp has no difference panel"
