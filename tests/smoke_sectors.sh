# Level-2 sectors through the command line (docs/model.md s.3, "Sectors and sharing"): with
# sharing none the prefectures' sector is generalize-16etpt's level 2, every summary value of
# it; the CAI total row "level2" adds its sectors up in summary.csv and intervals.csv; a borrowed
# caller's trace row names the caller's sector, so that the trace counts answers where
# summary.csv does; compare reads the sector rows. Sourced by tests/cli_smoke.sh.
SECT_RUN="-r 2 --days 2 -j 1 -q"

# sect_rows FILE STATION: "metric,mean,ci_low,ci_high,reps" of one summary.csv row, sorted.
sect_rows() { awk -F, -v st="$2" '$2 == st { print $3 "," $4 "," $5 "," $6 "," $7 }' "$1" | sort; }

SMOKE_NAME="sharing none: level2:interior is generalize-16etpt's level2, value for value"
"$CCSIM" run scenarios/generalize-16etpt.json $SECT_RUN -o "$TMP/sect_one" &&
    "$CCSIM" run scenarios/generalize-16etpt-cai-none.json $SECT_RUN -o "$TMP/sect_none"
a=$(sect_rows "$TMP/sect_one/summary.csv" level2)
b=$(sect_rows "$TMP/sect_none/summary.csv" level2:interior)
[ -n "$a" ] && [ "$a" = "$b" ] && ok || ko "level2 and level2:interior differ"

# The CAI row of every additive count is the sum of its four sector rows (per replication
# means add up too, up to the 10 digits printed).
SMOKE_NAME="summary.csv: the level2 row adds up its sectors"
"$CCSIM" run scenarios/generalize-16etpt-cai.json $SECT_RUN --trace -o "$TMP/sect_ovf"
bad=$(awk -F, '$3 ~ /^(offered|answered|abandoned|blocked|etpt)$/ && $2 ~ /^level2/ {
        if ($2 == "level2") tot[$3] = $4; else { sum[$3] += $4; n[$3]++ } }
    END { for (m in tot) if (n[m] != 4 || (tot[m] - sum[m]) ^ 2 > 1e-12 * (1 + tot[m] ^ 2))
              print m, tot[m], sum[m], n[m] }' "$TMP/sect_ovf/summary.csv")
[ -s "$TMP/sect_ovf/summary.csv" ] && [ -z "$bad" ] && ok || ko "not the sum: $bad"

SMOKE_NAME="intervals.csv: the level2 rows add up their sectors' offered calls"
bad=$(awk -F, '$5 == "offered" && $2 ~ /^level2/ { k = $3 " " $4
        if ($2 == "level2") tot[k] = $6; else sum[k] += $6 }
    END { n = 0; for (k in tot) { n++; if ((tot[k] - sum[k]) ^ 2 > 1e-12 * (1 + tot[k] ^ 2))
              print k, tot[k], sum[k] } if (n == 0) print "no level2 rows" }' \
    "$TMP/sect_ovf/intervals.csv")
[ -z "$bad" ] && ok || ko "$bad"

