#!/bin/sh
# Compares ccsim binaries on the network by alternating runs, so that a busy moment of the
# machine hits each binary alike: generalize-16etpt, DAYS days, 1 replication, 1 thread, N
# rounds; prints each binary's median and sorted user times (the whole command, report
# included). On the shared 2-core machines two builds of the same source differ by up to 5 %
# between batches, and a change of the code layout alone (a flag, an inlined function) can
# move a run by 10-15 % either way, so only a gap that holds in both orders (A B, then B A)
# means something.
# Usage: sh bench/ab.sh [-n N] [-d DAYS] CCSIM_A CCSIM_B [...]   (from the repository root)
set -eu
n=9
days=70
while [ $# -gt 0 ]; do
    case $1 in
    -n) n=$2; shift 2 ;;
    -d) days=$2; shift 2 ;;
    *) break ;;
    esac
done
if [ $# -lt 2 ]; then
    echo "usage: sh bench/ab.sh [-n N] [-d DAYS] CCSIM_A CCSIM_B [...]" >&2
    exit 2
fi
if [ ! -x /usr/bin/time ]; then
    echo "bench/ab.sh: needs GNU time as /usr/bin/time (Debian: apt-get install time)" >&2
    exit 1
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
i=0
while [ $i -lt "$n" ]; do
    j=0
    for bin in "$@"; do
        j=$((j + 1))
        /usr/bin/time -f %U -a -o "$OUT/user$j" "$bin" run scenarios/generalize-16etpt.json \
            --days "$days" --reps 1 --jobs 1 --quiet --out "$OUT/run$j"
    done
    i=$((i + 1))
done
j=0
for bin in "$@"; do
    j=$((j + 1))
    printf '%s: median user %s s (all: %s)\n' "$bin" \
        "$(sort -n "$OUT/user$j" | sed -n "$(((n + 1) / 2))p")" \
        "$(sort -n "$OUT/user$j" | tr '\n' ' ')"
    # A faster binary that simulates something else is no gain.
    if [ $j -gt 1 ] && ! cmp -s "$OUT/run1/summary.csv" "$OUT/run$j/summary.csv"; then
        echo "  (its summary.csv differs from the first binary's)"
    fi
done
