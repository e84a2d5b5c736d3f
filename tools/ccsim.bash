# bash completion for ccsim (installed as share/bash-completion/completions/ccsim).
# Plain bash (compgen, COMP_WORDS, COMP_CWORD): it works without the bash-completion package.
# Scenario arguments complete to *.json files, and plot/report to folders, because those are
# the only things those commands accept. Values complete after "--opt VALUE", "--opt=VALUE"
# and the short options that take one (-o, -s, -r, -j); after "--" only arguments remain.

_ccsim_commands="run compare sweep staff schedule sensitivity uncertainty erlang check plot report help"
_ccsim_sim_opts="--reps --seed --days --set --out --jobs --resume --plot --quiet --help"
# Whether the word under the cursor follows a "--" that ended the options.
_ccsim_after_dashdash()
{
    local i
    for ((i = 2; i < COMP_CWORD; i++)); do
        [[ ${COMP_WORDS[i]} == -- ]] && return 0
    done
    return 1
}

# Completes COMPREPLY with the words of $1 that start with the current word.
_ccsim_words()
{
    local IFS=$' \t\n'
    COMPREPLY=($(compgen -W "$1" -- "$2"))
}

# Completes *.json files and folders (to walk into), or folders only with $1 = dirs.
_ccsim_files()
{
    local cur=$2 IFS=$'\n'
    if [[ $1 == dirs ]]; then
        COMPREPLY=($(compgen -d -- "$cur"))
    else
        COMPREPLY=($(compgen -d -- "$cur") $(compgen -f -X '!*.json' -- "$cur"))
    fi
    # A folder is a step, not an end: no space after it.
    if [[ ${#COMPREPLY[@]} -eq 1 && -d ${COMPREPLY[0]} ]]; then
        COMPREPLY[0]+=/
        compopt -o nospace 2>/dev/null
    fi
}

_ccsim()
{
    local cur=${COMP_WORDS[COMP_CWORD]}
    local prev=
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()
    # bash splits "--out=DIR" at '=' (COMP_WORDBREAKS): "--out" "=" "DIR"; the option is then
    # two words back, and a lone "=" under the cursor is an empty value.
    if [[ $cur == = ]]; then
        cur=
    elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi
    if ((COMP_CWORD == 1)); then
        _ccsim_words "$_ccsim_commands --help --version" "$cur"
        return 0
    fi
    local cmd=${COMP_WORDS[1]}

    if ((COMP_CWORD > 2)) && _ccsim_after_dashdash; then
        prev=
    fi

    # The value of the option just before the cursor.
    case $prev in
    --station)
        _ccsim_words "level1 level2 prefectures queue" "$cur"
        return 0
        ;;
    --design)
        _ccsim_words "lhs sobol" "$cur"
        return 0
        ;;
    --out | -o)
        # report writes a file; the others a folder.
        if [[ $cmd == report ]]; then
            local IFS=$'\n'
            COMPREPLY=($(compgen -f -- "$cur"))
        else
            _ccsim_files dirs "$cur"
        fi
        return 0
        ;;
    --reps | --seed | --days | --jobs | --set | -r | -j | -s | --vary | --target | --metric | --step | \
        --samples | --decide | --confidence | --calls-per-hour | --aht | --patience | \
        --agents | --t | --capacity)
        return 0 # a value the user types: nothing sensible to offer
        ;;
    esac

    local opts
    case $cmd in
    run) opts=$_ccsim_sim_opts ;;
    compare) opts=$_ccsim_sim_opts ;;
    sweep) opts="--vary $_ccsim_sim_opts" ;;
    staff) opts="--station --target --step $_ccsim_sim_opts" ;;
    schedule) opts="--station --target --shifts --step $_ccsim_sim_opts" ;;
    sensitivity) opts="--metric $_ccsim_sim_opts" ;;
    uncertainty)
        opts="--samples --metric --design --decide --target --confidence $_ccsim_sim_opts"
        ;;
    erlang)
        opts="--calls-per-hour --aht --patience --agents --target --t --capacity --csv --json --help"
        ;;
    check) opts="--set --quiet --help" ;;
    plot) opts="--quiet --help" ;;
    report) opts="--out --quiet --help" ;;
    help)
        ((COMP_CWORD == 2)) && _ccsim_words "${_ccsim_commands% help}" "$cur"
        return 0
        ;;
    *) return 0 ;;
    esac

    if [[ $cur == -* ]] && ! _ccsim_after_dashdash; then
        _ccsim_words "$opts --" "$cur"
    elif [[ $cmd == plot || $cmd == report ]]; then
        _ccsim_files dirs "$cur"
    elif [[ $cmd != erlang ]]; then
        _ccsim_files json "$cur"
    fi
    return 0
}

complete -F _ccsim ccsim
