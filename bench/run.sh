#!/bin/sh
# Speed benchmarks, measured as ratios in one run (these machines are noisy, +-10-20 %).
#  1. The reference M/M/c+M (120 calls/h, AHT 240 s, patience 120 s, 10 agents) over
#     1,000,000 minutes, one replication, one thread: ccsim against bench/mmcm_loop.c, a
#     hand-written single-purpose C loop of the same model (the practical limit), compiled here
#     with the same compiler at -O2. The loop checks its own figures against Erlang A.
#  2. A year of the whole network (generalize-16etpt, 350 days = 250 working days), one
#     replication, one thread: calls and events per second and peak memory (goal: under 2 s,
#     issue 12); then the same over 35 days, to show memory does not grow with the horizon;
#     then the calendar year 2013 of generalize-16etpt-2013 (365 days, French holidays).
# Usage: sh bench/run.sh   (from the repository root, after make; bench/README.md explains
#        how to read the output)
set -eu
CCSIM=${CCSIM:-build/bin/ccsim}
CC=${CC:-cc}
REF=bench/mmcm_loop.c
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

field() { # field FILE KEY -> number in manifest.json (indented by spaces or tabs)
    sed -n "s/^[[:space:]]*\"$2\":[[:space:]]*\([0-9.e+-]*\),*$/\1/p" "$1"
}

echo "== 1. M/M/c+M reference model, 1e6 minutes, 1 replication, 1 thread"
echo "   (5 alternating runs of each program; medians and their ratio)"
if ! "$CC" -O2 -o "$OUT/mmcm_loop" "$REF" -lm; then
    echo "bench: cannot compile $REF with $CC" >&2
    exit 1
fi
: >"$OUT/base_eps"
: >"$OUT/eps"
for i in 1 2 3 4 5; do
    # The loop exits 1 when its figures leave Erlang A: a fast wrong loop is no reference.
    "$OUT/mmcm_loop" 1000000 20240601 >"$OUT/loop.txt"
    sed -n 's/.*events_per_s=\([0-9]*\).*/\1/p' "$OUT/loop.txt" >>"$OUT/base_eps"
    "$CCSIM" run scenarios/validation/mmcm.json --set run.hours=16666.667 \
        --set run.warmup_hours=0 --reps 1 --jobs 1 --quiet --out "$OUT/mmcm"
    field "$OUT/mmcm/manifest.json" events_per_s >>"$OUT/eps"
done
median() { sort -n "$1" | sed -n 3p; }
eps=$(median "$OUT/eps")
echo "ccsim run: median $eps events/s ($(field "$OUT/mmcm/manifest.json" events) events;" \
    "all: $(sort -n "$OUT/eps" | tr '\n' ' '))"
base_eps=$(median "$OUT/base_eps")
echo "mmcm_loop (hand-written C loop, $CC -O2): median $base_eps events/s" \
    "(all: $(sort -n "$OUT/base_eps" | tr '\n' ' '))"
awk -v a="$eps" -v b="$base_eps" 'BEGIN { printf "ratio ccsim / mmcm_loop: %.2f (goal: 1.0 or more, issue 12)\n", a / b }'
echo "mmcm_loop figures (mean +- 95 % half-width over 20 batches):"
tr ' ' '\n' <"$OUT/loop.txt" | grep -E '^(p_abandon|mean_wait_s|occupancy|check)=' |
    sed 's/^/  /'
echo "ccsim figures (one replication):"
grep -E '^[^,]*,queue,(abandon_rate|mean_wait_s|occupancy),' "$OUT/mmcm/summary.csv" |
    sed 's/^/  /'
echo "  (exact: abandon_rate 0.0684054, mean_wait_s 8.2086, occupancy 0.745276)"

echo "== 2. generalize-16etpt, one year (350 days), 1 replication, 1 thread"
report() { # report LABEL MANIFEST
    awk -v d="$1" -v w="$(field "$2" wall_time_s)" -v c="$(field "$2" calls)" \
        -v e="$(field "$2" events)" -v r="$(field "$2" peak_rss_kib)" \
        'BEGIN { printf "%s: %.2f s, %d calls (%.2f M calls/s), %d events (%.2f M events/s), peak RSS %.1f MiB\n", d, w, c, c / w / 1e6, e, e / w / 1e6, r / 1024 }'
}
for days in 350 35; do
    "$CCSIM" run scenarios/generalize-16etpt.json --days $days --reps 1 --jobs 1 --quiet \
        --out "$OUT/year$days"
    report "$(printf '%3d days' $days)" "$OUT/year$days/manifest.json"
done
"$CCSIM" run scenarios/generalize-16etpt-2013.json --reps 1 --jobs 1 --quiet --out "$OUT/y2013"
report "2013 (generalize-16etpt-2013, 365 days)" "$OUT/y2013/manifest.json"
