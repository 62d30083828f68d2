#!/usr/bin/env bash
# The conformance scenario through the C library (tests/conformance/scenario.c) against the
# ASMX replica, with customErrors On and Off. Expects the replica built (tests/asmx/build.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
LIFETIME=4
cargo build -q --release -p idiligo-ffi
OUT="$ROOT/target/conformance-c"
mkdir -p "$OUT"
gcc -std=c11 -Wall -Wextra -Werror -D_DEFAULT_SOURCE -I include tests/conformance/scenario.c \
  target/release/libidiligo.a -lpthread -ldl -lm -o "$OUT/scenario"

status=0
for mode in On Off; do
  log="$OUT/replica-$mode.out"
  IDILIGO_REPLICA_TOKEN_LIFETIME_SECONDS=$LIFETIME \
    bash tests/asmx/run-host.sh --custom-errors "$mode" --port 0 >"$log" </dev/null &
  pid=$!
  url=""
  for _ in $(seq 1 300); do
    url="$(sed -n 's/^LISTENING \(.*\)$/\1/p' "$log" | head -n1)"
    [ -n "$url" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if [ -z "$url" ]; then
    echo "replica ($mode) did not start"; kill -TERM "$pid" 2>/dev/null || true; status=1; continue
  fi
  "$OUT/scenario" "${url%/}" "$mode" "$LIFETIME" || status=1
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
done
exit $status
