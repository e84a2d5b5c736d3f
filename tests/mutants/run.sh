#!/bin/bash
# Mutation testing: plants each one-line bug of tests/mutants/mutants.txt in a scratch copy of
# the tree, rebuilds, runs the same tests as `make check` (unit, then smoke) and says whether
# some test failed (killed), none did (survived), the text was not found exactly once (stale:
# the code moved, fix the list) or the build failed (stillborn: fix the mutant).
# Score = killed / (total - stale - stillborn - equivalent). Not part of check or CI.
#
#   make mutants                 every mutant (about 40 s each on an idle machine)
#   make mutants MUTANTS=id,id   a subset
# Env: MUTANT_LIST (default tests/mutants/mutants.txt), MUTANT_TIMEOUT (s, default 300: a hang counts as killed), MUTANT_DIR (scratch folder,
# default a fresh mktemp -d, removed at the end unless MUTANT_KEEP=1), MUTANT_BASELINE=0 skips
# the check that the unmutated copy passes.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LIST=${MUTANT_LIST:-$ROOT/tests/mutants/mutants.txt}
TIMEOUT=${MUTANT_TIMEOUT:-300}
ONLY=${1:-${MUTANTS:-}}
MAKEFLAGS_M="OPT=-O1"
# Mutating the build of a copy: never inherit the caller's make flags (make -n, -j...).
unset MAKEFLAGS MFLAGS MAKELEVEL

SCRATCH=${MUTANT_DIR:-$(mktemp -d /tmp/ccsim-mutants.XXXXXX)}
mkdir -p "$SCRATCH"
if [ "${MUTANT_KEEP:-0}" != 1 ] && [ -z "${MUTANT_DIR:-}" ]; then
    trap 'rm -rf "$SCRATCH"' EXIT
fi
TREE=$SCRATCH/tree
PRISTINE=$SCRATCH/pristine
LOGS=$SCRATCH/logs
mkdir -p "$LOGS"

# The tree as it is on disk, uncommitted changes included, without build products; files are
# restored from the pristine copy, so editing the repository during a run changes nothing.
rm -rf "$TREE" "$PRISTINE"
mkdir -p "$TREE" "$PRISTINE"
tar -C "$ROOT" --exclude=./build --exclude=./build-san --exclude='./build-*' --exclude=./bin \
    --exclude=./.git -cf - . | tar -C "$PRISTINE" -xf - || { echo "mutants: cannot copy the tree" >&2; exit 1; }
cp -a "$PRISTINE/." "$TREE/"

build() { make -C "$TREE" -j2 $MAKEFLAGS_M build/bin/check_all build/bin/ccsim; }
# Unit tests first, then smoke stopping at its first failing file: a killed mutant costs less.
# Check's 4 s per-test timeout fires on a loaded machine and would count as a kill: stretch it
# (a real hang is still caught by the per-mutant timeout).
SUITE='cd "$1" && CK_FORK=yes CK_TIMEOUT_MULTIPLIER=10 CCSIM=build/bin/ccsim build/bin/check_all &&
    SMOKE_STOP=1 CCSIM=build/bin/ccsim sh tests/cli_smoke.sh'
suite() { bash -c "$SUITE" _ "$TREE"; }

# apply FILE ORIGINAL REPLACEMENT: exact, single-occurrence text replacement (rc 3 if the
# text is absent or ambiguous).
apply() {
    python3 - "$TREE/$1" "$2" "$3" <<'PY'
import sys
path, old, new = (a.replace("<NL>", "\n") for a in sys.argv[1:4])
try:
    text = open(path, encoding="utf-8").read()
except OSError as e:
    print(f"{path}: {e.strerror}", file=sys.stderr)
    sys.exit(3)
n = text.count(old)
if n != 1:
    print(f"{path}: original text found {n} times", file=sys.stderr)
    sys.exit(3)
open(path, "w", encoding="utf-8").write(text.replace(old, new, 1))
PY
}

restore() { cp -p "$PRISTINE/$1" "$TREE/$1" && touch "$TREE/$1"; }

trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; s=${s%"${s##*[![:space:]]}"}; printf '%s' "$s"; }

echo "mutants: scratch copy in $SCRATCH"
if ! build >"$LOGS/baseline.build" 2>&1; then
    echo "mutants: the unmutated copy does not build (see $LOGS/baseline.build)" >&2
    exit 1
