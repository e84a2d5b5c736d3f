# Hostile and unlucky inputs, as data: every case of tests/hostile/cases.txt runs in an empty
# folder of its own and must end with its expected exit code (never a crash or a hang), create no
# marker file (the cases that try to run a command touch PWNED), leave no staging, lock or
# temporary file, and write either nothing or one whole result. Sourced by tests/cli_smoke.sh.
#
# With HOSTILE_TABLE=FILE it also writes the table of the cases (case, exit code, first line of
# stderr, files written) as Markdown, for the notes.
H_ROOT=$(pwd)
H_CASES="$H_ROOT/tests/hostile/cases.txt"
H_SC="$H_ROOT/scenarios"
H_MMCM="$H_SC/validation/mmcm.json"
H_SHORT="--set run.hours=4 --set run.warmup_hours=0 --reps 1"
H_NET="--days 1 --reps 1 --jobs 1"
export H_SC H_MMCM H_SHORT H_NET CCSIM
[ -n "${HOSTILE_TABLE:-}" ] && printf '| case | command | exit | first line of stderr | files written |\n|---|---|---|---|---|\n' >"$HOSTILE_TABLE"

# What a command left in its folder: "none", "whole result in DIR/", "file F" or "partial: ...".
h_written() { # h_written BEFORE AFTER
    new=$(comm -13 "$1" "$2")
    if [ -z "$new" ]; then
        echo none
        return
    fi
    top=$(printf '%s\n' "$new" | sed 's|^\./||; s|/.*||' | sort -u)
    if [ "$(printf '%s\n' "$top" | wc -l)" -ne 1 ]; then
        echo "partial: $(printf '%s ' $top)"
        return
    fi
    if [ -d "$W/$top" ] && [ -f "$W/$top/manifest.json" ]; then
        echo "whole result in $top/"
    elif [ -f "$W/$top" ] && [ ! -L "$W/$top" ]; then
        echo "file $top"
    else
        echo "partial: $top"
    fi
}

h_n=0
while IFS='|' read -r h_name h_rc h_files h_setup h_cmd; do
    case $h_name in '' | '#'*) continue ;; esac
    case "$h_rc:$h_files" in
    *[!0-9]*:* | :*) SMOKE_NAME="hostile case $h_name" && ko "exit code '$h_rc' is not a number" ;;
    *:none | *:whole | *:file | *:same) ;;
    *) SMOKE_NAME="hostile case $h_name" && ko "files '$h_files' is not none, whole, file or same" ;;
    esac
    h_n=$((h_n + 1))
    W="$TMP/hostile/$h_n"
    rm -rf "$W"
    mkdir -p "$W"
    export W
    (cd "$W" && sh -c "$h_setup") >/dev/null 2>&1
    (cd "$W" && find . -mindepth 1 | sort) >"$TMP/h_before"
    SMOKE_NAME="hostile $h_n: $h_name"
    (cd "$W" && timeout 20 sh -c "$h_cmd") >"$TMP/out" 2>"$TMP/err"
    SMOKE_RC=$?
    (cd "$W" && find . -mindepth 1 | sort) >"$TMP/h_after"
    written=$(h_written "$TMP/h_before" "$TMP/h_after")
    assert_rc "$h_rc"
    # A case the shell cannot even parse (a '|' in its setup splits the fields) tests nothing.
    grep -q 'Syntax error\|syntax error' "$TMP/err" && ko "the case does not parse" || ok
    case $h_files in
    none) [ "$written" = none ] && ok || ko "files written: $written, expected none" ;;
    whole) case $written in "whole result in "*) ok ;; *) ko "files written: $written, expected a whole result" ;; esac ;;
    file) case $written in "file "*) ok ;; *) ko "files written: $written, expected one file" ;; esac ;;
    same) ok ;; # a folder updated in place (plot, report): checked by the leftovers below
    esac
    grep -q '/PWNED$' "$TMP/h_after" && ko "a command ran: PWNED exists" || ok
    left=$(grep -E '\.staging\.|\.tmp\.|\.lock$' "$TMP/h_after")
    [ -z "$left" ] && ok || ko "staging, lock or temporary file left: $left"
    if [ -n "${HOSTILE_TABLE:-}" ]; then
        msg=$(head -n 1 "$TMP/err" | cut -c1-110 | sed 's/|/\\|/g; s/`/'"'"'/g')
        cmd=$(printf '%s' "$h_cmd" | sed 's/\$CCSIM/ccsim/g; s/\$H_SHORT/(short)/g; s/\$H_NET/(1 day)/g; s|\$H_MMCM|mmcm.json|g; s|\$H_SC/||g; s/|/\\|/g; s/`/'"'"'/g' | cut -c1-90)
        printf '| %s | `%s` | %s | %s | %s |\n' "$h_name" "$cmd" "$SMOKE_RC" "$msg" "$written" >>"$HOSTILE_TABLE"
    fi
done <"$H_CASES"
