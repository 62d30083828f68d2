#!/usr/bin/env bash
# Smoke test of the InsideService20 ASMX replica: builds it, starts it in both customErrors modes
# (plus a host with a 1 s token lifetime and a 16-byte document limit, and one with a conversion
# time and failure marker), exercises every operation over HTTP GET and POST with curl against
# 127.0.0.1 and checks the typed answers, exercises SOAP 1.1 (SetCallValues, which is SOAP-only,
# base64 uploads, faults), checks against the host's own ?WSDL that every operation offered on
# GET/POST was called over both and every SOAP-only one over SOAP, and stops every process it
# started by pid. Exits non-zero on any failure.   Usage: tests/asmx/smoke.sh [OUTDIR]
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
  echo "$VERB $op" >>"$work/covered-$MODE"
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

# expect_prim TYPE VALUE WHAT : 200 and exactly <TYPE xmlns="...">VALUE</TYPE> ("" = self-closing).
expect_prim() {
  local type="$1" value="$2" what="$3" want
  expect_status 200 "$what"
  if [[ -z "$value" ]]; then want="<$type xmlns=\"http://www.idiligo.com/\" />"
  else want="<$type xmlns=\"http://www.idiligo.com/\">$value</$type>"; fi
  [[ "$BODY" == "<?xml version=\"1.0\" encoding=\"utf-8\"?>"$'\n'"$want" ]] && ok || bad "$what: want [$want], got [$BODY]"
}

expect_contains() {
  local want="$1" what="$2"
  [[ "$BODY" == *"$want"* ]] && ok || bad "$what: no [$want] in [$(head -c 600 <<<"$BODY")]"
}

expect_lacks() {
  local unwanted="$1" what="$2"
  [[ "$BODY" != *"$unwanted"* ]] && ok || bad "$what: unexpected [$unwanted] in [$(head -c 600 <<<"$BODY")]"
}

# expect_root TYPE WHAT : 200 and the root element is TYPE (complex answers).
expect_root() {
  local type="$1" what="$2"
  expect_status 200 "$what"
  grep -q "^<$type xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"http://www.idiligo.com/\"" <<<"$BODY" && ok \
    || bad "$what: root is not <$type ...>: $(head -c 300 <<<"$BODY")"
}

# name_values: the NameValue pairs of BODY as ";name=value;name=value" (GET/POST or SOAP).
name_values() {
  grep -o '<Name>[^<]*</Name>\|<Value>[^<]*</Value>\|<Value />' <<<"$BODY" \
    | sed -e 's/^<Name>\(.*\)<\/Name>$/;\1/' -e 's/^<Value>\(.*\)<\/Value>$/=\1/' -e 's/^<Value \/>$/=/' | tr -d '\n'
}

# bytes_args FILE : "file=B" for every byte of FILE (the HTTP bindings' byte[] form).
bytes_args() {
  od -An -v -tu1 "$1" | tr -s ' \n' '\n\n' | sed '/^$/d; s/^/file=/'
}

# soap OP INNER-XML [SOAPACTION-OP] : SOAP 1.1 POST to the service; sets STATUS, BODY, HDRS.
soap() {
  local op="$1" inner="$2" action="${3:-$1}"
  echo "SOAP $op" >>"$work/covered-$MODE"
  printf '%s' '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'"<$op xmlns=\"http://www.idiligo.com/\">$inner</$op>"'</soap:Body></soap:Envelope>' >"$work/envelope"
  raw -H 'Content-Type: text/xml; charset=utf-8' -H "SOAPAction: \"http://www.idiligo.com/$action\"" \
    --data-binary @"$work/envelope" "${BASE}InsideService20.asmx"
}

soap_result() { sed -n "s/.*<$1Result>\([^<]*\)<\/$1Result>.*/\1/p" <<<"$BODY"; }

