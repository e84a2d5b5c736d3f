# Black-box tests of the command-line conventions (sourced by tests/cli_smoke.sh with
# tests/smoke_lib.sh): --opt=value, short options and clusters, "--", options after the
# scenario, "-" for a scenario on standard input, and one message per bad form.
GM=$(pwd)/scenarios/validation/mmcm.json
GS="--set run.hours=5 --set run.warmup_hours=1"

# The same run written three ways must give the same files: the values reached the scenario
# whatever the spelling. The reps column says 2, the value typed.
try "run with --opt value" "$CCSIM" run "$GM" --reps 2 $GS --jobs 1 --out "$TMP/g1"
assert_rc 0
try "run with --opt=value" "$CCSIM" run "$GM" --reps=2 --set=run.hours=5 \
    --set=run.warmup_hours=1 --jobs=1 --out="$TMP/g2" --quiet
assert_rc 0
[ ! -s "$TMP/out" ] && [ ! -s "$TMP/err" ] && ok || ko "--quiet printed: $(head -c 200 "$TMP/out")"
try "run with short options and a cluster" "$CCSIM" run "$GM" -qr2 -s run.hours=5 \
    -srun.warmup_hours=1 -j 1 -o "$TMP/g3"
assert_rc 0
[ ! -s "$TMP/out" ] && ok || ko "-q printed: $(head -c 200 "$TMP/out")"
for d in g2 g3; do
    cmp -s "$TMP/g1/summary.csv" "$TMP/$d/summary.csv" && ok || ko "$d/summary.csv differs from g1"
done
awk -F, 'NR > 1 && $7 != 2 { bad = 1 } END { exit bad }' "$TMP/g3/summary.csv" && ok ||
    ko "reps column is not 2 with -r2"
# argv is not permuted (getopt_long would move the scenario after the options): the manifest
# records the command line as typed.
grep -q '"argv":.*"run", "[^"]*/mmcm.json", "-qr2", "-s", "run.hours=5"' "$TMP/g3/manifest.json" && ok ||
    ko "argv reordered: $(grep '"argv"' "$TMP/g3/manifest.json")"

try "a unique prefix stands for the option" "$CCSIM" run "$GM" --rep 2 $GS --qui --out "$TMP/g4"
assert_rc 0
cmp -s "$TMP/g1/summary.csv" "$TMP/g4/summary.csv" && ok || ko "--rep 2 did not mean --reps 2"

try "-j takes a value" "$CCSIM" run "$GM" -j x
assert_rc 2
assert_err "ccsim run: --jobs: expected an integer, got 'x'"

# "--" ends the options: a file whose name starts with '-' is a scenario after it.
cp "$GM" "$TMP/-w.json"
try "a scenario named -w.json after --" sh -c "cd '$TMP' && '$CCSIM' run -r 2 $GS -o g5 -q -- -w.json"
assert_rc 0
cmp -s "$TMP/g1/summary.csv" "$TMP/g5/summary.csv" && ok || ko "-- -w.json ran something else"
try "without --, -w.json is options" sh -c "cd '$TMP' && '$CCSIM' run -r 2 -o g6 -w.json"
assert_rc 2
assert_err "ccsim run: unknown option '-w'"
assert_no_file "$TMP/g6"
try "after --, --reps is an argument" "$CCSIM" run "$GM" -- --reps
assert_rc 2
assert_err "ccsim run: unexpected argument '--reps'"

# Bad forms: one message each, in the "ccsim CMD: " form, exit 2, nothing written.
try "an unknown long option" "$CCSIM" run "$GM" --bogus -o "$TMP/b1"
assert_rc 2
assert_err "ccsim run: unknown option '--bogus'"
assert_err "usage: ccsim run"
assert_no_file "$TMP/b1"
try "an ambiguous prefix" "$CCSIM" run "$GM" --s 1 -o "$TMP/b2"
assert_rc 2
assert_err "ccsim run: ambiguous option '--s' (--set, --seed)"
# The letter's word is unknown to getopt (-xq is still being read): the message must not name
# the word before it.
try "an unknown letter inside a cluster" "$CCSIM" run "$GM" --plot -xq
assert_rc 2
assert_err "ccsim run: unknown option '-x'"
head -n 1 "$TMP/err" | grep -q -- "--plot" && ko "named --plot: $(head -n 1 "$TMP/err")" || ok
try "a value given to a flag" "$CCSIM" run "$GM" --plot=yes -o "$TMP/b3"
assert_rc 2
assert_err "ccsim run: --plot: takes no value, got '--plot=yes'"
try "a long option without its value" "$CCSIM" run "$GM" --reps
assert_rc 2
assert_err "ccsim run: --reps: missing value"
try "a short option without its value" "$CCSIM" run "$GM" -r
assert_rc 2
assert_err "ccsim run: --reps: missing value"
try "a short option's value out of range" "$CCSIM" run "$GM" -r0
assert_rc 2
assert_err "ccsim run: --reps: must be in [1, 10000], got 0"
try "two scenarios to run" "$CCSIM" run "$GM" "$GM"
assert_rc 2
assert_err "ccsim run: unexpected argument '$GM'"
try "erlang takes no argument" "$CCSIM" erlang --calls-per-hour=120 x
assert_rc 2
assert_err "ccsim erlang: unexpected argument 'x'"

# Every command's own options take --opt=value too.
"$CCSIM" erlang --calls-per-hour 120 --aht 240 --agents 10 --patience 90 >"$TMP/e1.out" 2>&1
try "erlang with --opt=value" "$CCSIM" erlang --calls-per-hour=120 --aht=240 --agents=10 --patience=90
assert_rc 0
cmp -s "$TMP/e1.out" "$TMP/out" && ok || ko "erlang --opt=value printed another answer"
try "staff with --opt=value" "$CCSIM" staff "$GM" -r 2 $GS --station=queue --target='sl_60>=0.5' \
    -qo "$TMP/s1"
