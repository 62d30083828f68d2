#!/usr/bin/env bash
# Smoke test of the InsideService20 ASMX replica: builds it, starts it in both customErrors modes
# (plus a host with a 1 s token lifetime and a 16-byte document limit), exercises every operation
# over HTTP GET and POST with curl against 127.0.0.1, and stops every process it started by pid.
# Exits non-zero on any failure.   Usage: tests/asmx/smoke.sh [OUTDIR]
set -uo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

out="${1:-$ASMX_REPO/target/asmx}"
"$ASMX_HERE/build.sh" "$out" >/dev/null || { echo "smoke: build failed" >&2; exit 1; }
export IDILIGO_ASMX_DIR="$out"

work="$(mktemp -d "${TMPDIR:-/tmp}/idiligo-asmx-smoke.XXXXXX")"
trap 'asmx_cleanup; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); }
bad() { FAIL=$((FAIL + 1)); echo "FAIL [$MODE/$VERB] $*" >&2; }

CURL=(curl -sS --noproxy '*' --max-time 60)

# call OP KEY=VALUE... : calls the operation with the current VERB; sets STATUS, BODY, HDRS.
call() {
  local op="$1"; shift
  local args=() kv
  for kv in "$@"; do args+=(--data-urlencode "$kv"); done
  if [[ "$VERB" == GET ]]; then
    STATUS="$("${CURL[@]}" -G "${args[@]}" -o "$work/body" -D "$work/hdrs" -w '%{http_code}' "${BASE}InsideService20.asmx/$op")"
  else
    STATUS="$("${CURL[@]}" "${args[@]}" -o "$work/body" -D "$work/hdrs" -w '%{http_code}' "${BASE}InsideService20.asmx/$op")"
  fi
  BODY="$(tr -d '\000' <"$work/body")"
  HDRS="$(tr -d '\r' <"$work/hdrs")"
}

# raw CURL-ARGS... URL : any request; sets STATUS, BODY, HDRS.
raw() {
  STATUS="$("${CURL[@]}" -o "$work/body" -D "$work/hdrs" -w '%{http_code}' "$@")"
  BODY="$(tr -d '\000' <"$work/body")"
  HDRS="$(tr -d '\r' <"$work/hdrs")"
}

xml_text() { sed -n 's/^<[a-z]* xmlns="http:\/\/www.idiligo.com\/">\(.*\)<\/[a-z]*>$/\1/p' <<<"$BODY"; }

expect_status() {
  local want="$1" what="$2"
  if [[ "$STATUS" == "$want" ]]; then ok; else bad "$what: status $STATUS, want $want; body: $(head -c 300 <<<"$BODY")"; fi
}

expect_long() {
  local what="$1"
  expect_status 200 "$what"
  VALUE="$(xml_text)"
  if [[ "$VALUE" =~ ^[0-9]+$ && "$BODY" == *'<long xmlns="http://www.idiligo.com/">'* ]]; then ok; else bad "$what: not a <long>: $BODY"; fi
}

expect_guid_string() {
  local what="$1"
  expect_status 200 "$what"
  VALUE="$(xml_text)"
  if [[ "$VALUE" =~ ^[0-9a-f]{32}$ ]]; then ok; else bad "$what: not a 32-hex <string>: $BODY"; fi
}

expect_void() {
  local what="$1"
  expect_status 200 "$what"
  if [[ -z "$BODY" ]] && grep -qi '^Content-Length: 0$' <<<"$HDRS" && ! grep -qi '^Content-Type:' <<<"$HDRS"; then ok
  else bad "$what: not an empty void response: headers [$HDRS] body [$BODY]"; fi
}

