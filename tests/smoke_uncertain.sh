# Black-box tests of `ccsim sensitivity` and `ccsim uncertainty` (sourced by tests/cli_smoke.sh
# with tests/smoke_lib.sh). A synthetic M/M/c+M station declares three inputs: the yearly cost
# of an ETPT, which no waiting-time metric reads (its swing must be exactly 0 under common
# random numbers and its PRCC indistinguishable from 0), the handling time, whose increase can
# only lower the answer rate (right sign), and the patience.

mmcm=$(pwd)/scenarios/validation/mmcm.json
cat >"$TMP/unc.json" <<JSON
{ "extends": "$mmcm", "name": "unc", "run": { "reps": 3, "hours": 40, "warmup_hours": 2 },
  "uncertain": {
    "costs.etpt_eur_per_year": { "dist": "uniform", "low": 20000, "high": 90000, "source": "test: read by no queue metric" },
    "station.aht_s": { "dist": "triangular", "low": 200, "mode": 240, "high": 300, "source": "test" },
    "station.patience_s": { "dist": "discrete", "values": [60, 120, 240], "source": "ASSUMPTION test" }
  } }
JSON

# Column NAME of the CSV rows whose column 1 equals KEY (the files hold no quoted commas here).
col() { awk -F, -v k="$2" -v c="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) n = i; next } $1 == k { print $n; exit }' "$1"; }

try "check lists the declared inputs" "$CCSIM" check "$TMP/unc.json"
assert_rc 0
assert_out "declared uncertain inputs (3):"
assert_out "station.aht_s"

try "sensitivity runs each input at its ends" "$CCSIM" sensitivity "$TMP/unc.json" \
    --metric queue.answer_rate --out "$TMP/sens" --quiet --jobs 2
assert_rc 0
assert_head "$TMP/sens/sensitivity.csv" "input,value,station,metric,mean,ci_low,ci_high,swing,base,reps,set"
assert_file "$TMP/sens/tornado.csv"
swing=$(col "$TMP/sens/sensitivity.csv" costs.etpt_eur_per_year swing)
[ "$swing" = "0" ] && ok || ko "a cost input moved the answer rate: swing '$swing', expected exactly 0"
lo=$(awk -F, '$1 == "station.aht_s" && $2 == "200" { print $5 }' "$TMP/sens/sensitivity.csv")
hi=$(awk -F, '$1 == "station.aht_s" && $2 == "300" { print $5 }' "$TMP/sens/sensitivity.csv")
awk -v a="$lo" -v b="$hi" 'BEGIN { exit !(a > b) }' && ok ||
    ko "answer rate at aht 200 s ($lo) should exceed that at 300 s ($hi)"
# Sorted by swing: the handling time moves the answer rate most, the cost not at all (last).
[ "$(sed -n 2p "$TMP/sens/sensitivity.csv" | cut -d, -f1)" = "station.aht_s" ] && ok ||
    ko "first row is not the largest swing"
[ "$(tail -n 1 "$TMP/sens/sensitivity.csv" | cut -d, -f1)" = "costs.etpt_eur_per_year" ] && ok ||
    ko "last row is not the zero swing"

try "sensitivity needs declared inputs" "$CCSIM" sensitivity "$mmcm" --metric queue.answer_rate \
    --out "$TMP/none" --quiet
assert_rc 2
assert_err "declares no uncertain inputs"
assert_no_file "$TMP/none"

try "sensitivity rejects an unknown metric" "$CCSIM" sensitivity "$TMP/unc.json" \
    --metric queue.answer_rat --quiet
assert_rc 2
assert_err "unknown metric 'answer_rat'"

try "uncertainty samples, splits the variance, ranks the inputs" "$CCSIM" uncertainty \
    "$TMP/unc.json" --samples 40 --reps 2 --metric queue.answer_rate --out "$TMP/unc" --quiet \
    --jobs 2 --decide station.agents=8,10,12 --target 'queue.answer_rate>=0.9' --confidence 0.8
assert_rc 0
assert_head "$TMP/unc/uncertainty_summary.csv" "station,metric,mean,q05,q50,q95,var_total,var_input,var_noise,input_share,samples,reps"
assert_file "$TMP/unc/prcc.csv"
assert_file "$TMP/unc/decide.csv"
assert_head "$TMP/unc/decide_samples.csv" "path,value,sample,station,metric,mean"
# The cost does nothing: its PRCC interval holds 0. The handling time lowers the answer rate.
awk -F, '$3 == "costs.etpt_eur_per_year" { exit !($5 < 0 && $6 > 0) }' "$TMP/unc/prcc.csv" && ok ||
    ko "PRCC of the cost input is not indistinguishable from 0: $(grep costs "$TMP/unc/prcc.csv")"
awk -F, '$3 == "station.aht_s" { exit !($6 < 0) }' "$TMP/unc/prcc.csv" && ok ||
    ko "PRCC of the handling time is not negative: $(grep aht "$TMP/unc/prcc.csv")"
# More agents can only help: the probability of meeting the target grows with the candidate.
awk -F, 'NR > 1 { if ($3 < prev) bad = 1; prev = $3 } END { exit bad }' "$TMP/unc/decide.csv" && ok ||
    ko "probability not monotone in the number of agents"

# A sample re-run alone with `ccsim run` and its --set options gives the same mean, to the byte.
sets=$(sed -n 2p "$TMP/unc/uncertainty.csv" | awk -F, '{ print $NF }')
mean=$(sed -n 2p "$TMP/unc/uncertainty.csv" | cut -d, -f4)
eval "set -- $sets"
[ "$1 $2 $3" = "ccsim run $TMP/unc.json" ] && ok || ko "the rerun column starts '$1 $2 $3'"
shift 3
try "a sample re-runs alone" "$CCSIM" run "$TMP/unc.json" "$@" --out "$TMP/rerun" --quiet
assert_rc 0
again=$(awk -F, '$2 == "queue" && $3 == "answer_rate" { print $4 }' "$TMP/rerun/summary.csv")
[ -n "$mean" ] && [ "$mean" = "$again" ] && ok ||
    ko "sample 1 mean '$mean' in uncertainty.csv, '$again' when re-run with $sets"

try "uncertainty needs --samples" "$CCSIM" uncertainty "$TMP/unc.json" --metric queue.answer_rate
assert_rc 2
assert_err "missing --samples"

try "uncertainty refuses a declared input as the decision" "$CCSIM" uncertainty "$TMP/unc.json" \
    --samples 4 --metric queue.answer_rate --decide station.aht_s=200,300 \
    --target 'queue.answer_rate>=0.9' --quiet
assert_rc 2
assert_err "--decide station.aht_s: is a declared uncertain input"

# Intervals are clipped as summary.csv clips them: with 2 short replications the Student-t
# interval of an answer rate near 1 reaches past 1 (t = 12.7), and a share stays in [0, 1].
try "sensitivity intervals of a share stay in [0, 1]" "$CCSIM" sensitivity "$TMP/unc.json" \
    --metric queue.answer_rate --reps 2 --set run.hours=4 --out "$TMP/sens_clip" --quiet
assert_rc 0
awk -F, 'NR > 1 && !($6 >= 0 && $6 <= $5 && $5 <= $7 && $7 <= 1) { bad = 1 } END { exit bad }' \
    "$TMP/sens_clip/sensitivity.csv" && ok || ko "an interval leaves [0, 1]: $(cat "$TMP/sens_clip/sensitivity.csv")"
grep -q ',1,' "$TMP/sens_clip/sensitivity.csv" && ok || ko "no interval reached 1: the case tests nothing"

# The variants run in batches sized by the workers (ranks x --jobs): 16 with --jobs 1, and
# 4 x 9 / 2 = 18 with --jobs 9 and 2 replications, so 20 samples cut at 16 and at 18. A
# replication is a pure function of scenario, seed and index: the bytes must not move.
. tests/same_result.sh
try "uncertainty in batches of 16" "$CCSIM" uncertainty "$TMP/unc.json" --samples 20 --reps 2 \
    --set run.hours=8 --metric queue.answer_rate --out "$TMP/batch16" --quiet --jobs 1
assert_rc 0
try "uncertainty in batches of 18" "$CCSIM" uncertainty "$TMP/unc.json" --samples 20 --reps 2 \
    --set run.hours=8 --metric queue.answer_rate --out "$TMP/batch18" --quiet --jobs 9
assert_rc 0
same_result "uncertainty writes the same bytes whatever its batch size" "$TMP/batch16" \
    "$TMP/batch18"
