# Black-box tests of docs/security.md: nothing from a scenario name or a CSV cell reaches
# gnuplot, a shell or the HTML page except as inert data (sourced by tests/cli_smoke.sh with
# tests/smoke_lib.sh). Every payload tries to create a file named MARK*; each case works in a
# fresh directory, then find looks for the marker there. gnuplot must exit cleanly and the
# label must appear literally in the SVG it drew, so a payload made harmless by mangling it
# (or by dropping the figure) fails too.

REPO=$(pwd)
I="$TMP/inject"
rm -rf "$I"
mkdir -p "$I"
HAVE_GP=1
if ! command -v gnuplot >/dev/null 2>&1; then
    HAVE_GP=0
    echo "smoke_inject: gnuplot not found: plot cases SKIPPED (tools/deps.sh installs gnuplot-nox)"
fi

in_dir() { # in_dir DIR CMD...: runs CMD with DIR as its working directory
    (cd "$1" && shift && "$@")
}
# The text as gnuplot's SVG terminal writes it (& and < as entities), and as esc() in html.c.
svg_text() { printf '%s' "$1" | sed 's/&/\&amp;/g; s/</\&lt;/g'; }
html_text() {
    printf '%s' "$1" | sed "s/&/\\&amp;/g; s/</\\&lt;/g; s/>/\\&gt;/g; s/\"/\\&quot;/g; s/'/\\&#39;/g"
}
assert_svg() { # assert_svg FILE TEXT
    grep -qF -- "$(svg_text "$2")" "$1" 2>/dev/null && ok || ko "$1 lacks the label '$2'"
}
assert_html() { # assert_html FILE TEXT [BEFORE]: BEFORE (markup) then TEXT escaped
    grep -qF -- "${3-}$(html_text "$2")" "$1" 2>/dev/null && ok || ko "$1 lacks the escaped '$2'"
}
# The figure name stem_of in plot.c makes: every byte outside [A-Za-z0-9._-] becomes '_'.
stem() { printf '%s' "$1" | LC_ALL=C sed 's/[^A-Za-z0-9._-]/_/g'; }
assert_no_marker() { # assert_no_marker DIR: no payload ran
    m=$(find "$1" -name 'MARK*' 2>/dev/null | head -n 1)
    [ -z "$m" ] && ok || ko "a payload ran: $m exists"
}
# csv_set FILE COLUMN VALUE [MATCH]: sets COLUMN (1-based) of every data row (whose COLUMN
# holds MATCH, when given) to VALUE, quoted as RFC 4180 wants. The fixtures hold no quoted
# field, so splitting on commas is exact.
csv_set() {
    V=$(printf '%s' "$3" | sed 's/"/""/g') C=$2 M=${4-} awk -F, -v OFS=, '
        BEGIN { v = "\"" ENVIRON["V"] "\""; c = ENVIRON["C"] + 0; m = ENVIRON["M"] }
        NR > 1 && (m == "" || $c == m) { $c = v } { print }' "$1" >"$1.new" && mv "$1.new" "$1"
}
# A script that a `load "x.gp"` or `call "x.gp"` would run.
plant_gp() { printf 'system("touch MARK_loaded")\n' >"$1/x.gp"; }

# ---- names through `ccsim run --set name=...` ------------------------------------------------
# The reported case, end to end: run --plot draws every figure of the run.
N1='bq`touch MARK_bq` $(touch MARK_dollar) '\''q'\'' "d" \ ; | ( ) @x \n'
W="$I/e2e"
mkdir -p "$W"
if [ "$HAVE_GP" = 1 ]; then
    try "run --plot with a name full of shell and gnuplot syntax" in_dir "$W" "$CCSIM" run \
        "$REPO/scenarios/pilot14-2013.json" --days 1 --reps 1 --set "name=$N1" --out out --plot
    assert_rc 0
    assert_no_marker "$W"
    assert_svg "$W/out/intervals_level1.svg" "$N1: level1 by interval"
    assert_svg "$W/out/load_switchboard.svg" "$N1: switchboard, agents on duty"
    assert_svg "$W/out/journeys.svg" "$N1: journeys"
fi

