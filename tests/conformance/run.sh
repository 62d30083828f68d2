#!/usr/bin/env bash
# Conformance against a real ASMX stack (issue: conformance). Builds the Mono-hosted replica of
# InsideService20 (tests/asmx/), then runs against it:
#   * the end-to-end scenario through the Rust client (GET and POST, customErrors On and Off)
#     and the differential test sandbox-vs-replica (core/tests/conformance.rs);
#   * the same scenario through the C library and the Python package, when their layers exist.
# Every replica is started by the test that uses it, on 127.0.0.1 and a free port, and stopped
# by its process id.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi
need=()
for p in mono-mcs mono-runtime libmono-system-web4.0-cil libmono-system-web-services4.0-cil; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "== building the ASMX replica"
bash tests/asmx/build.sh

echo "== Rust client and sandbox against the replica"
cargo test -p idiligo --test conformance -- --ignored --test-threads=1
