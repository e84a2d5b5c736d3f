# Black-box tests written against mutants (tests/mutants/) that the other smoke files let
# through (sourced by tests/cli_smoke.sh). Each expected value is derived, not copied.

# The manifest's "calls" is the total over replications. With no warm-up and every arrival
# inside the run, each replication's offered count (summary.csv, network row) is its number of
# calls, so calls = reps x mean offered, exactly.
try "manifest calls sum every replication" "$CCSIM" run tests/data/center/burst.json --reps 3 \
    --jobs 2 --out "$TMP/mut_calls" --quiet
assert_rc 0
calls=$(sed -n 's/^[[:space:]]*"calls":[[:space:]]*\([0-9]*\),$/\1/p' "$TMP/mut_calls/manifest.json")
want=$(awk -F, '$2 == "network" && $3 == "offered" { printf "%.0f", $4 * $7 }' \
    "$TMP/mut_calls/summary.csv")
[ -n "$calls" ] && [ "$calls" = "$want" ] && ok || ko "manifest calls '$calls', expected $want (3 x mean offered)"

# The reference M/M/c+M model (120 calls/h, 240 s, patience 120 s, 10 agents). Its ASA, the
# mean wait of answered callers, from an arrival's view of the stationary states (PASTA): one
# finding j callers ahead is answered with probability c mu / (c mu + (j+1) theta) after a mean
# sum_{k<=j} 1 / (c mu + (k+1) theta); summed in Python: 6.61045671 s (and P(abandon)
# 0.0684053529, the reference value smoke_erlang.sh pins).
near() { # near GOT WANT: relative difference below 1e-6
    awk -v g="$1" -v w="$2" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(g != "" && d <= 1e-6 * w) }'
}
try "erlang CSV gives the ASA of answered callers" \
    "$CCSIM" erlang --calls-per-hour 120 --aht 240 --patience 120 --agents 10 --csv
assert_rc 0
got=$(sed -n 's/^asa_s,//p' "$TMP/out")
near "$got" 6.61045671 && ok || ko "asa_s '$got', expected 6.61045671"
try "erlang table gives P(abandon)" \
    "$CCSIM" erlang --calls-per-hour 120 --aht 240 --patience 120 --agents 10
assert_rc 0
got=$(awk '$1 == "P(abandon)" { print $2 }' "$TMP/out")
near "$got" 0.0684053529 && ok || ko "P(abandon) '$got', expected 0.0684054"

# Limits at their edge: 0 is not > 0 for --aht, nor >= 1 for --agents.
try "erlang rejects --aht 0" "$CCSIM" erlang --calls-per-hour 120 --aht 0 --agents 3
assert_rc 2
assert_err "ccsim erlang: --aht: expected a number > 0, got '0'"
try "erlang rejects --agents 0" "$CCSIM" erlang --calls-per-hour 120 --aht 240 --agents 0
assert_rc 2
assert_err "ccsim erlang: --agents: expected an integer in [1, 1000000], got '0'"

# The shortcuts' ranges: --reps 1..10000, --days 1..3660.
try "run rejects --reps 10001" "$CCSIM" run scenarios/validation/mmcm.json --reps 10001
assert_rc 2
assert_err "ccsim run: --reps: must be in [1, 10000], got 10001"
try "run rejects --days 0" "$CCSIM" run tests/data/center/burst.json --days 0
assert_rc 2
assert_err "ccsim run: --days: must be in [1, 3660], got 0"

# A sweep grid may hold exactly CC_SWEEP_MAX_GRID = 10000 points (100 x 100): that one goes on
# to load the scenario (missing here, so it stops there), 100 x 101 is refused first.
try "sweep accepts a grid of exactly 10000 points" "$CCSIM" sweep "$TMP/mut_missing.json" \
    --vary seed=1:100:1 --vary run.reps=1:100:1
assert_rc 2
assert_err "$TMP/mut_missing.json: No such file or directory"
try "sweep refuses 10100 points" "$CCSIM" sweep "$TMP/mut_missing.json" \
    --vary seed=1:100:1 --vary run.reps=1:101:1
assert_rc 2
assert_err "ccsim sweep: 100 x 101 points, at most 10000 in all"

# --step takes 1e-6..1e6, both ends included: 1e6 goes on to load the (missing) scenario.
try "staff accepts --step 1e6" "$CCSIM" staff "$TMP/mut_missing.json" --station queue \
    --target 'sl_20>=0.8' --step 1e6
