# Black-box tests of the terminal table of `ccsim run` (sourced by tests/cli_smoke.sh with
# tests/smoke_lib.sh): it has a blocked column, so that answered + abandoned + blocked accounts
# for the callers. Checked on a loss system (capacity 0, nobody hangs up: M/M/c/c), whose
# blocked share is Erlang B, computed here by its recurrence B(k) = a B(k-1) / (k + a B(k-1)).

mmcm=$(pwd)/scenarios/validation/mmcm.json
cat >"$TMP/loss.json" <<JSON
{ "extends": "$mmcm", "name": "loss", "run": { "reps": 10, "hours": 400, "warmup_hours": 5 },
  "station": { "capacity": 0, "patience_s": 0 } }
JSON
try "run prints a blocked column" "$CCSIM" run "$TMP/loss.json" --out "$TMP/loss" --jobs 2
assert_rc 0
assert_out "abandoned         blocked"
# The queue row, with each "±" split off: name, offered, ±, h, answered, ±, h, abandoned, ±, h,
# blocked, ±, h.
row=$(awk '$1 == "queue" { gsub("±", " ± "); gsub("%", ""); print }' "$TMP/out")
echo "$row" | awk -v c=10 -v a=8 '{
    b = 1; for (k = 1; k <= c; k++) b = a * b / (k + a * b)
    blocked = $11 / 100; half = $13 / 100
    # 2 half-widths (about 4.5 standard errors at 10 replications), plus the printed rounding.
    tol = 2 * half + 0.0005
    if (half > 0 && (blocked - b) ^ 2 <= tol ^ 2 && $8 == 0) exit 0
    printf "blocked %s (half-width %s), Erlang B %.4f, abandoned %s\n", blocked, half, b, $8
    exit 1 }' >"$TMP/why" && ok || ko "$(cat "$TMP/why")"

# compare lists the blocked calls beside the abandonment rate; one more agent blocks fewer.
sed 's/"capacity": 0,/"capacity": 0, "agents": 11,/; s/"name": "loss"/"name": "loss11"/' \
    "$TMP/loss.json" >"$TMP/loss11.json"
try "compare lists blocked calls" "$CCSIM" compare "$TMP/loss.json" "$TMP/loss11.json" \
    --reps 4 --out "$TMP/cmp" --jobs 2
assert_rc 0
awk '$1 == "queue" && $2 == "blocked" && $5 < 0 { found = 1 } END { exit !found }' "$TMP/out" &&
    ok || ko "no negative queue blocked difference in: $(grep -F blocked "$TMP/out")"
