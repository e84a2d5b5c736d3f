# Black-box test of the analytic column's memo (models/report.c solves each distinct (station,
# lambda, agents) once). The switchboards get the same call rate all day but 2 agents in the
# morning and 3 in the afternoon: the same lambda with other staff must be solved again, and
# an M/M/c/K line answers strictly more of the same callers with one agent more.
pilot=$(pwd)/scenarios/pilot14-2013.json
cat >"$TMP/cache.json" <<JSON
{ "extends": "$pilot", "name": "cache",
  "calendar": { "intraday_weights": [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0,
                                     0, 0, 0, 0, 0, 0] },
  "prefectures": { "agents_schedule": [ { "from": "09:00", "to": "12:00", "agents": 2 },
                                        { "from": "13:30", "to": "16:30", "agents": 3 } ] } }
JSON
try "run switchboards with 2 then 3 agents at one rate" "$CCSIM" run "$TMP/cache.json" \
    --set run.days=1 --reps 2 --jobs 1 --out "$TMP/cache" --quiet
assert_rc 0
SMOKE_NAME="same rate, more agents: a new analytic reference (answer rate 10:00 < 14:00)"
pair=$(awk -F, 'NR > 1 && $2 == "switchboard" && $3 == "mon" && $5 == "answer_rate" &&
        ($4 == "10:00" || $4 == "14:00") { v[$4] = $10 } END { print v["10:00"], v["14:00"] }' \
    "$TMP/cache/intervals.csv")
set -- $pair
awk -v a="${1:-nan}" -v b="${2:-nan}" 'BEGIN { exit !(a + 0 > 0 && b + 0 > a + 0) }' && ok ||
    ko "switchboard analytic answer_rate at 10:00 and 14:00 on Monday: '$pair'"
