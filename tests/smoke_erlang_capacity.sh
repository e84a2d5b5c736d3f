# Black-box tests of `ccsim erlang --capacity K` and `--json` (sourced by tests/cli_smoke.sh
# with tests/smoke_lib.sh). K = 0 is Erlang B, computed here by its recurrence; K = 3 with
# patience is checked against the simulator itself (the station model with "capacity": 3), a
# derivation independent of the birth-death solution: answered, abandoned and blocked shares,
# ASA and SL 60 s within two half-widths of the simulated 95 % intervals.

try "erlang --capacity 0 is Erlang B" "$CCSIM" erlang --calls-per-hour 120 --aht 240 --agents 10 \
    --capacity 0 --csv
assert_rc 0
awk -F, -v c=10 -v a=8 'BEGIN { b = 1; for (k = 1; k <= c; k++) b = a * b / (k + a * b) }
    $1 == "p_block" { d = $2 - b; if (d < 0) d = -d; ok = d < 1e-9 * b } END { exit !ok }' \
    "$TMP/out" && ok || ko "p_block: $(grep p_block "$TMP/out")"

try "erlang --capacity agrees with the simulated station" "$CCSIM" erlang --calls-per-hour 150 \
    --aht 240 --patience 120 --agents 10 --capacity 3 --t 60 --csv
assert_rc 0
cp "$TMP/out" "$TMP/formula.csv"
mmcm=$(pwd)/scenarios/validation/mmcm.json
cat >"$TMP/k3.json" <<JSON
{ "extends": "$mmcm", "name": "k3", "arrivals": { "calls_per_hour": 150 },
  "run": { "reps": 10, "hours": 400, "warmup_hours": 5 }, "station": { "capacity": 3 } }
JSON
try "simulate the same M/M/c/K+M station" "$CCSIM" run "$TMP/k3.json" --out "$TMP/k3" --jobs 2
assert_rc 0
# The queue row, "±" and "%" split off: name offered ± h answered ± h abandoned ± h blocked ± h
# asa ± h sl60 ± h.
awk '$1 == "queue" { gsub("±", " ± "); gsub("%", ""); print }' "$TMP/out" >"$TMP/row"
check_share() { # check_share METRIC FIELD SCALE ROUNDING
    awk -v m="$1" -v f="$2" -v s="$3" -v r="$4" -F, '
        FILENAME == ARGV[1] { if ($1 == m) want = $2; next }
        { split($0, x, " "); got = x[f] / s; half = x[f + 2] / s
          d = got - want; if (d < 0) d = -d
          if (half > 0 && d <= 2 * half + r) exit 0
          printf "%s: simulated %s (half-width %s), formula %s\n", m, got, half, want; exit 1 }' \
        "$TMP/formula.csv" "$TMP/row" >"$TMP/why" && ok || ko "$(cat "$TMP/why")"
}
SMOKE_NAME="erlang --capacity agrees with the simulated station"
check_share p_answer 5 100 0.0005
check_share p_abandon 8 100 0.0005
check_share p_block 11 100 0.0005
check_share asa_s 14 1 0.05
check_share sl_60 17 100 0.0005

try "erlang --json writes the inputs and results" "$CCSIM" erlang --calls-per-hour 120 --aht 240 \
    --patience 120 --agents 10 --json
assert_rc 0
assert_out '"model":	"Erlang A (M/M/c+M)"'
assert_out '"agents":	10'
assert_out '"p_abandon":	0.0684053'
# A figure too costly to compute is null, never a bare nan that no JSON reader accepts.
try "erlang --json writes an undefined figure as null" "$CCSIM" erlang --calls-per-hour 120 \
    --aht 240 --agents 10 --capacity 1000000 --t 100000 --json
assert_rc 0
assert_out '"sl_100000":	null'
grep -qi nan "$TMP/out" && ko "nan in JSON" || ok
if command -v jq >/dev/null; then
    jq -e '.results.p_block >= 0 and .inputs.capacity == 1000000' "$TMP/out" >/dev/null 2>&1 && ok ||
        ko "jq cannot read it"
fi

try "erlang --capacity rejects a negative K" "$CCSIM" erlang --calls-per-hour 120 --aht 240 \
    --agents 10 --capacity -1
assert_rc 2
assert_err "ccsim erlang: --capacity: expected an integer in [0, 1000000], got '-1'"
try "erlang takes one of --csv and --json" "$CCSIM" erlang --calls-per-hour 120 --aht 240 \
    --agents 10 --csv --json
assert_rc 2
assert_err "ccsim erlang: --json: give one of --csv and --json"
# At a load over the agents, a finite queue is stable where Erlang C is not.
try "erlang --capacity accepts an overload" "$CCSIM" erlang --calls-per-hour 300 --aht 240 \
    --agents 10 --capacity 3 --csv
assert_rc 0
assert_out "load_erlangs,20"
