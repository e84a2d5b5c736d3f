# ccsim run --trace: calls.csv recomputes summary.csv, is the same for any --jobs, honours its
# window and replication filters, and keeps memory flat. Sourced by tests/cli_smoke.sh.
SMALL=tests/data/center/small.json
MMCM=scenarios/validation/mmcm.json
TRACE_HEAD="replication,call,class,source,station,attempt,outcome,arrival_s,start_s,end_s,wait_s,day,weekday,clock"

# trace_metrics CALLS LO HI: the summary.csv metrics recomputed from the trace, one
# "station,metric,value" line each, for the visits that reached their station in [LO, HI)
# (the statistics window). Like summary.csv, each value is the mean over replications of the
# replication's value; a ratio with nothing to divide is left out of that mean.
trace_metrics() {
    awk -F, -v lo="$2" -v hi="$3" '
    function add(st, rep, what, x) { v[st SUBSEP rep SUBSEP what] += x; sts[st] = 1 }
    NR == 1 { next }
    {
        rep = $1; st = $5; out = $7; arr = $8 + 0; wait = $11 + 0
        reps[rep] = 1
        if (!((rep SUBSEP $2) in seen)) { seen[rep SUBSEP $2] = 1; born[rep]++ }
        if (arr < lo || arr >= hi) next
        if (out ~ /transferred$/) add(st, rep, "transferred", 1)
        if (out ~ /unanswered_general$/) add(st, rep, "unanswered_general", 1)
        if (out ~ /^ivr_/) next
        add(st, rep, "offered", 1)
        if ($9 != "nan") { add(st, rep, "answered", 1); add(st, rep, "wans", wait); add(st, rep, "wall", wait) }
        if (out == "abandoned") { add(st, rep, "abandoned", 1); add(st, rep, "wall", wait) }
        if (out == "blocked") add(st, rep, "blocked", 1)
    }
    END {
        nrep = 0; for (r in reps) nrep++
        split("offered answered abandoned blocked transferred unanswered_general", counts, " ")
        for (st in sts) {
            for (i = 1; i <= 6; i++) {
                s = 0; for (r in reps) s += v[st SUBSEP r SUBSEP counts[i]]
                printf "%s,%s,%.10g\n", st, counts[i], s / nrep
            }
            sa = 0; na = 0; sw = 0; nw = 0
            for (r in reps) {
                a = v[st SUBSEP r SUBSEP "answered"]; ab = v[st SUBSEP r SUBSEP "abandoned"]
                if (a > 0) { sa += v[st SUBSEP r SUBSEP "wans"] / a; na++ }
                if (a + ab > 0) { sw += v[st SUBSEP r SUBSEP "wall"] / (a + ab); nw++ }
            }
            if (na) printf "%s,asa_s,%.10g\n", st, sa / na
            if (nw) printf "%s,mean_wait_s,%.10g\n", st, sw / nw
        }
        s = 0; for (r in reps) s += born[r]
        printf "network,offered,%.10g\n", s / nrep
    }' "$1"
}

# trace_compare DIR LO HI N: every recomputed value against summary.csv (counts to 1e-9, waits
# to 1e-7 relative plus 1e-6 s: both files print 10 significant digits, so each wait and each
# mean is off by at most 5e-10 relative). Prints the mismatches; fails on any, or when other
# than N values were compared.
trace_compare() {
    trace_metrics "$1/calls.csv" "$2" "$3" >"$TMP/recomputed"
    awk -F, -v want_n="$4" '
    NR == FNR { want[$2 SUBSEP $3] = $4; next }
    {
        k = $1 SUBSEP $2
        if (!(k in want)) next
        n++
        d = $3 - want[k]; if (d < 0) d = -d
        tol = ($2 ~ /_s$/) ? 1e-7 * want[k] + 1e-6 : 1e-9 * want[k]
        if (d > tol) { print "  " $1 " " $2 ": trace " $3 ", summary.csv " want[k]; bad++ }
    }
    END { if (n != want_n) { print "  " n " values compared, expected " want_n; bad++ } exit bad > 0 }' \
        "$1/summary.csv" "$TMP/recomputed"
}

