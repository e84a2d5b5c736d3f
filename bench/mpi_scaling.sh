#!/bin/sh
# Strong scaling of the MPI build (docs/cluster.md, "Measured"): one study, a sweep of the
# whole network (generalize-16etpt) over level-2 ETPT 10:22:4 (4 points) x REPS replications of
# DAYS days, run
#   - by the plain build with --jobs 1 and --jobs 2 (1 vs 2 threads in one process);
#   - by the MPI build on 1, 2 and 4 ranks (4 oversubscribed on a 2-core machine), 1 thread
#     each, and on 2 ranks x 2 threads;
# each configuration TRIES times (the fastest kept: these machines are shared and noisy). It
# prints wall time, speedup and efficiency against the plain --jobs 1 run, checks that every
# configuration wrote the same sweep.csv, and prints the bytes sent per replication result
# (CCSIM_MPI_STATS) and the spread of one unit's time between the slowest and the fastest point
# (what the dynamic hand-out balances).
# Usage: sh bench/mpi_scaling.sh   (after make and make MPI=1; as root, export
#        OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 first)
set -eu
CCSIM=${CCSIM:-build/bin/ccsim}
CCSIM_MPI=${CCSIM_MPI:-build-mpi/bin/ccsim}
MPIRUN=${MPIRUN:-mpirun --oversubscribe}
DAYS=${DAYS:-35}
REPS=${REPS:-4}
TRIES=${TRIES:-2}
S=scenarios/generalize-16etpt.json
STUDY="--vary level2.etpt=10:22:4 --days $DAYS --reps $REPS --quiet"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for b in "$CCSIM" "$CCSIM_MPI"; do
    [ -x "$b" ] || { echo "bench: $b missing (make; make MPI=1)" >&2; exit 1; }
done

now() { date +%s.%N; }
calc() { awk "BEGIN { print $* }"; }
# best NAME CMD...: runs CMD TRIES times into $OUT/NAME, prints the fastest wall time.
best() {
    name=$1
    shift
    bestt=""
    i=0
    while [ "$i" -lt "$TRIES" ]; do
        rm -rf "$OUT/$name"
        t0=$(now)
        "$@" --out "$OUT/$name" 2>"$OUT/$name.err"
        t=$(calc "$(now) - $t0")
        if [ -z "$bestt" ] || [ "$(calc "$t < $bestt")" = 1 ]; then bestt=$t; fi
        i=$((i + 1))
    done
    echo "$bestt"
}

units=$((4 * REPS))
echo "== study: sweep $S level2.etpt=10:22:4, $DAYS days, $REPS replications: $units units"
echo "   (fastest of $TRIES; load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
t1=$(best plain1 "$CCSIM" sweep "$S" $STUDY --jobs 1)
t2=$(best plain2 "$CCSIM" sweep "$S" $STUDY --jobs 2)
m1=$(best mpi1 $MPIRUN -np 1 "$CCSIM_MPI" sweep "$S" $STUDY --jobs 1)
m2=$(best mpi2 $MPIRUN -np 2 "$CCSIM_MPI" sweep "$S" $STUDY --jobs 1)
m4=$(best mpi4 $MPIRUN -np 4 "$CCSIM_MPI" sweep "$S" $STUDY --jobs 1)
m22=$(best mpi22 $MPIRUN -np 2 "$CCSIM_MPI" sweep "$S" $STUDY --jobs 2)
printf '%-28s %9s %8s %11s\n' configuration "wall (s)" speedup efficiency
row() { # row LABEL WALL WORKERS
    printf '%-28s %9.2f %8.2f %10.0f%%\n' "$1" "$2" "$(calc "$t1 / $2")" \
        "$(calc "100 * $t1 / $2 / $3")"
}
row "plain, 1 thread" "$t1" 1
row "plain, 2 threads" "$t2" 2
row "mpi, 1 rank x 1 thread" "$m1" 1
row "mpi, 2 ranks x 1 thread" "$m2" 2
row "mpi, 4 ranks x 1 (oversub.)" "$m4" 2
row "mpi, 2 ranks x 2 threads" "$m22" 2
echo "   (efficiency per core: the machine has 2; 4 ranks share them)"
same=1
for c in plain2 mpi1 mpi2 mpi4 mpi22; do
    cmp -s "$OUT/plain1/sweep.csv" "$OUT/$c/sweep.csv" || { echo "DIFFERENT: $c/sweep.csv"; same=0; }
done
[ "$same" = 1 ] && echo "   every configuration wrote the same sweep.csv (byte for byte)"

echo "== communication (2 ranks, CCSIM_MPI_STATS)"
CCSIM_MPI_STATS=1 $MPIRUN -np 2 -x CCSIM_MPI_STATS "$CCSIM_MPI" sweep "$S" $STUDY --jobs 1 \
    --out "$OUT/stats" 2>&1 | grep 'ccsim: mpi:'

echo "== one unit (1 replication, 1 thread) at the two ends of the sweep"
for e in 10 22; do
    t0=$(now)
    "$CCSIM" run "$S" --set level2.etpt=$e --days "$DAYS" --reps 1 --jobs 1 --quiet \
        --out "$OUT/unit$e"
    printf '   level2.etpt=%s: %.2f s\n' "$e" "$(calc "$(now) - $t0")"
done
