#!/usr/bin/env bash
# Python package tests: builds and installs ./python into a fresh virtual environment the way a
# user would (`pip install ./python`, maturin fetched from PyPI as the build backend), then runs
# the pytest suite against the embedded sandbox, checks the hand-written stubs against the
# built module (mypy.stubtest), runs the cross-surface check (tests/surfaces/check.py: every typed
# operation of the table in Rust, C, Python and C#), and type-checks the example and the tests.
#
#   bash tests/python/run.sh                        # every step, the whole pytest suite
#   bash tests/python/run.sh --only pytest          # just these steps (others listed as skipped)
#   bash tests/python/run.sh --venv DIR             # the venv to (re)create / use
#                                                   #   (default: <repo>/target/py-venv)
#   bash tests/python/run.sh -- -k threads          # arguments after -- go to pytest (printed)
#
# Without the install step, the steps use the idiligo already installed in the venv.
# Each step fails when any command in it fails (tests/lib/steps.sh).
# Needs Rust and Python >= 3.9; on Debian, python3-venv is installed if missing.
set -euo pipefail
shopt -s inherit_errexit
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
VENV="$ROOT/target/py-venv"
PY="${PYTHON:-python3}"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
# Environment that would change what runs: assertions stripped, extra pytest options.
for v in PYTHONOPTIMIZE PYTEST_ADDOPTS PYTEST_PLUGINS; do
  if [[ -n "${!v-}" ]]; then echo "== ignoring $v from the environment"; fi
  unset "$v"
done

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# shellcheck source=../lib/steps.sh
source "$ROOT/tests/lib/steps.sh"
# shellcheck source=../lib/apt.sh
source "$ROOT/tests/lib/apt.sh"
args=()
while (($#)); do
  case "$1" in
  --venv) VENV="$(realpath -m "${2:?--venv needs a directory}")"; shift 2 ;;
  --) shift; break ;;
  *) args+=("$1"); shift ;;
  esac
done
PYTEST_ARGS=("$@")
steps_init "$WORK/logs" "${args[@]}"
if ((${#STEPS_ARGS[@]})); then
  echo "unknown arguments: ${STEPS_ARGS[*]} (pytest arguments go after --)" >&2
  exit 2
fi
if ((${#PYTEST_ARGS[@]})); then
  echo "== pytest runs with the extra arguments: ${PYTEST_ARGS[*]}"
fi
VPY="$VENV/bin/python"
export MYPY_CACHE_DIR="$WORK/mypy-cache"

make_venv() {
  rm -rf "$VENV"
  mkdir -p "$(dirname "$VENV")"
  if ! "$PY" -m venv "$VENV" >/dev/null 2>&1; then
    # Debian/Ubuntu ship venv (ensurepip) separately.
    local ver
    ver="$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    apt_install --with-recommends "python${ver}-venv" python3-venv
    rm -rf "$VENV"
    "$PY" -m venv "$VENV"
  fi
  "$VPY" -m pip install -q ./python pytest mypy
}

# Run from outside the source tree so `import idiligo` is the installed wheel, not python/idiligo.
stubtest() { cd "$WORK" && "$VPY" -m mypy.stubtest idiligo; } # the package, _native and _errors
# The cross-surface check (Rust, C header, Python stub and module, C#) against the table.
surfaces() { cd "$WORK" && "$VPY" "$ROOT/tests/surfaces/check.py"; }
typecheck() { cd "$WORK" && "$VPY" -m mypy --strict "$ROOT/python/idiligo" "$ROOT/python/examples/quickstart.py" "$ROOT/tests/python"; }
# (TMPDIR: the example saves its downloads under the temporary directory; keep them in $WORK.)
quickstart() { cd "$WORK" && TMPDIR="$WORK" env -u IDILIGO_APIKEY -u IDILIGO_USERNAME "$VPY" "$ROOT/python/examples/quickstart.py"; }
run_pytest() { cd "$WORK" && "$VPY" -m pytest -p no:cacheprovider --basetemp "$WORK/pytest-tmp" -q "$ROOT/tests/python" "${PYTEST_ARGS[@]}"; }

# The command-line tool, for the cross-process test (the stand-alone sandbox in its own process).
export IDILIGO_CLI="${CARGO_TARGET_DIR:-$ROOT/target}/release/idiligo"
build_cli() { cargo build --release -p idiligo-cli; test -x "$IDILIGO_CLI"; }

step install "pip install ./python pytest mypy (release build)" make_venv
step cli "cargo build --release -p idiligo-cli (for the cross-process test)" build_cli
step stubtest "mypy.stubtest idiligo (stubs against the module)" stubtest
step surfaces "cross-surface check (every typed operation everywhere)" surfaces
step mypy "mypy --strict on the package, the example and the tests" typecheck
step quickstart "quickstart example (against the sandbox)" quickstart
step pytest "pytest tests/python" run_pytest
steps_finish
