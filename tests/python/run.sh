#!/usr/bin/env bash
# Python package tests: builds and installs ./python into a fresh virtual environment the way a
# user would (`pip install ./python`, maturin fetched from PyPI as the build backend), then runs
# the pytest suite against the embedded sandbox, checks the hand-written stubs against the
# built module (mypy.stubtest) and type-checks the example and the tests with the stubs.
#
#   bash tests/python/run.sh            # everything
#   bash tests/python/run.sh -k threads # extra arguments go to pytest
#
# Needs Rust and Python >= 3.9; on Debian, python3-venv is installed if missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
VENV="$ROOT/target/py-venv"
PY="${PYTHON:-python3}"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
export MYPY_CACHE_DIR="$VENV/.mypy_cache"

rm -rf "$VENV"
mkdir -p "$ROOT/target"
if ! "$PY" -m venv "$VENV" >/dev/null 2>&1; then
  # Debian/Ubuntu ship venv (ensurepip) separately.
  ver="$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
  SUDO=""
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi
  echo "== installing python${ver}-venv"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "python${ver}-venv" python3-venv >/dev/null
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
fi
VPY="$VENV/bin/python"

echo "== pip install ./python pytest mypy (release build of the extension)"
"$VPY" -m pip install -q ./python pytest mypy

# Run from outside the source tree so `import idiligo` is the installed wheel, not python/idiligo.
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
echo "== mypy.stubtest idiligo (stubs against the built module)"
"$VPY" -m mypy.stubtest idiligo  # the package and its submodules _native and _errors
echo "== mypy --strict on the example and the tests, through the installed stubs"
"$VPY" -m mypy --strict "$ROOT/python/examples/quickstart.py" "$ROOT/tests/python"
echo "== quickstart example (against the sandbox)"
env -u IDILIGO_APIKEY -u IDILIGO_USERNAME "$VPY" "$ROOT/python/examples/quickstart.py" >/dev/null
echo "== pytest tests/python"
"$VPY" -m pytest -p no:cacheprovider -q "$ROOT/tests/python" "$@"
