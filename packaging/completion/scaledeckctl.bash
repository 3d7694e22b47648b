# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
# Placeholder so the package's install rules and checks can be tested; the real completion replaces it at merge.
_scaledeckctl() {
    local cur="${COMP_WORDS[COMP_CWORD]}"
    if ((COMP_CWORD == 1)); then
        mapfile -t COMPREPLY < <(compgen -W "run --help --version" -- "$cur")
    fi
}
complete -F _scaledeckctl scaledeckctl