fi
if [ "${MUTANT_BASELINE:-1}" != 0 ]; then
    if ! suite >"$LOGS/baseline.test" 2>&1; then
        echo "mutants: the unmutated copy fails its tests (see $LOGS/baseline.test)" >&2
        exit 1
    fi
    echo "mutants: baseline passes"
fi

total=0 killed=0 survived=0 stale=0 stillborn=0 equivalent=0
survivors=() stale_ids=() stillborn_ids=()
t_start=$(date +%s)
while IFS= read -r line || [ -n "$line" ]; do
    case $line in '' | '#'*) continue ;; esac
    # Fields are separated by " | " (so an original may hold "||" but not " | ").
    rest=$line
    fields=()
    while [[ $rest == *" | "* ]]; do
        fields+=("${rest%%" | "*}")
        rest=${rest#*" | "}
    done
    fields+=("$rest")
    if [ ${#fields[@]} -lt 5 ] || [ ${#fields[@]} -gt 6 ]; then
        echo "mutants: malformed line (need 5 or 6 fields): $line" >&2
        exit 2
    fi
    id=$(trim "${fields[0]}")
    file=$(trim "${fields[1]}")
    orig=$(trim "${fields[2]}")
    repl=$(trim "${fields[3]}")
    equiv=""
    [ ${#fields[@]} -eq 6 ] && equiv=$(trim "${fields[5]}")
    if [ -n "$ONLY" ] && [[ ",$ONLY," != *",$id,"* ]]; then
        continue
    fi
    total=$((total + 1))
    if [[ $equiv == equivalent* ]]; then
        equivalent=$((equivalent + 1))
        reason=${equiv#equivalent}
        reason=${reason#:}
        printf '%-28s equivalent (%s)\n' "$id" "$(trim "$reason")"
        continue
    fi
    t0=$(date +%s)
    if ! apply "$file" "$orig" "$repl" 2>"$LOGS/$id.apply"; then
        stale=$((stale + 1))
        stale_ids+=("$id")
        printf '%-28s STALE: %s\n' "$id" "$(cat "$LOGS/$id.apply")"
        [ -f "$PRISTINE/$file" ] && restore "$file"
        continue
    fi
    if ! timeout -k 10 "$TIMEOUT" make -C "$TREE" -j2 $MAKEFLAGS_M build/bin/check_all build/bin/ccsim \
        >"$LOGS/$id.build" 2>&1; then
        stillborn=$((stillborn + 1))
        stillborn_ids+=("$id")
        printf '%-28s STILLBORN (build failed: %s)\n' "$id" \
            "$(grep -m1 -E 'error:' "$LOGS/$id.build" | cut -c1-100)"
        restore "$file"
        continue
    fi
    timeout -k 10 "$TIMEOUT" bash -c "$SUITE" _ "$TREE" >"$LOGS/$id.test" 2>&1
    rc=$?
    dt=$(($(date +%s) - t0))
    if [ $rc -eq 0 ]; then
        survived=$((survived + 1))
        survivors+=("$id")
        printf '%-28s SURVIVED  %4ds  %s: %s -> %s\n' "$id" "$dt" "$file" "$orig" "$repl"
    else
        killed=$((killed + 1))
        how=$(grep -m1 -E '^FAIL |:[0-9]+:F:' "$LOGS/$id.test" || grep -m1 -E ':[0-9]+:E:' "$LOGS/$id.test")
        how=$(printf '%s' "$how" | cut -c1-110)
        [ $rc -ge 124 ] && how="timeout or signal (rc $rc)"
        printf '%-28s killed    %4ds  %s\n' "$id" "$dt" "$how"
    fi
    restore "$file"
done <"$LIST"

elapsed=$(($(date +%s) - t_start))
scored=$((total - stale - stillborn - equivalent))
echo
echo "mutants: $total total, $killed killed, $survived survived, $equivalent equivalent," \
    "$stillborn stillborn, $stale stale; ${elapsed}s"
if [ $scored -gt 0 ]; then
    echo "score: $killed / $scored = $((100 * killed / scored)) % killed"
fi
[ ${#survivors[@]} -gt 0 ] && echo "survivors: ${survivors[*]}"
[ ${#stillborn_ids[@]} -gt 0 ] && echo "stillborn (fix these mutants): ${stillborn_ids[*]}"
[ ${#stale_ids[@]} -gt 0 ] && echo "stale (the code moved, update these): ${stale_ids[*]}"
[ $stale -eq 0 ] && [ $stillborn -eq 0 ]
