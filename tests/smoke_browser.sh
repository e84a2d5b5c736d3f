# The report in a real browser (sourced by tests/cli_smoke.sh with tests/smoke_lib.sh): Debian's
# chromium, headless, loads report.html of a run folder and of a compare folder, takes a
# screenshot and dumps the DOM it built. The page must render (a PNG much larger than the
# screenshot of an empty page of the same size, which is a few kB of white), show the inputs
# before the results, and log nothing on the console (a script error or a Content-Security-Policy
# violation, such as an inlined SVG that reaches for something outside the page, is logged
# there). Skipped, with a message, when chromium is not installed; .ci/run installs it.

if [ "${SMOKE_BROWSER:-1}" = 0 ]; then
    # .ci/run runs the page in the browser once, with the plain build; the sanitized and clang
    # builds write the same report.html bytes, which their other smoke tests check.
    echo "smoke_browser: SMOKE_BROWSER=0: browser test of report.html skipped"
elif ! command -v chromium >/dev/null 2>&1; then
    echo "smoke_browser: chromium not installed: browser test of report.html skipped"
else
    BR=$TMP/browser
    mkdir -p "$BR"
    # Each page in its own chromium (own profile folder: a second chromium on one profile hands
    # its work to the first and exits); the three run at once, since each spends most of its
    # 8-15 s waiting rather than computing.
    shot() { # shot NAME URL: NAME.png, NAME.dom (the DOM after load), NAME.log (the console)
        timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
            --no-first-run --user-data-dir="$BR/profile_$1" --enable-logging=stderr --v=0 \
            --window-size=1200,2400 --screenshot="$BR/$1.png" --dump-dom "$2" \
            >"$BR/$1.dom" 2>"$BR/$1.log"
    }
    try "browser: run for the report" "$CCSIM" run scenarios/pilot14-2013.json --reps 2 --days 1 \
        --out "$BR/run" --quiet
    assert_rc 0
    try "browser: compare for the report" "$CCSIM" compare scenarios/baseline-2009.json \
        scenarios/pilot14-2013.json --reps 2 --days 1 --out "$BR/cmp" --quiet
    assert_rc 0
    try "browser: report of the run" "$CCSIM" report "$BR/run"
    assert_rc 0
    try "browser: report of the compare" "$CCSIM" report "$BR/cmp"
    assert_rc 0
    printf '<!DOCTYPE html>\n<html><head><title>blank</title></head><body></body></html>\n' \
        >"$BR/blank.html"
    shot blank "file://$BR/blank.html" &
    shot run "file://$BR/run/report.html" &
    shot cmp "file://$BR/cmp/report.html" &
    wait
    SMOKE_NAME="browser: screenshots"
    blank=$(wc -c <"$BR/blank.png" 2>/dev/null || echo 0)
    [ "$blank" -gt 0 ] && ok || ko "no screenshot of the blank page (see $BR/blank.log)"
    for k in run cmp; do
        SMOKE_NAME="browser: $k report"
        assert_file "$BR/$k.png"
        # A PNG, and not a blank one: 4 times the bytes of the empty page's screenshot.
        [ "$(head -c 4 "$BR/$k.png" 2>/dev/null | od -An -c | tr -d ' ')" = '211PNG' ] && ok ||
            ko "$k.png is not a PNG file"
        size=$(wc -c <"$BR/$k.png" 2>/dev/null || echo 0)
        [ "$blank" -gt 0 ] && [ "$size" -gt $((4 * blank)) ] && ok ||
            ko "$k.png has $size bytes, the blank page $blank: nothing rendered?"
        ! grep -q ':CONSOLE' "$BR/$k.log" && ok ||
            ko "console messages: $(grep ':CONSOLE' "$BR/$k.log" | head -n 3)"
        grep -qF '<h2 id="inputs">Inputs</h2>' "$BR/$k.dom" && ok || ko "DOM lacks the Inputs section"
        grep -qF '<table class="inputs">' "$BR/$k.dom" && ok || ko "DOM lacks the inputs table"
        grep -qF '<code>aht_s</code>' "$BR/$k.dom" && ok || ko "DOM lacks the aht_s row"
        # The inputs come before the results.
        i=$(grep -n '<h2 id="inputs">' "$BR/$k.dom" | head -n 1 | cut -d: -f1)
        r=$(grep -n '<h2>Summary by station</h2>\|<h2>A against B</h2>\|<h2>Comparison' \
            "$BR/$k.dom" | head -n 1 | cut -d: -f1)
        [ -n "$i" ] && [ -n "$r" ] && [ "$i" -lt "$r" ] && ok ||
            ko "inputs (line ${i:-none}) not before the results (line ${r:-none})"
    done
    SMOKE_NAME="browser: compare shows both scenarios"
    grep -qF 'Stations of <code>B: pilot14-2013</code>' "$BR/cmp.dom" && ok ||
        ko "DOM lacks the stations of B"
    # pilot14-2013 connects the prefectures that baseline-2009 leaves unconnected: marked.
    grep -qF '<td class="chg">yes</td>' "$BR/cmp.dom" && ok || ko "B's change is not marked"
fi