# expect_error MESSAGE WHAT : 500 text/plain; On mode: message + LF only; Off mode: "Type: message" + stack.
expect_error() {
  local msg="$1" what="$2" first
  expect_status 500 "$what"
  grep -qi '^Content-Type: text/plain; charset=utf-8$' <<<"$HDRS" && ok || bad "$what: content type: $HDRS"
  first="$(head -n 1 <<<"$BODY")"
  if [[ "$MODE" == On ]]; then
    if [[ "$first" == *"$msg"* && "$first" != *Exception:* && "$(wc -l <<<"$BODY")" -le 2 ]]; then ok
    else bad "$what: On-mode body should be just the message '$msg': $BODY"; fi
  else
    if [[ "$first" == *Exception:*"$msg"* ]] && grep -q '^  at ' <<<"$BODY"; then ok
    else bad "$what: Off-mode body should be 'Type: $msg' + stack trace: $(head -c 400 <<<"$BODY")"; fi
  fi
}

APIKEY=test-apikey-0000
USER_NAME=agent@example.test
PASSWORD=fake-password-1234
TICKET=fake-ticket-5678

mkdir -p "$work/docs"
printf '%%PDF-1.4\n%% smoke document one\n' >"$work/docs/one.pdf"
head -c 3000 /dev/urandom >"$work/docs/two.bin"
asmx_start_docs "$work/docs" "$work/docs.log" || exit 1

