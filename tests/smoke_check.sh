# Black-box tests of `ccsim check` (sourced by tests/cli_smoke.sh with tests/smoke_lib.sh).
# Every shipped scenario is valid; invalid input (bad value, unknown key, missing file, bad
# usage) exits 2 with "file: path: message" on stderr; overloads are reported as warnings.

for f in scenarios/*.json; do
    try "check accepts $f" "$CCSIM" check "$f"
    assert_rc 0
    assert_out "): valid"
    assert_out "level1"
done

try "check prints the derived level-2 load" "$CCSIM" check scenarios/pilot14-2013.json
assert_out "level2"
assert_out "offered Erlang"
assert_out "ETPT"

try "check summarises 101 prefectures" "$CCSIM" check scenarios/generalize-13etpt.json
assert_rc 0
assert_out "switchboard (101 prefectures)"
assert_out "per prefecture median"

try "check applies --set" "$CCSIM" check scenarios/pilot14-2013.json --set level2.etpt=1
assert_rc 0
assert_out "warning: level2"

base=$(pwd)/scenarios/base-3939.json
printf '{ "extends": "%s", "level2": { "etpt": -3 } }\n' "$base" >"$TMP/bad_value.json"
try "check rejects a negative etpt" "$CCSIM" check "$TMP/bad_value.json"
assert_rc 2
assert_err "$TMP/bad_value.json: level2.etpt: "

printf '{ "extends": "%s", "level2": { "etpt_typo": 13 } }\n' "$base" >"$TMP/bad_key.json"
try "check rejects an unknown key" "$CCSIM" check "$TMP/bad_key.json"
assert_rc 2
assert_err "$TMP/bad_key.json: level2: unknown key 'etpt_typo'"

try "check rejects a bad --set" "$CCSIM" check scenarios/pilot14-2013.json --set level2.etpt=-1
assert_rc 2
assert_err "level2.etpt: "

try "check reports a missing file" "$CCSIM" check "$TMP/no_such_file.json"
assert_rc 2
assert_err "$TMP/no_such_file.json"

try "check needs a file" "$CCSIM" check
assert_rc 2
assert_err "usage: ccsim check"

try "check rejects an unknown option" "$CCSIM" check scenarios/pilot14-2013.json --frobnicate
assert_rc 2
assert_err "unknown option '--frobnicate'"

# The scenario name becomes results/<name> and a CSV cell: check applies the same rule as run.
printf '{ "extends": "%s", "name": "=1+1" }\n' "$base" >"$TMP/formula_name.json"
try "check refuses a name a spreadsheet would run" "$CCSIM" check "$TMP/formula_name.json"
assert_rc 2
assert_err "$TMP/formula_name.json: name: must not start with '=', '+' or '@'"

long=$(printf 'x%.0s' $(seq 200))
try "check quotes at most 64 bytes of an argument" "$CCSIM" check scenarios/pilot14-2013.json "--$long"
assert_rc 2
assert_err "unknown option '--$(printf 'x%.0s' $(seq 62))...'"

# The analytic column counts blocked callers as unanswered: with no waiting place (capacity 0)
# the station is Erlang B, answered = 1 - B(10 agents, 8 Erlang), by the textbook recurrence
# B(k) = a B(k-1) / (k + a B(k-1)) computed here, not by ccsim.
want=$(awk 'BEGIN { b = 1; a = 120 * 240 / 3600; for (k = 1; k <= 10; k++) b = a * b / (k + a * b);
                    printf "%.1f%%", 100 * (1 - b) }')
try "check predicts blocking (Erlang B at capacity 0)" "$CCSIM" check scenarios/validation/mmcm.json \
    --set station.capacity=0
assert_rc 0
grep -E "^queue .* $want\$" "$TMP/out" >/dev/null && ok || ko "queue's analytic answered is not $want"
