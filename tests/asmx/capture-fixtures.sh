#!/usr/bin/env bash
# Regenerate tests/fixtures/asmx/*.http: raw responses (status line, headers, body, byte-exact)
# of the InsideService20 ASMX replica on Mono, for the requests listed in MANIFEST.tsv.
# Starts five hosts (customErrors On/Off; On/Off with a 1 s token lifetime, a 16-byte document
# limit and the conversion-failure marker FAIL; On with a 10-minute conversion time) plus a
# python3 http.server for the documents, all on 127.0.0.1, and stops them by pid.
#   Usage: tests/asmx/capture-fixtures.sh [OUTDIR]
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

out="${1:-$ASMX_REPO/target/asmx}"
"$ASMX_HERE/build.sh" "$out" >/dev/null
export IDILIGO_ASMX_DIR="$out"
fixtures="$ASMX_REPO/tests/fixtures/asmx"

work="$(mktemp -d "${TMPDIR:-/tmp}/idiligo-asmx-capture.XXXXXX")"
trap 'asmx_cleanup; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# Deterministic documents: a 64-byte fake PDF and all 256 byte values.
mkdir -p "$work/docs"
printf '%%PDF-1.4\n%% idiligo fixture document\n1 0 obj <<>> endobj\n%%%%EOF\n' >"$work/docs/contract.pdf"
python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)))' >"$work/docs/scan-2.bin"
asmx_start_docs "$work/docs" "$work/docs.log"

asmx_start_host "$work/on" -- --custom-errors On;   on="$HOST_URL"
asmx_start_host "$work/off" -- --custom-errors Off; off="$HOST_URL"
limits=(IDILIGO_REPLICA_TOKEN_LIFETIME_SECONDS=1 IDILIGO_REPLICA_MAX_DOCUMENT_BYTES=16
        IDILIGO_REPLICA_FAIL_CONVERSION_MARKER=FAIL)
asmx_start_host "$work/lon" "${limits[@]}" -- --custom-errors On;  lon="$HOST_URL"
asmx_start_host "$work/loff" "${limits[@]}" -- --custom-errors Off; loff="$HOST_URL"
asmx_start_host "$work/slow" IDILIGO_REPLICA_CONVERSION_MS=600000 -- --custom-errors On; slow="$HOST_URL"

python3 "$ASMX_HERE/capture.py" --on "$on" --off "$off" --limits-on "$lon" --limits-off "$loff" --slow "$slow" \
  --docs "$DOCS_URL" --closed-port "$(asmx_free_port)" --out "$fixtures"