run_flow() {
  local port="${BASE#http://127.0.0.1:}"; port="${port%/}"

  call Login apikey=$APIKEY username=$USER_NAME password=$PASSWORD
  expect_guid_string "Login"; local token="$VALUE"
  call Login apikey=wrong username=$USER_NAME password=$PASSWORD
  expect_error "Invalid credentials." "Login with a wrong apikey"
  call Impersonate apikey=$APIKEY username=$USER_NAME ticket=$TICKET
  expect_guid_string "Impersonate"
  call Impersonate apikey=$APIKEY username=$USER_NAME ticket=wrong
  expect_error "Invalid credentials." "Impersonate with a wrong ticket"

  call CreateContact token=$token email=jan@example.test firstName=Jan lastName=Jansen
  expect_long "CreateContact"; local contact="$VALUE"
  call CreateContact token=$token email=no-at-sign firstName= lastName=
  expect_error "Invalid email." "CreateContact without @"
  call CreateContact token=nope email=jan@example.test firstName= lastName=
  expect_error "Invalid token." "CreateContact with an unknown token"

  call CreateCall token=$token trajectCode=SCRIPT-1
  expect_long "CreateCall"; local callid="$VALUE"
  call CreateCall token=$token "trajectCode=  "
  expect_error "Unknown trajectCode." "CreateCall with a blank trajectCode"

  call SetContact token=$token callId=$callid contactId=$contact
  expect_void "SetContact"
  call SetContact token=$token callId=1 contactId=$contact
  expect_error "Unknown callId." "SetContact with an unknown callId"
  call SetContact token=$token callId=$callid contactId=1
  expect_error "Unknown contactId." "SetContact with an unknown contactId"

  call GetAgentUrl token=$token callId=$callid "returnUrl=https://example.test/back?a=1&b=2"
  expect_status 200 "GetAgentUrl"
  local want="http://127.0.0.1:$port/agent?callId=$callid&amp;returnUrl=https%3A%2F%2Fexample.test%2Fback%3Fa%3D1%26b%3D2"
  [[ "$(xml_text)" == "$want" ]] && ok || bad "GetAgentUrl: got [$BODY], want text [$want]"
  call GetAgentUrl token=$token callId=$callid returnUrl=
  [[ "$(xml_text)" == "http://127.0.0.1:$port/agent?callId=$callid" ]] && ok || bad "GetAgentUrl without returnUrl: $BODY"

  call GetPublicCallId token=$token callId=$callid
  expect_guid_string "GetPublicCallId"; local publicid="$VALUE"

  call SetValues token=$token publicId=$publicid names=firstName names=lastName values=Jan values=Jansen
  expect_void "SetValues"
  call SetValues token=$token publicId=$publicid names=a names=b values=1
  expect_error "names and values differ in length." "SetValues with unequal arrays"
  call SetValues token=$token publicId=nope names=a values=1
  expect_error "Unknown publicId." "SetValues with an unknown publicId"

  call GetAttachments token=$token callId=$callid
  expect_status 200 "GetAttachments (empty)"
  [[ "$BODY" == *'<ArrayOfAttachmentDTO '*'xmlns="http://www.idiligo.com/" />' ]] && ok || bad "empty GetAttachments: $BODY"

  call AddDocumentFromUrl token=$token "url=${DOCS_URL}one.pdf" filename=one.pdf externalId=ext-1
  expect_long "AddDocumentFromUrl"; local doc1="$VALUE"
  call AddDocumentFromUrl token=$token "url=${DOCS_URL}two.bin" filename=two.bin externalId=ext-2
  expect_long "AddDocumentFromUrl (2)"; local doc2="$VALUE"
  call AddDocumentFromUrl token=$token "url=${DOCS_URL}missing.pdf" filename=x.pdf externalId=e
  expect_error "Could not download document." "AddDocumentFromUrl of a 404"
  call AddDocumentFromUrl token=$token "url=http://127.0.0.1:$(asmx_free_port)/x" filename=x externalId=e
  expect_error "Could not download document." "AddDocumentFromUrl with connection refused"
  call AddDocumentFromUrl token=$token "url=ftp://127.0.0.1/x" filename=x.pdf externalId=e
  expect_error "Invalid url." "AddDocumentFromUrl with an ftp url"
  call AddDocumentFromUrl token=$token "url=${DOCS_URL}one.pdf" filename= externalId=e
  expect_error "Invalid filename." "AddDocumentFromUrl without filename"

  call SetDocumentToUploadAction token=$token callId=$callid externalId=ext-1 documentId=$doc1
  expect_void "SetDocumentToUploadAction"
  call SetDocumentToUploadAction token=$token callId=$callid externalId=ext-2 documentId=$doc2
  expect_void "SetDocumentToUploadAction (2)"
  call SetDocumentToUploadAction token=$token callId=$callid externalId=ext-2 documentId=1
  expect_error "Unknown documentId." "SetDocumentToUploadAction with an unknown documentId"

  call GetAttachments token=$token callId=$callid
  expect_status 200 "GetAttachments"
  local n; n="$(grep -c '<AttachmentDTO>' <<<"$BODY")"
  [[ "$n" == 2 ]] && ok || bad "GetAttachments: want 2 attachments, got $n: $BODY"
  [[ "$BODY" == *"<Id>$doc1</Id>"*"<Id>$doc2</Id>"* ]] && ok || bad "GetAttachments order: $BODY"
  [[ "$BODY" == *"<Size>$(stat -c %s "$work/docs/two.bin")</Size>"* && "$BODY" == *'<SignUrl />'* && "$BODY" == *'<Attach>true</Attach>'* && "$BODY" != *'<Preview'* ]] && ok || bad "GetAttachments members: $BODY"
  grep -Eq '<Date>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z</Date>' <<<"$BODY" && ok || bad "GetAttachments date: $BODY"
  local url2; url2="$(sed -n "s/.*<Url>\(.*id=$doc2\)<\/Url>.*/\1/p" <<<"$BODY")"
  [[ "$url2" == "http://127.0.0.1:$port/Download.ashx?id=$doc2" ]] && ok || bad "attachment Url: [$url2]"

  raw "$url2"
  expect_status 200 "Download.ashx"
  cmp -s "$work/body" "$work/docs/two.bin" && ok || bad "downloaded bytes differ from the served document"
  grep -qi '^Content-Type: application/octet-stream$' <<<"$HDRS" && ok || bad "Download.ashx content type: $HDRS"
  raw "${BASE}Download.ashx?id=1"
  expect_status 404 "Download.ashx of an unknown id"
  [[ "$BODY" == "Not found." ]] && ok || bad "Download.ashx 404 body: [$BODY]"

  # Rebinding ext-1 replaces that entry in place.
  call SetDocumentToUploadAction token=$token callId=$callid externalId=ext-1 documentId=$doc2
  expect_void "SetDocumentToUploadAction (rebind)"
  call GetAttachments token=$token callId=$callid
  [[ "$(grep -c '<AttachmentDTO>' <<<"$BODY")" == 2 && "$BODY" == *"<Id>$doc2</Id>"*"<Id>$doc2</Id>"* ]] && ok || bad "rebind: $BODY"

  # Framework errors.
  call CreateCall token=$token
  expect_error "Missing parameter" "missing parameter"
  call GetAgentUrl token=$token callId=abc returnUrl=
  expect_error "Cannot convert" "non-numeric callId"
  call NoSuchOperation token=$token
  expect_error "Web Service method name is not valid." "unknown operation"
  call createcall token=$token trajectCode=x
  expect_error "method names are case sensitive" "wrong-case operation name"
  call SetValues token=$token publicId=$publicid
  expect_error "Object reference not set to an instance of an object" "missing array parameters"
  call CreateContact token=$token "email=<script>@x" firstName= lastName=
  expect_error "A potentially dangerous Request." "request validation"
  if [[ "$VERB" == POST ]]; then
    raw -H 'Content-Type: text/plain' --data "token=$token&trajectCode=x" "${BASE}InsideService20.asmx/CreateCall"
    expect_error "Request format is invalid" "POST with a text/plain body"
  fi
}

