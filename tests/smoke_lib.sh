# Helpers for tests/smoke_*.sh (sourced). Each try runs a command line, keeps its exit code,
# stdout and stderr; each assert_* records one pass or one failure with its name.
SMOKE_PASS=0
SMOKE_FAIL=0
SMOKE_NAME=
try() { # try NAME CMD...
    SMOKE_NAME=$1
    shift
    "$@" >"$TMP/out" 2>"$TMP/err"
    SMOKE_RC=$?
}
ok() { SMOKE_PASS=$((SMOKE_PASS + 1)); }
ko() {
    SMOKE_FAIL=$((SMOKE_FAIL + 1))
    echo "FAIL $SMOKE_NAME: $*"
    sed 's/^/  stderr: /' "$TMP/err" | head -n 5
}
assert_rc() { [ "$SMOKE_RC" -eq "$1" ] && ok || ko "exit code $SMOKE_RC, expected $1"; }
assert_err() { grep -qF -- "$1" "$TMP/err" && ok || ko "stderr lacks '$1'"; }
assert_out() { grep -qF -- "$1" "$TMP/out" && ok || ko "stdout lacks '$1'"; }
assert_file() { [ -s "$1" ] && ok || ko "missing file $1"; }
assert_no_file() { [ ! -e "$1" ] && ok || ko "file $1 should not exist"; }
assert_head() { # assert_head FILE "expected,header"
    [ "$(head -n 1 "$1" 2>/dev/null)" = "$2" ] && ok || ko "header of $1 is '$(head -n 1 "$1" 2>/dev/null)'"
}
smoke_summary() { echo "SMOKE $SMOKE_PASS $SMOKE_FAIL"; }
