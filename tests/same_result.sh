# same_result NAME DIR_A DIR_B (sourced after tests/smoke_lib.sh by tests/smoke_resume.sh and
# tests/mpi_check.sh): one pass when the two result folders hold the same files with the same
# bytes, where manifest.json may differ only in the facts of the process that wrote it.
same_result() {
    SMOKE_NAME=$1
    a=$(cd "$2" 2>/dev/null && find . -type f | sort)
    b=$(cd "$3" 2>/dev/null && find . -type f | sort)
    if [ -z "$a" ] || [ "$a" != "$b" ]; then
        ko "files differ: '$a' vs '$b'"
        return
    fi
    for f in $a; do
        case $f in
        */manifest.json)
            vol='"command_line"\|"argv"\|"ranks"\|"threads"\|"wall_time_s"\|"peak_rss_kib"\|"events_per_s"'
            if [ "$(grep -v "$vol" "$2/$f")" != "$(grep -v "$vol" "$3/$f")" ]; then
                ko "$f differs beyond the process facts"
                return
            fi
            ;;
        *)
            if ! cmp -s "$2/$f" "$3/$f"; then
                ko "$f differs"
                return
            fi
            ;;
        esac
    done
    ok
}
