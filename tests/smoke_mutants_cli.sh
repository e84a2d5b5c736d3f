# Black-box tests written against mutants (tests/mutants/) that the other smoke files let
# through (sourced by tests/cli_smoke.sh). Each expected value is derived, not copied.

# The manifest's "calls" is the total over replications. With no warm-up and every arrival
# inside the run, each replication's offered count (summary.csv, network row) is its number of
# calls, so calls = reps x mean offered, exactly.
try "manifest calls sum every replication" "$CCSIM" run tests/data/center/burst.json --reps 3 \
    --jobs 2 --out "$TMP/mut_calls" --quiet
assert_rc 0
calls=$(sed -n 's/^ *"calls": \([0-9]*\),$/\1/p' "$TMP/mut_calls/manifest.json")
want=$(awk -F, '$2 == "network" && $3 == "offered" { printf "%.0f", $4 * $7 }' \
    "$TMP/mut_calls/summary.csv")
[ -n "$calls" ] && [ "$calls" = "$want" ] && ok || ko "manifest calls '$calls', expected $want (3 x mean offered)"