try "run --trace writes calls.csv" "$CCSIM" run $SMALL --reps 2 --jobs 1 --trace --out "$TMP/t1" --quiet
assert_rc 0
assert_head "$TMP/t1/calls.csv" "$TRACE_HEAD"
ls -a "$TMP/t1" | grep -q '^\.calls' && ko "replication files left in the result" || ok
# small.json exercises every path of a journey: each of these outcomes must appear.
for o in answered escalated ivr_transferred abandoned blocked; do
    cut -d, -f7 "$TMP/t1/calls.csv" | grep -qx "$o" && ok || ko "no '$o' visit in the trace"
done

SMOKE_NAME="calls.csv recomputes summary.csv (network, 2 replications)"
# 37 values: offered, answered, abandoned, blocked, asa_s, mean_wait_s of 5 stations (3
# prefectures, level1, level2), transferred and unanswered_general of the 3 prefectures,
# offered of the network.
trace_compare "$TMP/t1" 0 1e300 37 && ok || ko "trace and summary.csv disagree"

# Transfers after the switchboard answers, one prefecture of three interconnected: the
# switchboard's own visits of general calls end transferred or unanswered_general.
try "--trace, transfer after answer" "$CCSIM" run $SMALL --reps 2 --set transfer.mode=after_answer --set prefectures.interconnected=1 --trace --out "$TMP/aa" --quiet
assert_rc 0
for o in transferred unanswered_general; do
    cut -d, -f7 "$TMP/aa/calls.csv" | grep -qx "$o" && ok || ko "no '$o' visit in the trace"
done
SMOKE_NAME="calls.csv recomputes summary.csv (transfer after answer)"
trace_compare "$TMP/aa" 0 1e300 37 && ok || ko "trace and summary.csv disagree"

try "--trace, IVR, one prefecture interconnected" "$CCSIM" run $SMALL --reps 2 --set prefectures.interconnected=1 --trace --out "$TMP/ivr" --quiet
assert_rc 0
cut -d, -f7 "$TMP/ivr/calls.csv" | grep -qx ivr_unanswered_general && ok || ko "no 'ivr_unanswered_general' visit"
SMOKE_NAME="calls.csv recomputes summary.csv (IVR, one prefecture interconnected)"
trace_compare "$TMP/ivr" 0 1e300 37 && ok || ko "trace and summary.csv disagree"

# No agents and callers who never hang up: every caller is still waiting when the run ends.
try "--trace, callers still waiting at the end" "$CCSIM" run $MMCM --set station.agents=0 --set station.patience_s=0 --set run.hours=2 --set run.warmup_hours=0 --reps 1 --trace --out "$TMP/wait" --quiet
assert_rc 0
SMOKE_NAME="one waiting row per caller offered"
n=$(grep -c ',waiting,' "$TMP/wait/calls.csv")
[ "$n" -gt 0 ] && grep -q "^mmcm,queue,offered,$n," "$TMP/wait/summary.csv" && ok || ko "$n waiting rows, summary: $(grep ',queue,offered,' "$TMP/wait/summary.csv")"

try "station model --trace" "$CCSIM" run $MMCM --set run.hours=30 --set run.warmup_hours=2 --reps 2 --trace --out "$TMP/s1" --quiet
assert_rc 0
SMOKE_NAME="calls.csv recomputes summary.csv (station model, warm-up and horizon)"
# 6 values: offered, answered, abandoned, blocked, asa_s, mean_wait_s of the queue.
trace_compare "$TMP/s1" 7200 115200 6 && ok || ko "trace and summary.csv disagree"