assert_rc 0
assert_file "$TMP/s1/staff.csv"
try "sweep with --vary=" "$CCSIM" sweep "$GM" -r 2 $GS --vary=station.agents=9:10:1 -qo "$TMP/w1"
assert_rc 0
assert_file "$TMP/w1/sweep.csv"
try "report with -o" "$CCSIM" report "$TMP/g1" -o "$TMP/g1.html"
assert_rc 0
assert_file "$TMP/g1.html"
try "check with -s" "$CCSIM" check "$GM" -s station.agents=-2
assert_rc 2
assert_err "--set 'station.agents=-2': station.agents: must be >= 0, got -2"

# "-": the scenario on standard input. Same results as the file; the manifest names <stdin>
# and holds the SHA-256 of the bytes read (sha256sum's, computed apart).
try "run - reads standard input" sh -c "'$CCSIM' run - -r 2 $GS -j 1 -qo '$TMP/i1' <'$GM'"
assert_rc 0
cmp -s "$TMP/g1/summary.csv" "$TMP/i1/summary.csv" && ok || ko "run - differs from run FILE"
grep -q '"scenario_file":[[:space:]]*"<stdin>"' "$TMP/i1/manifest.json" && ok ||
    ko "manifest does not name <stdin>"
sha=$(sha256sum <"$GM" | cut -d' ' -f1)
grep -q "\"scenario_sha256\":[[:space:]]*\"$sha\"" "$TMP/i1/manifest.json" && ok ||
    ko "manifest sha256 is not $sha"
# A study loads the scenario once per point: stdin is read once and kept.
try "sweep - loads every point from one read" sh -c \
    "'$CCSIM' sweep - -r 2 $GS --vary station.agents=9:10:1 -qo '$TMP/i2' <'$GM'"
assert_rc 0
cmp -s "$TMP/w1/sweep.csv" "$TMP/i2/sweep.csv" && ok || ko "sweep - differs from sweep FILE"
try "check - names <stdin>" sh -c "'$CCSIM' check - <'$GM'"
assert_rc 0
assert_out "scenario mmcm (<stdin>): valid"
# extends is relative to the current folder, where the text has no folder of its own.
mkdir -p "$TMP/ext"
cp "$GM" "$TMP/ext/base.json"
echo '{ "extends": "base.json", "name": "child" }' >"$TMP/ext/child.json"
try "stdin extends from the current folder" sh -c "cd '$TMP/ext' && '$CCSIM' check - <child.json"
assert_rc 0
assert_out "scenario child (<stdin>): valid"
try "stdin extends: not from the file's folder" sh -c "'$CCSIM' check - <'$TMP/ext/child.json'"
assert_rc 2
assert_err "<stdin>: extends: cannot read 'base.json': No such file or directory"
# The file rules hold: size limit (and /dev/zero ends), NUL, UTF-8.
try "stdin over 16 MiB" sh -c "head -c 17M /dev/zero | '$CCSIM' check -"
assert_rc 2
assert_err "<stdin>: file is larger than 16 MiB"
try "stdin from /dev/zero ends" timeout 20 "$CCSIM" check - </dev/zero
assert_rc 2
assert_err "<stdin>: file is larger than 16 MiB"
try "a NUL byte on stdin" sh -c "printf '{\"name\": \"a\"}\\000' | '$CCSIM' check -"
assert_rc 2
assert_err "<stdin>:1:14: NUL byte in JSON text"
try "invalid UTF-8 on stdin" sh -c "printf '{\"name\": \"a\\377\"}' | '$CCSIM' check -"
assert_rc 2
assert_err "<stdin>:1:12: invalid UTF-8 in JSON text"
try "stdin closed" sh -c "'$CCSIM' check - <&-"
assert_rc 2
assert_err "<stdin>: Bad file descriptor"
try "compare - - is refused" sh -c "'$CCSIM' compare - - -o '$TMP/c1' <'$GM'"
assert_rc 2
assert_err "ccsim compare: '-' given twice: standard input holds one scenario"
assert_no_file "$TMP/c1"
try "compare FILE - works" sh -c "'$CCSIM' compare '$GM' - -r 2 $GS -qo '$TMP/c2' <'$GM'"
assert_rc 0
assert_file "$TMP/c2/compare.csv"

# Completion (tools/ccsim.bash, as bash calls it on TAB) of the new forms: --opt=VALUE (bash
# splits it at '='), a short option's value, and nothing but arguments after "--".
gc() {
    bash -c '. tools/ccsim.bash; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ccsim; echo "${COMPREPLY[*]}"' \
        sh "$@"
}
# report's --out takes any file, where its argument would be a folder: Makefile tells them apart.
try "completion: --out=<TAB> completes the value" gc ccsim report x --out = Makef
[ "$(cat "$TMP/out")" = "Makefile" ] && ok || ko "got '$(cat "$TMP/out")'"
try "completion: -o <TAB> completes the value" gc ccsim report x -o Makef
[ "$(cat "$TMP/out")" = "Makefile" ] && ok || ko "got '$(cat "$TMP/out")'"
try "completion: -r <TAB> offers nothing" gc ccsim run x.json -r ''
[ -z "$(cat "$TMP/out")" ] && ok || ko "got '$(cat "$TMP/out")'"
try "completion: after --, no option" gc ccsim run -- --q
[ -z "$(cat "$TMP/out")" ] && ok || ko "got '$(cat "$TMP/out")'"
try "completion: check and report know --quiet" gc ccsim report x --qu
[ "$(cat "$TMP/out")" = "--quiet" ] && ok || ko "got '$(cat "$TMP/out")'"
