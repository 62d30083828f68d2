#!/usr/bin/env bash
# Conformance against a real ASMX stack (issue: conformance). Builds the Mono-hosted replica of
# InsideService20 (tests/asmx/), then runs against it:
#   * the replica's own smoke test (every operation over GET and POST with curl);
#   * its ?WSDL against tests/fixtures/wsdl-2016-facts.tsv and the operation table
#     (core/tests/wsdl.rs);
#   * the end-to-end scenario through the Rust client (POST, GET and SOAP, customErrors On and
#     Off) and the differential test sandbox-vs-replica (core/tests/conformance.rs);
#   * the same scenario through the Python package and through the C library, over POST, GET
#     and SOAP, with the documents from the application (uploads, conversion, deletion).
# Every replica is started by the test that uses it, on 127.0.0.1 and a free port, and stopped
# by its process id.
#
#   tests/conformance/run.sh                      # every step
#   tests/conformance/run.sh --only build,c       # just these steps (others listed as skipped)
#   tests/conformance/run.sh --venv DIR           # the venv for the Python scenario
#                                                 #   (default: <repo>/target/py-venv)
#
# Steps: build smoke wsdl rust python c check-service. Each step fails when any command in it fails
# (tests/lib/steps.sh). The python step installs the current ./python into the venv first
# (creating the venv if needed), so it never tests a stale build.
set -euo pipefail
shopt -s inherit_errexit
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
VENV="$ROOT/target/py-venv"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
if [[ -n "${PYTHONOPTIMIZE-}" ]]; then echo "== ignoring PYTHONOPTIMIZE from the environment"; fi
unset PYTHONOPTIMIZE

WORK="$(mktemp -d "${TMPDIR:-/tmp}/idiligo-conformance.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
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
  echo "unknown arguments: ${STEPS_ARGS[*]} (usage: tests/conformance/run.sh [--only STEP,...] [--venv DIR])" >&2
  exit 2
fi

bash tests/asmx/install-deps.sh

build() { bash tests/asmx/build.sh; }

smoke() { bash tests/asmx/smoke.sh; }

# cargo_replica_test NAME [HARNESS-ARGS...]: runs core/tests/NAME.rs with every test included
# (the replica tests are #[ignore] in the rust stage) and fails if no test ran.
cargo_replica_test() {
  local name="$1" out
  shift
  out="$(cargo test -p idiligo --features sandbox --test "$name" -- --include-ignored "$@" 2>&1)"
  echo "$out"
  grep -qE '^test result: ok\. [1-9][0-9]* passed' <<<"$out"
}

python_scenario() {
  if [[ ! -x "$VENV/bin/python" ]]; then
    python3 -m venv "$VENV"
  fi
  # The package under test is the current source, never an earlier build left in the venv.
  "$VENV/bin/python" -m pip install -q --force-reinstall --no-deps ./python
  "$VENV/bin/python" tests/conformance/scenario.py
}

c_scenario() { bash tests/conformance/run-c.sh; }

# `idiligo check-service` against the replica's live ?WSDL, without credentials: it matches
# (exit 0, JSON "matches": true, no difference, every operation compared). Doctored WSDLs are
# checked in the wsdl step (core/tests/wsdl.rs).
cli_check_service() {
  cargo build -q -p idiligo-cli
  local bin="${CARGO_TARGET_DIR:-$ROOT/target}/debug/idiligo" log="$WORK/replica-cli.out" url="" out
  bash tests/asmx/run-host.sh --custom-errors On --port 0 >"$log" </dev/null &
  CLI_REPLICA_PID=$!
  trap 'kill -TERM "$CLI_REPLICA_PID" 2>/dev/null || true; wait "$CLI_REPLICA_PID" 2>/dev/null || true' EXIT
  for _ in $(seq 1 300); do
    url="$(sed -n 's/^LISTENING \(.*\)$/\1/p' "$log" | head -n 1)"
    [[ -n "$url" ]] && break
    kill -0 "$CLI_REPLICA_PID" 2>/dev/null || break
    sleep 0.2
  done
  [[ -n "$url" ]]
  out="$(env -u IDILIGO_APIKEY -u IDILIGO_PASSWORD -u IDILIGO_TICKET -u IDILIGO_TOKEN HOME="$WORK" \
    "$bin" --json check-service "${url%/}")"
  echo "$out"
  grep -q '"matches": true' <<<"$out"
  grep -q '"differences": \[\]' <<<"$out"
  grep -q '"service_operations": 52' <<<"$out"
  "$bin" check-service "${url%/}"
}

step build "build the ASMX replica (mcs)" build
step smoke "the replica's smoke test (curl, GET and POST)" smoke
step wsdl "the replica's ?WSDL vs the 2016 facts and the op table" cargo_replica_test wsdl
step rust "Rust client and sandbox against the replica" cargo_replica_test conformance --test-threads=1
step python "Python package against the replica" python_scenario
step c "C library against the replica" c_scenario
step check-service "idiligo check-service against the replica's live ?WSDL" cli_check_service
steps_finish
