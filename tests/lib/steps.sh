# shellcheck shell=bash
# The step runner of the stage scripts (tests/c/run.sh, tests/python/run.sh,
# tests/conformance/run.sh). Source it, then:
#
#   steps_init WORKDIR "$@"     parses the runner's own option and leaves the other arguments
#                               in the array STEPS_ARGS:
#                                 --only ID[,ID...]   run only these steps; every other step is
#                                                     listed as skipped (never silently)
#   step ID DESCRIPTION COMMAND [ARG...]
#                               runs COMMAND (usually a function of the script) as one step
#   steps_finish                prints the summary and returns non-zero when a step failed, when
#                               an ID given to --only names no step, or when no step ran
#
# Why a library: bash ignores `set -e` for everything that runs as the condition of an `if`,
# `while`, `&&`, `||` or `!` -- including functions and subshells called from there, even when
# they run `set -e` themselves. A step runner written as `if "$@"; then` therefore lets a step
# pass whenever its *last* command passes. Here each step runs as a plain (foreground, not
# conditional) subshell with `set -euo pipefail` and `inherit_errexit`, so any failing command
# fails the step, and `step` refuses to run at all if it is itself called from a condition.
# Call `step` only as a plain command: never `if step ...`, `step ... || ...`, `! step ...`.

STEPS_ARGS=()
_STEPS_WORK=""
_STEPS_ONLY=()
_STEPS_SEEN=()
_STEPS_SKIPPED=()
_STEPS_FAILURES=()
_STEPS_PASSED=0
_STEPS_FAILED=0

steps_init() {
    _STEPS_WORK="$1"
    shift
    mkdir -p "$_STEPS_WORK"
    while (($#)); do
        case "$1" in
        --only)
            [[ $# -ge 2 && -n "$2" ]] || {
                echo "--only needs a comma-separated list of step ids" >&2
                exit 2
            }
            local ids
            IFS=, read -r -a ids <<<"$2"
            _STEPS_ONLY+=("${ids[@]}")
            shift 2
            ;;
        --only=*)
            local ids
            IFS=, read -r -a ids <<<"${1#--only=}"
            _STEPS_ONLY+=("${ids[@]}")
            shift
            ;;
        *)
            STEPS_ARGS+=("$1")
            shift
            ;;
        esac
    done
    if ((${#_STEPS_ONLY[@]})); then
        echo "running only the steps: ${_STEPS_ONLY[*]} (--only); every other step is reported as skipped"
    fi
}

_steps_selected() {
    local id="$1" want
    ((${#_STEPS_ONLY[@]} == 0)) && return 0
    for want in "${_STEPS_ONLY[@]}"; do [[ "$want" == "$id" ]] && return 0; done
    return 1
}

step() {
    local id="$1" name="$2"
    shift 2
    _STEPS_SEEN+=("$id")
    if ! _steps_selected "$id"; then
        _STEPS_SKIPPED+=("$id")
        printf 'skip   %-50s [%s] (not selected by --only)\n' "$name" "$id"
        return 0
    fi
    # Is `set -e` honoured here? In a condition context it is not, and a step would pass
    # whenever its last command passes: refuse loudly instead.
    local had_e=0 probe rc=0 log t0=$SECONDS
    [[ $- == *e* ]] && had_e=1
    set +e
    probe="$(
        set -e
        false
        echo ignored
    )"
    if [[ -n "$probe" ]]; then
        echo "step [$id] is called where bash ignores set -e (inside if/while/&&/||/!): refusing to run it" >&2
        exit 2
    fi
    log="$_STEPS_WORK/step-$id.log"
    (
        set -euo pipefail
        shopt -s inherit_errexit
        "$@"
    ) >"$log" 2>&1 </dev/null
    rc=$?
    ((had_e == 0)) || set -e
    local counts
    counts="$(grep -oE '[0-9]+ passed[,;] [0-9]+ failed' "$log" | tail -n 1 || true)"
    if ((rc == 0)); then
        _STEPS_PASSED=$((_STEPS_PASSED + 1))
        printf 'ok     %-50s [%s] (%ss) %s\n' "$name" "$id" "$((SECONDS - t0))" "$counts"
    else
        _STEPS_FAILED=$((_STEPS_FAILED + 1))
        _STEPS_FAILURES+=("$id")
        printf 'FAIL   %-50s [%s] (%ss, exit %s) %s\n' "$name" "$id" "$((SECONDS - t0))" "$rc" "$counts"
        tail -n 40 "$log" | sed 's/^/       | /'
    fi
    return 0
}

steps_finish() {
    local want seen found unknown=()
    for want in "${_STEPS_ONLY[@]}"; do
        found=0
        for seen in "${_STEPS_SEEN[@]}"; do [[ "$seen" == "$want" ]] && found=1; done
        ((found)) || unknown+=("$want")
    done
    if ((${#unknown[@]})); then
        echo "--only names steps that do not exist: ${unknown[*]} (steps: ${_STEPS_SEEN[*]})"
    fi
    if ((${#_STEPS_SKIPPED[@]})); then
        echo "skipped (not selected): ${_STEPS_SKIPPED[*]}"
    fi
    if ((_STEPS_FAILED > 0)); then
        echo "failed: ${_STEPS_FAILURES[*]}"
    fi
    echo "$_STEPS_PASSED passed, $_STEPS_FAILED failed"
    ((_STEPS_FAILED == 0 && ${#unknown[@]} == 0 && _STEPS_PASSED > 0))
}