assert_rc 2
assert_err "$TMP/mut_missing.json: No such file or directory"
try "staff refuses --step above 1e6" "$CCSIM" staff "$TMP/mut_missing.json" --station queue \
    --target 'sl_20>=0.8' --step 1.000001e6
assert_rc 2
assert_err "ccsim staff: --step: must be in [1e-06, 1e+06], got 1.000001e6"

# journeys.csv: every call ends in exactly one outcome, so in each replication the outcome
# shares add up to 1, and so do their means over replications.
try "journey shares add up to one" "$CCSIM" run tests/data/center/small.json --reps 3 --jobs 2 \
    --out "$TMP/mut_small" --quiet
assert_rc 0
sum=$(awk -F, '$3 == "share" { s += $4 } END { printf "%.9f", s }' "$TMP/mut_small/journeys.csv")
near "$sum" 1 && ok || ko "journey shares add up to $sum, expected 1"

# intervals.csv labels each interval by its start: burst.json has all of Monday's calls between
# 10:00 and 11:00 in 5-minute intervals, so the intervals offered calls are 10:00 ... 10:55.
SMOKE_NAME="intervals are labelled by their start"
starts=$(awk -F, '$2 == "switchboard" && $5 == "offered" && $6 > 0 { printf "%s %s ", $3, $4 }' \
    "$TMP/mut_calls/intervals.csv")
want="mon 10:00 mon 10:05 mon 10:10 mon 10:15 mon 10:20 mon 10:25 mon 10:30 mon 10:35 mon 10:40 mon 10:45 mon 10:50 mon 10:55 "
[ "$starts" = "$want" ] && ok || ko "intervals with calls start at '$starts', expected '$want'"

# The analytic column (analytic_model erlang_a) of the reference M/M/c+M model
# (scenarios/validation/mmcm.json, constant rate): answer_rate = 1 - P(abandon)
# = 1 - 0.0684053529 in every interval.
try "analytic answer_rate is 1 - P(abandon)" "$CCSIM" run scenarios/validation/mmcm.json \
    --set run.hours=3 --set run.warmup_hours=0 --reps 2 --jobs 2 --out "$TMP/mut_mmcm" --quiet
