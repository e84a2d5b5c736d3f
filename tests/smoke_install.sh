# Black-box tests of `make install` / `make uninstall` (sourced by tests/cli_smoke.sh with
# tests/smoke_lib.sh, from the repository root): every file lands under DESTDIR$PREFIX, the
# installed program runs the installed scenarios from anywhere, the man page formats without
# warning, the bash completion parses and completes, and uninstall leaves no file behind.

DEST="$TMP/stage"
P=/usr/local
R="$DEST$P"
# The binary under test (CCSIM, maybe a sanitizer build) is installed, not a fresh build.
cp "$CCSIM" "$TMP/ccsim-under-test"
MAKE_VARS="PREFIX=$P DESTDIR=$DEST INSTALL_BIN=$TMP/ccsim-under-test"

try "make install puts everything under DESTDIR/PREFIX" make --no-print-directory install $MAKE_VARS
assert_rc 0
for f in bin/ccsim share/man/man1/ccsim.1 share/bash-completion/completions/ccsim \
    share/ccsim/scenarios/pilot14-2013.json share/ccsim/scenarios/base-3939.json \
    share/ccsim/scenarios/README.md share/ccsim/scenarios/validation/mmcm.json \
    share/ccsim/scenarios/calendars/fr-holidays.json \
    share/doc/ccsim/README.md share/doc/ccsim/docs/model.md share/doc/ccsim/docs/sources.md \
    share/doc/ccsim/docs/audit-2013/decide-flat.png; do
    assert_file "$R/$f"
done
# Every shipped scenario is installed, not only the ones named above.
for f in scenarios/*.json scenarios/validation/*.json; do
    assert_file "$R/share/ccsim/$f"
done
[ -x "$R/bin/ccsim" ] && ok || ko "$R/bin/ccsim is not executable"

try "the installed ccsim prints its version" "$R/bin/ccsim" --version
assert_rc 0
assert_out "ccsim 0.1.0 (git "

# From another folder: the scenarios' "extends" paths are relative to the installed files.
try "the installed ccsim checks the installed scenario" \
    sh -c 'cd "$1" && "$2/bin/ccsim" check "$2/share/ccsim/scenarios/pilot14-2013.json"' \
    sh "$TMP" "$R"
assert_rc 0
assert_out "level2"

if command -v groff >/dev/null; then
    try "the installed man page formats without warning" \
        sh -c 'groff -man -Tutf8 -ww "$1" >/dev/null' sh "$R/share/man/man1/ccsim.1"
    assert_rc 0
    [ ! -s "$TMP/err" ] && ok || ko "groff warned: $(head -n 3 "$TMP/err")"
fi

COMP="$R/share/bash-completion/completions/ccsim"
try "the completion script parses" bash -n "$COMP"
assert_rc 0
# complete WORDS...: what _ccsim offers for the last word, as bash would call it on TAB.
complete_words() {
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ccsim; echo "${COMPREPLY[*]}"' \
        sh "$COMP" "$@"
}
try "completion: ccsim ru<TAB> gives run" complete_words ccsim ru
[ "$(cat "$TMP/out")" = "run" ] && ok || ko "got '$(cat "$TMP/out")'"
try "completion: ccsim run --q<TAB> gives --quiet" complete_words ccsim run --q
[ "$(cat "$TMP/out")" = "--quiet" ] && ok || ko "got '$(cat "$TMP/out")'"
try "completion: --station values" complete_words ccsim staff x.json --station level
[ "$(cat "$TMP/out")" = "level1 level2" ] && ok || ko "got '$(cat "$TMP/out")'"
try "completion: erlang options" complete_words ccsim erlang --ag
[ "$(cat "$TMP/out")" = "--agents" ] && ok || ko "got '$(cat "$TMP/out")'"
try "completion: ccsim uncertainty --res<TAB> gives --resume" complete_words ccsim uncertainty --res
[ "$(cat "$TMP/out")" = "--resume" ] && ok || ko "got '$(cat "$TMP/out")'"
try "completion: erlang --tar<TAB> gives --target" complete_words ccsim erlang --tar
[ "$(cat "$TMP/out")" = "--target" ] && ok || ko "got '$(cat "$TMP/out")'"
try "completion: scenario file names" complete_words ccsim run scenarios/base-
[ "$(cat "$TMP/out")" = "scenarios/base-3939.json" ] && ok || ko "got '$(cat "$TMP/out")'"
try "completion: plot takes folders only" complete_words ccsim plot tests/smoke_
[ -z "$(cat "$TMP/out")" ] && ok || ko "got '$(cat "$TMP/out")'"

try "make uninstall removes what install wrote" make --no-print-directory uninstall $MAKE_VARS
assert_rc 0
left=$(find "$DEST" ! -type d 2>/dev/null)
[ -z "$left" ] && ok || ko "left behind: $left"
assert_no_file "$R/share/ccsim"
assert_no_file "$R/share/doc/ccsim"
rm -rf "$DEST" "$TMP/ccsim-under-test"