# expect_fault CODE MESSAGE WHAT : 500 SOAP fault; On: "Server was unable to process request. ---> MESSAGE";
# Off: the same with exception type names and a stack trace.
expect_fault() {
  local code="$1" msg="$2" what="$3"
  expect_status 500 "$what"
  expect_contains "<faultcode>$code</faultcode>" "$what"
  if [[ "$MODE" == On ]]; then
    expect_contains "<faultstring>Server was unable to process request. ---&gt; $msg</faultstring>" "$what"
  else
    expect_contains "<faultstring>System.Web.Services.Protocols.SoapException: Server was unable to process request. ---&gt; System.Exception: $msg"$'\n'"  at " "$what"
  fi
}

APIKEY=test-apikey-0000
USER_NAME=agent@example.test
PASSWORD=fake-password-1234
TICKET=fake-ticket-5678

mkdir -p "$work/docs"
printf '%%PDF-1.4\n%% smoke document one\n' >"$work/docs/one.pdf"
head -c 3000 /dev/urandom >"$work/docs/two.bin"
# bytes.bin (265 bytes) for SOAP; small.bin (68 bytes, from 0 to 255) for GET/POST, whose one query
# or form value per byte quickly meets the query-string limit (see README, size limits).
python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) + b"%PDF tail")' >"$work/docs/bytes.bin"
python3 -c 'import sys; sys.stdout.buffer.write(b"%PDF" + bytes(range(32)) + bytes(range(224, 256)))' >"$work/docs/small.bin"
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

  run_more
}