# With overflow some callers are served by another sector's agent: their visits must still
# be at their own sector, where summary.csv counts them answered.
SMOKE_NAME="calls.csv: answered visits per sector are summary.csv's answered"
bad=$(awk -F, 'NR == FNR { if ($2 ~ /^level2:/ && $3 == "answered") want[$2] = $4; next }
    FNR > 1 && $5 ~ /^level2:/ && $9 != "nan" { got[$5]++; reps[$1] = 1 }
    END { nr = 0; for (r in reps) nr++
          for (s in want) if ((got[s] / nr - want[s]) ^ 2 > 1e-12) print s, got[s] / nr, want[s]
          if (length(want) != 4) print "sectors:", length(want) }' \
    "$TMP/sect_ovf/summary.csv" "$TMP/sect_ovf/calls.csv")
[ -s "$TMP/sect_ovf/calls.csv" ] && [ -z "$bad" ] && ok || ko "$bad"

SMOKE_NAME="compare of none and overflow has the sector rows"
try "compare sectors" "$CCSIM" compare scenarios/generalize-16etpt-cai-none.json \
    scenarios/generalize-16etpt-cai.json -r 2 --days 2 -j 1 -q -o "$TMP/sect_cmp"
assert_rc 0
grep -q '^[^,]*,[^,]*,level2:interior,answer_rate,' "$TMP/sect_cmp/compare.csv" 2>/dev/null && ok ||
    ko "no level2:interior answer_rate in $(ls "$TMP/sect_cmp" 2>&1 | tr '\n' ' ')"

# ccsim check routes national escalations by the sectors' shares (7,000 direct calls a day x
# 0.20 escalated x the share: labour 0.30 -> 420, justice 0.25 -> 350, housing 0.23 -> 322) and
# every prefecture escalation to the interior, whose line is then generalize-16etpt's level2.
SMOKE_NAME="check: routed calls per sector follow the shares"
try "check cai" "$CCSIM" check scenarios/generalize-16etpt-cai.json
assert_rc 0
routed=$(awk '$1 ~ /^level2:(labour|justice|housing)$/ { printf "%s=%s ", $1, $4 }' "$TMP/out")
[ "$routed" = "level2:labour=420.0 level2:justice=350.0 level2:housing=322.0 " ] && ok ||
    ko "routed: $routed"
one=$("$CCSIM" check scenarios/generalize-16etpt.json 2>/dev/null | awk '$1 == "level2" { $1 = ""; print }')
two=$(awk '$1 == "level2:interior" { $1 = ""; print }' "$TMP/out")
[ -n "$one" ] && [ "$one" = "$two" ] && ok || ko "interior '$two', generalize-16etpt level2 '$one'"

# staff on a scenario with sectors: the level2 row is the whole CAI, so --station level2 is
# refused with the sector to name; --station level2:interior varies level2.sectors[0].etpt and
# judges the interior's own row, as `run` with that --set reports it.
try "staff level2 with sectors" "$CCSIM" staff scenarios/generalize-16etpt-cai.json \
    --station level2 --target 'answer_rate>=0.9' -r 2 --days 1 -q -o "$TMP/sect_staff0"
assert_rc 2
assert_err "level 2 has sectors; name one, e.g. --station level2:interior"
assert_no_file "$TMP/sect_staff0"
try "staff a sector" "$CCSIM" staff scenarios/generalize-16etpt-cai.json \
    --station level2:interior --target 'answer_rate>=0.9' -r 2 --days 1 -j 1 -q -o "$TMP/sect_staff"
assert_rc 0
SMOKE_NAME="staff a sector: the interior's row at the last step"
last=$(awk -F, 'NR > 1 { e = $4; m = $9 } END { printf "%s %s", e, m }' "$TMP/sect_staff/staff.csv")
etpt=${last% *}
"$CCSIM" run scenarios/generalize-16etpt-cai.json --set "level2.sectors[0].etpt=$etpt" -r 2 --days 1 \
    -j 1 -q -o "$TMP/sect_staff_run" >/dev/null 2>&1
want=$(awk -F, '$2 == "level2:interior" && $3 == "answer_rate" { print $4 }' "$TMP/sect_staff_run/summary.csv")
[ -n "$etpt" ] && [ "${last#* }" = "$want" ] && ok || ko "staff.csv last step '$last', run at $etpt ETPT: '$want'"
try "schedule level2 with sectors" "$CCSIM" schedule scenarios/generalize-16etpt-cai.json \
    --station level2 --target 'answer_rate>=0.9' -r 2 --days 1 -q -o "$TMP/sect_sched"
assert_rc 2
assert_err "level 2 has sectors, which schedule does not plan; size one with staff --station level2:interior"
assert_no_file "$TMP/sect_sched"

# The ministry pays its own posts at the CAI: with sectors, ministry_total is its share of the
# transferred calls' bill plus the Interior sector's ETPT (16 in generalize-16etpt-cai.json) at
# costs.etpt_eur_per_year (55,000 in base-3939.json), not the whole CAI's staff cost.
SMOKE_NAME="costs: the ministry's level-2 posts are the interior sector's"
try "run cai for costs" "$CCSIM" run scenarios/generalize-16etpt-cai.json -r 1 --days 1 -j 1 -q \
    -o "$TMP/sect_cost"
assert_rc 0
got=$(awk -F, '$2 == "costs" && $3 == "ministry_total_eur_per_year" { t = $4 }
               $2 == "costs" && $3 == "ministry_eur_per_year" { m = $4 }
               END { printf "%.6f", t - m }' "$TMP/sect_cost/summary.csv")
[ "$got" = "$(awk 'BEGIN { printf "%.6f", 16 * 55000 }')" ] && ok || ko "ministry level-2 cost $got"
