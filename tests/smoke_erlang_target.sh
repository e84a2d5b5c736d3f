# Black-box tests of `ccsim erlang --target` (sourced by tests/cli_smoke.sh with
# tests/smoke_lib.sh): the fewest agents meeting every target, the figures there and at one
# fewer, in the three output forms, and the messages for bad targets (exit 2).

# The reference model of tests/smoke_erlang.sh: 10 agents give sl_20 0.825 and p_abandon 0.068
# (pinned there), so "sl_20 >= 0.8" needs 10 (if 9 fell short) and adding "p_abandon <= 0.05"
# needs more.
try "erlang --target finds the fewest agents" \
    "$CCSIM" erlang --calls-per-hour 120 --aht 240 --patience 120 --target 'sl_20>=0.8' --csv
assert_rc 0
assert_head "$TMP/out" "agents,metric,value"
assert_out "10,sl_20,0.825157"
assert_out "9,sl_20,0.7" # below 0.8: 9 agents fall short
try "erlang --target keeps every target" "$CCSIM" erlang --calls-per-hour 120 --aht 240 \
    --patience 120 --target 'sl_20>=0.8' --target 'p_abandon <= 0.05'
assert_rc 0
assert_out "targets: sl_20 >= 0.8, p_abandon <= 0.05"
assert_out "fewest agents meeting every target: 11"
assert_out "with one fewer, 10 agents:"

# The classic Erlang C example (10 Erlangs, 80 % within 20 s: 14 agents, 13 give 79.6 %), as JSON.
try "erlang --target --json gives the answer and one fewer" \
    "$CCSIM" erlang --calls-per-hour 200 --aht 180 --target 'sl_20>=0.8' --json
assert_rc 0
tr -d ' \t\n' <"$TMP/out" >"$TMP/flat"
grep -qF '"targets":[{"metric":"sl_20","op":">=","value":0.8}],"agents":14,' "$TMP/flat" && ok ||
    ko "JSON lacks the targets and agents 14"
grep -qF '"one_fewer":{"agents":13,' "$TMP/flat" && ok || ko "JSON lacks one_fewer at 13"

# Erlang C is only defined above the load: 10 Erlangs and nobody abandoning meet
# "p_abandon <= 0" from 11 agents, and 10 are unstable (JSON null, no CSV rows).
try "erlang --target starts Erlang C above the load" \
    "$CCSIM" erlang --calls-per-hour 200 --aht 180 --target 'p_abandon<=0'
assert_rc 0
assert_out "fewest agents meeting every target: 11"
assert_out "unstable (offered load 10 Erlang >= 10 agents)"
try "erlang --target --json says null for an unstable one fewer" \
    "$CCSIM" erlang --calls-per-hour 200 --aht 180 --target 'p_abandon<=0' --json
assert_rc 0
assert_out '"one_fewer":	null'

# Erlang B (--capacity 0): the 1 % grade-of-service table gives 11 circuits for 5 Erlangs.
try "erlang --target solves Erlang B" \
    "$CCSIM" erlang --calls-per-hour 100 --aht 180 --capacity 0 --target 'p_block<=0.01' --csv
assert_rc 0
assert_out "11,load_erlangs,5"
assert_out "10,p_block,0.018"

# The names of `ccsim staff` work too: answer_rate is 1 - p_abandon (0.068 at 10 agents, above).
try "erlang --target takes the names of ccsim staff" "$CCSIM" erlang --calls-per-hour 120 \
    --aht 240 --patience 120 --target 'sl_20>=0.8' --target 'abandon_rate<=0.05' --csv
assert_rc 0
assert_out "11,p_abandon,0.04"
try "erlang --target answer_rate is 1 - p_abandon" "$CCSIM" erlang --calls-per-hour 120 \
    --aht 240 --patience 120 --target 'answer_rate>=0.93' --csv
assert_rc 0
assert_out "10,p_abandon,0.0684"
assert_out "9,p_abandon,0.108"

try "erlang --target refuses --agents" \
    "$CCSIM" erlang --calls-per-hour 120 --aht 240 --agents 3 --target 'sl_20>=0.8'
assert_rc 2
assert_err "ccsim erlang: --agents: give either --agents or --target"
try "erlang --target names the metrics it knows" \
    "$CCSIM" erlang --calls-per-hour 120 --aht 240 --t 30 --target 'sl_20>=0.8'
assert_rc 2
assert_err "ccsim erlang: --target: expected a metric among p_wait, mean_wait_s, asa_s, p_abandon, p_answer, sl_30, occupancy (with --t 30; or abandon_rate, answer_rate), got 'sl_20'"
try "erlang --target wants an operator" "$CCSIM" erlang --calls-per-hour 120 --aht 240 \
    --target 'sl_20=0.8'
assert_rc 2
assert_err "ccsim erlang: --target: expected METRIC>=X or METRIC<=X, got 'sl_20=0.8'"
try "erlang --target bounds a probability" "$CCSIM" erlang --calls-per-hour 120 --aht 240 \
    --target 'p_abandon<=5%'
assert_rc 2
assert_err "ccsim erlang: --target: p_abandon: expected a number in [0, 1], got '5%'"
# 10 + 40 sqrt(10) + 100 = 236.5: the bound of models/erlang.c past which nothing moves.
try "erlang --target says when no count will do" "$CCSIM" erlang --calls-per-hour 200 --aht 180 \
    --target 'occupancy>=0.99'
assert_rc 2
assert_err "ccsim erlang: --target: no number of agents up to 237 meets every target"