# Names that try to end gnuplot's string and command, and markup for the page. The run writes
# the CSVs; one station is kept so that gnuplot draws two figures, not fourteen.
N2=''\''; system("touch MARK_sys"); '\'' load "x.gp" call "x.gp" < touch MARK_lt | touch MARK_p !touch MARK_b'
N3='<script>alert(1)<\script> <img src=x onerror=alert(1)> &amp; @N3 `touch MARK_html`'
for n in 2 3; do
    eval "name=\$N$n"
    W="$I/set$n"
    mkdir -p "$W"
    try "run --set name=<payload $n>" in_dir "$W" "$CCSIM" run \
        "$REPO/scenarios/pilot14-2013.json" --days 1 --reps 1 --set "name=$name" --out out
    assert_rc 0
    awk -F, 'NR == 1 || $2 == "level2"' "$W/out/intervals.csv" >"$W/out/iv" &&
        mv "$W/out/iv" "$W/out/intervals.csv"
    rm -f "$W/out/journeys.csv"
    plant_gp "$W/out"
    if [ "$HAVE_GP" = 1 ]; then
        try "plot a run named <payload $n>" in_dir "$W" "$CCSIM" plot out
        assert_rc 0
        assert_no_marker "$W"
        assert_svg "$W/out/intervals_level2.svg" "$name: level2 by interval"
        assert_svg "$W/out/load_level2.svg" "$name: level2, agents on duty"
    fi
    try "report on a run named <payload $n>" in_dir "$W" "$CCSIM" report out
    assert_rc 0
    assert_no_marker "$W"
    assert_html "$W/out/report.html" "$name" "<h1>"
    grep -q '<script\|<img' "$W/out/report.html" && ko "report.html holds live markup" || ok
done

# ---- cells of hand-edited CSVs -----------------------------------------------------------------
# Each kind of script, with a station, outcome, metric or scenario cell that would run a
# command had it been pasted into a double-quoted string or a shell filter.
P='q'\''$(touch MARK_q)'\''`touch MARK_bq`@x'
if [ "$HAVE_GP" = 1 ]; then
    W="$I/intervals"
    mkdir -p "$W"
    cp tests/data/plot/queue/intervals.csv "$W/"
    csv_set "$W/intervals.csv" 1 "$P"
    csv_set "$W/intervals.csv" 2 "st $P"
    plant_gp "$W"
    try "plot intervals.csv whose scenario and station cells are payloads" "$CCSIM" plot "$W"
    assert_rc 0
    assert_no_marker "$W"
    assert_svg "$W/intervals_$(stem "st $P").svg" "$P: st $P by interval"
    assert_svg "$W/load_$(stem "st $P").svg" "$P: st $P, agents on duty"

    # The sweep script used to pick a station's rows through a shell: "< (... grep ',STATION,')".
    W="$I/sweep"
    mkdir -p "$W"
    cp tests/data/plot/sweep/sweep.csv "$W/"
    csv_set "$W/sweep.csv" 7 "l2$P" level2
    csv_set "$W/sweep.csv" 5 "yp$P"
    csv_set "$W/sweep.csv" 6 "y$P"
    try "plot sweep.csv whose station, y_path and y cells are payloads" "$CCSIM" plot "$W"
    assert_rc 0
    assert_no_marker "$W"
    assert_svg "$W/sweep_$(stem "l2$P").svg" "pilot14-2013: l2$P against"
    assert_svg "$W/sweep_$(stem "l2$P").svg" "yp$P ="
    assert_svg "$W/sweep_$(stem "l2$P").svg" "y$P"

    W="$I/staff"
    mkdir -p "$W"
    cp tests/data/plot/staff/staff.csv "$W/"
    csv_set "$W/staff.csv" 8 "sl$P" sl_60
    try "plot staff.csv whose metric cell is a payload" "$CCSIM" plot "$W"
    assert_rc 0
    assert_no_marker "$W"
    assert_svg "$W/staff.svg" "sl$P"

    W="$I/journeys"
    mkdir -p "$W"
    cp tests/data/plot/run/journeys.csv "$W/"
    csv_set "$W/journeys.csv" 2 "out$P" closed_l1
    try "plot journeys.csv whose outcome cell is a payload" "$CCSIM" plot "$W"
    assert_rc 0
    assert_no_marker "$W"
    assert_svg "$W/journeys.svg" "out$P"

    W="$I/compare"
    mkdir -p "$W"
    awk -F, 'NR == 1 || $3 == "level2"' tests/data/plot/compare/compare.csv >"$W/compare.csv"
    csv_set "$W/compare.csv" 1 "a$P"
    csv_set "$W/compare.csv" 2 "b$N2"
    plant_gp "$W"
    try "plot compare.csv whose scenario cells are payloads" "$CCSIM" plot "$W"
    assert_rc 0
    assert_no_marker "$W"
    assert_svg "$W/compare_level2.svg" "A = a$P vs B = b$N2: level2"