# The operations beyond the guide's eleven, over the current VERB (called at the end of run_flow,
# whose locals it sees: token, contact, callid, publicid, doc1, doc2, port).
run_more() {
  # Values: one list for SetValues (firstName, lastName set in run_flow), SetValue, SetCallValues.
  call GetCallValues token=$token callId=$callid
  expect_root ArrayOfNameValue "GetCallValues"
  [[ "$(name_values)" == ";firstName=Jan;lastName=Jansen" ]] && ok || bad "GetCallValues after SetValues: $(name_values)"
  call SetValue token=$token publicId=$publicid name=lastName "value=Jansen & Zn"
  expect_void "SetValue"
  call SetValue token=$token publicId=$publicid name=city value=
  expect_void "SetValue (empty value)"
  call GetCallValues token=$token callId=$callid
  [[ "$(name_values)" == ";firstName=Jan;lastName=Jansen &amp; Zn;city=" ]] && ok || bad "GetCallValues after SetValue: $(name_values)"
  call SetValue token=$token publicId=nope name=a value=b
  expect_error "Unknown publicId." "SetValue with an unknown publicId"
  call GetCallValues token=$token callId=1
  expect_error "Unknown callId." "GetCallValues with an unknown callId"
  call GetCallValues token=nope callId=$callid
  expect_error "Invalid token." "GetCallValues with an unknown token"

  # Call data.
  call GetCall token=$token callId=$callid
  expect_root CallDTO "GetCall"
  local dto
  for dto in "<callId>$callid</callId>" "<publicId>$publicid</publicId>" "<accountNumber>1</accountNumber>" \
      "<eventCount>0</eventCount>" "<serverId>1</serverId>" "<username>$USER_NAME</username>" "<isAgent>true</isAgent>" \
      "<language>en</language>" "<contactEmail>jan@example.test</contactEmail>" "<clientReady>false</clientReady>"; do
    expect_contains "$dto" "GetCall member"
  done
  expect_lacks "<comment" "GetCall before SetComment"
  call SetComment token=$token callId=$callid "value=Called back & ok"
  expect_void "SetComment"
  call GetCall token=$token callId=$callid
  expect_contains "<comment>Called back &amp; ok</comment>" "GetCall after SetComment"
  local getcall="$BODY"
  call GetCallByPublicId token=$token publicId=$publicid
  [[ "$BODY" == "$getcall" ]] && ok || bad "GetCallByPublicId differs from GetCall: $BODY"
  call GetCallDataById token=$token callId=$callid
  [[ "$BODY" == "$getcall" ]] && ok || bad "GetCallDataById differs from GetCall: $BODY"
  call GetCallDataByPublicId token=$token publicId=$publicid
  [[ "$BODY" == "$getcall" ]] && ok || bad "GetCallDataByPublicId differs from GetCall: $BODY"
  call GetCallByPublicId token=$token publicId=nope
  expect_error "Unknown publicId." "GetCallByPublicId with an unknown publicId"
  call SetComment token=$token callId=1 value=x
  expect_error "Unknown callId." "SetComment with an unknown callId"
  call SetComment token=$token callId=$callid value=
  call GetCall token=$token callId=$callid
  expect_contains "<comment />" "GetCall after an empty SetComment"
  call GetCall token=$token callId=x1
  expect_error "Cannot convert" "GetCall with a non-numeric callId"

  call EndCall token=$token callId=$callid "returnUrl=https://crm.example/back?a=1&b=2"
  expect_prim string "https://crm.example/back?a=1&amp;b=2" "EndCall"
  call EndCall token=$token callId=$callid returnUrl=
  expect_prim string "" "EndCall again, without returnUrl"
  call EndCall token=$token callId=1 returnUrl=
  expect_error "Unknown callId." "EndCall with an unknown callId"

  call SendMail token=$token callId=$callid to=jan@example.test templateCode=INVITE attachments=
  expect_prim boolean true "SendMail"
  call SendMail token=$token callId=$callid to=nobody templateCode=INVITE attachments=
  expect_error "Invalid email." "SendMail without @"
  call SendMail token=$token callId=$callid to=jan@example.test "templateCode= " attachments=
  expect_error "Unknown templateCode." "SendMail with a blank templateCode"
  call SendMail token=$token callId=1 to=jan@example.test templateCode=INVITE attachments=
  expect_error "Unknown callId." "SendMail with an unknown callId"

  # Documents from bytes: one form value per byte.
  local -a fb; mapfile -t fb < <(bytes_args "$work/docs/small.bin")
  call AddDocumentFromBytes token=$token "${fb[@]}" filename=bytes.bin
  expect_long "AddDocumentFromBytes"; local docb="$VALUE"
  raw "${BASE}Download.ashx?id=$docb"
  cmp -s "$work/body" "$work/docs/small.bin" && ok || bad "AddDocumentFromBytes: the stored bytes differ"
  call AddDocumentFromBytesEx token=$token "${fb[@]}" filename=ex.bin externalId=e-1 priv=true temp=False
  expect_long "AddDocumentFromBytesEx"; local doce="$VALUE"
  call AddDocumentFromBytes token=$token file=1 "filename= "
  expect_error "Invalid filename." "AddDocumentFromBytes with a blank filename"
  call AddDocumentFromBytes token=$token filename=a.pdf
  expect_error "Object reference not set to an instance of an object" "AddDocumentFromBytes without file values"
  call AddDocumentFromBytes token=$token file=37 file=256 filename=a.pdf
  expect_error "Cannot convert" "AddDocumentFromBytes with a byte value 256"
  call AddDocumentFromBytesEx token=$token file=1 filename=a externalId= priv=yes temp=false
  expect_error "Cannot convert" "AddDocumentFromBytesEx with priv=yes"

  call AddDocumentToCall token=$token callId=$callid documentId=$docb nodeCode=NODE-1
  expect_prim long "$docb" "AddDocumentToCall"
  call AddDocumentToCall token=$token callId=$callid documentId=$docb nodeCode=NODE-1
  expect_prim long "$docb" "AddDocumentToCall again (replaces in place)"
  call AddDocumentToCall token=$token callId=$callid documentId=1 nodeCode=NODE-1
  expect_error "Unknown documentId." "AddDocumentToCall with an unknown documentId"
  call AddDocumentToCall token=$token callId=1 documentId=$docb nodeCode=NODE-1
  expect_error "Unknown callId." "AddDocumentToCall with an unknown callId"
  call GetAttachments token=$token callId=$callid
  [[ "$(grep -c '<AttachmentDTO>' <<<"$BODY")" == 3 && "$BODY" == *"<Id>$doc2</Id>"*"<Id>$doc2</Id>"*"<Id>$docb</Id>"* ]] && ok \
    || bad "GetAttachments after AddDocumentToCall: $BODY"
  expect_contains "<Size>$(stat -c %s "$work/docs/small.bin")</Size>" "GetAttachments size of the bytes document"

  call GetDocumentStatus token=$token documentId=$docb
  expect_prim string READY "GetDocumentStatus"
  call GetDocumentStatus token=$token documentId=1
  expect_prim string "NOT FOUND" "GetDocumentStatus of an unknown id"
  call GetDocumentProgress token=$token documentId=$docb
  expect_root DocumentStatusDTO "GetDocumentProgress"
  expect_contains $'<Status>READY</Status>\n  <Percentage>100</Percentage>' "GetDocumentProgress READY"
  call GetDocumentProgress token=$token documentId=1
  expect_contains $'<Status>NOT FOUND</Status>\n  <Percentage>0</Percentage>' "GetDocumentProgress NOT FOUND"
  call GetDocumentStatus token=nope documentId=1
  expect_error "Invalid token." "GetDocumentStatus with an unknown token"

  call CreateCallEx token=$token documentId=$doce customerId=C-1 externalData=x=1
  expect_long "CreateCallEx"; local callex="$VALUE"
  call GetAttachments token=$token callId=$callex
  [[ "$(grep -c '<AttachmentDTO>' <<<"$BODY")" == 1 && "$BODY" == *"<Id>$doce</Id>"*"<Description>ex.bin</Description>"* ]] && ok \
    || bad "GetAttachments of the CreateCallEx call: $BODY"
  call CreateCallEx token=$token documentId=1 customerId= externalData=
  expect_error "Unknown documentId." "CreateCallEx with an unknown documentId"

  call DeleteDocument token=$token documentId=$docb
  expect_prim boolean true "DeleteDocument"
  call DeleteDocument token=$token documentId=$docb
  expect_prim boolean false "DeleteDocument again"
  call GetAttachments token=$token callId=$callid
  [[ "$(grep -c '<AttachmentDTO>' <<<"$BODY")" == 2 && "$BODY" != *"<Id>$docb</Id>"* ]] && ok || bad "GetAttachments after DeleteDocument: $BODY"
  raw "${BASE}Download.ashx?id=$docb"
  expect_status 404 "Download.ashx of a deleted document"

  # The other operations: their default answers after the checks.
  call LoginBytoken token=$token
  expect_guid_string "LoginBytoken"
  [[ "$VALUE" != "$token" ]] && ok || bad "LoginBytoken returned the same token"
  call GetServerId token=$token publicId=$publicid
  expect_prim int 1 "GetServerId"
  call GetServerId token=$token publicId=nope
  expect_error "Unknown publicId." "GetServerId with an unknown publicId"
  call SaveCredentials token=$token
  expect_void "SaveCredentials"
  call DeleteCredentials token=$token
  expect_void "DeleteCredentials"
  call NavigateToAgentUrl token=$token callId=$callid returnUrl=
  expect_void "NavigateToAgentUrl"
  call GetSesData token=$token
  expect_root SessionDTO "GetSesData"
  expect_contains $'<AccountNumber>1</AccountNumber>\n  <Username>'"$USER_NAME"$'</Username>\n  <Language>en</Language>\n  <online>true</online>\n  <isInsideUser>true</isInsideUser>' "GetSesData members"
  call CreateUser token=$token name=Ann email=ann@example.test username=ann password=fake-user-pw role=agent
  expect_long "CreateUser"
  call CreateUser token=$token name=Ann email=ann username=ann password=fake-user-pw role=agent
  expect_error "Invalid email." "CreateUser without @"
  call CreateUser token=$token name=Ann email=ann@example.test "username= " password=fake-user-pw role=agent
  expect_error "Invalid username." "CreateUser with a blank username"
  call GetLanguage token=$token language=nl
  expect_void "GetLanguage"
  call GetServerEvent token=$token publicId=$publicid
  expect_root ArrayOfCallEventDTO "GetServerEvent"
  expect_contains 'xmlns="http://www.idiligo.com/" />' "GetServerEvent: the empty array"
  call GetChatMessage token=$token publicId=$publicid eventIndex=0
  expect_root ChatMessageDTO "GetChatMessage"
  expect_contains 'xmlns="http://www.idiligo.com/" />' "GetChatMessage: an empty instance"
  call GetChatMessage token=$token publicId=$publicid eventIndex=2147483648
  expect_error "Cannot convert" "GetChatMessage with an int overflow"
  call SetChatMessage token=$token publicId=$publicid username=agent text=hello
  expect_prim string "" "SetChatMessage"
  call GetDocumentCursor token=$token publicId=$publicid eventIndex=0
  expect_root DocumentCursorDTO "GetDocumentCursor"
  expect_contains $'<X>0</X>\n  <Y>0</Y>' "GetDocumentCursor members"
  call SetDocumentCursor token=$token callId=$callid x=1.5 y=-2E+3
  expect_prim boolean true "SetDocumentCursor"
  call SetDocumentCursor token=$token callId=$callid x=abc y=0
  expect_error "Cannot convert" "SetDocumentCursor with a non-numeric float"
  call SetRedirectURL token=$token callId=$callid url=https://example.test/
  expect_prim boolean true "SetRedirectURL"
  call GetClientCommand token=$token publicId=$publicid
  expect_root CommandDTO "GetClientCommand"
  call SetShowBrowseUnload token=$token publicId=$publicid url=https://example.test/
  expect_void "SetShowBrowseUnload"
  local stap
  for stap in GetCurrentStep:publicId=$publicid SetHomeStep:callId=$callid SetPrevStep:callId=$callid SetNextStep:callId=$callid; do
    call "${stap%%:*}" token=$token "${stap#*:}"
    expect_root StapDTO "${stap%%:*}"
    expect_contains $'<First>false</First>\n  <Last>false</Last>\n  <DocumentId>0</DocumentId>' "${stap%%:*} members"
    expect_lacks "<Node" "${stap%%:*}: null members omitted"
  done
  call SetViewer token=$token callId=$callid page=2 zoom=100 documentId=$doce
  expect_root StapDTO "SetViewer"
  call SetViewer token=$token callId=$callid page=2 zoom=100 documentId=1
  expect_error "Unknown documentId." "SetViewer with an unknown documentId"
  call SetViewerWrap token=$token callId=$callid type=wrap
  expect_prim string "" "SetViewerWrap"
  call VerifyUserByMail token=$token mail=ann@example.test
  expect_prim string "" "VerifyUserByMail"
  call GetEvents token=$token publicId=$publicid eventCount=0
  expect_root ArrayOfCallEventDTO "GetEvents"

  # SOAP only: GET and POST do not know it.
  call SetCallValues token=$token callId=$callid fields=a
  expect_error "Web Service method name is not valid." "SetCallValues over $VERB"
}

