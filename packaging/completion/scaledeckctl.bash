# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
# bash completion for scaledeckctl. Installed as /usr/share/bash-completion/completions/scaledeckctl; by hand:
#   source packaging/completion/scaledeckctl.bash
# The commands, subcommands and options come from the binary itself (`scaledeckctl __complete ...`), so this
# file never falls behind it; application and deployment names from the cluster (`scaledeckctl targets`, with
# the connection options already on the command line), under `timeout 3` so a slow cluster never holds the shell.

# Prints the application and deployment names of the cluster the command line names.
_scaledeckctl_targets()
{
    local ctl=$1
    shift
    timeout 3 "$ctl" "$@" targets 2>/dev/null
}

_scaledeckctl()
{
    # The words as the user typed them: bash splits COMP_WORDS at ':' and '=' too, which would cut
    # "--address http://head:8265" into five words. COMPREPLY still completes bash's current word.
    local -a line=()
    read -ra line <<<"${COMP_LINE:0:COMP_POINT}"
    [[ ${COMP_LINE:0:COMP_POINT} == *[[:space:]] || ${#line[@]} -eq 0 ]] && line+=("")
    local ctl=${line[0]:-scaledeckctl}
    [[ $ctl == "~/"* ]] && ctl=$HOME/${ctl#"~/"}
    local cur=${COMP_WORDS[COMP_CWORD]}
    local last=$((${#line[@]} - 1))
    local prev=
    ((last > 0)) && prev=${line[last - 1]}
    [[ ${line[last]} == *[:=]* ]] && return 0 # an option's value such as a URL: nothing to offer
    COMPREPLY=()

    # "--name VALUE" for every option that takes a value: to skip values while finding the command words, and to
    # complete a value by its kind.
    local -A valued=()
    local name kind
    while read -r name kind; do
        [[ -n $name ]] && valued[$name]=$kind
    done < <("$ctl" __complete valued 2>/dev/null)

    # The positional words before the cursor, and the connection options to hand on to `targets`.
    local -a positional=() connection=()
    local i word
    for ((i = 1; i < last; i++)); do
        word=${line[i]}
        if [[ $word == --* && -n ${valued[$word]:-} ]]; then
            case $word in
            --address | --token-file | --token-keychain | --ca-file | --store)
                connection+=("$word" "${line[i + 1]}") ;;
            esac
            ((i++))
        elif [[ $word == -* ]]; then
            [[ $word == --address=* || $word == --token-file=* || $word == --token-keychain=* ||
                $word == --ca-file=* || $word == --store=* ]] && connection+=("$word")
        else
            positional+=("$word")
        fi
    done

    # The command: its first word, and its second when it is one of its subcommands ("schedule show").
    local -a command=()
    local -a subcommands=()
    if ((${#positional[@]} > 0)); then
        command=("${positional[0]}")
        mapfile -t subcommands < <("$ctl" __complete subcommands "${positional[0]}" 2>/dev/null)
        if ((${#positional[@]} > 1)) && [[ " ${subcommands[*]} " == *" ${positional[1]} "* ]]; then
            command+=("${positional[1]}")
        fi
    fi

    # The value of an option.
    if [[ $prev == --* && -n ${valued[$prev]:-} ]]; then
        case ${valued[$prev]} in
        FILE)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
        APP)
            mapfile -t COMPREPLY < <(compgen -W "$(_scaledeckctl_targets "$ctl" "${connection[@]}" |
                grep -v /)" -- "$cur") ;;
        esac
        return 0
    fi

    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$("$ctl" __complete options "${command[@]}" 2>/dev/null)" -- "$cur")
        return 0
    fi

    if ((${#command[@]} == 0)); then
        mapfile -t COMPREPLY < <(compgen -W "$("$ctl" __complete commands 2>/dev/null)" -- "$cur")
        return 0
    fi

    # Right after a command with subcommands: they (schedule list, ...; parked discard) come first.
    local -a candidates=()
    if ((${#command[@]} == 1 && ${#positional[@]} == 1 && ${#subcommands[@]} > 0)); then
        candidates=("${subcommands[@]}")
    fi

    # An argument: by the placeholder its command's usage names at this place.
    local -a placeholders=()
    mapfile -t placeholders < <("$ctl" __complete arguments "${command[@]}" 2>/dev/null)
    local index=$((${#positional[@]} - ${#command[@]}))
    local filenames=
    case ${placeholders[index]:-} in
    APP)
        candidates+=($(_scaledeckctl_targets "$ctl" "${connection[@]}" | grep -v /)) ;;
    APP/DEPLOYMENT | app/deployment)
        candidates+=($(_scaledeckctl_targets "$ctl" "${connection[@]}" | grep /)) ;;
    TARGET)
        candidates+=($(_scaledeckctl_targets "$ctl" "${connection[@]}")) ;;
    TARGET\|FILE)
        candidates+=($(_scaledeckctl_targets "$ctl" "${connection[@]}"))
        filenames=yes ;;
    FILE)
        filenames=yes ;;
    esac
    mapfile -t COMPREPLY < <(compgen -W "${candidates[*]}" -- "$cur")
    if [[ -n $filenames ]]; then
        compopt -o filenames 2>/dev/null
        mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur")
    fi
    return 0
}

complete -F _scaledeckctl scaledeckctl
