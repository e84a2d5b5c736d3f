# Black-box tests of input that must not hang, balloon or lie (sourced by tests/cli_smoke.sh
# with tests/smoke_lib.sh). `timeout 10` turns a regression that blocks (a FIFO) or reads
# forever (/dev/zero) into a failure instead of a hung `make check`.

mkfifo "$TMP/fifo.json"
try "a FIFO scenario is refused, not waited on" timeout 10 "$CCSIM" check "$TMP/fifo.json"
assert_rc 2
assert_err "$TMP/fifo.json: expected a regular file, got a FIFO"

printf '{ "extends": "fifo.json" }\n' >"$TMP/extends_fifo.json"
try "a FIFO extends target is refused" timeout 10 "$CCSIM" check "$TMP/extends_fifo.json"
assert_rc 2
assert_err "$TMP/fifo.json: expected a regular file, got a FIFO"
rm -f "$TMP/fifo.json" "$TMP/extends_fifo.json"

try "/dev/zero is refused at once" timeout 10 "$CCSIM" check /dev/zero
assert_rc 2
assert_err "/dev/zero: expected a regular file, got a character device"

# 17 MiB of spaces: valid JSON whitespace, refused on its size alone.
head -c 17825792 /dev/zero | tr '\0' ' ' >"$TMP/big.json"
try "a file over 16 MiB is refused" timeout 10 "$CCSIM" check "$TMP/big.json"
assert_rc 2
assert_err "$TMP/big.json: file is larger than 16 MiB"
rm -f "$TMP/big.json"

try "a folder is not a scenario" "$CCSIM" check "$TMP"
assert_rc 2
assert_err "$TMP: expected a regular file, got a directory"

printf '{ "name": "nul" }\n\0{ "seed": 3 }\n' >"$TMP/nul.json"
try "bytes after a NUL are not ignored" "$CCSIM" check "$TMP/nul.json"
assert_rc 2
assert_err "$TMP/nul.json:2:1: NUL byte in JSON text"

base=$(pwd)/scenarios/pilot14-2013.json
printf '\357\273\277{ "extends": "%s", "name": "bom" }\n' "$base" >"$TMP/bom.json"
try "a UTF-8 byte order mark is accepted" "$CCSIM" check "$TMP/bom.json"
assert_rc 0
assert_out "scenario bom ("

try "--set problems name the --set" "$CCSIM" check scenarios/pilot14-2013.json --set level2.etpt=-3
assert_rc 2
assert_err "--set 'level2.etpt=-3': level2.etpt: must be >= 0, got -3"

try "an index too large says so" "$CCSIM" check scenarios/pilot14-2013.json \
    --set 'prefectures.calls_per_day_list[99999999999]=1'
assert_rc 2
assert_err "index too large (at most 999999)"

for f in scenarios/*.json; do
    [ "$f" = scenarios/generalize-uncertain.json ] && continue
    try "one prefecture volume can be set on $f" "$CCSIM" check "$f" \
        --set 'prefectures.calls_per_day_list[3]=400'
    assert_rc 0
done
# There calls_per_day is itself a declared uncertain input: replacing it by a list is refused.
try "a list cannot replace a volume declared uncertain" "$CCSIM" check \
    scenarios/generalize-uncertain.json --set 'prefectures.calls_per_day_list[3]=400'
assert_rc 2
assert_err "uncertain.prefectures.calls_per_day: no such key in the scenario"

try "a formula name is refused by check" "$CCSIM" check scenarios/pilot14-2013.json --set 'name=@x'
assert_rc 2
assert_err "name: must not start with '=', '+' or '@' (spreadsheets opening the CSV files would run it as a formula)"

# Refused at parse time: without the check, staff walks its steps (tens of seconds) first.
try "a share target above 1 is refused before simulating" timeout 10 "$CCSIM" staff \
    scenarios/pilot14-2013.json --station level2 --target 'sl_60>=80' --out "$TMP/staff"
assert_rc 2
assert_err "sl_60 is a share: expected a value in [0, 1], got 80 (did you mean 0.80?)"
assert_no_file "$TMP/staff"