# SOAP 1.1 in the current mode (once per host).
run_soap() {
  local soap_token soap_call doc fields
  soap Login "<apikey>$APIKEY</apikey><username>$USER_NAME</username><password>$PASSWORD</password>"
  expect_status 200 "SOAP Login"
  soap_token="$(soap_result Login)"
  [[ "$soap_token" =~ ^[0-9a-f]{32}$ ]] && ok || bad "SOAP Login: $BODY"
  soap CreateCall "<token>$soap_token</token><trajectCode>SOAP</trajectCode>"
  soap_call="$(soap_result CreateCall)"
  [[ "$soap_call" =~ ^[0-9]+$ ]] && ok || bad "SOAP CreateCall: $BODY"
  fields='<fields><NameValue><Name>Amount</Name><Value>1 000 &amp; more</Value></NameValue><NameValue><Name>Html</Name><Value>&lt;b&gt;x&lt;/b&gt;</Value></NameValue><NameValue><Name>Empty</Name></NameValue><NameValue><Value>skipped</Value></NameValue><NameValue><Name>Amount</Name><Value>2</Value></NameValue></fields>'
  soap SetCallValues "<token>$soap_token</token><callId>$soap_call</callId>$fields"
  expect_status 200 "SOAP SetCallValues"
  [[ "$(soap_result SetCallValues)" == true ]] && ok || bad "SOAP SetCallValues: $BODY"
  soap GetCallValues "<token>$soap_token</token><callId>$soap_call</callId>"
  [[ "$(name_values)" == ";Amount=2;Html=&lt;b&gt;x&lt;/b&gt;;Empty=" ]] && ok || bad "SOAP GetCallValues after SetCallValues: $(name_values)"
  VERB=GET call GetCallValues token=$soap_token callId=$soap_call
  [[ "$(name_values)" == ";Amount=2;Html=&lt;b&gt;x&lt;/b&gt;;Empty=" ]] && ok || bad "GET GetCallValues after SetCallValues: $(name_values)"
  soap SetCallValues "<token>$soap_token</token><callId>1</callId>$fields"
  expect_fault soap:Server "Unknown callId." "SOAP SetCallValues with an unknown callId"
  soap SetCallValues "<token>nope</token><callId>$soap_call</callId>$fields"
  expect_fault soap:Server "Invalid token." "SOAP SetCallValues with an unknown token"
  soap AddDocumentFromBytes "<token>$soap_token</token><file>$(base64 -w0 "$work/docs/bytes.bin")</file><filename>soap.bin</filename>"
  expect_status 200 "SOAP AddDocumentFromBytes"
  doc="$(soap_result AddDocumentFromBytes)"
  raw "${BASE}Download.ashx?id=$doc"
  cmp -s "$work/body" "$work/docs/bytes.bin" && ok || bad "SOAP AddDocumentFromBytes: the stored bytes differ"
  soap AddDocumentFromBytes "<token>$soap_token</token><file></file><filename>empty.bin</filename>"
  expect_fault soap:Server "Empty document." "SOAP AddDocumentFromBytes with no bytes"
  soap AddDocumentFromBytes "<token>$soap_token</token><file>not base64!</file><filename>x.bin</filename>"
  expect_status 400 "SOAP AddDocumentFromBytes with invalid base64"
  soap GetCall "<token>$soap_token</token><callId>abc</callId>"
  expect_status 500 "SOAP GetCall with a non-numeric callId"
  expect_contains "<faultcode>soap:Client</faultcode>" "SOAP GetCall with a non-numeric callId"
  soap GetCall "<token>$soap_token</token><callId>$soap_call</callId>" NoSuchOperation
  expect_status 500 "SOAP with an unknown SOAPAction"
  expect_contains "Server did not recognize the value of HTTP Header" "SOAP with an unknown SOAPAction"
}

