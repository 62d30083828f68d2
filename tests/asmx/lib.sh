# Shared helpers for smoke.sh and capture-fixtures.sh (source it; bash only).
# Every process started here is recorded by pid and stopped by pid in asmx_cleanup.

ASMX_HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ASMX_REPO="$(cd "$ASMX_HERE/../.." && pwd)"
ASMX_PIDS=()

# Never route test traffic through a proxy: everything here talks to 127.0.0.1.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY

asmx_cleanup() {
  local pid
  for pid in "${ASMX_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${ASMX_PIDS[@]}"; do
    # Give each process a moment to exit on its own, then insist.
    local i
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  ASMX_PIDS=()
}

# asmx_stop PID: stop one process started by these helpers.
asmx_stop() {
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local kept=() p
  for p in "${ASMX_PIDS[@]}"; do [[ "$p" == "$pid" ]] || kept+=("$p"); done
  ASMX_PIDS=("${kept[@]}")
}

# asmx_start_host LOGPREFIX [VAR=VALUE ...] [-- HOST-ARGS...]
# Starts run-host.sh with the given environment; sets HOST_URL (http://127.0.0.1:PORT/) and HOST_PID.
asmx_start_host() {
  local prefix="$1"; shift
  local envs=() args=()
  while (($#)); do
    if [[ "$1" == "--" ]]; then shift; args=("$@"); break; fi
    envs+=("$1"); shift
  done
  env "${envs[@]}" "$ASMX_HERE/run-host.sh" "${args[@]}" >"$prefix.out" 2>"$prefix.err" </dev/null &
  local pid=$!
  ASMX_PIDS+=("$pid")
  local i
  for ((i = 0; i < 1200; i++)); do   # up to 60 s
    if grep -q '^LISTENING ' "$prefix.out" 2>/dev/null; then
      HOST_URL="$(sed -n 's/^LISTENING //p' "$prefix.out")"
      HOST_PID="$pid"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "asmx host exited before listening; stderr:" >&2
      cat "$prefix.err" >&2
      return 1
    fi
    sleep 0.05
  done
  echo "asmx host did not print LISTENING within 60 s; stderr:" >&2
  cat "$prefix.err" >&2
  return 1
}

asmx_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# asmx_start_docs DIR LOGFILE: serves DIR on 127.0.0.1; sets DOCS_URL (with trailing /) and DOCS_PID.
asmx_start_docs() {
  local dir="$1" log="$2" port pid i
  port="$(asmx_free_port)"
  python3 -m http.server --bind 127.0.0.1 --directory "$dir" "$port" >"$log" 2>&1 </dev/null &
  pid=$!
  ASMX_PIDS+=("$pid")
  for ((i = 0; i < 200; i++)); do
    if curl -s --noproxy '*' -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then
      DOCS_URL="http://127.0.0.1:$port/"
      DOCS_PID="$pid"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "document server exited:" >&2; cat "$log" >&2; return 1
    fi
    sleep 0.05
  done
  echo "document server did not come up" >&2
  return 1
}
