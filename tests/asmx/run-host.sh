#!/usr/bin/env bash
# Start the InsideService20 ASMX replica host (built by tests/asmx/build.sh) in the foreground.
#   tests/asmx/run-host.sh [--custom-errors On|Off] [--port N] [--exit-on-stdin-eof]
# Defaults: --port 0 (the host picks a free port), --custom-errors On.
# The script execs mono, so its pid is the host's pid: stop it with `kill -TERM <pid>`.
# Once it answers requests the host prints exactly one stdout line: LISTENING http://127.0.0.1:PORT/
# Build output directory: $IDILIGO_ASMX_DIR, else <repo>/target/asmx.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="${IDILIGO_ASMX_DIR:-$repo/target/asmx}"
exe="$out/www/bin/IdiligoAsmxHost.exe"

if ! command -v mono >/dev/null 2>&1; then
  echo "run-host.sh: 'mono' not found (apt-get install -y mono-runtime ...; see tests/asmx/README.md)" >&2
  exit 1
fi
if [[ ! -f "$exe" ]]; then
  echo "run-host.sh: $exe not found; run tests/asmx/build.sh first" >&2
  exit 1
fi

# A private TMPDIR per instance (ASP.NET keeps its compilation folders under TMPDIR, and Mono
# reads TMPDIR only at process start). Named idiligo-asmx-<pid>-<rand>: after exec the pid is the
# host's, which removes the directory on exit (and any such directory of a dead pid on start).
base="${TMPDIR:-/tmp}"
tmp="$(mktemp -d "$base/idiligo-asmx-$$-XXXXXXXX")"
export TMPDIR="$tmp"
exec mono "$exe" --own-tmpdir "$@"