fi

# ---- what the CSV reader refuses: control characters and bytes that are not UTF-8 --------------
# A line feed would end a gnuplot command (the comment naming a station was one way in).
W="$I/nl"
mkdir -p "$W"
cp tests/data/plot/queue/intervals.csv tests/data/plot/queue/summary.csv "$W/"
csv_set "$W/intervals.csv" 2 'queue
system("touch MARK_nl")
#' queue
try "plot refuses a line feed in a station cell" "$CCSIM" plot "$W"
assert_rc 1
assert_err "$W/intervals.csv:2: column station: expected text without control characters, got byte 0x0A"
assert_no_marker "$W"
assert_no_file "$W/intervals.gp"

csv_set "$W/summary.csv" 1 "$(printf 'scen\rario')"
try "report refuses a carriage return in a scenario cell" "$CCSIM" report "$W"
assert_rc 1
assert_err "$W/summary.csv:2: column scenario: expected text without control characters, got byte 0x0D"
assert_no_file "$W/report.html"

for spec in '\001:0x01' '\011:0x09' '\177:0x7F'; do
    byte=${spec%%:*}
    hex=${spec#*:}
    W="$I/ctl$hex"
    mkdir -p "$W"
    cp tests/data/plot/queue/intervals.csv "$W/"
    csv_set "$W/intervals.csv" 1 "$(printf "a${byte}b")"
    try "plot refuses byte $hex in a scenario cell" "$CCSIM" plot "$W"
    assert_rc 1
    assert_err "$W/intervals.csv:2: column scenario: expected text without control characters, got byte $hex"
done

for spec in '\377:0xFF:a\377b' '\300:0xC0:a\300\257' '\355:0xED:a\355\240\200' '\342:0xE2:a\342\202'; do
    hex=$(printf '%s' "$spec" | cut -d: -f2)
    cell=$(printf '%s' "$spec" | cut -d: -f3)
    W="$I/utf$hex"
    mkdir -p "$W"
    cp tests/data/plot/queue/summary.csv "$W/"
    csv_set "$W/summary.csv" 2 "$(printf "$cell")"
    try "report refuses bytes that are not UTF-8 ($hex...)" "$CCSIM" report "$W"
    assert_rc 1
    assert_err "$W/summary.csv:2: column station: expected UTF-8 text, got byte $hex"
done

W="$I/utf8ok"
mkdir -p "$W"
cp tests/data/plot/queue/summary.csv "$W/"
csv_set "$W/summary.csv" 2 "Préfecture de l’Isère €𝄞"
try "report accepts UTF-8 text" "$CCSIM" report "$W"
assert_rc 0
assert_html "$W/report.html" "Préfecture de l’Isère €𝄞"

W="$I/header"
mkdir -p "$W"
printf 'scenario,sta\ttion,metric\nx,y,z\n' >"$W/intervals.csv"
try "plot refuses a control character in the header" "$CCSIM" plot "$W"
assert_rc 1
assert_err "$W/intervals.csv:1: column 2: expected text without control characters, got byte 0x09"

# An .svg that ccsim could not have named is not copied into the page.
W="$I/svgname"
mkdir -p "$W"
cp tests/data/plot/queue/summary.csv "$W/"
printf '<svg xmlns="http://www.w3.org/2000/svg"><text>planted</text></svg>\n' >"$W/a\"b.svg"
try "report leaves out an SVG named outside the safe alphabet" "$CCSIM" report "$W"
assert_rc 0
grep -q planted "$W/report.html" && ko "report.html inlines a\"b.svg" || ok