run_limits() {
  call Login apikey=$APIKEY username=$USER_NAME password=$PASSWORD
  expect_guid_string "Login (limits host)"; local token="$VALUE"
  call AddDocumentFromUrl token=$token "url=${DOCS_URL}two.bin" filename=two.bin externalId=e
  expect_error "Document too large." "AddDocumentFromUrl over the size limit"
  sleep 1.2
  call CreateCall token=$token trajectCode=x
  expect_error "Token expired." "expired token"
}

for MODE in On Off; do
  VERB=-
  asmx_start_host "$work/host-$MODE" -- --custom-errors "$MODE" || { bad "host did not start"; continue; }
  BASE="$HOST_URL"; pid="$HOST_PID"
  for VERB in GET POST; do run_flow; done
  VERB=GET
  # A GET and a POST for the same call must answer byte-identically.
  raw "${BASE}InsideService20.asmx/Login?apikey=x&username=y&password=z"; a="$BODY"
  raw --data "apikey=x&username=y&password=z" "${BASE}InsideService20.asmx/Login"
  [[ "$MODE" == Off || "$BODY" == "$a" ]] && ok || bad "GET and POST error bodies differ"
  asmx_stop "$pid"

  asmx_start_host "$work/limits-$MODE" IDILIGO_REPLICA_TOKEN_LIFETIME_SECONDS=1 IDILIGO_REPLICA_MAX_DOCUMENT_BYTES=16 \
    -- --custom-errors "$MODE" || { bad "limits host did not start"; continue; }
  BASE="$HOST_URL"; pid="$HOST_PID"
  for VERB in GET POST; do run_limits; done
  asmx_stop "$pid"
done

# Custom credentials from the environment.
MODE=On VERB=GET
asmx_start_host "$work/creds" IDILIGO_REPLICA_APIKEY=k2 IDILIGO_REPLICA_USERNAME=u2 IDILIGO_REPLICA_PASSWORD=p2 \
  IDILIGO_REPLICA_TICKET=t2 -- || bad "creds host did not start"
BASE="$HOST_URL"
call Login apikey=k2 username=u2 password=p2; expect_guid_string "Login with custom credentials"
call Impersonate apikey=k2 username=u2 ticket=t2; expect_guid_string "Impersonate with custom credentials"
call Login apikey=$APIKEY username=$USER_NAME password=$PASSWORD; expect_error "Invalid credentials." "default credentials rejected"
asmx_stop "$HOST_PID"

asmx_cleanup
echo "asmx smoke: $PASS passed, $FAIL failed"
[[ "$FAIL" == 0 ]]
