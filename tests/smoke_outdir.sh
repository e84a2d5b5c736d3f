# Black-box tests of result folders (sourced by tests/cli_smoke.sh with tests/smoke_lib.sh): a
# folder is replaced whole (no stale file of an earlier result survives), bad --out values are
# refused before anything is written, a second ccsim on the same folder stops at once, SIGTERM
# leaves the previous result, a full disk leaves the previous result, a failed stdout is exit 1,
# and manifests record how the result was made.
M=scenarios/validation/mmcm.json
QUICK="--set run.hours=5 --reps 2"
# About a second of simulation on one thread: long enough to act on a running process.
LONG="--set run.hours=6000 --reps 4 --jobs 1 --quiet"
O="$TMP/outdir"
rm -rf "$O"
mkdir -p "$O"

# Waits (up to 20 s) until a path matching the glob exists; false otherwise.
wait_for() {
    i=0
    while [ $i -lt 200 ]; do
        for f in $1; do
            [ -e "$f" ] && return 0
        done
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
leftovers() { ls -A "$1" | grep -c '^\.' || true; }

# ---- whole replacement ----------------------------------------------------------------------
try "a network run" "$CCSIM" run tests/data/center/small.json --reps 2 --out "$O/r"
assert_rc 0
assert_out "wrote $O/r/ (new folder)"
assert_file "$O/r/journeys.csv"
# Figures of that run (what --plot makes; drawing them is smoke_plot.sh's business).
for f in journeys.png journeys.svg journeys.gp intervals_level2.png; do
    printf 'figure\n' >"$O/r/$f"
done

try "a station run replaces the network run whole" "$CCSIM" run $M $QUICK --out "$O/r"
assert_rc 0
assert_out "wrote $O/r/ (replaced the previous result)"
assert_file "$O/r/summary.csv"
assert_no_file "$O/r/journeys.csv"
ls "$O/r" | grep -q '\.\(png\|svg\|gp\)$' && ko "stale figures survived: $(ls "$O/r" | tr '\n' ' ')" || ok
[ "$(leftovers "$O")" -eq 0 ] && ok || ko "staging or lock left: $(ls -A "$O" | tr '\n' ' ')"

printf 'stale\n' >"$O/r/old_figure.png"
try "plot rebuilds the folder without stale figures" "$CCSIM" plot "$O/r"
assert_rc 0
assert_no_file "$O/r/old_figure.png"
assert_file "$O/r/intervals.gp"
assert_file "$O/r/manifest.json"

try "report rebuilds the folder with report.html" "$CCSIM" report "$O/r"
assert_rc 0
assert_file "$O/r/report.html"
assert_file "$O/r/summary.csv"
[ "$(leftovers "$O")" -eq 0 ] && ok || ko "staging or lock left: $(ls -A "$O" | tr '\n' ' ')"

# ---- --out refused before anything is simulated or written -----------------------------------
try "run --out ''" "$CCSIM" run $M $QUICK --out ''
assert_rc 2
assert_err "ccsim run: --out: expected a folder name, got ''"

mkdir -p "$O/cwd"
try "compare --out '' writes nothing" sh -c "cd '$O/cwd' && '$CCSIM' compare '$(pwd)/$M' '$(pwd)/$M' $QUICK --out ''"
assert_rc 2
assert_err "ccsim compare: --out: expected a folder name, got ''"
[ -z "$(ls -A "$O/cwd")" ] && ok || ko "compare wrote $(ls -A "$O/cwd")"

printf 'keep\n' >"$O/afile"
try "run --out a file" "$CCSIM" run $M $QUICK --out "$O/afile"
assert_rc 2
assert_err "$O/afile: expected a folder, got a file"
[ "$(cat "$O/afile")" = keep ] && ok || ko "the file was changed"

mkdir -p "$O/real"
ln -s "$O/real" "$O/alink"
try "run --out a symbolic link" "$CCSIM" run $M $QUICK --out "$O/alink"
assert_rc 2
assert_err "$O/alink: expected a folder, got a symbolic link"
[ -z "$(ls -A "$O/real")" ] && ok || ko "wrote through the link"

try "sweep --out under a file" "$CCSIM" sweep $M $QUICK --vary station.agents=10:11:1 --out "$O/afile/sub"
assert_rc 2
assert_err "$O/afile/sub: Not a directory"

for name in . ..; do
    try "scenario name '$name' cannot leave results/" sh -c "cd '$O/cwd' && '$CCSIM' run '$(pwd)/$M' $QUICK --set name=$name"
    assert_rc 2
    [ -z "$(ls -A "$O/cwd")" ] && ok || ko "name=$name wrote $(ls -A "$O/cwd")"
done

# ---- report --out only replaces a regular file --------------------------------------------
printf 'keep\n' >"$O/page.html"
ln -s "$O/page.html" "$O/page_link.html"
try "report --out a symbolic link" "$CCSIM" report "$O/r" --out "$O/page_link.html"
assert_rc 2
assert_err "$O/page_link.html: expected a regular file, got a symbolic link"
[ "$(cat "$O/page.html")" = keep ] && ok || ko "wrote through the link"

mkfifo "$O/fifo"
try "report --out a FIFO" timeout 20 "$CCSIM" report "$O/r" --out "$O/fifo"
assert_rc 2
assert_err "$O/fifo: expected a regular file, got a FIFO"

try "report --out a new file" "$CCSIM" report "$O/r" --out "$O/page.html"
assert_rc 0
grep -q '<html' "$O/page.html" && ok || ko "page.html not replaced"

# ---- a second ccsim on the same folder --------------------------------------------------------
"$CCSIM" run $M $LONG --out "$O/busy" 2>"$O/first.err" &
first=$!
wait_for "$O/.busy.staging.*" && ok || ko "the first run never started"
try "a second run on a busy folder stops at once" "$CCSIM" run $M $QUICK --out "$O/busy"
assert_rc 1
assert_err "ccsim run: $O/busy: in use by another ccsim (pid $first)"
wait $first
rc=$?
[ $rc -eq 0 ] && ok || ko "the first run failed ($rc): $(cat "$O/first.err")"
assert_file "$O/busy/summary.csv"
grep -q 'run.hours=6000' "$O/busy/manifest.json" && ok || ko "the folder is not the first run's"

# ---- SIGTERM while writing -------------------------------------------------------------------
"$CCSIM" run $M $QUICK --out "$O/sig" --quiet
cp "$O/sig/summary.csv" "$O/sig_before.csv"
"$CCSIM" run $M $LONG --out "$O/sig" 2>"$O/sig.err" &
victim=$!
wait_for "$O/.sig.staging.*" && ok || ko "the run never started"
kill -TERM $victim
wait $victim
rc=$?
SMOKE_NAME="SIGTERM leaves the previous result"
[ $rc -eq 143 ] && ok || ko "exit code $rc, expected 143"
grep -q "stopped; $O/sig/ left as it was" "$O/sig.err" && ok || ko "stderr: $(cat "$O/sig.err")"
cmp -s "$O/sig/summary.csv" "$O/sig_before.csv" && ok || ko "summary.csv changed"
ls -A "$O" | grep -q '^\.sig\.' && ko "left $(ls -A "$O" | grep '^\.sig\.')" || ok

# ---- a full disk -----------------------------------------------------------------------------
# Only where a tmpfs can be mounted (root with CAP_SYS_ADMIN); tests/check_outdir.c covers the
# abort path everywhere.
mkdir -p "$O/tiny"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=128k tmpfs "$O/tiny" 2>/dev/null; then
    "$CCSIM" run $M $QUICK --out "$O/tiny/r" --quiet
    cp "$O/tiny/r/summary.csv" "$O/tiny_before.csv"
    try "a full disk leaves the previous result" "$CCSIM" run scenarios/pilot14-2013.json \
        --reps 2 --days 7 --out "$O/tiny/r"
    assert_rc 1
    assert_err "No space left on device"
    assert_err "ccsim run: $O/tiny/r/ left as it was"
    cmp -s "$O/tiny/r/summary.csv" "$O/tiny_before.csv" && ok || ko "summary.csv changed"
    [ "$(ls -A "$O/tiny" | tr '\n' ' ')" = "r " ] && ok || ko "left $(ls -A "$O/tiny")"
    umount "$O/tiny"
fi

# ---- stdout ----------------------------------------------------------------------------------
try "erlang --csv to a full stdout" sh -c "'$CCSIM' erlang --calls-per-hour 120 --aht 240 --agents 10 --csv >/dev/full"
assert_rc 1
assert_err "ccsim: stdout: No space left on device"
try "check to a full stdout" sh -c "'$CCSIM' check $M >/dev/full"
assert_rc 1
assert_err "ccsim: stdout: No space left on device"

# ---- manifests -------------------------------------------------------------------------------
printf '{ "extends": "%s", "name": "child" }\n' "$(pwd)/$M" >"$O/child.json"
try "run manifest" "$CCSIM" run "$O/child.json" $QUICK --set station.agents=11 --out "$O/man"
assert_rc 0
for key in '"ccsim_version":' '"git_revision":' '"argv":' '"sets":' '"inputs":' '"seed":' \
    '"reps":' '"wall_time_s":' '"events":' '"scenario":' '"station.agents=11"' \
    "\"$O/child.json\"" "\"$(pwd)/$M\""; do
    grep -qF -- "$key" "$O/man/manifest.json" && ok || ko "manifest.json lacks $key"
done
[ "$(grep -c '"sha256":' "$O/man/manifest.json")" -eq 2 ] && ok || ko "inputs do not hash both files"

try "sweep writes a manifest" "$CCSIM" sweep $M $QUICK --vary station.agents=10:11:1 --out "$O/sw"
assert_rc 0
grep -q '"command":[[:space:]]*"sweep"' "$O/sw/manifest.json" && ok || ko "sweep manifest"
try "compare writes a manifest" "$CCSIM" compare $M $M $QUICK --out "$O/cmp"
assert_rc 0
grep -q '"command":[[:space:]]*"compare"' "$O/cmp/manifest.json" && ok || ko "compare manifest"
assert_file "$O/cmp/a/manifest.json"
try "staff writes a manifest" "$CCSIM" staff $M $QUICK --station queue --target 'sl_60>=0.5' --out "$O/st"
assert_rc 0
grep -q '"command":[[:space:]]*"staff"' "$O/st/manifest.json" && ok || ko "staff manifest"
