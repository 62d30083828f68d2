#!/usr/bin/env bash
# Measure the largest AddDocumentFromBytes the replica accepts over HTTP GET, HTTP POST and SOAP
# under ASP.NET's default request limits (the replica's web.config sets no <httpRuntime>
# attribute), and what the answer is one byte above. Builds the replica, starts one host per
# customErrors mode on 127.0.0.1, runs measure-limits.py (prints a Markdown table) and stops the
# hosts by pid.   Usage: tests/asmx/measure-limits.sh [OUTDIR]
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

out="${1:-$ASMX_REPO/target/asmx}"
"$ASMX_HERE/build.sh" "$out" >/dev/null
export IDILIGO_ASMX_DIR="$out"
work="$(mktemp -d "${TMPDIR:-/tmp}/idiligo-asmx-limits.XXXXXX")"
trap 'asmx_cleanup; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

asmx_start_host "$work/on" -- --custom-errors On;   on="$HOST_URL"
asmx_start_host "$work/off" -- --custom-errors Off; off="$HOST_URL"
python3 "$ASMX_HERE/measure-limits.py" --on "$on" --off "$off"
