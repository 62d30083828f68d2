#!/usr/bin/env bash
# The command-line tool's test run: builds `idiligo` and drives it the way a batch job, a
# scheduler or a VBA macro would, against the stand-alone sandbox (`idiligo sandbox`) started
# as a separate process on 127.0.0.1 and a free port, stopped by its process id:
#   * the sandbox prints exactly one JSON line, serves its control API, stops on a signal or
#     (with --exit-on-stdin-eof) when its standard input closes;
#   * the main flow: host a document through the control API, start a meeting, let the
#     participant upload while `idiligo wait` polls, download, read the values, call an
#     operation by name;
#   * exit statuses and JSON for a service, an auth, a usage, a timeout and a connect error;
#   * the config file: used when private, refused when others may read it;
#   * no secret (API key, password, ticket, token) in anything the tool prints.
#
#   tests/cli/run.sh                  # every step
#   tests/cli/run.sh --only flow      # just these steps (the others are listed as skipped)
#
# Each step fails when any command in it fails (tests/lib/steps.sh). Needs curl and python3
# (for reading JSON).
set -euo pipefail
shopt -s inherit_errexit

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/idiligo-cli-test.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
# shellcheck source=../lib/steps.sh
source "$ROOT/tests/lib/steps.sh"
# shellcheck source=../lib/apt.sh
source "$ROOT/tests/lib/apt.sh"
steps_init "$WORK/logs" "$@"
if ((${#STEPS_ARGS[@]})); then
    echo "unknown arguments: ${STEPS_ARGS[*]} (usage: tests/cli/run.sh [--only STEP,...])" >&2
    exit 2
fi
command -v curl >/dev/null || apt_install curl
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/idiligo"
export PYTHONDONTWRITEBYTECODE=1

# The tool must never pick up the developer's own settings.
clean_env() {
    local v
    for v in $(env | sed -n 's/^\(IDILIGO_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
    # (cargo and rustup keep finding their homes)
    export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
    HOME="$(mktemp -d "$WORK/home.XXXXXX")"
    export HOME XDG_CONFIG_HOME="$HOME/.config"
}

# jget JSON PATH: prints the value at a dotted path (list indexes as numbers); strings bare.
jget() {
    python3 -c '
import json, sys
v = json.loads(sys.argv[1])
for k in [p for p in sys.argv[2].split(".") if p]:
    v = v[int(k)] if isinstance(v, list) else v[k]
print(v if isinstance(v, str) else json.dumps(v))' "$1" "$2"
}

# start_sandbox [OPTIONS...]: starts `idiligo sandbox` in the background; sets SB_PID, SB_LINE,
# SB_URL; the step's EXIT trap stops it by its process id.
start_sandbox() {
    "$BIN" sandbox "$@" >"$WORK/sandbox.out" 2>"$WORK/sandbox.err" &
    SB_PID=$!
    trap 'stop_sandbox' EXIT
    local i
    for i in $(seq 1 100); do
        if [[ -s "$WORK/sandbox.out" ]] && [[ "$(tail -c 1 "$WORK/sandbox.out" | od -An -c | tr -d ' ')" == '\n' ]]; then
            break
        fi
        kill -0 "$SB_PID" 2>/dev/null || { cat "$WORK/sandbox.err"; return 1; }
        sleep 0.1
    done
    SB_LINE="$(head -n 1 "$WORK/sandbox.out")"
    SB_URL="$(jget "$SB_LINE" url)"
    [[ "$SB_URL" == http://127.0.0.1:* ]]
}

stop_sandbox() {
    if [[ -n "${SB_PID-}" ]] && kill -0 "$SB_PID" 2>/dev/null; then
        kill -TERM "$SB_PID"
        wait "$SB_PID" 2>/dev/null || true
    fi
}

# Point the tool at the running sandbox with its credentials (from its JSON line).
use_sandbox() {
    export IDILIGO_BASE_URL="$SB_URL"
    IDILIGO_APIKEY="$(jget "$SB_LINE" apikey)"
    IDILIGO_USERNAME="$(jget "$SB_LINE" username)"
    IDILIGO_PASSWORD="$(jget "$SB_LINE" password)"
    export IDILIGO_APIKEY IDILIGO_USERNAME IDILIGO_PASSWORD
}

# run_tool CODE ARGS...: runs the tool, requires exit status CODE; stdout in OUT, stderr in ERR,
# both appended to $WORK/outputs.log (what the secrets step scans).
run_tool() {
    local want="$1" rc=0
    shift
    "$BIN" "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
    OUT="$(cat "$WORK/out")"
    ERR="$(cat "$WORK/err")"
    { echo "\$ idiligo $*"; cat "$WORK/out" "$WORK/err"; } >>"$WORK/outputs.log"
    if [[ "$rc" != "$want" ]]; then
        echo "idiligo $*: exit status $rc, want $want"
        echo "stdout: $OUT"
        echo "stderr: $ERR"
        return 1
    fi
}

control() { # control METHOD PATH [CURL-ARGS...]: a control API request; prints the JSON
    local method="$1" path="$2"
    shift 2
    curl -sS --fail-with-body -X "$method" "$@" "$SB_URL$path"
}

# ------------------------------------------------------------------ steps

build() {
    cargo build -p idiligo-cli
    cargo build -p idiligo --features sandbox --example sandbox
    test -x "$BIN"
}

sandbox_line() {
    clean_env
    start_sandbox --custom-errors off --token-lifetime 600
    echo "ready line: $SB_LINE"
    [[ "$(jget "$SB_LINE" pid)" == "$SB_PID" ]]
    [[ "$(jget "$SB_LINE" control_url)" == "$SB_URL/_sandbox/" ]]
    [[ "$(jget "$SB_LINE" port)" == "${SB_URL##*:}" ]]
    local d
    d="$(control GET /_sandbox/)"
    [[ "$(jget "$d" url)" == "$SB_URL" ]]
    jget "$d" endpoints | grep -q '/_sandbox/calls/{call}/upload'
    # Work through it, then: still exactly one line on stdout.
    use_sandbox
    run_tool 0 call GetSesData
    run_tool 0 operations
    [[ "$(wc -l <"$WORK/sandbox.out")" == 1 ]]
    # It serves until signalled: still alive after its stdin (from /dev/null here) is at EOF.
    sleep 0.3
    kill -0 "$SB_PID"
    stop_sandbox
    ! kill -0 "$SB_PID" 2>/dev/null
    # With --exit-on-stdin-eof it stops by itself once its stdin closes.
    local fifo="$WORK/stdin.fifo" pid line
    mkfifo "$fifo"
    "$BIN" sandbox --exit-on-stdin-eof <"$fifo" >"$WORK/eof.out" 2>/dev/null &
    pid=$!
    exec 7>"$fifo"
    for _ in $(seq 1 100); do [[ -s "$WORK/eof.out" ]] && break; sleep 0.1; done
    line="$(head -n 1 "$WORK/eof.out")"
    curl -sS --fail "$(jget "$line" url)/_sandbox/" >/dev/null
    exec 7>&-
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        echo "the sandbox did not stop when its stdin closed"
        return 1
    fi
    wait "$pid"
    # Usage errors of the sandbox: exit status 2.
    local rc=0
    "$BIN" sandbox --port nope >/dev/null 2>&1 || rc=$?
    [[ "$rc" == 2 ]]
    # `cargo run --example sandbox` is the same program: same options, same JSON line.
    local example="${CARGO_TARGET_DIR:-$ROOT/target}/debug/examples/sandbox" keys_cli keys_example
    keys_cli="$(python3 -c 'import json,sys; print(sorted(json.loads(sys.argv[1])))' "$line")"
    line="$("$example" --exit-on-stdin-eof --custom-errors off --token-lifetime 60 </dev/null | head -n 1)"
    keys_example="$(python3 -c 'import json,sys; print(sorted(json.loads(sys.argv[1])))' "$line")"
    [[ "$keys_cli" == "$keys_example" ]]
    diff <("$BIN" sandbox --help | sed 1d) <("$example" --help | sed 1d)
    rc=0
    "$example" --port nope >/dev/null 2>&1 || rc=$?
    [[ "$rc" == 2 ]]
}

flow() {
    clean_env
    start_sandbox
    use_sandbox
    local hosted doc_url meeting call public doc0 dir
    hosted="$(control POST '/_sandbox/files?name=offer.pdf' --data-binary '%PDF-1.4 offer')"
    doc_url="$(jget "$hosted" url)"
    run_tool 0 --json start-meeting --script INTAKE --email jan@example.com --first-name Jan \
        --last-name Jansen --value PolicyNumber=P-1234 --value 'Remark=a = b' \
        --document "$doc_url" --document-id crm-7 --return-url https://crm.example/customers/42
    meeting="$OUT"
    echo "$meeting"
    call="$(jget "$meeting" call_id)"
    public="$(jget "$meeting" public_id)"
    doc0="$(jget "$meeting" documents.0.document_id)"
    [[ "$(jget "$meeting" documents.0.external_id)" == crm-7 ]]
    [[ "$(jget "$meeting" participant_url)" == "$SB_URL/client?id=$public" ]]
    [[ "$(jget "$meeting" agent_url)" == *"callId=$call"* ]]
    [[ "$(jget "$meeting" contact_id)" != null ]]
    # What the sandbox recorded (control API).
    local c
    c="$(control GET "/_sandbox/calls/$call")"
    [[ "$(jget "$c" contact.email)" == jan@example.com ]]
    [[ "$(jget "$c" documents.0.external_id)" == crm-7 ]]
    # Plain text output: one key=value per line.
    run_tool 0 start-meeting --script INTAKE
    grep -qE '^call_id=[0-9]+$' <<<"$OUT"
    grep -qE '^participant_url=http' <<<"$OUT"

    # The participant uploads two files while `idiligo wait` polls.
    (
        sleep 0.6
        control POST "/_sandbox/calls/$call/upload?filename=passport.jpg" --data-binary 'JPEG passport' >/dev/null
        sleep 0.3
        control POST "/_sandbox/calls/$call/upload?filename=../../evil.txt" --data-binary 'evil' >/dev/null
    ) &
    local uploader=$! t0=$SECONDS
    run_tool 0 --json wait "$call" --min 3 --poll 0.2 --timeout 20
    wait "$uploader"
    [[ "$(jget "$OUT" attachments | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" == 3 ]]
    ((SECONDS - t0 < 15))
    # The participant signs the bound document; wait --signed sees it.
    control POST "/_sandbox/calls/$call/sign?document=$doc0" >/dev/null
    run_tool 0 --json wait "$call" --min 1 --signed --poll 0.2 --timeout 5
    grep -q '"sign_status": 2' <<<"$OUT"

    # Download everything; bytes as uploaded; no path traversal.
    dir="$WORK/downloads/customer 42"
    run_tool 0 --json download "$call" "$dir"
    echo "$OUT"
    [[ "$(cat "$dir/passport.jpg")" == 'JPEG passport' ]]
    [[ "$(cat "$dir/evil.txt")" == evil ]]
    grep -q '%PDF-1.4 offer' "$dir/offer.pdf"
    grep -q 'signed by jan@example.com' "$dir/offer.pdf"
    [[ ! -e "$WORK/evil.txt" && ! -e "$WORK/downloads/evil.txt" ]]
    # A second download never overwrites.
    run_tool 0 download "$call" "$dir"
    [[ -e "$dir/passport (2).jpg" ]]
    # --resume: a rerun skips what the first run saved; --continue: a failed document does not
    # stop the others, and the exit status is its error's (a 503 from Download.ashx: 40).
    local rdir="$WORK/resumed" outcomes
    control POST '/_sandbox/faults?kind=status&status=503&operation=Download' >/dev/null
    run_tool 40 --json download "$call" "$rdir" --resume --continue
    outcomes="$(python3 -c 'import json,sys; print(" ".join(sorted(o["outcome"] for o in json.loads(sys.argv[1])["outcomes"])))' "$OUT")"
    [[ "$outcomes" == "failed saved saved" ]]
    [[ "$(jget "$OUT" complete)" == false && "$(jget "$OUT" error.http_status)" == 503 ]]
    run_tool 0 --json download "$call" "$rdir" --resume
    outcomes="$(python3 -c 'import json,sys; print(" ".join(sorted(o["outcome"] for o in json.loads(sys.argv[1])["outcomes"])))' "$OUT")"
    [[ "$outcomes" == "already_present already_present saved" ]]
    run_tool 0 download "$call" "$rdir" --resume
    [[ "$(grep -c already_present <<<"$OUT")" == 3 ]]
    [[ "$(find "$rdir" -type f ! -name '.*' | wc -l)" == 3 ]]
    # Without --continue the first failure stops the run (the rest are not attempted).
    control POST '/_sandbox/faults?kind=status&status=503&operation=Download' >/dev/null
    run_tool 40 --json download "$call" "$WORK/stopped"
    grep -q not_attempted <<<"$OUT"

    # Values, attachments, any operation by name.
    run_tool 0 values "$call"
    grep -qx 'PolicyNumber=P-1234' <<<"$OUT"
    grep -qx 'Remark=a = b' <<<"$OUT"
    run_tool 0 --json values "$call"
    [[ "$(jget "$OUT" values.0.name)" == PolicyNumber ]]
    run_tool 0 attachments "$call"
    [[ "$(grep -c . <<<"$OUT")" == 3 ]]
    run_tool 0 --json call GetPublicCallId "callId=$call" --repeatable
    grep -q "$public" <<<"$(jget "$OUT" xml)"
    run_tool 0 call SetValues "publicId=$public" names=A names=B values=1 values=2
    [[ -z "$OUT" ]]
    run_tool 0 --json call SetComment "callId=$call" 'value=from the CLI'
    [[ "$(jget "$OUT" xml)" == null ]]
    [[ "$(jget "$(control GET "/_sandbox/calls/$call")" comment)" == 'from the CLI' ]]
    run_tool 0 values "$call"
    grep -qx 'A=1' <<<"$OUT" && grep -qx 'B=2' <<<"$OUT"
    run_tool 0 participant-url "$public"
    [[ "$OUT" == "$SB_URL/client?id=$public" ]]
    run_tool 0 --json operations GetCallValues
    [[ "$(jget "$OUT" params.1.name)" == callId ]]
}

# Documents from local files: uploaded (bytes identical), waited for, cleaned up on failure;
# a bad file is refused before anything is created.
documents() {
    clean_env
    start_sandbox --conversion-ms 3000 --conversion-failure-marker BROKEN
    use_sandbox
    local f="$WORK/offer.pdf" broken="$WORK/BROKEN-scan.pdf" call doc d creates
    printf '%%PDF-1.4 offer from a file\n\001\377' >"$f"
    printf '%%PDF-1.4 broken scan' >"$broken"
    # Without --wait-for-documents the meeting is back while the document still converts.
    run_tool 0 --json start-meeting --script INTAKE --document-file "$f"
    doc="$(jget "$OUT" documents.0.document_id)"
    [[ "$(jget "$OUT" documents.0.external_id)" == document-1 ]]
    d="$(control GET "/_sandbox/documents/$doc")"
    [[ "$(jget "$d" conversion)" == BUSY ]]
    [[ "$(jget "$d" filename)" == offer.pdf ]]
    [[ "$(jget "$d" size)" == "$(stat -c %s "$f")" ]]
    # With it, every document is READY when the command returns.
    run_tool 0 --json start-meeting --script INTAKE --document-file "$f" --wait-for-documents 20
    call="$(jget "$OUT" call_id)"
    doc="$(jget "$OUT" documents.0.document_id)"
    [[ "$(jget "$(control GET "/_sandbox/documents/$doc")" conversion)" == READY ]]
    # The uploaded bytes come back identical through the meeting's attachments.
    run_tool 0 --json download "$call" "$WORK/dl"
    cmp "$f" "$WORK/dl/offer.pdf"
    # A conversion that fails: with --cleanup-on-failure the document is deleted and the call
    # ended, and the report says so; without it both stay and their ids are reported.
    run_tool 50 --json start-meeting --script INTAKE --document-file "$broken" --wait-for-documents 20 \
        --cleanup-on-failure
    doc="$(jget "$OUT" error.partial.documents.0.document_id)"
    [[ "$(jget "$OUT" error.partial.cleanup.deleted_documents.0)" == "$doc" ]]
    [[ "$(jget "$OUT" error.partial.cleanup.ended_call)" == "$(jget "$OUT" error.partial.call_id)" ]]
    ! control GET "/_sandbox/documents/$doc" >/dev/null 2>&1
    run_tool 50 start-meeting --script INTAKE --document-file "$broken" --wait-for-documents 20 \
        --cleanup-on-failure
    grep -q 'clean-up: deleted documents' <<<"$ERR"
    run_tool 50 --json start-meeting --script INTAKE --document-file "$broken" --wait-for-documents 20
    doc="$(jget "$OUT" error.partial.documents.0.document_id)"
    [[ "$(jget "$OUT" error.partial.cleanup)" == null ]]
    [[ "$(jget "$(control GET "/_sandbox/documents/$doc")" conversion)" == ERROR ]]
    # A file that is not there (a local I/O error, exit 70, naming it) or a directory (an
    # invalid argument, exit 10): refused before anything is created.
    creates="$(jget "$(control GET '/_sandbox/requests?operation=CreateCall')" count)"
    run_tool 70 --json start-meeting --script INTAKE --document-file "$WORK/missing.pdf"
    [[ "$(jget "$OUT" error.kind)" == io ]]
    [[ "$(jget "$OUT" error.meeting_step)" == validate ]]
    [[ "$(jget "$OUT" error.message)" == *missing.pdf* ]]
    run_tool 10 --json start-meeting --script INTAKE --document-file "$WORK"
    [[ "$(jget "$OUT" error.message)" == *"is a directory"* ]]
    [[ "$(jget "$(control GET '/_sandbox/requests?operation=CreateCall')" count)" == "$creates" ]]
}

errors() {
    clean_env
    start_sandbox
    use_sandbox
    local call
    run_tool 0 --json start-meeting --script X
    call="$(jget "$OUT" call_id)"
    # A service error: exit 50, JSON with kind, operation and HTTP status.
    run_tool 50 --json call GetCallValues callId=abc
    [[ "$(jget "$OUT" error.kind)" == service ]]
    [[ "$(jget "$OUT" error.exit_code)" == 50 ]]
    [[ "$(jget "$OUT" error.operation)" == GetCallValues ]]
    [[ "$(jget "$OUT" error.http_status)" == 500 ]]
    [[ "$(jget "$OUT" error.service_message)" == *Int64* ]]
    run_tool 50 values 999999
    grep -q 'service error' <<<"$ERR"
    # A service error half way through start-meeting: the ids created so far are reported.
    run_tool 50 --json start-meeting --script X --email a@b.example --document "$SB_URL/files/missing.pdf"
    [[ "$(jget "$OUT" error.meeting_step)" == AddDocumentFromUrl ]]
    [[ "$(jget "$OUT" error.partial.call_id)" =~ ^[0-9]+$ ]]
    [[ "$(jget "$OUT" error.partial.contact_id)" =~ ^[0-9]+$ ]]
    # An auth error: exit 51.
    IDILIGO_PASSWORD=wrong-password run_tool 51 --json attachments "$call"
    [[ "$(jget "$OUT" error.kind)" == auth ]]
    IDILIGO_PASSWORD=wrong-password run_tool 51 attachments "$call"
    grep -q 'authentication failed' <<<"$ERR"
    # Usage errors: exit 2, JSON kind usage; nothing sent.
    run_tool 2 --json frobnicate
    [[ "$(jget "$OUT" error.kind)" == usage ]]
    run_tool 2 --json start-meeting --email a@b.example
    [[ "$(jget "$OUT" error.exit_code)" == 2 ]]
    run_tool 2 --json call Login username=u password=p
    [[ "$(jget "$OUT" error.message)" == *secret* ]]
    run_tool 2 start-meeting --script X --value novalue
    run_tool 2 wait
    # Invalid arguments the SDK refuses: exit 10 (nothing sent).
    run_tool 10 --json call GetCallValues callId=1 bogus=2
    [[ "$(jget "$OUT" error.kind)" == invalid_argument ]]
    run_tool 10 --json wait "$call" --timeout 0
    run_tool 10 --json operations getcallvalues
    # A timeout: exit 21.
    run_tool 21 --json wait "$call" --min 5 --poll 0.1 --timeout 0.5
    [[ "$(jget "$OUT" error.kind)" == timeout ]]
    # A connect error: exit 20 (a port nothing listens on).
    local port
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    IDILIGO_BASE_URL="http://127.0.0.1:$port" run_tool 20 --json attachments "$call"
    [[ "$(jget "$OUT" error.kind)" == connect ]]
    # An HTTP error from an injected fault: exit 40.
    control POST "/_sandbox/faults?kind=status&status=404&operation=GetAttachments&times=3" >/dev/null
    run_tool 40 --json attachments "$call"
    [[ "$(jget "$OUT" error.http_status)" == 404 ]]
    # check-service: the sandbox serves no WSDL; an HTTP error, never a false "matches".
    run_tool 40 --json check-service "$SB_URL"
}

config_file() {
    clean_env
    start_sandbox
    local cfg="$HOME/.config/idiligo/config" rc
    mkdir -p "$(dirname "$cfg")"
    cat >"$cfg" <<EOF
# idiligo CLI settings
base_url = $SB_URL
apikey = $(jget "$SB_LINE" apikey)
username = "$(jget "$SB_LINE" username)"
password = $(jget "$SB_LINE" password)
EOF
    chmod 600 "$cfg"
    run_tool 0 --json start-meeting --script CFG
    [[ "$(jget "$OUT" call_id)" =~ ^[0-9]+$ ]]
    # Readable by the group or others: refused with a clear message, exit 10, nothing sent.
    local before
    before="$(jget "$(control GET '/_sandbox/requests?operation=CreateCall')" count)"
    for mode in 644 640 604 660; do
        chmod "$mode" "$cfg"
        run_tool 10 start-meeting --script CFG
        grep -q "chmod 600 $cfg" <<<"$ERR"
        grep -q "permissions 0$mode" <<<"$ERR"
        run_tool 10 --json start-meeting --script CFG
        [[ "$(jget "$OUT" error.operation)" == configuration ]]
    done
    [[ "$(jget "$(control GET '/_sandbox/requests?operation=CreateCall')" count)" == "$before" ]]
    chmod 600 "$cfg"
    # --config and IDILIGO_CONFIG name another file, which must exist.
    cp "$cfg" "$WORK/other.conf"
    chmod 600 "$WORK/other.conf"
    run_tool 0 --config "$WORK/other.conf" start-meeting --script CFG
    IDILIGO_CONFIG="$WORK/none.conf" run_tool 70 start-meeting --script CFG
    # The environment wins over the file.
    IDILIGO_PASSWORD=wrong run_tool 51 start-meeting --script CFG
    # A bad line is named, its value is not printed.
    echo 'pasword = SECRET-CANARY-CFG' >>"$cfg"
    run_tool 10 start-meeting --script CFG
    grep -q 'line 6: unknown key "pasword"' <<<"$ERR"
    ! grep -q SECRET-CANARY-CFG <<<"$OUT$ERR"
}

secrets() {
    clean_env
    # Obviously fake, easy-to-spot credentials.
    start_sandbox --apikey KEY-CANARY-7f3a --password PW-CANARY-91bc --ticket TICKET-CANARY-c0de
    use_sandbox
    : >"$WORK/outputs.log"
    local call
    run_tool 0 --json --verbose start-meeting --script S --email s@x.example --value V=1
    call="$(jget "$OUT" call_id)"
    run_tool 0 --verbose values "$call"
    run_tool 0 --verbose call GetSesData
    run_tool 50 --verbose --json call GetCallValues callId=abc
    control POST /_sandbox/expire-tokens >/dev/null
    run_tool 0 --verbose attachments "$call"
    run_tool 2 --json call Login username=u password=PW-CANARY-91bc
    # The ticket instead of the password.
    IDILIGO_PASSWORD='' IDILIGO_TICKET=TICKET-CANARY-c0de run_tool 0 --verbose --json attachments "$call"
    IDILIGO_PASSWORD='' IDILIGO_TICKET=TICKET-CANARY-c0dX run_tool 51 --verbose attachments "$call"
    # A token the service rejects, and no credentials to log in again.
    env -u IDILIGO_APIKEY -u IDILIGO_USERNAME -u IDILIGO_PASSWORD IDILIGO_TOKEN=TOKEN-CANARY-5e5e \
        "$BIN" --verbose --json attachments "$call" >>"$WORK/outputs.log" 2>&1 && return 1
    # A proxy URL with a password.
    IDILIGO_PROXY='http://u:PROXY-CANARY-77@127.0.0.1:9' run_tool 20 --verbose attachments "$call"
    grep -c . "$WORK/outputs.log"
    grep -q 'GetSesData' "$WORK/outputs.log" # the log holds real output
    # (Lines starting with "$ idiligo" are the command lines run_tool logged, not output.)
    grep -v '^\$ idiligo ' "$WORK/outputs.log" >"$WORK/printed.log"
    if grep -nE 'KEY-CANARY|PW-CANARY|TICKET-CANARY|TOKEN-CANARY|PROXY-CANARY' "$WORK/printed.log"; then
        echo "a secret appears in the tool's output"
        return 1
    fi
    # Nor a session token the sandbox issued (tokens are 32 hex digits).
    if grep -nE '\b[0-9a-f]{32}\b' "$WORK/printed.log" | grep -vE 'public_id|client\?id=|publicId|"xml"' ; then
        echo "something that looks like a session token appears in the tool's output"
        return 1
    fi
}

step build "cargo build -p idiligo-cli, and the sandbox example" build
step sandbox "idiligo sandbox (= the example): one JSON line, control API, signal, stdin EOF" sandbox_line
step flow "start, participant uploads (control API), wait, download, values, call" flow
step documents "documents from files: uploaded, waited for, cleaned up on failure, refused when bad" documents
step errors "exit statuses and JSON: service, auth, usage, argument, timeout, connect, HTTP" errors
step config "config file: used when private, refused when others may read it" config_file
step secrets "no secret in anything the tool prints (also --verbose)" secrets
steps_finish