# Document conversion: a host with a 1.5 s conversion time and the failure marker FAIL.
run_conversion() {
  call Login apikey=$APIKEY username=$USER_NAME password=$PASSWORD
  expect_guid_string "Login (conversion host)"; local token="$VALUE"
  call AddDocumentFromBytes token=$token file=1 file=2 filename=ok.pdf
  expect_long "AddDocumentFromBytes (conversion host)"; local ok_doc="$VALUE"
  call AddDocumentFromBytes token=$token file=1 file=2 filename=scan-FAIL.pdf
  expect_long "AddDocumentFromBytes with the failure marker"; local fail_doc="$VALUE"
  call GetDocumentStatus token=$token documentId=$ok_doc
  expect_prim string BUSY "GetDocumentStatus while converting"
  call GetDocumentStatus token=$token documentId=$fail_doc
  expect_prim string BUSY "GetDocumentStatus while converting (failure marker)"
  call GetDocumentProgress token=$token documentId=$ok_doc
  local pct; pct="$(sed -n 's/^  <Percentage>\([0-9]*\)<\/Percentage>$/\1/p' <<<"$BODY")"
  [[ "$BODY" == *"<Status>BUSY</Status>"* && "$pct" =~ ^[0-9]+$ && "$pct" -le 99 ]] && ok || bad "GetDocumentProgress while converting: $BODY"
  sleep 1.6
  call GetDocumentStatus token=$token documentId=$ok_doc
  expect_prim string READY "GetDocumentStatus after the conversion time"
  call GetDocumentStatus token=$token documentId=$fail_doc
  expect_prim string ERROR "GetDocumentStatus of a failed conversion"
  call GetDocumentProgress token=$token documentId=$fail_doc
  expect_contains $'<Status>ERROR</Status>\n  <Percentage>0</Percentage>' "GetDocumentProgress of a failed conversion"
}

