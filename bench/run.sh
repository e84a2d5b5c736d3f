#!/bin/sh
# Speed benchmarks, measured as ratios in one run (these machines are noisy, +-10-20 %).
#  1. The reference M/M/c+M (120 calls/h, AHT 240 s, patience 120 s, 10 agents) over
#     1,000,000 minutes, one replication, one thread: ccsim against the hand-written C loop of
#     ../shared/bench/mmcm_baseline.c (the practical limit, about 11 M events/s).
#  2. A year of the whole network (generalize-16etpt, 350 days = 250 working days), one
#     replication, one thread: calls and events per second and peak memory; then the same
#     over 35 days, to show memory does not grow with the horizon.
# Usage: sh bench/run.sh   (from the repository root, after make)
set -eu
CCSIM=${CCSIM:-build/bin/ccsim}
REF=${REF:-../shared/bench/mmcm_baseline.c}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

field() { # field FILE KEY -> number in manifest.json
    sed -n "s/^  \"$2\": \([0-9.e+-]*\),*$/\1/p" "$1"
}

echo "== 1. M/M/c+M reference model, 1e6 minutes, 1 replication, 1 thread"
if [ -f "$REF" ]; then
    cc -O2 -o "$OUT/mmcm_baseline" "$REF" -lm
    base=$("$OUT/mmcm_baseline" --eager 1000000 20240601)
    base_eps=$(printf '%s\n' "$base" | sed -n 's/.*events_per_s=\([0-9]*\).*/\1/p')
    echo "baseline (hand-written C loop, eager cancel): $base_eps events/s"
else
    base_eps=""
    echo "baseline: $REF not found, ratio skipped"
fi
for i in 1 2 3; do
    "$CCSIM" run scenarios/validation/mmcm.json --set run.hours=16666.667 \
        --set run.warmup_hours=0 --reps 1 --jobs 1 --quiet --out "$OUT/mmcm$i"
done
for i in 1 2 3; do field "$OUT/mmcm$i/manifest.json" events_per_s; done | sort -n >"$OUT/eps"
eps=$(sed -n 2p "$OUT/eps")
echo "ccsim run (median of 3): $eps events/s ($(field "$OUT/mmcm1/manifest.json" events) events)"
if [ -n "$base_eps" ]; then
    awk -v a="$eps" -v b="$base_eps" 'BEGIN { printf "ratio ccsim / baseline: %.2f\n", a / b }'
fi
grep -E '^queue,(abandon_rate|mean_wait_s|occupancy),' "$OUT/mmcm1/summary.csv" |
    sed 's/^/  /'
echo "  (exact: abandon_rate 0.0684054, mean_wait_s 8.2086, occupancy 0.745276)"

echo "== 2. generalize-16etpt, one year (350 days), 1 replication, 1 thread"
for days in 350 35; do
    "$CCSIM" run scenarios/generalize-16etpt.json --days $days --reps 1 --jobs 1 --quiet \
        --out "$OUT/year$days"
    m="$OUT/year$days/manifest.json"
    awk -v d=$days -v w="$(field "$m" wall_time_s)" -v c="$(field "$m" calls)" \
        -v e="$(field "$m" events)" -v r="$(field "$m" peak_rss_kib)" \
        'BEGIN { printf "%3d days: %.2f s, %d calls (%.2f M calls/s), %d events (%.2f M events/s), peak RSS %.1f MiB\n", d, w, c, c / w / 1e6, e, e / w / 1e6, r / 1024 }'
done
