#!/usr/bin/env bash
# Conformance against a real ASMX stack (issue: conformance). Builds the Mono-hosted replica of
# InsideService20 (tests/asmx/), then runs against it:
#   * its ?WSDL against tests/fixtures/wsdl-2016-facts.tsv and the operation table
#     (core/tests/wsdl.rs);
#   * the end-to-end scenario through the Rust client (GET and POST, customErrors On and Off)
#     and the differential test sandbox-vs-replica (core/tests/conformance.rs);
#   * the same scenario through the C library and the Python package, when their layers exist.
# Every replica is started by the test that uses it, on 127.0.0.1 and a free port, and stopped
# by its process id.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

bash tests/asmx/install-deps.sh

echo "== building the ASMX replica"
bash tests/asmx/build.sh

echo "== the replica's own smoke test (every operation over GET and POST with curl)"
bash tests/asmx/smoke.sh | tail -n 3

echo "== the replica's ?WSDL against the 2016 WSDL facts and the operation table"
cargo test -p idiligo --test wsdl -- --ignored

echo "== Rust client and sandbox against the replica"
cargo test -p idiligo --test conformance -- --ignored --test-threads=1

echo "== Python package against the replica"
PY="$ROOT/target/py-venv/bin/python"
if ! "$PY" -c "import idiligo" 2>/dev/null; then
  python3 -m venv "$ROOT/target/py-venv"
  "$PY" -m pip install -q ./python
fi
"$PY" tests/conformance/scenario.py

echo "== C library against the replica"
bash tests/conformance/run-c.sh
