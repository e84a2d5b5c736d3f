# Black-box tests of the newcomer's first contact with ccsim (sourced by tests/cli_smoke.sh with
# tests/smoke_lib.sh): `ccsim help CMD`, --version with the git revision, suggestions for a
# mistyped command, the aligned command list, and --quiet meaning quiet (no progress bar even
# on a terminal, no table, no plot or "wrote" line, no note) for every command that prints
# more than its answer: the simulation commands, check, plot and report.

try "help CMD prints the command's --help" "$CCSIM" help staff
assert_rc 0
for c in run compare sweep staff sensitivity uncertainty erlang check plot report; do
    "$CCSIM" help "$c" >"$TMP/help.out" 2>&1
    "$CCSIM" "$c" --help >"$TMP/own.out" 2>&1
    cmp -s "$TMP/help.out" "$TMP/own.out" && [ -s "$TMP/own.out" ] && ok ||
        ko "ccsim help $c differs from ccsim $c --help"
done
try "help alone lists the commands" "$CCSIM" help
assert_rc 0
assert_out "  uncertainty  sample the declared inputs"
try "help of an unknown command" "$CCSIM" help rnu
assert_rc 2
assert_err "ccsim: unknown command 'rnu'; did you mean 'run'?"

# The name column is as wide as the longest name: every description starts in one column.
try "--help aligns the descriptions" "$CCSIM" --help
assert_rc 0
cols=$(sed -n 's/^\(  \(run\|check\|erlang\|compare\|sweep\|staff\|schedule\|sensitivity\|uncertainty\|plot\|report\|help\)  *\)[^ ].*/\1/p' \
    "$TMP/out" | awk '{ print length($0) }' | sort -u)
[ "$(echo "$cols" | wc -l)" -eq 1 ] && [ "$(sed -n '/^  [a-z]/p' "$TMP/out" | wc -l)" -eq 12 ] && ok ||
    ko "descriptions start in columns $(echo $cols)"

# The revision is one of this repository's commits (HEAD when built; a commit made since the
# build would not be HEAD any more), or "unknown" outside a git checkout.
try "--version names the git revision" "$CCSIM" --version
assert_rc 0
rev=$(sed -n 's/^ccsim 0\.1\.0 (git \([0-9a-z]*\))$/\1/p' "$TMP/out")
if git rev-parse --git-dir >/dev/null 2>&1; then
    [ -n "$rev" ] && git cat-file -e "$rev^{commit}" 2>/dev/null && ok ||
        ko "not a commit of this repository: $(cat "$TMP/out")"
else
    [ "$rev" = unknown ] && ok || ko "got $(cat "$TMP/out")"
fi

try "a swapped-letter typo gets a suggestion" "$CCSIM" rnu
assert_rc 2
assert_err "ccsim: unknown command 'rnu'; did you mean 'run'?"
try "a missing letter gets a suggestion" "$CCSIM" sensitivty
assert_rc 2
assert_err "did you mean 'sensitivity'?"
try "a word far from every command gets none" "$CCSIM" simulate
assert_rc 2
assert_err "ccsim: unknown command 'simulate'"
grep -q "did you mean" "$TMP/err" && ko "suggested: $(cat "$TMP/err")" || ok

# --quiet on a terminal: script(1) gives the command a pseudo-terminal, where the progress bar
# would show; its stdout and stderr both land in the output file.
mmcm=$(pwd)/scenarios/validation/mmcm.json
cat >"$TMP/q.json" <<JSON
{ "extends": "$mmcm", "name": "q", "run": { "reps": 3, "hours": 20, "warmup_hours": 1 },
  "uncertain": {
    "station.aht_s": { "dist": "uniform", "low": 200, "high": 280, "source": "test" },
    "station.patience_s": { "dist": "uniform", "low": 60, "high": 180, "source": "test" } } }
JSON
sed 's/"name": "q"/"name": "q2", "seed": 7/' "$TMP/q.json" >"$TMP/q2.json"
on_tty() { # on_tty CMD...: runs CMD on a pseudo-terminal, its output in $TMP/out
    SMOKE_NAME=$1
    shift
    script -qec "$*" /dev/null </dev/null >"$TMP/out" 2>"$TMP/err"
    SMOKE_RC=$?
}
if command -v script >/dev/null; then
    on_tty "run shows a progress bar on a terminal" "$CCSIM" run "$TMP/q.json" --out "$TMP/r0"
    assert_rc 0
    assert_out "ETA"
    assert_out "wrote "
    set -- \
        "run $TMP/q.json --plot --out $TMP/r1" \
        "compare $TMP/q.json $TMP/q2.json --plot --out $TMP/r2" \
        "sweep $TMP/q.json --vary station.agents=9:10:1 --plot --out $TMP/r3" \
        "staff $TMP/q.json --station queue --target 'sl_60>=0.5' --plot --out $TMP/r4" \
        "sensitivity $TMP/q.json --metric queue.answer_rate --plot --out $TMP/r5" \
        "uncertainty $TMP/q.json --samples 4 --metric queue.answer_rate --plot --out $TMP/r6"
    for args in "$@"; do
        on_tty "--quiet: ccsim ${args%% *} prints nothing" "$CCSIM" $args --quiet
        assert_rc 0
        [ ! -s "$TMP/out" ] && [ ! -s "$TMP/err" ] && ok || ko "printed: $(head -c 300 "$TMP/out")"
    done
    assert_file "$TMP/r1/summary.csv"
    assert_file "$TMP/r6/uncertainty.csv"
    # The commands without simulation options: -q is quiet there too (plot and report redraw
    # the figures of r1, which prints a line without it).
    for args in "check $TMP/q.json" "plot $TMP/r1" "report $TMP/r1" "report $TMP/r1 -o $TMP/r1.html"; do
        on_tty "-q: ccsim ${args%% *} prints nothing" "$CCSIM" $args -q
        assert_rc 0
        [ ! -s "$TMP/out" ] && [ ! -s "$TMP/err" ] && ok || ko "printed: $(head -c 300 "$TMP/out")"
    done
    on_tty "without -q, ccsim plot says what it drew" "$CCSIM" plot "$TMP/r1"
    assert_out "figures as PNG and SVG"
fi
