#!/usr/bin/env bash
# The fault suite: every case of tests/faults/cases.tsv through Rust, C and Python, against the
# hostile loopback server tests/faults/hostile.py (one fresh server per driver, stopped by its
# process id). Each driver asserts per case the error kind, the time bound, that nothing is left
# on disk, and the number of requests the server saw (no repeated CreateCall).
#
#   tests/faults/run.sh                       # every step
#   tests/faults/run.sh --only rust,c         # just these steps (the others are listed as skipped)
#   tests/faults/run.sh --venv DIR            # the venv for the Python driver
#                                             #   (default: <repo>/target/py-venv)
#
# The C driver links the libidiligo of `cargo build --release -p idiligo-ffi` (what the C stage
# builds); the Python step installs the current ./python into the venv first, so neither tests
# a stale build. Ends with "N passed, M failed" (steps); exits non-zero if a step failed.
set -euo pipefail
shopt -s inherit_errexit
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
VENV="$ROOT/target/py-venv"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}/release"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/idiligo-faults.XXXXXX")"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
# shellcheck source=../lib/steps.sh
source "$ROOT/tests/lib/steps.sh"
args=()
while (($#)); do
  case "$1" in
  --venv) VENV="$(realpath -m "${2:?--venv needs a directory}")"; shift 2 ;;
  *) args+=("$1"); shift ;;
  esac
done
steps_init "$WORK/logs" "${args[@]}"
if ((${#STEPS_ARGS[@]})); then
  echo "unknown arguments: ${STEPS_ARGS[*]} (usage: tests/faults/run.sh [--only STEP,...] [--venv DIR])" >&2
  exit 2
fi
CASES="$ROOT/tests/faults/cases.tsv"
CA="$ROOT/tests/fixtures/tls/ca.pem"

# with_server COMMAND...: starts a fresh hostile server, runs COMMAND PORT TLS_PORT, stops the
# server by its process id.
with_server() {
  local fifo="$WORK/ports.$$.$RANDOM" ports rc=0
  mkfifo "$fifo"
  python3 tests/faults/hostile.py --cases "$CASES" >"$fifo" &
  SERVER_PID=$!
  read -r ports <"$fifo"
  rm -f "$fifo"
  [[ "$ports" =~ ^[0-9]+\ [0-9]+$ ]] || { echo "hostile.py printed '$ports'"; return 1; }
  # shellcheck disable=SC2086
  "$@" $ports || rc=$?
  kill "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  return "$rc"
}

rust_driver() { cargo test -q -p idiligo --test fault_suite -- --ignored --nocapture; }

c_build() {
  cargo build -q --release -p idiligo-ffi
  # The library's soname is libidiligo.so.0 (ffi/install.sh makes the link in a prefix).
  mkdir -p "$WORK/lib"
  ln -sf "$TARGET/libidiligo.so" "$WORK/lib/libidiligo.so.0"
  ln -sf "$TARGET/libidiligo.so" "$WORK/lib/libidiligo.so"
  gcc -std=c11 -Wall -Wextra -Werror -O1 -g -I include tests/faults/faults.c \
    -L "$WORK/lib" -Wl,-rpath,"$WORK/lib" -lidiligo -lpthread -o "$WORK/faults_c"
}
c_run() { "$WORK/faults_c" "$1" "$2" "$CASES" "$CA"; }
c_driver() { with_server c_run; }

python_install() {
  if [[ ! -x "$VENV/bin/python" ]]; then
    python3 -m venv "$VENV"
  fi
  # The package under test is the current source, never an earlier build left in the venv.
  "$VENV/bin/python" -m pip install -q --force-reinstall --no-deps ./python
}
python_run() { (cd "$WORK" && "$VENV/bin/python" "$ROOT/tests/faults/faults.py" "$1" "$2" "$CASES" "$CA"); }
python_driver() { with_server python_run; }

step rust "Rust driver (cargo test --test fault_suite --ignored)" rust_driver
step c-build "C driver: build libidiligo (release) and faults.c" c_build
step c "C driver against a fresh hostile server" c_driver
step python-install "Python: install the current ./python into the venv" python_install
step python "Python driver against a fresh hostile server" python_driver
steps_finish