try "--trace with --jobs 2" "$CCSIM" run $SMALL --reps 2 --jobs 2 --trace --out "$TMP/t2" --quiet
assert_rc 0
cmp -s "$TMP/t1/calls.csv" "$TMP/t2/calls.csv" && ok || ko "calls.csv differs between --jobs 1 and --jobs 2"
cmp -s "$TMP/t1/summary.csv" "$TMP/t2/summary.csv" && ok || ko "summary.csv differs"

try "a run without --trace writes no calls.csv and the same summary" "$CCSIM" run $SMALL --reps 2 --out "$TMP/t0" --quiet
assert_rc 0
assert_no_file "$TMP/t0/calls.csv"
cmp -s "$TMP/t0/summary.csv" "$TMP/t1/summary.csv" && ok || ko "tracing changed summary.csv"

try "--trace-rep keeps one replication" "$CCSIM" run $SMALL --reps 2 --trace-rep 2 --out "$TMP/r2" --quiet
assert_rc 0
SMOKE_NAME="--trace-rep 2 rows are replication 2's"
awk -F, 'NR > 1 && $1 != 2 { bad = 1 } END { exit bad || NR < 2 }' "$TMP/r2/calls.csv" && ok || ko "rows of another replication"
grep '^2,' "$TMP/t1/calls.csv" >"$TMP/rep2.want"
tail -n +2 "$TMP/r2/calls.csv" | cmp -s - "$TMP/rep2.want" && ok || ko "replication 2 differs from the full trace"

try "--trace-from/--trace-to keep a window" "$CCSIM" run $SMALL --reps 2 --trace-from 32 --trace-to 33.5 --out "$TMP/w" --quiet
assert_rc 0
SMOKE_NAME="the window trace is the full trace's rows arriving in [32 h, 33.5 h)"
awk -F, 'NR > 1 && $8 >= 115200 && $8 < 120600' "$TMP/t1/calls.csv" >"$TMP/win.want"
[ -s "$TMP/win.want" ] && ok || ko "the window holds no visit"
tail -n +2 "$TMP/w/calls.csv" | cmp -s - "$TMP/win.want" && ok || ko "window rows differ"

try "--trace-rep beyond run.reps" "$CCSIM" run $SMALL --reps 2 --trace-rep 3 --out "$TMP/bad_rep"
assert_rc 2
assert_err "ccsim run: --trace-rep: expected at most 2 (run.reps), got 3"
assert_no_file "$TMP/bad_rep"

try "--trace-to before --trace-from" "$CCSIM" run $SMALL --trace-from 5 --trace-to 4 --out "$TMP/bad_win"
assert_rc 2
assert_err "ccsim run: --trace-to: expected more than --trace-from (5), got 4"
assert_no_file "$TMP/bad_win"

try "--trace-from not a number" "$CCSIM" run $SMALL --trace-from noon --out "$TMP/bad_from"
assert_rc 2
assert_err "--trace-from: expected a number"

# Memory stays flat: a 60-day trace (about 11 MB of rows) against the same run untraced. Rows
# held in memory would add at least the file's size to the peak resident memory (manifest
# peak_rss_kib, getrusage); the margin, 2 MiB, is a quarter of the smallest file accepted and
# well above the run-to-run noise (a few hundred KiB).
try "a long trace" "$CCSIM" run $SMALL --reps 1 --days 60 --trace --out "$TMP/long" --quiet
assert_rc 0
try "the same run untraced" "$CCSIM" run $SMALL --reps 1 --days 60 --out "$TMP/long0" --quiet
assert_rc 0
SMOKE_NAME="peak memory does not grow with the trace"
rss() { sed -n 's/.*"peak_rss_kib":[[:space:]]*\([0-9]*\).*/\1/p' "$1/manifest.json"; }
size=$(wc -c <"$TMP/long/calls.csv")
with=$(rss "$TMP/long")
without=$(rss "$TMP/long0")
[ "$size" -gt 8388608 ] && [ -n "$with" ] && [ -n "$without" ] && [ $((with - without)) -lt 2048 ] &&
    ok || ko "calls.csv $size bytes, peak RSS $with KiB traced, $without KiB untraced"