# check_coverage : every operation the host's ?WSDL offers on HTTP GET / POST was called over
# that verb in this mode, and every SOAP-only one over SOAP.
check_coverage() {
  raw "${BASE}InsideService20.asmx?WSDL"
  local need missing=()
  while read -r need; do
    grep -qxF "$need" "$work/covered-$MODE" || missing+=("$need")
  done < <(python3 - "$work/body" <<'PY'
import sys, xml.etree.ElementTree as ET
W = "{http://schemas.xmlsoap.org/wsdl/}"
root = ET.parse(sys.argv[1]).getroot()
ops = {}
for b in root.findall(W + "binding"):
    ops[b.get("name").replace("InsideService20", "")] = [o.get("name") for o in b.findall(W + "operation")]
for verb, binding in (("GET", "HttpGet"), ("POST", "HttpPost")):
    for op in ops[binding]:
        print(verb, op)
for op in ops["Soap"]:
    if op not in ops["HttpGet"] and op not in ops["HttpPost"]:
        print("SOAP", op)
PY
)
  if ((${#missing[@]} == 0)) && [[ "$(wc -l <"$work/covered-$MODE")" -gt 100 ]]; then ok
  else bad "not exercised: ${missing[*]}"; fi
}

# The limits host's tokens live LIMITS_LIFETIME seconds: each size check logs in right before it,
# so a busy machine cannot turn "Document too large." into "Token expired.".
LIMITS_LIFETIME=3
limits_login() {
  call Login apikey=$APIKEY username=$USER_NAME password=$PASSWORD
  expect_guid_string "Login (limits host)"; token="$VALUE"
}

run_limits() {
  local token
  limits_login
  call AddDocumentFromUrl token=$token "url=${DOCS_URL}two.bin" filename=two.bin externalId=e
  expect_error "Document too large." "AddDocumentFromUrl over the size limit"
  local -a fb; mapfile -t fb < <(bytes_args "$work/docs/small.bin")
  limits_login
  call AddDocumentFromBytes token=$token "${fb[@]}" filename=small.bin
  expect_error "Document too large." "AddDocumentFromBytes over the size limit"
  sleep "$LIMITS_LIFETIME.2"
  call CreateCall token=$token trajectCode=x
  expect_error "Token expired." "expired token"
}

for MODE in On Off; do
  VERB=-
  asmx_start_host "$work/host-$MODE" -- --custom-errors "$MODE" || { bad "host did not start"; continue; }
  BASE="$HOST_URL"; pid="$HOST_PID"
  : >"$work/covered-$MODE"
  for VERB in GET POST; do run_flow; done
  VERB=SOAP run_soap
  VERB=GET
  check_coverage
  # A GET and a POST for the same call must answer byte-identically.
  raw "${BASE}InsideService20.asmx/Login?apikey=x&username=y&password=z"; a="$BODY"
  raw --data "apikey=x&username=y&password=z" "${BASE}InsideService20.asmx/Login"
  [[ "$MODE" == Off || "$BODY" == "$a" ]] && ok || bad "GET and POST error bodies differ"
  asmx_stop "$pid"

  asmx_start_host "$work/limits-$MODE" IDILIGO_REPLICA_TOKEN_LIFETIME_SECONDS=$LIMITS_LIFETIME IDILIGO_REPLICA_MAX_DOCUMENT_BYTES=16 \
    -- --custom-errors "$MODE" || { bad "limits host did not start"; continue; }
  BASE="$HOST_URL"; pid="$HOST_PID"
  for VERB in GET POST; do run_limits; done
  asmx_stop "$pid"
done

# Conversion time and failure marker.
MODE=On
asmx_start_host "$work/conversion" IDILIGO_REPLICA_CONVERSION_MS=1500 IDILIGO_REPLICA_FAIL_CONVERSION_MARKER=FAIL \
  -- --custom-errors On || bad "conversion host did not start"
BASE="$HOST_URL"
for VERB in GET POST; do run_conversion; done
asmx_stop "$HOST_PID"

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
[[ "$FAIL" == 0 && "$PASS" -gt 0 ]]
