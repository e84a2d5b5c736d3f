# Black-box tests of `ccsim erlang` (sourced by tests/cli_smoke.sh with tests/smoke_lib.sh):
# the CSV layout, the reference M/M/c+M model of bench/README.md, Erlang C's stability
# check and the wording of bad-option messages (exit 2).

try "erlang prints the reference model as CSV" \
    "$CCSIM" erlang --calls-per-hour 120 --aht 240 --patience 120 --agents 10 --csv
assert_rc 0
assert_head "$TMP/out" "metric,value"
assert_out "sl_20,0.825157"
assert_out "p_abandon,0.06840535"
assert_out "occupancy,0.74527571"

try "erlang names the threshold of the service level" \
    "$CCSIM" erlang --calls-per-hour 150 --aht 240 --agents 11 --t 15.5 --csv
assert_rc 0
assert_out "sl_15.5,"
assert_out "p_wait,0.6821182"

try "erlang prints a table naming the model" \
    "$CCSIM" erlang --calls-per-hour 120 --aht 240 --patience 120 --agents 10
assert_rc 0
assert_out "Erlang A (M/M/c+M, mean patience 120 s)"

try "erlang rejects an unstable Erlang C load" \
    "$CCSIM" erlang --calls-per-hour 180 --aht 250 --agents 10
assert_rc 2
assert_err "ccsim erlang: unstable: offered load 12.5 Erlang >= 10 agents; give --patience for Erlang A or add agents"

try "erlang accepts the same load with a patience" \
    "$CCSIM" erlang --calls-per-hour 180 --aht 250 --agents 10 --patience 97.3 --csv
assert_rc 0
assert_out "load_erlangs,12.5"

try "erlang rejects a non-integer --agents" \
    "$CCSIM" erlang --calls-per-hour 120 --aht 240 --agents x
assert_rc 2
assert_err "ccsim erlang: --agents: expected an integer in [1, 1000000], got 'x'"

try "erlang rejects a negative --aht" "$CCSIM" erlang --calls-per-hour 120 --aht -2.385 --agents 3
assert_rc 2
assert_err "ccsim erlang: --aht: expected a number > 0, got '-2.385'"

try "erlang requires --agents" "$CCSIM" erlang --calls-per-hour 120 --aht 240
assert_rc 2
assert_err "ccsim erlang: --agents: missing required option"

try "erlang --help prints the usage" "$CCSIM" erlang --help
assert_rc 0
assert_out "usage: ccsim erlang"

# The formulas sum over the agents: a huge count is refused instead of taking seconds.
try "erlang refuses more than a million agents" "$CCSIM" erlang --calls-per-hour 1e9 --aht 1e3 \
    --agents 1000001 --patience 60
assert_rc 2
assert_err "ccsim erlang: --agents: expected an integer in [1, 1000000], got '1000001'"
try "erlang takes a million agents" "$CCSIM" erlang --calls-per-hour 1e9 --aht 3 --agents 1000000
assert_rc 0