assert_rc 0
bad=$(awk -F, '$5 == "answer_rate" { n++; d = $10 - 0.9315946471; if (d < 0) d = -d; if (d > 1e-8) print $4 "=" $10 }
    END { if (n != 3) print "rows=" n }' "$TMP/mut_mmcm/intervals.csv")
[ -z "$bad" ] && ok || ko "analytic answer_rate off 0.9315946471: $bad"

# With transfer.mode "ivr" the general share never reaches the switchboard: burst.json's 600
# calls in one hour with general_share 0.25 leave 600 x 0.75 / 12 = 37.5 calls per 5-minute
# interval for the analytic prediction (analytic column of offered), 10:00 to 10:55.
try "analytic offered leaves out the IVR's general share" "$CCSIM" run tests/data/center/burst.json \
    --set prefectures.general_share=0.25 --set transfer.mode=ivr --reps 2 --jobs 2 \
    --out "$TMP/mut_ivr" --quiet
assert_rc 0
pred=$(awk -F, '$2 == "switchboard" && $5 == "offered" && $10 > 0 { printf "%s=%s ", $4, $10 }' \
    "$TMP/mut_ivr/intervals.csv")
want="10:00=37.5 10:05=37.5 10:10=37.5 10:15=37.5 10:20=37.5 10:25=37.5 10:30=37.5 10:35=37.5 10:40=37.5 10:45=37.5 10:50=37.5 10:55=37.5 "
[ "$pred" = "$want" ] && ok || ko "predicted offered '$pred', expected 37.5 from 10:00 to 10:55"

# compare runs B with A's seed and replications: a B that differs only in run.reps (2 instead of
# mmcm.json's 10) gets a note and is paired over A's 10 replications; being the same model on the
# same streams, every difference is exactly 0 with ci_low <= 0 <= ci_high.
printf '{ "extends": "%s", "run": { "reps": 2 } }\n' "$(pwd)/scenarios/validation/mmcm.json" \
    >"$TMP/mut_mmcm2.json"
try "compare gives B the replications of A" "$CCSIM" compare scenarios/validation/mmcm.json \
    "$TMP/mut_mmcm2.json" --set run.hours=5 --out "$TMP/mut_cmp"
assert_rc 0
assert_err "has 2 replications instead of 10; it runs with the seed and replications of"
bad=$(awk -F, 'NR > 1 && ($10 != 10 || $7 != 0 || $8 > $7 || $9 < $7) { print $4 }' \
    "$TMP/mut_cmp/compare.csv")
[ -s "$TMP/mut_cmp/compare.csv" ] && [ -z "$bad" ] && ok || ko "compare.csv rows not paired over 10 reps with diff 0: $bad"

# compare.csv: each paired interval holds its mean difference (ci_low <= diff <= ci_high), and
# with one more agent in B the interval of B - A on the wait has width.
printf '{ "extends": "%s", "station": { "agents": 11 } }\n' \
    "$(pwd)/scenarios/validation/mmcm.json" >"$TMP/mut_mmcm11.json"
try "compare intervals hold their difference" "$CCSIM" compare scenarios/validation/mmcm.json \
    "$TMP/mut_mmcm11.json" --set run.hours=20 --reps 3 --out "$TMP/mut_cmp11" --quiet
assert_rc 0
bad=$(awk -F, 'NR > 1 && $8 != "nan" && ($8 > $7 || $9 < $7) { print $4 }
    NR > 1 && $4 == "mean_wait_s" && !($8 < $9) { print "mean_wait_s has no width" }' \
    "$TMP/mut_cmp11/compare.csv")
[ -s "$TMP/mut_cmp11/compare.csv" ] && [ -z "$bad" ] && ok || ko "ci_low <= diff <= ci_high broken: $bad"

# Service-time shapes: an M/G/1 queue (18 calls/h, mean service 100 s, rho = 0.5, nobody
# abandons) waits on average lambda E[S^2] / (2 (1 - rho)) (Pollaczek-Khinchine); with a
# service cv of 0.5, E[S^2] = 100^2 (1 + 0.25), so 62.5 s, whatever the shape. Each shape must
# land within 4 standard errors (the 95 % half-width of 10 reps over t(0.975, 9) = 2.2622).
for dist in lognormal gamma uniform; do
    try "M/G/1 mean wait with a $dist service" "$CCSIM" run scenarios/validation/mmcm.json \
        --set station.agents=1 --set station.aht_s=100 --set arrivals.calls_per_hour=18 \
        --set station.patience_s=null --set station.patience_dist=null \
        --set station.service_dist=$dist --set station.service_cv=0.5 --set run.hours=20000 \
        --reps 10 --jobs 2 --out "$TMP/mut_mg1_$dist" --quiet
    assert_rc 0
    awk -F, '$3 == "mean_wait_s" { se = ($6 - $5) / 2 / 2.2622; d = $4 - 62.5; if (d < 0) d = -d
        found = 1; exit !(d <= 4 * se) } END { if (!found) exit 1 }' "$TMP/mut_mg1_$dist/summary.csv" &&
        ok || ko "$dist: mean wait $(grep ',mean_wait_s,' "$TMP/mut_mg1_$dist/summary.csv"), expected 62.5 s"
done

# staff works per station: burst.json with two prefectures, each open all day and offered 600
# calls a day, gives 600 / 24 = 25 calls per open hour and prefecture (not 50 for the pair).
# Over 20 replications of Poisson(1200) calls split in two, one standard error is
# sqrt(1200) / 2 / sqrt(20) / 24 = 0.16 calls per hour: 4 of them allowed.
try "staff gives the calls per hour of one station" "$CCSIM" staff tests/data/center/burst.json \
    --set prefectures.count=2 --station prefectures --target 'sl_60>=0.8' --jobs 2 \
    --out "$TMP/mut_staff"
assert_rc 0
rate=$(sed -n 's/^burst prefectures: \([0-9.]*\) calls per open hour.*/\1/p' "$TMP/out")
awk -v r="$rate" 'BEGIN { exit !(r != "" && r >= 25 - 0.65 && r <= 25 + 0.65) }' && ok ||
    ko "calls per open hour '$rate', expected 25 +- 0.65"

# summary.csv: each interval holds its mean (ci_low <= mean <= ci_high).
SMOKE_NAME="summary intervals hold their mean"
bad=$(awk -F, 'FNR > 1 && $5 != "nan" && ($5 > $4 || $6 < $4) { print $2 "/" $3 }' \
    "$TMP/mut_small/summary.csv" "$TMP/mut_calls/summary.csv")
[ -z "$bad" ] && ok || ko "ci_low <= mean <= ci_high broken: $bad"
