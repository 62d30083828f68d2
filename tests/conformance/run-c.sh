#!/usr/bin/env bash
# The conformance scenario through the C library (tests/conformance/scenario.c) against the
# ASMX replica, with customErrors On and Off. Expects the replica built (tests/asmx/build.sh).
# Exits non-zero if the replica does not start or a scenario fails in either mode.
set -euo pipefail
shopt -s inherit_errexit
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
LIFETIME=4
# The replica's conversion time: an upload is still BUSY when its status is first read.
CONVERSION_MS=2500
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}/release"
cargo build -q --release -p idiligo-ffi
OUT="$(mktemp -d "${TMPDIR:-/tmp}/idiligo-conformance-c.XXXXXX")"
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$OUT"
}
trap cleanup EXIT
gcc -std=c11 -Wall -Wextra -Werror -D_DEFAULT_SOURCE -I include tests/conformance/scenario.c \
  "$TARGET/libidiligo.a" -lpthread -ldl -lm -o "$OUT/scenario"

status=0
for mode in On Off; do
  log="$OUT/replica-$mode.out"
  IDILIGO_REPLICA_TOKEN_LIFETIME_SECONDS=$LIFETIME IDILIGO_REPLICA_CONVERSION_MS=$CONVERSION_MS \
    bash tests/asmx/run-host.sh --custom-errors "$mode" --port 0 >"$log" </dev/null &
  pid=$!
  url=""
  for _ in $(seq 1 300); do
    url="$(sed -n 's/^LISTENING \(.*\)$/\1/p' "$log" | head -n 1)"
    [[ -n "$url" ]] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if [[ -z "$url" ]]; then
    echo "FAIL replica ($mode) did not start"
    status=1
  else
    "$OUT/scenario" "${url%/}" "$mode" "$LIFETIME" || status=1
  fi
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
done
exit $status
