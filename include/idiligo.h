/*
 * idiligo.h: the C API of libidiligo, the client SDK for Idiligo's InsideService20 web service
 * (online meetings: start them, prefill them with values and documents, read them back, fetch
 * the uploaded, generated and signed documents), with an embedded offline sandbox of the
 * service.
 *
 * ============================================================================================
 * GETTING STARTED
 * ============================================================================================
 * Link libidiligo (shared: -lidiligo; static: libidiligo.a plus `pkg-config --libs --static
 * idiligo`), include this header. A program linked against the shared library needs
 * libidiligo.so.0 at run time: from a directory the loader searches, an rpath
 * (-Wl,-rpath,PREFIX/lib) or LD_LIBRARY_PATH (ffi/README.md has the commands). Every call
 * that can fail returns an int32_t status:
 *
 *     #include <stdio.h>
 *     #include <idiligo.h>
 *
 *     int main(void) {
 *         idiligo_sandbox *sb = NULL;            // an offline emulator of the service
 *         idiligo_options *opts = NULL;
 *         idiligo_client *client = NULL;
 *         idiligo_error *err = NULL;
 *         char *call = NULL, *url = NULL;
 *         if (idiligo_sandbox_start(&sb, &err) != IDILIGO_OK) goto fail;
 *         if (idiligo_sandbox_options(sb, &opts, &err) != IDILIGO_OK) goto fail;
 *         // Real service instead: opts = idiligo_options_new();
 *         //   idiligo_options_set_password_credentials(opts, apikey, user, password, &err);
 *         if (idiligo_client_new(opts, &client, &err) != IDILIGO_OK) goto fail;
 *         if (idiligo_client_create_call(client, "INTAKE", &call, &err) != IDILIGO_OK) goto fail;
 *         if (idiligo_client_get_agent_url(client, call, NULL, &url, &err) != IDILIGO_OK) goto fail;
 *         printf("meeting %s: %s\n", call, url);
 *     fail:
 *         if (err) fprintf(stderr, "error %d: %s\n", idiligo_error_code(err), idiligo_error_message(err, NULL));
 *         int rc = err ? 1 : 0;
 *         idiligo_error_free(err);
 *         idiligo_string_free(url);
 *         idiligo_string_free(call);
 *         idiligo_client_free(client);
 *         idiligo_options_free(opts);
 *         idiligo_sandbox_stop(sb);
 *         return rc;
 *     }
 *
 * Naming: idiligo_<object>_<verb>; the object comes first, then inputs, then outputs, then
 * the error out-parameter. Objects are opaque: the library creates them (_new, _start, or an
 * out-parameter) and frees them (_free, idiligo_sandbox_stop). Every _free accepts NULL.
 * Configuration goes through the idiligo_options builder; there are no public structs, so
 * their layout never freezes into the ABI. Enumerations are plain int32_t constants
 * (IDILIGO_BINDING_*, IDILIGO_FAULT_*); any other value is rejected with IDILIGO_ERR_ARGUMENT.
 *
 * ============================================================================================
 * OPERATIONS: ONE TABLE, TYPED FUNCTIONS, ANY OPERATION BY NAME
 * ============================================================================================
 * Every operation of the service the SDK knows (the 2016 WSDL's plus those of the current API
 * guide) is a row of one table, the same one the Rust core, the Python package and the C#
 * wrapper follow. Read it at run time: idiligo_operation_count(), and for row i
 * idiligo_operation_name(i) (the wire name), _typed(i), _summary(i), _effect(i)
 * (IDILIGO_EFFECT_READ/_WRITE/_CREATE: decides the retry rule), _bindings(i)
 * (IDILIGO_BINDINGS_* bits), _takes_token(i), _answer_type(i) (NULL for void), and per
 * parameter _param_count(i), _param_name(i, p), _param_type(i, p) (XSD type),
 * _param_secret(i, p), _param_is_array(i, p); idiligo_operation_find(name, &i) looks a name
 * up. All of these strings are static.
 * - Typed functions: a row whose typed name is "get_call_values" has the function
 *   idiligo_client_get_call_values, with C types in and out: ids and URLs as strings, lists
 *   and records as opaque handles (idiligo_attachments, idiligo_name_values,
 *   idiligo_call_record with one accessor per CallDTO member, idiligo_meeting_results).
 *   Arguments are checked by the core before anything is sent (IDILIGO_ERR_ARGUMENT).
 * - Any operation by name: idiligo_client_call(client, "GetServerId", names, values, count,
 *   flags, &xml, &err) checks the parameters against the table (a repeated name is an array,
 *   one element per value), supplies the session token, and returns the answer's XML
 *   document (NULL for a void answer). Names the table does not know are sent as given, so
 *   operations newer than the table are reachable too.
 * - idiligo_client_start_meeting runs the whole set-up in one call and
 *   idiligo_client_meeting_results reads what a meeting produced (values and documents).
 *
 * ============================================================================================
 * CANCELLATION
 * ============================================================================================
 * A cancel handle stops calls from another thread (the user pressed "stop", the application
 * shuts down):
 *
 *     idiligo_cancel *stop = idiligo_cancel_new();
 *     idiligo_client *view = NULL;
 *     idiligo_client_with_cancel(client, stop, &view, &err);  // same pool and session
 *     // worker thread:  rc = idiligo_client_download_to_path(view, url, path, ...);
 *     // UI thread:      idiligo_cancel_trigger(stop);
 *     // the worker's call returns IDILIGO_ERR_CANCELLED within about 50 ms
 *     idiligo_client_free(view);
 *     idiligo_cancel_free(stop);
 *
 * The view is an ordinary idiligo_client (owned: idiligo_client_free) sharing the client's
 * connection pool, login and settings; every call through it — typed functions,
 * idiligo_client_call, start_meeting, waits, downloads, a login it waits for, retry backoffs
 * — ends with IDILIGO_ERR_CANCELLED once the handle is triggered. Calls through the original
 * client are not affected. A triggered handle stays triggered: make a new handle (and view)
 * per operation. idiligo_cancel_trigger and idiligo_cancel_is_triggered may be called from
 * any thread at any time; only idiligo_cancel_free must not race with them. The view holds its
 * own reference to both the client's state and the handle, so the client and the handle may
 * be freed before the view. A cancel leaves nothing half-written here (a download's temporary
 * file is removed); a call whose request had been sent may have taken effect on the service:
 * idiligo_error_never_sent(err) tells. Host-name resolution is not interrupted (the system
 * resolver's own timeouts apply).
 *
 * ============================================================================================
 * DOWNLOADS
 * ============================================================================================
 * A document's URL (idiligo_attachments_url) can be fetched
 * - to a file: idiligo_client_download_to_path (a temporary file in the same directory and an
 *   atomic rename: a failure or cancel leaves nothing behind, an existing file is untouched);
 * - to memory: idiligo_client_download_to_buffer (an owned buffer, freed with
 *   idiligo_buffer_free; cap it with max_bytes);
 * - to a write callback: idiligo_client_download_to_callback (streamed piece by piece);
 * - all of a meeting's documents: idiligo_client_download_all, or
 *   idiligo_client_download_all_report (continue after failures, resume a partial run, one
 *   outcome per attachment: its saved path or its error object).
 * Each takes an optional progress callback and a size cap; the stall timeout applies to every
 * read, and idiligo_options_set_download_timeout_ms adds a total deadline
 * (IDILIGO_TIMEOUT_DOWNLOAD). idiligo_safe_file_name gives the file name download_all would
 * use for an attachment's description (no path traversal, no reserved names).
 *
 * ============================================================================================
 * DOCUMENTS AND UPLOADS
 * ============================================================================================
 * Documents can come from the application itself instead of a URL the service fetches:
 * - idiligo_client_add_document_from_bytes(client, "offer.pdf", bytes, len, options, &id, &err)
 *   and idiligo_client_add_document_from_file(client, path, options, &id, &err) store a
 *   document and return its id (owned). Uploads always go over SOAP (base64 streamed from the
 *   source; GET/POST cannot carry more than a few hundred KB), whatever the client's binding.
 *   options (idiligo_upload_options, may be NULL): external id, private and temporary flags
 *   (AddDocumentFromBytesEx), a size cap (default idiligo_options_set_max_upload_bytes,
 *   64 MiB), a progress callback, the file name. Bad input — an empty document, a blank name,
 *   a document over the cap, a directory, a file that cannot be opened — is refused before
 *   anything is sent.
 * - idiligo_client_add_document_from_reader(client, "scan.pdf", read, user_data, length,
 *   options, &id, &err) uploads what a read callback (idiligo_read_cb) delivers: with a known
 *   length streamed as it is read (more or fewer bytes stop the request, IDILIGO_ERR_IO), with
 *   IDILIGO_LENGTH_UNKNOWN copied to an anonymous temporary file first. Never held whole in
 *   memory.
 * - Then: idiligo_client_set_document_to_upload_action or idiligo_client_add_document_to_call
 *   attach it; idiligo_client_get_document_status and _get_document_progress read its
 *   conversion (an IDILIGO_DOCUMENT_* integer, plus the service's text, which is the only
 *   thing to go by for IDILIGO_DOCUMENT_OTHER); idiligo_client_wait_for_document waits until
 *   it is READY (a view made with idiligo_client_with_cancel cancels the wait);
 *   idiligo_client_delete_document removes it. idiligo_client_set_call_values writes values by
 *   call id (SOAP only: a client with another binding refuses it before sending).
 * - idiligo_meeting_request_add_document_from_bytes / _from_file put such documents into
 *   idiligo_client_start_meeting; _set_wait_for_documents_ms makes the start wait until they
 *   are converted, and _set_cleanup_on_failure makes a failed start delete the documents and
 *   end the call it created; the error then reports what was removed and what stayed
 *   (idiligo_error_cleanup_*), next to every id created.
 *
 * ============================================================================================
 * LOGGING
 * ============================================================================================
 * idiligo_log_set_callback(cb, user_data, IDILIGO_LOG_INFO, &err) sends the library's log
 * records to cb(user_data, level, target, message, message_len): logins at INFO, retries at
 * WARN, one record per exchange at DEBUG. Messages are redacted (no API key, password, ticket,
 * token or proxy credentials); only the library's own records (targets "idiligo::...") are
 * forwarded. One callback serves the process. It is called on the thread where the record
 * arises (the thread running the call; a sandbox worker thread for sandbox records), possibly
 * on several threads at once, so it must be thread-safe; it must not call any idiligo_*
 * function and must not unwind. idiligo_log_set_callback(NULL, NULL, 0, &err) unregisters:
 * when it returns, the old callback is not running anywhere and will not be called again.
 *
 * ============================================================================================
 * THE SANDBOX, AND TESTING
 * ============================================================================================
 * idiligo_sandbox_start runs an emulator of the service on 127.0.0.1 (a free port) with fake
 * credentials; idiligo_sandbox_builder_new / _set_* / _start configures one first (port,
 * credentials, token lifetime, customErrors mode, document conversion time and failure
 * marker, document and request size limits, request validation, the HTTP control API).
 * idiligo_sandbox_options points a client at it; its hooks simulate the participant
 * (upload, sign), inspect meetings, inject faults (IDILIGO_FAULT_*) and count requests.
 * Under valgrind, pass --suppressions=PREFIX/share/idiligo/valgrind.supp (ffi/valgrind.supp):
 * it suppresses the one block Rust's standard library keeps until exit (48 bytes "possibly
 * lost", the current thread's handle) and nothing else.
 *
 * ============================================================================================
 * OWNERSHIP AND STRINGS
 * ============================================================================================
 * - Strings in (const char *) are NUL-terminated UTF-8, borrowed for the duration of the
 *   call and never kept (the library copies what it needs). Invalid UTF-8 is an
 *   IDILIGO_ERR_ARGUMENT, never silently replaced. NULL is an IDILIGO_ERR_ARGUMENT unless the
 *   parameter is documented as optional ("may be NULL").
 * - Strings out come in two kinds, and each function says which:
 *     owned    (char ** out-parameter): yours; free it with idiligo_string_free() and
 *              nothing else (not free(): the library may use another allocator);
 *     borrowed (const char * return value of an accessor): owned by the object it was read
 *              from and valid until that object is freed. Do not free it.
 * - Out-parameters are written ONLY ON SUCCESS. On failure they keep whatever you put in
 *   them, so initialise them to NULL and free unconditionally afterwards.
 * - Ids (call, contact, public, document) are opaque text exactly as the service wrote it.
 * - No string is ever cut short at a NUL byte. Values from XML answers (ids, values, record
 *   members, URLs, whole XML documents), names and paths cannot contain one (XML 1.0 has no
 *   U+0000); should one ever appear, the call fails with IDILIGO_ERR_PARSE rather than hand
 *   out a shortened string. The error texts that come from raw HTTP bodies can hold NUL
 *   bytes: their accessors (idiligo_error_message, _service_message, _service_detail,
 *   _http_excerpt) take a size_t *len out-parameter (may be NULL) that receives the length in
 *   bytes; the buffer holds every byte and is NUL-terminated after them.
 * - Secrets (API key, password, ticket, token, proxy URL) are never written to any message,
 *   log or error. A token returned to you is a secret; idiligo_string_free() wipes it.
 *
 * ============================================================================================
 * ERRORS
 * ============================================================================================
 * Every fallible function returns IDILIGO_OK (0) or an IDILIGO_ERR_* code, grouped by family
 * (the same table as the Rust core's ErrorKind and the Python exceptions):
 *   1xx argument (100)   2xx network: connect 200, timeout 201, transport 202   3xx TLS (300)
 *   4xx HTTP (400)       5xx service 500, auth 501    6xx parse 600, too large 601
 *   7xx local I/O (700)  8xx cancelled (800)          9xx IDILIGO_ERR_PANIC (900): a bug in
 *   the library, caught at the boundary; the process keeps running and the library stays
 *   usable. Please report the message.
 * Two ways to get the details:
 * 1. The last parameter, idiligo_error **err, may be NULL. When it is not NULL and the call
 *    fails, *err receives a new error object (initialise it to NULL; it is not written on
 *    success). It carries everything the Rust core's error carries: idiligo_error_code,
 *    _kind, _message, _operation, _http_status, _retryable, _service_message,
 *    _service_detail (the service's full fault text), _http_content_type, _http_excerpt,
 *    _http_url (the URL tried, query left out, user info masked), _retry_after_ns (a 429/503's
 *    Retry-After), _never_sent (the request provably never left: safe to repeat even an
 *    operation that creates something; false for a call cancelled after sending),
 *    _timeout_phase (IDILIGO_TIMEOUT_*), _timeout_ns, _size_limit, _os_error_code, and for
 *    idiligo_client_start_meeting failures _meeting_step, _meeting_document_index and what
 *    had been created: _partial_call_id, _partial_contact_id, _partial_public_id,
 *    _partial_contact_attached, _partial_values_set, _partial_document_count and per
 *    document _partial_document_id, _partial_document_external_id, _partial_document_bound
 *    (nothing created before the failure is lost), and when the request asked for a clean-up
 *    its report: _cleanup_ran, _cleanup_deleted_count/_deleted_document_id,
 *    _cleanup_ended_call_id, _cleanup_kept_count/_kept_kind (IDILIGO_CREATED_*)/_kept_id/
 *    _kept_reason. Free it with idiligo_error_free.
 * 2. For callers that cannot use the out-parameter (VB6, Delphi, P/Invoke habits): every
 *    status-returning call also records its outcome in a thread-local "last error":
 *    idiligo_last_error_code() and idiligo_last_error_message(buf, len, &needed). Each
 *    status-returning call clears it on entry, so it always describes the most recent such
 *    call on the calling thread. Accessors and _free functions do not touch it.
 * Messages are UTF-8 English text for logs, never containing secrets; branch on codes.
 *
 * ============================================================================================
 * THREADS
 * ============================================================================================
 * - idiligo_client: thread-safe. One client may (and should) be shared by all threads;
 *   every idiligo_client_* call taking a const idiligo_client * may run concurrently (they
 *   share one login and one connection pool). Only idiligo_client_free must not race with
 *   other calls on the same client.
 * - idiligo_sandbox: thread-safe in the same way (idiligo_sandbox_stop must not race).
 * - idiligo_cancel: idiligo_cancel_trigger and _is_triggered from any thread, at any time,
 *   also while calls run under it; idiligo_cancel_free must not race with them.
 * - idiligo_error, idiligo_meeting, idiligo_attachments, idiligo_name_values,
 *   idiligo_call_record, idiligo_meeting_results: immutable once returned; may be read from
 *   several threads at once; free each exactly once. The operation table is static.
 * - idiligo_options, idiligo_meeting_request, idiligo_upload_options,
 *   idiligo_sandbox_builder: plain builders, not synchronised; do not modify one from two
 *   threads at the same time. idiligo_client_new, idiligo_client_start_meeting, the upload
 *   functions and idiligo_sandbox_builder_start copy or read what they need during the call,
 *   so the builder may be freed or reused right after.
 * - The log callback runs on whichever thread logs (see LOGGING).
 * - The last-error mirror is per thread.
 * - Calls block the calling thread (the library is synchronous); timeouts are always finite
 *   (connect 10 s, request 60 s, download stall 60 s by default, see idiligo_options_*).
 *
 * ============================================================================================
 * CALLBACKS
 * ============================================================================================
 * idiligo_progress_cb: int32_t (*)(void *user_data, uint64_t done, uint64_t total).
 * user_data comes first and is passed through unchanged; total is 0 when unknown. Return 0
 * to continue, non-zero to cancel: the download then fails with IDILIGO_ERR_CANCELLED and
 * leaves no file behind. idiligo_write_cb (int32_t (*)(void *user_data, const uint8_t *data,
 * size_t len), downloads to a callback) follows the same rule. idiligo_read_cb (int32_t
 * (*)(void *user_data, uint8_t *buf, size_t len, size_t *out_n), uploads from a callback)
 * fills buf with up to len bytes and sets *out_n (0: the end of the document); its non-zero
 * return is a read error (IDILIGO_ERR_IO), not a cancel. These callbacks (also
 * idiligo_wait_condition_cb) are called synchronously, on the thread that made the call,
 * before that call returns; never later and never from another thread. The log callback
 * (idiligo_log_cb) is the exception: see LOGGING. A callback must not unwind through the library (no C++
 * exception, no longjmp, no .NET exception): catch everything inside and return non-zero.
 * .NET: keep the delegate alive for the duration of the call (a field or GC.KeepAlive), and
 * declare it [UnmanagedFunctionPointer(CallingConvention.Cdecl)]; catch exceptions inside the
 * delegate, return non-zero, and rethrow after the call returns (ffi/dotnet/Idiligo.cs does
 * this with ExceptionDispatchInfo, so the caller sees the original exception). A log
 * callback delegate must stay alive until idiligo_log_set_callback(NULL, ...) has returned.
 *
 * ============================================================================================
 * VERSIONING
 * ============================================================================================
 * IDILIGO_VERSION_MAJOR/_MINOR/_PATCH and IDILIGO_VERSION_STRING describe this header;
 * idiligo_version() returns the library's version at run time. Compare them to detect a
 * header/library mismatch. The shared library's soname is libidiligo.so.MAJOR; before 1.0,
 * a new minor version may change the ABI. New functions and new IDILIGO_ERR_* codes may be
 * added in any release: treat unknown non-zero codes as errors of their family (code / 100).
 * Only idiligo_* symbols are exported (ffi/idiligo.def lists them for Windows).
 *
 * ============================================================================================
 * .NET (P/Invoke)
 * ============================================================================================
 * Declare returned char * as IntPtr (never string: the CLR would free it with the wrong
 * allocator), use CallingConvention.Cdecl, pass strings as UTF-8 NUL-terminated byte[],
 * wrap every handle in a SafeHandle. ffi/dotnet/Idiligo.cs is a complete wrapper to copy.
 */

#ifndef IDILIGO_H
#define IDILIGO_H

/* Generated by cbindgen 0.29.4 from ffi/src (ffi/cbindgen.toml). Do not edit by hand. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IDILIGO_VERSION_STRING "0.1.0"


// Success.
#define IDILIGO_OK 0

// An argument was unusable: NULL, invalid UTF-8, out of range, or rejected by the SDK.
#define IDILIGO_ERR_ARGUMENT 100

// The connection could not be established (DNS, refused, unreachable, proxy); the request
// never left this machine.
#define IDILIGO_ERR_CONNECT 200

// A connect, request, stall or wait timeout passed.
#define IDILIGO_ERR_TIMEOUT 201

// The connection broke while the request or response was in flight.
#define IDILIGO_ERR_TRANSPORT 202

// TLS handshake or certificate verification failed, or a CA file could not be used.
#define IDILIGO_ERR_TLS 300

// The server answered with an HTTP status or content the protocol does not allow.
#define IDILIGO_ERR_HTTP 400

// The service reported an error (HTTP 500 with a message, see `idiligo_error_service_message`).
#define IDILIGO_ERR_SERVICE 500

// Login failed, or the session token was rejected and could not be renewed.
#define IDILIGO_ERR_AUTH 501

// The response could not be understood.
#define IDILIGO_ERR_PARSE 600

// A response or download exceeded its size cap.
#define IDILIGO_ERR_TOO_LARGE 601

// A local file-system operation failed.
#define IDILIGO_ERR_IO 700

// The caller cancelled the operation: an `idiligo_cancel` handle was triggered, or a
// callback returned non-zero.
#define IDILIGO_ERR_CANCELLED 800

// A bug inside the library was caught at the C boundary (a Rust panic). The library stays
// usable; please report the message.
#define IDILIGO_ERR_PANIC 900

// `idiligo_options_set_binding`: HTTP POST with a form body (default; secrets stay out of URLs).
#define IDILIGO_BINDING_POST 0

// `idiligo_options_set_binding`: HTTP GET with the parameters in the query string.
#define IDILIGO_BINDING_GET 1

// `idiligo_options_set_binding`: SOAP 1.1 (document/literal envelopes; needed for
// SetCallValues; no ASP.NET request validation).
#define IDILIGO_BINDING_SOAP 2

// `idiligo_sandbox_inject_fault`: wait `param` milliseconds, then answer normally.
#define IDILIGO_FAULT_DELAY 0

// `idiligo_sandbox_inject_fault`: answer with HTTP status `param` and a plain-text body.
#define IDILIGO_FAULT_STATUS 1

// `idiligo_sandbox_inject_fault`: send the headers and half of the body, then close.
#define IDILIGO_FAULT_TRUNCATED_BODY 2

// `idiligo_sandbox_inject_fault`: close the connection without answering.
#define IDILIGO_FAULT_DROP_CONNECTION 3

// `idiligo_sandbox_inject_fault`: send the headers and half of the body, pause `param`
// milliseconds, then send the rest (for stall timeouts, download deadlines and cancels).
#define IDILIGO_FAULT_STALL_BODY 4

// Major version of this header; compare with `idiligo_version()` at run time.
#define IDILIGO_VERSION_MAJOR 0

// Minor version of this header.
#define IDILIGO_VERSION_MINOR 1

// Patch version of this header.
#define IDILIGO_VERSION_PATCH 0

// Document status: a text this header does not know (read it from the `text_out`
// parameter of `idiligo_client_get_document_status` / `_get_document_progress`).
#define IDILIGO_DOCUMENT_OTHER 0

// Document status `BUSY`: still being converted.
#define IDILIGO_DOCUMENT_BUSY 1

// Document status `READY`: converted; the meeting can show it.
#define IDILIGO_DOCUMENT_READY 2

// Document status `NOT FOUND`: no such document (never stored, or deleted).
#define IDILIGO_DOCUMENT_NOT_FOUND 3

// Document status `ERROR`: the conversion failed.
#define IDILIGO_DOCUMENT_ERROR 4

// `length` of `idiligo_client_add_document_from_reader` when the caller does not know how
// many bytes the read callback will deliver (`UINT64_MAX`): the document is first copied to
// an anonymous temporary file, then uploaded from it.
#define IDILIGO_LENGTH_UNKNOWN 18446744073709551615ull

// `idiligo_error_cleanup_kept_kind`: a participant (`CreateContact`; the service cannot
// delete one).
#define IDILIGO_CREATED_CONTACT 1

// `idiligo_error_cleanup_kept_kind`: a meeting (`CreateCall`).
#define IDILIGO_CREATED_CALL 2

// `idiligo_error_cleanup_kept_kind`: a stored document.
#define IDILIGO_CREATED_DOCUMENT 3

// `idiligo_error_timeout_phase`: not a timeout error.
#define IDILIGO_TIMEOUT_NONE 0

// `idiligo_error_timeout_phase`: establishing the connection (DNS, TCP, TLS, proxy).
#define IDILIGO_TIMEOUT_CONNECT 1

// `idiligo_error_timeout_phase`: the whole request/response exchange of an API call.
#define IDILIGO_TIMEOUT_REQUEST 2

// `idiligo_error_timeout_phase`: no byte of a download arrived within the stall timeout.
#define IDILIGO_TIMEOUT_STALL 3

// `idiligo_error_timeout_phase`: the overall deadline of a wait (`idiligo_client_wait_for_attachments`).
#define IDILIGO_TIMEOUT_WAIT 4

// `idiligo_error_timeout_phase`: the total deadline of a download
// (`idiligo_options_set_download_timeout_ms`) passed while it was still making progress.
#define IDILIGO_TIMEOUT_DOWNLOAD 5

// `idiligo_log_set_callback`: no records.
#define IDILIGO_LOG_OFF 0

// Log level: errors.
#define IDILIGO_LOG_ERROR 1

// Log level: warnings (e.g. a retry after a transient failure, naming the operation).
#define IDILIGO_LOG_WARN 2

// Log level: information (e.g. `"Login: logged in as agent@example.test"`).
#define IDILIGO_LOG_INFO 3

// Log level: one record per exchange (operation, binding, URL without query, status, size,
// duration).
#define IDILIGO_LOG_DEBUG 4

// Log level: everything the library logs.
#define IDILIGO_LOG_TRACE 5

// Flag of `idiligo_client_download_all_report`: go on with the next attachment after a
// failure (without it the run stops at the first failure and reports the rest as
// `"not_attempted"`). A cancel from the progress callback always stops the run.
#define IDILIGO_DOWNLOAD_CONTINUE 1

// Flag of `idiligo_client_download_all_report`: resume mode. A manifest
// (`.idiligo-manifest.tsv`, documented with the Rust core's `MANIFEST_NAME`) in the directory
// records which attachment id was saved under which name; a rerun skips the attachments whose
// file is still there with the recorded size (`"already_present"`) and never saves a
// document twice. A missing or corrupt manifest is treated as empty.
#define IDILIGO_DOWNLOAD_RESUME 2

// `idiligo_sandbox_builder_set_custom_errors`: faults carry only the exception message
// (ASP.NET's `customErrors On`, the default for remote callers, and the sandbox's default).
#define IDILIGO_CUSTOM_ERRORS_ON 0

// `idiligo_sandbox_builder_set_custom_errors`: faults carry the exception type, message,
// inner exceptions and a stack trace (`customErrors Off`), as `idiligo_error_service_detail`
// then shows.
#define IDILIGO_CUSTOM_ERRORS_OFF 1

// `idiligo_operation_effect`: the operation only reads (or mints a session token); always
// safe to repeat.
#define IDILIGO_EFFECT_READ 0

// `idiligo_operation_effect`: the operation sets or removes state; repeating it leaves the
// same state.
#define IDILIGO_EFFECT_WRITE 1

// `idiligo_operation_effect`: the operation creates something or acts each time it runs; it
// is repeated only when the request provably never left this machine.
#define IDILIGO_EFFECT_CREATE 2

// `idiligo_operation_bindings` bit: offered over SOAP 1.1.
#define IDILIGO_BINDINGS_SOAP 1

// `idiligo_operation_bindings` bit: offered over HTTP GET.
#define IDILIGO_BINDINGS_GET 2

// `idiligo_operation_bindings` bit: offered over HTTP POST.
#define IDILIGO_BINDINGS_POST 4

// `idiligo_client_call` flag: the call is safe to repeat (it only reads, or repeating it
// leaves the same state), so transient failures are retried by the client's policy. Without
// it only failures where the request provably never left this machine are retried.
#define IDILIGO_CALL_REPEATABLE 1

// `idiligo_client_call` flag: the operation takes no session token (only needed for an
// operation outside the table; for a table operation the table decides, and a contradicting
// flag is an `IDILIGO_ERR_ARGUMENT`).
#define IDILIGO_CALL_NO_TOKEN 2

// `idiligo_client_call` flag: the operation takes the session token as its first parameter
// (the default for an operation outside the table; checked against the table otherwise).
#define IDILIGO_CALL_TOKEN 4

// `idiligo_wsdl_report_kind`: an operation the SDK's table has and the service's WSDL lacks.
#define IDILIGO_WSDL_MISSING_OPERATION 0

// `idiligo_wsdl_report_kind`: an operation only the service has (it has grown); not a mismatch.
#define IDILIGO_WSDL_EXTRA_OPERATION 1

// `idiligo_wsdl_report_kind`: parameter names, order or types differ.
#define IDILIGO_WSDL_PARAMETERS 2

// `idiligo_wsdl_report_kind`: the answer type differs.
#define IDILIGO_WSDL_ANSWER 3

// `idiligo_wsdl_report_kind`: the bindings (SOAP, HTTP GET, HTTP POST) differ.
#define IDILIGO_WSDL_BINDINGS 4

// `idiligo_wsdl_report_kind`: a type the table has and the WSDL lacks.
#define IDILIGO_WSDL_MISSING_TYPE 5

// `idiligo_wsdl_report_kind`: a type only the service has; not a mismatch.
#define IDILIGO_WSDL_EXTRA_TYPE 6

// `idiligo_wsdl_report_kind`: a type's members differ.
#define IDILIGO_WSDL_MEMBERS 7

// `idiligo_wsdl_report_kind`: an enumeration's values differ.
#define IDILIGO_WSDL_ENUMERATION 8

// `idiligo_wsdl_report_kind`: a type's base type differs.
#define IDILIGO_WSDL_BASE_TYPE 9

// `idiligo_wsdl_report_kind`: the WSDL contradicts itself (SOAPAction, SOAP 1.2, HTTP messages).
#define IDILIGO_WSDL_INCONSISTENT 10

// A list of attachments (`GetAttachments` entries), as returned by
// `idiligo_client_get_attachments`, `idiligo_client_wait_for_attachments` and
// `idiligo_client_download_all`. Immutable: safe to read from several threads at once.
// Strings returned by its accessors are borrowed and live as long as the list. Free it with
// `idiligo_attachments_free`.
typedef struct idiligo_attachments idiligo_attachments;

// The data of a meeting, as `idiligo_client_get_call` and `idiligo_client_get_call_by_public_id`
// return it: every member of the service's `CallDTO` has its accessor
// (`idiligo_call_record_<member>`), and elements the 2016 `CallDTO` does not declare are kept
// in order (`idiligo_call_record_extra_*`), so nothing the service sent is lost.
//
// String members the service omitted are `NULL`, members it sent empty are `""`; numbers and
// booleans it omitted are 0 and false. Immutable: safe to read from several threads. Strings
// returned by its accessors are borrowed and live as long as the record. Free it with
// `idiligo_call_record_free`. Accessors given `NULL` return `NULL`, 0 or false.
typedef struct idiligo_call_record idiligo_call_record;

// A cancel handle: trigger it from any thread and every call made through a client view
// bound to it (`idiligo_client_with_cancel`) ends with `IDILIGO_ERR_CANCELLED`.
//
// Thread-safe: `idiligo_cancel_trigger` and `idiligo_cancel_is_triggered` may be called from
// any thread at any time, concurrently with calls running under the handle. Only
// `idiligo_cancel_free` must not race with the other two on the same handle. Views keep
// their own reference, so the handle may be freed while views bound to it still exist (they
// then can no longer be triggered, and stay triggered if they were).
typedef struct idiligo_cancel idiligo_cancel;

// A client of the Idiligo service.
//
// Thread-safe: one client may be shared by any number of threads, and every
// `idiligo_client_*` function taking a `const idiligo_client *` may be called concurrently
// on it (they share one login and one connection pool). Only `idiligo_client_free` must not
// race with other calls on the same client.
typedef struct idiligo_client idiligo_client;

// What `idiligo_client_download_all_report` did, per attachment, in the order of the
// meeting's list. Immutable: safe to read from several threads at once. Strings and errors
// returned by its accessors are borrowed and live as long as the report. Free it with
// `idiligo_download_report_free`.
typedef struct idiligo_download_report idiligo_download_report;

// An error returned through `idiligo_error **err`.
//
// Owned by the caller; free it with `idiligo_error_free`. Immutable: all accessors may be
// called from any thread, concurrently. Strings returned by its accessors are borrowed and
// live as long as the error object.
typedef struct idiligo_error idiligo_error;

// A started meeting. Immutable, safe to read from several threads; strings returned by its
// accessors are borrowed and live as long as the meeting. Free with `idiligo_meeting_free`.
typedef struct idiligo_meeting idiligo_meeting;

// What `idiligo_client_start_meeting` should create: script code, optional participant,
// values, documents and return URL. Create with `idiligo_meeting_request_new`, free with
// `idiligo_meeting_request_free`. Every string is copied. Not thread-safe while being
// modified; reading it from several `idiligo_client_start_meeting` calls at once is fine.
typedef struct idiligo_meeting_request idiligo_meeting_request;

// What a meeting produced, as `idiligo_client_meeting_results` returns it: its values
// (`GetCallValues`) and its documents (`GetAttachments`). Immutable: safe to read from
// several threads. The lists returned by its accessors are borrowed and live as long as the
// results; use the `idiligo_name_values_*` and `idiligo_attachments_*` accessors on them.
// Free it with `idiligo_meeting_results_free`.
typedef struct idiligo_meeting_results idiligo_meeting_results;

// An ordered list of name/value pairs (`NameValue`), as `idiligo_client_get_call_values`
// returns it: a meeting's values in the order they were first written. Immutable: safe to
// read from several threads. Strings returned by its accessors are borrowed and live as long
// as the list. Free it with `idiligo_name_values_free`.
typedef struct idiligo_name_values idiligo_name_values;

// Client options: base URLs, binding, credentials or token, timeouts, retries, proxy, CA
// files, size caps. Create with `idiligo_options_new`, set what you need, pass to
// `idiligo_client_new` (which copies them, so the options may be freed or reused right
// after), free with `idiligo_options_free`.
//
// Not thread-safe: do not use one options object from two threads at the same time.
// Secrets set here (API key, password, ticket, token, proxy URL) are never printed.
typedef struct idiligo_options idiligo_options;

// A running sandbox: an emulator of the Idiligo service on `127.0.0.1` (a free port), for
// developing and testing offline. It accepts fixed fake credentials, and can inspect
// meetings, simulate what a participant does, and inject faults.
//
// Thread-safe: every function taking a `const idiligo_sandbox *` may be called from any
// thread, concurrently. `idiligo_sandbox_stop` must not race with other calls.
typedef struct idiligo_sandbox idiligo_sandbox;

// Settings of a sandbox to start: create with `idiligo_sandbox_builder_new`, set what you
// need, start with `idiligo_sandbox_builder_start` (which copies the settings, so the builder
// may be freed or reused right after), free with `idiligo_sandbox_builder_free`. Every string
// is copied. Not thread-safe: do not use one builder from two threads at the same time.
typedef struct idiligo_sandbox_builder idiligo_sandbox_builder;

// Options of an upload (`idiligo_client_add_document_from_bytes`, `_from_file`,
// `_from_reader`): external id, private and temporary flags, a size cap, a progress
// callback, the file name. `NULL` options mean the defaults. Create with `idiligo_upload_options_new`, free with
// `idiligo_upload_options_free`; the upload functions read them during the call only, so they
// may be freed or reused right after. Every string is copied. Not thread-safe while being
// modified; reading one from several uploads at once is fine (the progress callback is then
// called on each uploading thread).
typedef struct idiligo_upload_options idiligo_upload_options;

// The result of comparing a service's WSDL with the SDK's operation table
// (`idiligo_wsdl_compare`, `idiligo_client_check_service`): every difference, each with a
// kind (`IDILIGO_WSDL_*`), the operation or type it concerns, what the table and the WSDL
// say, and a one-line message. Immutable: safe to read from several threads at once. Strings
// returned by its accessors are borrowed and live as long as the report. Free it with
// `idiligo_wsdl_report_free`.
typedef struct idiligo_wsdl_report idiligo_wsdl_report;

// Progress callback of downloads: `progress(user_data, done, total)`, with the bytes
// received so far and the total size (0 when unknown). Called synchronously on the thread
// that started the download, after the response headers and after every chunk. Return 0 to
// continue, non-zero to cancel (the download then fails with `IDILIGO_ERR_CANCELLED` and
// leaves no file behind). It must not call back into the same download nor unwind (C++
// exceptions, .NET exceptions, `longjmp`) through the library.
typedef int32_t (*idiligo_progress_cb)(void *user_data, uint64_t done, uint64_t total);

// Condition of `idiligo_client_wait_for_attachments`: called with the current list
// (borrowed, valid only during the call); return non-zero when it is what you wait for.
// Same threading and unwinding rules as `idiligo_progress_cb`.
typedef int32_t (*idiligo_wait_condition_cb)(void *user_data, const idiligo_attachments *list);

// Read callback of `idiligo_client_add_document_from_reader`: `read(user_data, buf, len,
// out_n)` writes up to `len` bytes of the document (`len` is never 0) into `buf` and their
// number into `*out_n` (`*out_n` is 0 on entry), then returns 0. `*out_n` 0 with the return
// value 0 means the end of the document. Fewer bytes than `len` are fine; the callback is
// called again for the rest. A non-zero return value is a read error: the upload fails with
// `IDILIGO_ERR_IO`, its message naming the read callback and the value it returned, and the
// request is cut short (the service stores nothing). Called synchronously on the uploading
// thread only (see CALLBACKS in the header); it must not unwind through the library.
typedef int32_t (*idiligo_read_cb)(void *user_data, uint8_t *buf, size_t len, size_t *out_n);

// Write callback of `idiligo_client_download_to_callback`: `write(user_data, data, len)`
// receives the next `len` bytes of the document (borrowed for the duration of the call; `len`
// is never 0). Return 0 to continue, non-zero to stop: the download then fails with
// `IDILIGO_ERR_CANCELLED`. Called synchronously on the thread that started the download;
// the same rules as for `idiligo_progress_cb` apply (no unwinding through the library, no
// call back into the same download).
typedef int32_t (*idiligo_write_cb)(void *user_data, const uint8_t *data, size_t len);

// Log callback: `log(user_data, level, target, message, message_len)`.
//
// `level` is an `IDILIGO_LOG_*` value (1 error … 5 trace), `target` the module that logged
// (`"idiligo::session"`, `"idiligo::exchange"`, `"idiligo::sandbox::http"`, …), `message`
// the text (UTF-8, already redacted: no API key, password, ticket, token or proxy
// credentials), NUL-terminated after `message_len` bytes. Both strings are borrowed for the
// duration of the call only: copy what you keep.
//
// Called on the thread where the record arises: the thread running a library call for
// client records, a sandbox worker thread for sandbox records; so it must be thread-safe and
// may run on several threads at once. It must return quickly, must not unwind (no C++, .NET
// or `longjmp` exception through it), and must not call any `idiligo_*` function (in
// particular not `idiligo_log_set_callback`, which would wait for it forever).
typedef void (*idiligo_log_cb)(void *user_data,
                               int32_t level,
                               const char *target,
                               const char *message,
                               size_t message_len);

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

// The library's version as `"MAJOR.MINOR.PATCH"` (static storage: never free it).
//
// Compare it with `IDILIGO_VERSION_MAJOR`/`_MINOR` to detect a header/library mismatch: the
// ABI is stable within one major version (and, before 1.0, within one minor version).
const char *idiligo_version(void);

// Frees a string returned in an owned `char **` out-parameter. Its bytes are overwritten
// before the memory is released (tokens are secrets). `NULL` is a no-op. Never pass a string
// that did not come from this library, nor a borrowed one (`const char *` results).
void idiligo_string_free(char *s);

// Frees a list. `NULL` is a no-op.
void idiligo_attachments_free(idiligo_attachments *list);

// Number of entries (0 for `NULL`).
size_t idiligo_attachments_len(const idiligo_attachments *list);

// `Id` of entry `index`: the document id. Borrowed; `NULL` only if `list` is `NULL` or
// `index` is out of range.
const char *idiligo_attachments_id(const idiligo_attachments *list, size_t index);

// `Description` of entry `index` (usually the file name). Borrowed; `NULL` when the
// service omitted it (or on a bad `list`/`index`); `""` when it sent it empty.
const char *idiligo_attachments_description(const idiligo_attachments *list, size_t index);

// `Url` of entry `index`: where the document can be downloaded (pass it to
// `idiligo_client_download_to_path`). Borrowed; `NULL` when omitted.
const char *idiligo_attachments_url(const idiligo_attachments *list, size_t index);

// `Preview` of entry `index`: a preview URL. Borrowed; `NULL` when omitted.
const char *idiligo_attachments_preview(const idiligo_attachments *list, size_t index);

// `Size` of entry `index`, as formatted by the service (a byte count on the sandbox).
// Borrowed; `NULL` when omitted. See also `idiligo_attachments_size_bytes`.
const char *idiligo_attachments_size(const idiligo_attachments *list, size_t index);

// `Date` of entry `index`, as formatted by the service. Borrowed; `NULL` when omitted.
const char *idiligo_attachments_date(const idiligo_attachments *list, size_t index);

// `SignUrl` of entry `index`: where the document can be signed (`""` when not signable).
// Borrowed; `NULL` when omitted.
const char *idiligo_attachments_sign_url(const idiligo_attachments *list, size_t index);

// `Attach` of entry `index`: whether the document is bound to the meeting's upload action
// (documents the participant uploaded have `false`). `IDILIGO_ERR_ARGUMENT` for a bad
// `list`/`index`.
int32_t idiligo_attachments_attach(const idiligo_attachments *list,
                                   size_t index,
                                   bool *out,
                                   idiligo_error **err);

// `SignStatus` of entry `index` (undocumented by Idiligo; the sandbox uses 0 = none,
// 1 = awaiting signature, 2 = signed). `IDILIGO_ERR_ARGUMENT` for a bad `list`/`index`.
int32_t idiligo_attachments_sign_status(const idiligo_attachments *list,
                                        size_t index,
                                        int32_t *out,
                                        idiligo_error **err);

// `Size` of entry `index` as a byte count. Fails with `IDILIGO_ERR_PARSE` when the service
// omitted it or did not write a plain non-negative integer.
int32_t idiligo_attachments_size_bytes(const idiligo_attachments *list,
                                       size_t index,
                                       uint64_t *out,
                                       idiligo_error **err);

// For lists returned by `idiligo_client_download_all`: the path entry `index` was saved
// to. Borrowed; `NULL` for other lists.
const char *idiligo_attachments_saved_path(const idiligo_attachments *list, size_t index);

// For lists returned by `idiligo_client_download_all`: the number of bytes saved for entry
// `index` (0 for other lists, or a bad `list`/`index`).
uint64_t idiligo_attachments_saved_bytes(const idiligo_attachments *list, size_t index);

// Downloads the document at `url` (an attachment's `Url`) to the file `path`, through a
// temporary file in the same directory and an atomic rename: on any failure, including a
// cancel from `progress`, no file is left at `path` and an existing file there is untouched.
//
// `progress` may be `NULL`; `user_data` is passed to it unchanged. `max_bytes` caps the size
// (`IDILIGO_ERR_TOO_LARGE` beyond it); 0 means the client's `max_download_bytes`.
// `*bytes_out` (may be `NULL`) receives the number of bytes written.
int32_t idiligo_client_download_to_path(const idiligo_client *client,
                                        const char *url,
                                        const char *path,
                                        idiligo_progress_cb progress,
                                        void *user_data,
                                        uint64_t max_bytes,
                                        uint64_t *bytes_out,
                                        idiligo_error **err);

// Downloads every attachment of meeting `call_id` that has a URL into the directory `dir`
// (created if needed), with safe, unique file names derived from the descriptions (no path
// traversal; existing files are never overwritten, `name (2).pdf` is used instead). Each
// file is written atomically. `progress` (may be `NULL`) is called per file with that file's
// byte counts; a cancel stops the whole operation (files already saved stay).
//
// `*saved_out` receives the list of saved entries: the attachment accessors work on it, and
// `idiligo_attachments_saved_path` / `_saved_bytes` tell where each went. Free it with
// `idiligo_attachments_free`.
int32_t idiligo_client_download_all(const idiligo_client *client,
                                    const char *call_id,
                                    const char *dir,
                                    idiligo_progress_cb progress,
                                    void *user_data,
                                    idiligo_attachments **saved_out,
                                    idiligo_error **err);

// Polls `GetAttachments` for meeting `call_id` every `poll_interval_ms` until the list has
// at least `min_count` entries and, when `condition` is not `NULL`,
// `condition(user_data, list) != 0` (the condition is only asked once the count is reached;
// pass 0 to leave it all to the condition), then returns it in `*list_out` (free with
// `idiligo_attachments_free`). Fails with `IDILIGO_ERR_TIMEOUT` (operation
// `"wait_for_attachments"`) after `timeout_ms`. `timeout_ms` and `poll_interval_ms` must be
// greater than zero (`IDILIGO_ERR_ARGUMENT` otherwise). These are the core's rules, the same
// as the Python package's.
int32_t idiligo_client_wait_for_attachments(const idiligo_client *client,
                                            const char *call_id,
                                            size_t min_count,
                                            idiligo_wait_condition_cb condition,
                                            void *user_data,
                                            uint64_t timeout_ms,
                                            uint64_t poll_interval_ms,
                                            idiligo_attachments **list_out,
                                            idiligo_error **err);

// A new cancel handle, not triggered. Returns `NULL` only if memory ran out. Free it with
// `idiligo_cancel_free`. A handle stays triggered once triggered: make a new one for the
// next operation.
idiligo_cancel *idiligo_cancel_new(void);

// Triggers the handle: every call running or started later through a view bound to it ends
// with `IDILIGO_ERR_CANCELLED`, within about 50 ms for a call waiting on the network, a
// retry backoff, a login another thread runs, a wait or a download (they wait in slices of at
// most 50 ms and look at the handle between them). Idempotent; `NULL` is a no-op. Safe from
// any thread; it only sets an atomic flag (no lock, no allocation).
//
// What a cancel leaves behind: nothing half-written on this side (a download's temporary
// file is removed, an existing target file is untouched). A call whose request had already
// been sent may have taken effect on the service: `idiligo_error_never_sent` is false then.
void idiligo_cancel_trigger(const idiligo_cancel *cancel);

// Whether the handle has been triggered (false for `NULL`).
bool idiligo_cancel_is_triggered(const idiligo_cancel *cancel);

// Frees a cancel handle. `NULL` is a no-op. Views made with it keep working (they hold their
// own reference); no other call may be using this handle.
void idiligo_cancel_free(idiligo_cancel *cancel);

// A view of `client` whose calls run under `cancel`: it shares the client's connection pool,
// session (login, token) and settings, and every call made through it — the typed functions,
// `idiligo_client_call`, `idiligo_client_start_meeting`, downloads, waits — ends with
// `IDILIGO_ERR_CANCELLED` once `cancel` is triggered (see `idiligo_cancel_trigger`). Calls
// through `client` itself are not affected.
//
// `*view_out` receives a new `idiligo_client` (owned: free it with `idiligo_client_free`). It
// is an ordinary client in every respect (thread-safe, usable with every `idiligo_client_*`
// function) and independent in lifetime: `client` and `cancel` may be freed before it. The
// usual pattern is one view per user action: a new handle, a view, the call on a worker
// thread, `idiligo_cancel_trigger` from the thread where the user pressed "stop", then both
// freed.
int32_t idiligo_client_with_cancel(const idiligo_client *client,
                                   const idiligo_cancel *cancel,
                                   idiligo_client **view_out,
                                   idiligo_error **err);

// Creates a client from `options` (`NULL` means the defaults, which have no credentials).
// The options are copied. Nothing is sent yet: the client logs in on first use.
//
// On success `*out` receives a client to free with `idiligo_client_free`. Fails with
// `IDILIGO_ERR_ARGUMENT` for an unusable base URL or a zero timeout, `IDILIGO_ERR_TLS` or
// `IDILIGO_ERR_IO` for an unusable CA file.
int32_t idiligo_client_new(const idiligo_options *options,
                           idiligo_client **out,
                           idiligo_error **err);

// Frees a client. `NULL` is a no-op. No other call may be using the client.
void idiligo_client_free(idiligo_client *client);

// The operation endpoint, e.g. `https://app.idiligo.com/InsideService20.asmx`.
// `*out` receives an owned string (free with `idiligo_string_free`).
int32_t idiligo_client_endpoint(const idiligo_client *client, char **out, idiligo_error **err);

// Logs in now with the configured credentials (`Login` or `Impersonate`), replacing the
// session token. Optional: the client logs in by itself when needed.
int32_t idiligo_client_login(const idiligo_client *client, idiligo_error **err);

// The current session token, logging in first if there is none or it is about to expire.
// `*token_out` receives an owned string (a secret: never log it; `idiligo_string_free`
// wipes it).
int32_t idiligo_client_session_token(const idiligo_client *client,
                                     char **token_out,
                                     idiligo_error **err);

// Replaces the session token with one obtained elsewhere (copied).
int32_t idiligo_client_set_token(const idiligo_client *client,
                                 const char *token,
                                 idiligo_error **err);

// Operation `Login`: account login with API key, user name and password. Returns the token
// in `*token_out` (owned, a secret) without touching the client's own session.
int32_t idiligo_client_login_password(const idiligo_client *client,
                                      const char *apikey,
                                      const char *username,
                                      const char *password,
                                      char **token_out,
                                      idiligo_error **err);

// Operation `Impersonate`: log in as `username` with an authorization ticket. Returns the
// token in `*token_out` (owned, a secret) without touching the client's own session.
int32_t idiligo_client_impersonate(const idiligo_client *client,
                                   const char *apikey,
                                   const char *username,
                                   const char *ticket,
                                   char **token_out,
                                   idiligo_error **err);

// Operation `CreateContact`: creates the meeting participant. `first_name` and `last_name`
// may be `NULL` (sent empty). `*contact_id_out` receives the new id (owned string).
int32_t idiligo_client_create_contact(const idiligo_client *client,
                                      const char *email,
                                      const char *first_name,
                                      const char *last_name,
                                      char **contact_id_out,
                                      idiligo_error **err);

// Operation `CreateCall`: creates a meeting from a script ("traject") code.
// `*call_id_out` receives the meeting id (owned string; ids are opaque text).
int32_t idiligo_client_create_call(const idiligo_client *client,
                                   const char *script_code,
                                   char **call_id_out,
                                   idiligo_error **err);

// Operation `SetContact`: attaches a participant to a meeting.
int32_t idiligo_client_set_contact(const idiligo_client *client,
                                   const char *call_id,
                                   const char *contact_id,
                                   idiligo_error **err);

// Operation `GetAgentUrl`: where the agent opens the meeting. `return_url` (may be `NULL`)
// is where the agent is sent afterwards. `*url_out` receives an owned string.
int32_t idiligo_client_get_agent_url(const idiligo_client *client,
                                     const char *call_id,
                                     const char *return_url,
                                     char **url_out,
                                     idiligo_error **err);

// Operation `GetPublicCallId`: the public id of a meeting, used in the participant link.
// `*public_id_out` receives an owned string.
int32_t idiligo_client_get_public_call_id(const idiligo_client *client,
                                          const char *call_id,
                                          char **public_id_out,
                                          idiligo_error **err);

// Operation `SetValues`: writes `count` named values into a meeting, in order
// (`names[i]` = `values[i]`). `count` 0 is a no-op (the arrays may then be `NULL`). The
// service rejects values containing `<` followed by a letter (`IDILIGO_ERR_SERVICE`).
int32_t idiligo_client_set_values(const idiligo_client *client,
                                  const char *public_id,
                                  const char *const *names,
                                  const char *const *values,
                                  size_t count,
                                  idiligo_error **err);

// Operation `AddDocumentFromUrl`: the service downloads `url` and stores it as `filename`;
// `external_id` (may be `NULL`, sent empty) is your key for binding it with
// `idiligo_client_set_document_to_upload_action`. `*document_id_out` receives an owned
// string.
int32_t idiligo_client_add_document_from_url(const idiligo_client *client,
                                             const char *url,
                                             const char *filename,
                                             const char *external_id,
                                             char **document_id_out,
                                             idiligo_error **err);

// Operation `SetDocumentToUploadAction`: binds a stored document to a meeting's upload
// action. `external_id` may be `NULL` (sent empty).
int32_t idiligo_client_set_document_to_upload_action(const idiligo_client *client,
                                                     const char *call_id,
                                                     const char *external_id,
                                                     const char *document_id,
                                                     idiligo_error **err);

// Operation `GetAttachments`: the documents of a meeting (bound, uploaded, generated,
// signed). `*list_out` receives a list to free with `idiligo_attachments_free`.
int32_t idiligo_client_get_attachments(const idiligo_client *client,
                                       const char *call_id,
                                       idiligo_attachments **list_out,
                                       idiligo_error **err);

// Operation `GetCallValues`: the values of a meeting's fields, as ordered name/value pairs
// (in the order they were first written by `SetValues`, `SetValue` or `SetCallValues`).
// `*list_out` receives a list to free with `idiligo_name_values_free`.
int32_t idiligo_client_get_call_values(const idiligo_client *client,
                                       const char *call_id,
                                       idiligo_name_values **list_out,
                                       idiligo_error **err);

// Operation `SetValue`: writes one named value into a meeting (a later value for the same
// name replaces the earlier one). `value` may be empty (`""`), `name` may not.
int32_t idiligo_client_set_value(const idiligo_client *client,
                                 const char *public_id,
                                 const char *name,
                                 const char *value,
                                 idiligo_error **err);

// Operation `SetComment`: sets the comment of a meeting (`""` clears it; `NULL` is an
// argument error).
int32_t idiligo_client_set_comment(const idiligo_client *client,
                                   const char *call_id,
                                   const char *comment,
                                   idiligo_error **err);

// Operation `GetCall`: the data of a meeting by call id, every `CallDTO` member.
// `*record_out` receives a record to free with `idiligo_call_record_free`.
int32_t idiligo_client_get_call(const idiligo_client *client,
                                const char *call_id,
                                idiligo_call_record **record_out,
                                idiligo_error **err);

// Operation `GetCallByPublicId`: the data of a meeting by public id, every `CallDTO`
// member. `*record_out` receives a record to free with `idiligo_call_record_free`.
int32_t idiligo_client_get_call_by_public_id(const idiligo_client *client,
                                             const char *public_id,
                                             idiligo_call_record **record_out,
                                             idiligo_error **err);

// Operation `EndCall`: ends a meeting. `return_url` (may be `NULL`, sent empty) is where the
// agent is sent; `*url_out` receives the URL the service answers (owned string; `""` when
// it answers none).
int32_t idiligo_client_end_call(const idiligo_client *client,
                                const char *call_id,
                                const char *return_url,
                                char **url_out,
                                idiligo_error **err);

// Operation `SendMail`: the service mails `to` with the template `template_code` (for
// example the invitation). `attachments` (may be `NULL`, sent empty) is passed as the
// service expects it. `*sent_out` receives the service's answer. Never repeated after the
// request may have left this machine, so a failure cannot send the mail twice.
int32_t idiligo_client_send_mail(const idiligo_client *client,
                                 const char *call_id,
                                 const char *to,
                                 const char *template_code,
                                 const char *attachments,
                                 bool *sent_out,
                                 idiligo_error **err);

// What a meeting produced, in one call: its values (`GetCallValues`) and its documents
// (`GetAttachments`). `*results_out` receives results to free with
// `idiligo_meeting_results_free`.
int32_t idiligo_client_meeting_results(const idiligo_client *client,
                                       const char *call_id,
                                       idiligo_meeting_results **results_out,
                                       idiligo_error **err);

// The participant link for a public id: `{participant base}/client?id={public id}`
// (percent-encoded). No request is sent; an empty public id is an `IDILIGO_ERR_ARGUMENT`.
// `*url_out` receives an owned string.
int32_t idiligo_client_participant_url(const idiligo_client *client,
                                       const char *public_id,
                                       char **url_out,
                                       idiligo_error **err);

// New upload options with the defaults: `AddDocumentFromBytes` (no external id, not
// private, not temporary), the client's size cap (`idiligo_options_set_max_upload_bytes`,
// 64 MiB by default), no progress callback, the file's own name. Returns `NULL` only if
// memory ran out. Free with `idiligo_upload_options_free`.
idiligo_upload_options *idiligo_upload_options_new(void);

// Frees upload options. `NULL` is a no-op.
void idiligo_upload_options_free(idiligo_upload_options *options);

// Your key for the document (copied; `NULL` removes it). Setting it, or the private or
// temporary flag, sends `AddDocumentFromBytesEx` instead of `AddDocumentFromBytes`.
int32_t idiligo_upload_options_set_external_id(idiligo_upload_options *options,
                                               const char *external_id,
                                               idiligo_error **err);

// `AddDocumentFromBytesEx`'s `priv` flag (default false).
int32_t idiligo_upload_options_set_private(idiligo_upload_options *options,
                                           bool private_,
                                           idiligo_error **err);

// `AddDocumentFromBytesEx`'s `temp` flag (default false).
int32_t idiligo_upload_options_set_temporary(idiligo_upload_options *options,
                                             bool temporary,
                                             idiligo_error **err);

// Size cap of the upload in bytes of the document (0, the default: the client's
// `idiligo_options_set_max_upload_bytes`). A larger document is refused with
// `IDILIGO_ERR_ARGUMENT` before anything is sent.
int32_t idiligo_upload_options_set_max_bytes(idiligo_upload_options *options,
                                             uint64_t limit,
                                             idiligo_error **err);

// The name the document gets in the meeting (copied; `NULL` removes it): for
// `idiligo_client_add_document_from_file` instead of the path's file name, for
// `idiligo_client_add_document_from_bytes` instead of its `filename` argument.
int32_t idiligo_upload_options_set_filename(idiligo_upload_options *options,
                                            const char *filename,
                                            idiligo_error **err);

// A progress callback (`NULL` removes it): `progress(user_data, done, total)` with the
// document bytes sent so far and the document's size, before the first byte and after every
// chunk (up to 48 KiB). Non-zero cancels the upload with `IDILIGO_ERR_CANCELLED`: the request
// is cut short, so the service stores nothing. Called synchronously on the uploading thread
// (see CALLBACKS in the header); `user_data` must stay valid while the options are used.
int32_t idiligo_upload_options_set_progress(idiligo_upload_options *options,
                                            idiligo_progress_cb progress,
                                            void *user_data,
                                            idiligo_error **err);

// Operation `AddDocumentFromBytes` (or `AddDocumentFromBytesEx` when `options` set an
// external id, private or temporary): stores the `len` bytes at `bytes` (read during the
// call, never copied whole) as `filename` and returns the new document id in
// `*document_id_out` (owned string). Always sent over SOAP, base64-encoded as it is sent,
// whatever the client's binding (GET and POST cannot carry more than a few hundred KB of
// bytes). `options` may be `NULL`.
//
// `bytes` must point to `len` readable bytes (`NULL` only with `len` 0). Checked before
// anything is sent (`IDILIGO_ERR_ARGUMENT`): `bytes` `NULL` with a non-zero `len`, a `len`
// no buffer can have (over `PTRDIFF_MAX`), a blank file name, an empty document, a document
// over the size cap, text XML cannot carry. Attach the document with
// `idiligo_client_set_document_to_upload_action` or `idiligo_client_add_document_to_call`.
int32_t idiligo_client_add_document_from_bytes(const idiligo_client *client,
                                               const char *filename,
                                               const uint8_t *bytes,
                                               size_t len,
                                               const idiligo_upload_options *options,
                                               char **document_id_out,
                                               idiligo_error **err);

// Stores the file at `path` (named as the path's file name unless the options give one) and
// returns the new document id in `*document_id_out` (owned string). The file is streamed:
// read in chunks and base64-encoded as the request is sent (over SOAP, as
// `idiligo_client_add_document_from_bytes`). `options` may be `NULL`.
//
// Checked before anything is sent: a path that does not exist or cannot be opened
// (`IDILIGO_ERR_IO`), a directory, an empty file, a file over the size cap
// (`IDILIGO_ERR_ARGUMENT`). A file that changes size while it is sent stops the request
// before it is complete (`IDILIGO_ERR_IO`; the service stores nothing).
int32_t idiligo_client_add_document_from_file(const idiligo_client *client,
                                              const char *path,
                                              const idiligo_upload_options *options,
                                              char **document_id_out,
                                              idiligo_error **err);

// Stores the document that `read` delivers as `filename` and returns the new document id in
// `*document_id_out` (owned string). `read` is called with `user_data` until it reports the
// end (`*out_n` 0, see `idiligo_read_cb`); it is required. Sent over SOAP, base64-encoded as
// it is read, like `idiligo_client_add_document_from_bytes`; `options` may be `NULL`.
//
// `length` is the number of bytes `read` will deliver, or `IDILIGO_LENGTH_UNKNOWN`:
// * a known `length` is streamed as it is read, nothing held in memory or on disk; more or
//   fewer bytes than announced stop the request before it is complete (`IDILIGO_ERR_IO`;
//   the service stores nothing). After the `length`-th byte `read` is called once more and
//   must report the end (a non-zero return there is ignored: the document is complete).
//   Such a document is read only once, so a request the service must
//   be sent again (its session token was rejected and the client logged in again) fails
//   with `IDILIGO_ERR_ARGUMENT` saying so.
// * `IDILIGO_LENGTH_UNKNOWN`: the document is first copied into an anonymous temporary file
//   (checked against the size cap as it is copied), then sent from that file; it can be
//   sent again.
//
// Checked before anything is sent (`IDILIGO_ERR_ARGUMENT`, and `read` is not called): a
// `NULL` client, file name, `read` or `document_id_out`, a blank file name, a `length` of 0
// or over the size cap. An unknown length over the cap or an empty document is refused once
// copied, before anything is sent. A non-zero return of `read` is `IDILIGO_ERR_IO`.
int32_t idiligo_client_add_document_from_reader(const idiligo_client *client,
                                                const char *filename,
                                                idiligo_read_cb read,
                                                void *user_data,
                                                uint64_t length,
                                                const idiligo_upload_options *options,
                                                char **document_id_out,
                                                idiligo_error **err);

// Operation `AddDocumentToCall`: attaches stored document `document_id` to meeting `call_id`
// at node `node_code` of its script (may be `NULL`: sent empty). `*document_id_out` receives
// the document id the service answers (owned string). An unknown call or document is the
// service's error (`IDILIGO_ERR_SERVICE`).
int32_t idiligo_client_add_document_to_call(const idiligo_client *client,
                                            const char *call_id,
                                            const char *document_id,
                                            const char *node_code,
                                            char **document_id_out,
                                            idiligo_error **err);

// Operation `GetDocumentStatus`: the conversion status of stored document `document_id`.
// `*status_out` receives `IDILIGO_DOCUMENT_BUSY`, `_READY`, `_NOT_FOUND`, `_ERROR`, or
// `IDILIGO_DOCUMENT_OTHER` for a text this header does not know; `*text_out` (may be `NULL`)
// receives the status text (owned string): `"BUSY"`, `"READY"`, `"NOT FOUND"`, `"ERROR"` or
// the other text as the service sent it (trimmed). An unknown or deleted document is
// `IDILIGO_DOCUMENT_NOT_FOUND`, not an error (the service answers `NOT FOUND`).
int32_t idiligo_client_get_document_status(const idiligo_client *client,
                                           const char *document_id,
                                           int32_t *status_out,
                                           char **text_out,
                                           idiligo_error **err);

// Operation `GetDocumentProgress`: the conversion status (as for
// `idiligo_client_get_document_status`: `*status_out`, and `*text_out` when not `NULL`) and
// the percentage converted (`*percentage_out`, 0–100; 0 when the service left it out) of
// stored document `document_id`. An unknown document is `NOT FOUND` with 0 %.
int32_t idiligo_client_get_document_progress(const idiligo_client *client,
                                             const char *document_id,
                                             int32_t *status_out,
                                             double *percentage_out,
                                             char **text_out,
                                             idiligo_error **err);

// Operation `DeleteDocument`: removes stored document `document_id` and every binding of
// it. `*deleted_out` receives true, or false when the service did not know the document (it
// answers `false`, not an error).
int32_t idiligo_client_delete_document(const idiligo_client *client,
                                       const char *document_id,
                                       bool *deleted_out,
                                       idiligo_error **err);

// Operation `SetCallValues`: writes `count` name/value pairs (`names[i]` = `values[i]`) into
// meeting `call_id`, in order (a later value for a name replaces an earlier one);
// `*stored_out` receives the service's answer. **SOAP only**: the service does not offer it
// on HTTP GET/POST, so a client whose binding is not `IDILIGO_BINDING_SOAP` refuses it before
// sending (`IDILIGO_ERR_ARGUMENT`, saying so). Unlike `idiligo_client_set_values`, values
// with markup are stored as given; one request carries every pair. Names must not be empty;
// `names` and `values` may be `NULL` only when `count` is 0, and no entry may be `NULL`.
int32_t idiligo_client_set_call_values(const idiligo_client *client,
                                       const char *call_id,
                                       const char *const *names,
                                       const char *const *values,
                                       size_t count,
                                       bool *stored_out,
                                       idiligo_error **err);

// Waits until stored document `document_id` is converted: polls `GetDocumentStatus` (at
// once, then after a quarter of `poll_interval_ms`, doubling up to `poll_interval_ms`) until
// it is `READY`. Fails with `IDILIGO_ERR_SERVICE` when the status is `ERROR` (the conversion
// failed) or `NOT FOUND`, with `IDILIGO_ERR_TIMEOUT` (phase `IDILIGO_TIMEOUT_WAIT`, operation
// `"wait_for_document"`) after `timeout_ms`, and with `IDILIGO_ERR_CANCELLED` when the
// client is a view whose cancel handle is triggered (`idiligo_client_with_cancel`; the wait
// ends within about 50 ms). Both durations must be greater than zero (`IDILIGO_ERR_ARGUMENT`).
int32_t idiligo_client_wait_for_document(const idiligo_client *client,
                                         const char *document_id,
                                         uint64_t timeout_ms,
                                         uint64_t poll_interval_ms,
                                         idiligo_error **err);

// Downloads the document at `url` (an attachment's `Url`) into memory. On success
// `*data_out` receives the bytes (owned: free them with `idiligo_buffer_free`, never with
// `free()`) and `*len_out` their number; `*data_out` is never `NULL` on success, also for an
// empty document. On failure neither is written and nothing is kept.
//
// The whole document is held in memory, so cap it: `max_bytes` (`IDILIGO_ERR_TOO_LARGE`
// beyond it; 0 means the client's `max_download_bytes`, 4 GiB by default). Running out of
// memory is an `IDILIGO_ERR_IO` error, not a crash. `progress` (may be `NULL`) and
// `user_data` work as for `idiligo_client_download_to_path`; a `Content-Length` is checked
// against the bytes received.
int32_t idiligo_client_download_to_buffer(const idiligo_client *client,
                                          const char *url,
                                          idiligo_progress_cb progress,
                                          void *user_data,
                                          uint64_t max_bytes,
                                          uint8_t **data_out,
                                          size_t *len_out,
                                          idiligo_error **err);

// Frees a buffer returned by `idiligo_client_download_to_buffer` (its length is kept by the
// library). `NULL` is a no-op. Never pass any other pointer, nor one already freed.
void idiligo_buffer_free(uint8_t *data);

// Downloads the document at `url` and hands it to `write` piece by piece as it arrives
// (streaming: nothing is held in memory or written to disk by the library). `write` is
// required; `progress` may be `NULL`; both get `user_data`. Returns `IDILIGO_ERR_CANCELLED`
// when `write` or `progress` returns non-zero. `max_bytes` caps the size (0: the client's
// `max_download_bytes`); `*bytes_out` (may be `NULL`) receives the number of bytes written.
//
// On any failure `write` may already have received part of the document (a cap exceeded, a
// connection broken, a `Content-Length` not reached is only known then): discard what it
// got.
int32_t idiligo_client_download_to_callback(const idiligo_client *client,
                                            const char *url,
                                            idiligo_write_cb write,
                                            idiligo_progress_cb progress,
                                            void *user_data,
                                            uint64_t max_bytes,
                                            uint64_t *bytes_out,
                                            idiligo_error **err);

// A file name that is safe on every platform for an attachment: the last path component of
// `description` (may be `NULL`: none) with control and reserved characters (`<>:"|?*`)
// replaced by `_`, leading/trailing dots and spaces trimmed, Windows device names (`CON`,
// `NUL`, `COM1`, …) prefixed with `_`, at most 150 bytes (the extension kept), or
// `attachment-{id}` when nothing is left. The same rule `idiligo_client_download_all` uses.
// `*name_out` receives an owned string (free with `idiligo_string_free`). No file is touched.
int32_t idiligo_safe_file_name(const char *description,
                               const char *id,
                               char **name_out,
                               idiligo_error **err);

// The status code of the error (`IDILIGO_ERR_*`); `IDILIGO_ERR_ARGUMENT` for `NULL`.
int32_t idiligo_error_code(const idiligo_error *err);

// A short, stable, lower-case name of the error's kind: `"invalid_argument"`, `"connect"`,
// `"timeout"`, `"transport"`, `"tls"`, `"http"`, `"service"`, `"auth"`, `"parse"`,
// `"too_large"`, `"io"`, `"cancelled"` or `"panic"`. Borrowed from `err`; `""` for `NULL`.
const char *idiligo_error_kind(const idiligo_error *err);

// The full message, e.g. `"GetPublicCallId: service error: Unknown callId."`. Never contains
// a secret. Borrowed from `err`; `""` for `NULL`.
//
// The message may quote text the service sent, which can hold NUL bytes: the returned
// buffer holds all of it (NUL-terminated), and `*len` (if `len` is not `NULL`) receives its
// length in bytes without the terminator. Printing it with `%s` stops at the first NUL.
const char *idiligo_error_message(const idiligo_error *err, size_t *len);

// The operation that failed: a service operation (`"Login"`, `"CreateCall"`, …, or the
// name given to `idiligo_client_call`), `"Download"`, `"wait_for_attachments"`,
// `"start_meeting"` (validation), `"configuration"`, or for argument errors detected by this
// layer the C function's name. Borrowed from `err`; `""` for `NULL`.
const char *idiligo_error_operation(const idiligo_error *err);

// The HTTP status of the answer that caused the error, or 0 when there was none. For an
// `IDILIGO_ERR_CONNECT` error it is the proxy's status when the proxy refused to open the
// tunnel (its answer to `CONNECT`, e.g. 407 Proxy Authentication Required: check the proxy
// URL's credentials); the request never reached the service then.
int32_t idiligo_error_http_status(const idiligo_error *err);

// Whether repeating the same call later may succeed (transient network failures, timeouts,
// HTTP 408/429/502/503/504). The client already retried where that was safe.
bool idiligo_error_retryable(const idiligo_error *err);

// The service's own message for `IDILIGO_ERR_SERVICE` and `IDILIGO_ERR_AUTH` errors
// (e.g. `"Unknown callId."`), otherwise `NULL`. Borrowed from `err`. `*len` (if `len` is not
// `NULL`) receives its length in bytes (0 for `NULL`); the text can hold NUL bytes.
const char *idiligo_error_service_message(const idiligo_error *err, size_t *len);

// The full (redacted) text of a service fault, for `IDILIGO_ERR_SERVICE` errors: the
// exception type, message, inner exceptions and stack trace when the service sends them;
// `NULL` for every other error. Borrowed from `err`. `*len` (if `len` is not `NULL`) receives
// its length in bytes (0 for `NULL`); the text can hold NUL bytes.
const char *idiligo_error_service_detail(const idiligo_error *err, size_t *len);

// The `Content-Type` of the answer behind an `IDILIGO_ERR_HTTP` error (e.g.
// `"text/html; charset=utf-8"`), or `NULL` when it had none or for every other error.
// Borrowed from `err`.
const char *idiligo_error_http_content_type(const idiligo_error *err);

// The first few hundred characters of the body behind an `IDILIGO_ERR_HTTP` error
// (redacted, white space collapsed), or `NULL` for every other error. Borrowed from `err`.
// `*len` (if `len` is not `NULL`) receives its length in bytes (0 for `NULL`).
const char *idiligo_error_http_excerpt(const idiligo_error *err, size_t *len);

// Which timeout passed, for an `IDILIGO_ERR_TIMEOUT` error: `IDILIGO_TIMEOUT_CONNECT`,
// `_REQUEST`, `_STALL`, `_WAIT` or `_DOWNLOAD`; `IDILIGO_TIMEOUT_NONE` (0) for every other
// error (and for a timeout of a phase newer than this header).
int32_t idiligo_error_timeout_phase(const idiligo_error *err);

// For an `IDILIGO_ERR_TIMEOUT` error: writes the configured duration that passed, in
// nanoseconds (exact), to `*ns_out` (if not `NULL`) and returns true; false for every other
// error.
bool idiligo_error_timeout_ns(const idiligo_error *err, uint64_t *ns_out);

// For an `IDILIGO_ERR_TOO_LARGE` error: writes the size limit in bytes that was exceeded to
// `*limit_out` (if not `NULL`) and returns true; false for every other error.
bool idiligo_error_size_limit(const idiligo_error *err, uint64_t *limit_out);

// For an `IDILIGO_ERR_IO` error: writes the operating system's error code (`errno`, a
// Windows error code) to `*code_out` (if not `NULL`) and returns true; false when the OS
// reported none, and for every other error.
bool idiligo_error_os_error_code(const idiligo_error *err, int32_t *code_out);

// For an `IDILIGO_ERR_HTTP` error caused by a 429 or 503 answer with a `Retry-After` header
// (seconds or an HTTP date): writes the delay the server asked for, in nanoseconds, to
// `*ns_out` (if not `NULL`) and returns true; false for every other error. The client waits
// for such a delay itself (and retries) when it is at most
// `idiligo_options_set_max_retry_after_ms` (30 s by default); a longer one is returned at
// once, so the caller can come back later.
bool idiligo_error_retry_after_ns(const idiligo_error *err, uint64_t *ns_out);

// For an `IDILIGO_ERR_HTTP` error: the URL that was requested, without its query and with
// any user info masked (`https://***@host/…`), e.g.
// `"https://app.idiligo.com/InsideService20.asmx/GetAttachments"` or a download's URL.
// Borrowed from `err`; `NULL` for every other error.
const char *idiligo_error_http_url(const idiligo_error *err);

// Whether the request provably never left this machine: argument errors, connect failures
// (also a proxy refusing `CONNECT`), TLS failures, connect timeouts, and calls cancelled
// before anything was sent. Then even an operation that creates something may be repeated
// without risking a duplicate. False when the request (or an earlier attempt of it) may
// have reached the service — for an `IDILIGO_ERR_CANCELLED` error: it was cancelled after
// the request was sent, so it may have taken effect. False for `NULL`.
bool idiligo_error_never_sent(const idiligo_error *err);

// For a failed `idiligo_client_start_meeting`: the step that failed — `"validate"`, or the
// operation it ran: `"CreateContact"`, `"CreateCall"`, `"SetContact"`, `"GetPublicCallId"`,
// `"SetValues"`, `"AddDocumentFromUrl"`, `"AddDocumentFromBytesEx"` (an upload from bytes or
// a file), `"SetDocumentToUploadAction"`, `"GetDocumentStatus"` (the wait until converted),
// `"GetAgentUrl"` (for the document steps, and for `"validate"` when a check of one document
// failed, `idiligo_error_meeting_document_index` tells which document);
// `NULL` for every other error. Borrowed from `err`.
const char *idiligo_error_meeting_step(const idiligo_error *err);

// For a failed `idiligo_client_start_meeting` at a document step (`AddDocumentFromUrl`,
// `AddDocumentFromBytesEx`, `SetDocumentToUploadAction`, `GetDocumentStatus`, or `validate`
// when a check of one document failed: empty file name, missing file, over the cap): writes the
// index of the document (in the order added to the request) to `*index_out` (if not `NULL`)
// and returns true; false otherwise.
bool idiligo_error_meeting_document_index(const idiligo_error *err, size_t *index_out);

// For a failed `idiligo_client_start_meeting`: the meeting (call) id created before the
// failure, or `NULL` if none was created (or for any other error). Borrowed from `err`.
const char *idiligo_error_partial_call_id(const idiligo_error *err);

// For a failed `idiligo_client_start_meeting`: the participant (contact) id created before
// the failure, or `NULL`. Borrowed from `err`.
const char *idiligo_error_partial_contact_id(const idiligo_error *err);

// For a failed `idiligo_client_start_meeting`: the public id fetched before the failure, or
// `NULL`. Borrowed from `err`.
const char *idiligo_error_partial_public_id(const idiligo_error *err);

// For a failed `idiligo_client_start_meeting`: whether the participant had been attached to
// the meeting (`SetContact` succeeded). False for any other error.
bool idiligo_error_partial_contact_attached(const idiligo_error *err);

// For a failed `idiligo_client_start_meeting`: whether the values had been written
// (`SetValues` succeeded, or there were none). False for any other error.
bool idiligo_error_partial_values_set(const idiligo_error *err);

// For a failed `idiligo_client_start_meeting`: how many documents had been stored
// (`AddDocumentFromUrl` succeeded) before the failure; 0 for any other error.
size_t idiligo_error_partial_document_count(const idiligo_error *err);

// The service's document id of stored document `index` of a failed start (request order).
// Borrowed from `err`; `NULL` if `index` is out of range.
const char *idiligo_error_partial_document_id(const idiligo_error *err, size_t index);

// The caller's external id of stored document `index` of a failed start. Borrowed from
// `err`; `NULL` if `index` is out of range.
const char *idiligo_error_partial_document_external_id(const idiligo_error *err, size_t index);

// Whether stored document `index` of a failed start had been bound to the upload action
// (`SetDocumentToUploadAction` succeeded). False if `index` is out of range.
bool idiligo_error_partial_document_bound(const idiligo_error *err, size_t index);

// For a failed `idiligo_client_start_meeting` whose request asked for a clean-up
// (`idiligo_meeting_request_set_cleanup_on_failure`): whether the clean-up ran (something
// had been created before the failure). The other `idiligo_error_cleanup_*` accessors then
// say what it removed and kept. False for every other error.
bool idiligo_error_cleanup_ran(const idiligo_error *err);

// How many documents the clean-up deleted (`DeleteDocument` answered true); 0 when no
// clean-up ran.
size_t idiligo_error_cleanup_deleted_count(const idiligo_error *err);

// The id of deleted document `index` (in the order they were created). Borrowed from `err`;
// `NULL` if `index` is out of range or no clean-up ran.
const char *idiligo_error_cleanup_deleted_document_id(const idiligo_error *err, size_t index);

// The call the clean-up ended with `EndCall`, or `NULL` (none was created, ending it failed,
// or no clean-up ran). Borrowed from `err`.
const char *idiligo_error_cleanup_ended_call_id(const idiligo_error *err);

// How many created items the clean-up could not remove (a contact always: the service cannot
// delete one; a document `DeleteDocument` failed for or did not know; a call `EndCall`
// failed for); 0 when no clean-up ran.
size_t idiligo_error_cleanup_kept_count(const idiligo_error *err);

// What kept item `index` is: `IDILIGO_CREATED_CONTACT`, `_CALL` or `_DOCUMENT`; 0 if
// `index` is out of range (or for a kind newer than this header).
int32_t idiligo_error_cleanup_kept_kind(const idiligo_error *err, size_t index);

// The id of kept item `index` (contact, call or document id). Borrowed from `err`; `NULL` if
// `index` is out of range.
const char *idiligo_error_cleanup_kept_id(const idiligo_error *err, size_t index);

// Why kept item `index` stayed (e.g. `"the service has no operation that deletes a
// contact"`, or the error of the `DeleteDocument`/`EndCall` that failed; redacted). Borrowed
// from `err`; `NULL` if `index` is out of range. `*len` (if `len` is not `NULL`) receives
// its length in bytes (0 for `NULL`); the text can hold NUL bytes when it quotes the service.
const char *idiligo_error_cleanup_kept_reason(const idiligo_error *err, size_t index, size_t *len);

// Frees an error object. `NULL` is a no-op.
void idiligo_error_free(idiligo_error *err);

// The status code of the last failed call on this thread, or `IDILIGO_OK` if the most
// recent status-returning call on this thread succeeded (every such call clears it first).
int32_t idiligo_last_error_code(void);

// Copies the message of the last failed call on this thread into `buf` (NUL-terminated,
// UTF-8), for callers that cannot use the `idiligo_error **` out-parameter (VB6, Delphi,
// P/Invoke habits). `""` when the most recent status-returning call succeeded.
//
// `*needed` (if `needed` is not `NULL`) always receives the size the message needs,
// including the terminating NUL (so the message's length is `*needed - 1`, NUL bytes it
// quotes from the service included). Returns `IDILIGO_OK` when the whole message fit into
// `buf_len` bytes. When `buf` is `NULL` or too small it returns `IDILIGO_ERR_ARGUMENT`; a
// too-small non-NULL buffer still receives as much of the message as fits (cut at a
// character boundary, NUL-terminated). This function does not change the last error.
int32_t idiligo_last_error_message(char *buf, size_t buf_len, size_t *needed);

// Registers `callback` to receive the library's log records up to `max_level`
// (`IDILIGO_LOG_ERROR` … `IDILIGO_LOG_TRACE`; `IDILIGO_LOG_OFF` receives none), replacing
// any callback registered before; `user_data` is passed to it unchanged. One callback serves
// the whole process (every client and sandbox). See `idiligo_log_cb` for the thread it is
// called on and what it must not do.
//
// To unregister, pass `callback` `NULL` (`max_level` and `user_data` are then ignored). When
// this function returns, the previous callback is no longer running on any thread and will
// not be called again, so its `user_data` may be freed (a .NET delegate may be released).
// It waits for calls of the previous callback in progress on other threads.
//
// Only the library's own records are forwarded (targets `idiligo` and `idiligo::…`). An
// invalid level is an `IDILIGO_ERR_ARGUMENT` (nothing changes). Also
// `IDILIGO_ERR_ARGUMENT` when Rust code linked into the same copy of the library has already
// installed a `log` logger of its own (not possible for C programs).
int32_t idiligo_log_set_callback(idiligo_log_cb callback,
                                 void *user_data,
                                 int32_t max_level,
                                 idiligo_error **err);

// A new request for a meeting from script ("traject") code `script_code`. `*out` receives
// it; free with `idiligo_meeting_request_free`.
int32_t idiligo_meeting_request_new(const char *script_code,
                                    idiligo_meeting_request **out,
                                    idiligo_error **err);

// Frees a request. `NULL` is a no-op.
void idiligo_meeting_request_free(idiligo_meeting_request *request);

// Sets the participant (created with `CreateContact` and attached with `SetContact`).
// `first_name` and `last_name` may be `NULL` (sent empty). Replaces an earlier participant.
int32_t idiligo_meeting_request_set_participant(idiligo_meeting_request *request,
                                                const char *email,
                                                const char *first_name,
                                                const char *last_name,
                                                idiligo_error **err);

// Adds a named value (written with `SetValues`, in the order added).
int32_t idiligo_meeting_request_add_value(idiligo_meeting_request *request,
                                          const char *name,
                                          const char *value,
                                          idiligo_error **err);

// Adds a document the service fetches from `url` and stores as `filename`, bound to the
// meeting's upload action under `external_id` (may be `NULL`, sent empty).
int32_t idiligo_meeting_request_add_document(idiligo_meeting_request *request,
                                             const char *url,
                                             const char *filename,
                                             const char *external_id,
                                             idiligo_error **err);

// Adds a document uploaded from the `len` bytes at `bytes` (copied now) as `filename`,
// bound to the meeting's upload action under `external_id` (may be `NULL`, sent empty). It
// is sent with `AddDocumentFromBytesEx` over SOAP (whatever the client's binding). `bytes`
// `NULL` with a non-zero `len`, a `len` over `PTRDIFF_MAX` or a copy that cannot be allocated
// is `IDILIGO_ERR_ARGUMENT` here (the request is unchanged). An empty document, a blank file
// name or one over the client's upload size cap is refused by
// `idiligo_client_start_meeting` before anything is created.
int32_t idiligo_meeting_request_add_document_from_bytes(idiligo_meeting_request *request,
                                                        const char *filename,
                                                        const uint8_t *bytes,
                                                        size_t len,
                                                        const char *external_id,
                                                        idiligo_error **err);

// Adds a document uploaded from the file at `path` (read when the meeting starts, streamed),
// named `filename` (may be `NULL`: the path's file name), bound under `external_id` (may be
// `NULL`). The file must exist and be a regular file of at most the client's upload size cap:
// `idiligo_client_start_meeting` checks that before anything is created.
int32_t idiligo_meeting_request_add_document_from_file(idiligo_meeting_request *request,
                                                       const char *path,
                                                       const char *filename,
                                                       const char *external_id,
                                                       idiligo_error **err);

// Makes `idiligo_client_start_meeting` wait, after every document is added and bound, until
// each is converted (`READY`), `timeout_ms` in all (polling every second, or every
// `timeout_ms` when shorter). A document in `ERROR` or `NOT FOUND`, or the timeout, fails the
// start at step `"GetDocumentStatus"` (`idiligo_error_meeting_document_index` names the
// document). 0 is refused when the meeting starts (`IDILIGO_ERR_ARGUMENT`). Default: no wait.
int32_t idiligo_meeting_request_set_wait_for_documents_ms(idiligo_meeting_request *request,
                                                          uint64_t timeout_ms,
                                                          idiligo_error **err);

// Whether a failed `idiligo_client_start_meeting` removes what it created (default false:
// keep everything). When true, a step that fails after something was created is followed
// by `DeleteDocument` for every document the call stored and `EndCall` for the call it
// created (the service cannot delete a contact or a call); the error then carries the
// clean-up report (`idiligo_error_cleanup_*`) next to every id created.
int32_t idiligo_meeting_request_set_cleanup_on_failure(idiligo_meeting_request *request,
                                                       bool cleanup,
                                                       idiligo_error **err);

// Where the agent is sent after the meeting (`GetAgentUrl`'s `returnUrl`).
int32_t idiligo_meeting_request_set_return_url(idiligo_meeting_request *request,
                                               const char *return_url,
                                               idiligo_error **err);

// Starts a meeting in one call: CreateContact → CreateCall → SetContact → GetPublicCallId →
// SetValues → per document (AddDocumentFromUrl, or for bytes and files an upload with
// AddDocumentFromBytesEx over SOAP, then SetDocumentToUploadAction) → the wait until the
// documents are converted, when asked for → GetAgentUrl. Everything is validated before
// anything is created (script code, e-mail, value names, every document's name and URL, and
// the bytes or file of every upload against the client's upload size cap).
//
// On success `*meeting_out` receives the meeting (free with `idiligo_meeting_free`). On
// failure nothing is lost: the error object names the step that failed
// (`idiligo_error_meeting_step`, `idiligo_error_meeting_document_index`) and carries
// everything created so far (`idiligo_error_partial_call_id`, `_contact_id`, `_public_id`,
// `_contact_attached`, `_values_set`, and per document `_document_id`,
// `_document_external_id`, `_document_bound`), so the caller can resume or clean up; with
// `idiligo_meeting_request_set_cleanup_on_failure` the client cleans up first and the error
// says what it removed and kept (`idiligo_error_cleanup_*`).
int32_t idiligo_client_start_meeting(const idiligo_client *client,
                                     const idiligo_meeting_request *request,
                                     idiligo_meeting **meeting_out,
                                     idiligo_error **err);

// Frees a meeting. `NULL` is a no-op.
void idiligo_meeting_free(idiligo_meeting *meeting);

// The meeting (call) id. Borrowed; `NULL` only for a `NULL` meeting.
const char *idiligo_meeting_call_id(const idiligo_meeting *meeting);

// The participant (contact) id. Borrowed; `NULL` when the request had no participant.
const char *idiligo_meeting_contact_id(const idiligo_meeting *meeting);

// The public id (used in the participant link). Borrowed.
const char *idiligo_meeting_public_id(const idiligo_meeting *meeting);

// Where the agent opens the meeting. Borrowed.
const char *idiligo_meeting_agent_url(const idiligo_meeting *meeting);

// The participant link. Borrowed.
const char *idiligo_meeting_participant_url(const idiligo_meeting *meeting);

// Number of documents added (0 for `NULL`).
size_t idiligo_meeting_document_count(const idiligo_meeting *meeting);

// The document id of added document `index` (request order). Borrowed; `NULL` if out of range.
const char *idiligo_meeting_document_id(const idiligo_meeting *meeting, size_t index);

// The external id of added document `index`. Borrowed; `NULL` if out of range.
const char *idiligo_meeting_document_external_id(const idiligo_meeting *meeting, size_t index);

// A new options object with the defaults: base URL `https://app.idiligo.com`, POST binding,
// connect timeout 10 s, request timeout 60 s, stall timeout 60 s, token lifetime 24 h,
// 2 retries, no proxy (environment variables are not read), the system certificate store,
// responses capped at 8 MiB and downloads at 4 GiB. Returns `NULL` only if memory ran out.
// Free with `idiligo_options_free`.
idiligo_options *idiligo_options_new(void);

// Frees an options object. `NULL` is a no-op.
void idiligo_options_free(idiligo_options *options);

// API base URL: the site root (`https://app.idiligo.com`) or the full
// `…/InsideService20.asmx` address. Plain `http://` is accepted only for loopback hosts
// unless `idiligo_options_set_allow_insecure_http` is on (checked by `idiligo_client_new`).
int32_t idiligo_options_set_base_url(idiligo_options *options,
                                     const char *url,
                                     idiligo_error **err);

// Base of participant links (`{base}/client?id=…`); defaults to the API base URL's site root.
int32_t idiligo_options_set_participant_base_url(idiligo_options *options,
                                                 const char *url,
                                                 idiligo_error **err);

// `IDILIGO_BINDING_POST` (default), `IDILIGO_BINDING_GET` or `IDILIGO_BINDING_SOAP`. Any
// other value is an `IDILIGO_ERR_ARGUMENT`. With GET, secrets travel in URLs; prefer POST.
int32_t idiligo_options_set_binding(idiligo_options *options, int32_t binding, idiligo_error **err);

// Allow plain `http://` to hosts other than loopback (default false).
int32_t idiligo_options_set_allow_insecure_http(idiligo_options *options,
                                                bool allow,
                                                idiligo_error **err);

// Password credentials (`Login`): the client logs in lazily and again before the token
// expires. Replaces ticket credentials set earlier. All three strings are copied.
int32_t idiligo_options_set_password_credentials(idiligo_options *options,
                                                 const char *apikey,
                                                 const char *username,
                                                 const char *password,
                                                 idiligo_error **err);

// Ticket credentials (`Impersonate`: act as `username` with an authorization ticket).
// Replaces password credentials set earlier. All three strings are copied.
int32_t idiligo_options_set_ticket_credentials(idiligo_options *options,
                                               const char *apikey,
                                               const char *username,
                                               const char *ticket,
                                               idiligo_error **err);

// A session token obtained elsewhere. It is used until the service rejects it; then the
// client logs in with its credentials if it has any, or fails with `IDILIGO_ERR_AUTH`.
int32_t idiligo_options_set_token(idiligo_options *options, const char *token, idiligo_error **err);

// How long a token is valid, in milliseconds (default 24 h); the client logs in again
// shortly before. 0 is rejected by `idiligo_client_new`.
int32_t idiligo_options_set_token_lifetime_ms(idiligo_options *options,
                                              uint64_t lifetime_ms,
                                              idiligo_error **err);

// Connection set-up timeout in milliseconds, including DNS, proxy and TLS (default 10 000).
// 0 is rejected by `idiligo_client_new`.
int32_t idiligo_options_set_connect_timeout_ms(idiligo_options *options,
                                               uint64_t timeout_ms,
                                               idiligo_error **err);

// Timeout of one API request/response exchange in milliseconds (default 60 000).
// 0 is rejected by `idiligo_client_new`.
int32_t idiligo_options_set_request_timeout_ms(idiligo_options *options,
                                               uint64_t timeout_ms,
                                               idiligo_error **err);

// Downloads fail when no byte arrives for this many milliseconds (default 60 000). A
// download's total duration is not capped unless `idiligo_options_set_download_timeout_ms`
// sets a deadline. 0 is rejected by `idiligo_client_new`.
int32_t idiligo_options_set_stall_timeout_ms(idiligo_options *options,
                                             uint64_t timeout_ms,
                                             idiligo_error **err);

// Retry policy: `max_retries` after the first attempt (0 disables retrying), a backoff of
// `initial_backoff_ms` doubled per retry and capped at `max_backoff_ms`, with jitter
// (default 2, 250, 8000). `max_backoff_ms` smaller than `initial_backoff_ms` is an
// `IDILIGO_ERR_ARGUMENT` (the core's `RetryPolicy::new`). Operations that create something
// are retried only when the request provably never left this machine.
int32_t idiligo_options_set_retry(idiligo_options *options,
                                  uint32_t max_retries,
                                  uint64_t initial_backoff_ms,
                                  uint64_t max_backoff_ms,
                                  idiligo_error **err);

// The longest `Retry-After` delay, in milliseconds, the client waits for before retrying a
// 429 or 503 answer (default 30 000). A longer delay is not waited for: the call fails at
// once with `IDILIGO_ERR_HTTP`, and `idiligo_error_retry_after_ns` tells when to come back.
// 0 means never wait for one. Kept when `idiligo_options_set_retry` is called later (and the
// other way round).
int32_t idiligo_options_set_max_retry_after_ms(idiligo_options *options,
                                               uint64_t cap_ms,
                                               idiligo_error **err);

// A total deadline for each download, in milliseconds, from its start to its last byte,
// connection set-up included (default: none, so a download that keeps making progress may
// take as long as it needs; the stall timeout still applies to every read). Passing it is an
// `IDILIGO_ERR_TIMEOUT` with phase `IDILIGO_TIMEOUT_DOWNLOAD`, and leaves no file behind.
// 0 is rejected by `idiligo_client_new`.
int32_t idiligo_options_set_download_timeout_ms(idiligo_options *options,
                                                uint64_t timeout_ms,
                                                idiligo_error **err);

// How many idle connections the pool keeps per host (default 16); the pool's overall cap
// is twice this, so the API host and a download host can each keep theirs. With more
// threads calling at once, the surplus connections are closed after use instead of kept.
// 0 keeps none (every call opens a new connection).
int32_t idiligo_options_set_max_idle_connections(idiligo_options *options,
                                                 size_t per_host,
                                                 idiligo_error **err);

// Proxy URL (`http://[user:pass@]host:port`, `socks5://…`). Without this call no proxy is
// used: `HTTPS_PROXY` and friends are deliberately not read. The URL is treated as a secret.
int32_t idiligo_options_set_proxy(idiligo_options *options,
                                  const char *proxy_url,
                                  idiligo_error **err);

// Trust the certificates in this PEM file in addition to the system's (corporate TLS
// inspection). May be called several times. The file is read by `idiligo_client_new`
// (`IDILIGO_ERR_TLS` or `IDILIGO_ERR_IO` there if it cannot be used).
int32_t idiligo_options_add_ca_file(idiligo_options *options,
                                    const char *pem_path,
                                    idiligo_error **err);

// Whether to trust the operating system's certificate store (default true); when false
// (or the store is empty) Mozilla's bundled roots are used. Verification is always on.
int32_t idiligo_options_set_use_system_roots(idiligo_options *options,
                                             bool use_them,
                                             idiligo_error **err);

// Cap on one API response body in bytes (default 8 MiB). 0 is rejected by
// `idiligo_client_new`.
int32_t idiligo_options_set_max_response_bytes(idiligo_options *options,
                                               uint64_t limit,
                                               idiligo_error **err);

// Default cap on one uploaded document in bytes (default 64 MiB); an upload can lower or
// raise it with `idiligo_upload_options_set_max_bytes`. A larger document is refused before
// anything is sent. 0 is rejected by `idiligo_client_new`.
int32_t idiligo_options_set_max_upload_bytes(idiligo_options *options,
                                             uint64_t limit,
                                             idiligo_error **err);

// Default cap on one downloaded document in bytes (default 4 GiB); a download can lower or
// raise it with its own `max_bytes`. 0 is rejected by `idiligo_client_new`.
int32_t idiligo_options_set_max_download_bytes(idiligo_options *options,
                                               uint64_t limit,
                                               idiligo_error **err);

// Frees a list. `NULL` is a no-op.
void idiligo_name_values_free(idiligo_name_values *list);

// Number of pairs (0 for `NULL`).
size_t idiligo_name_values_len(const idiligo_name_values *list);

// `Name` of pair `index`. Borrowed; `NULL` when the service omitted it, or for a `NULL`
// list or an index out of range.
const char *idiligo_name_values_name(const idiligo_name_values *list, size_t index);

// `Value` of pair `index`. Borrowed; `NULL` when the service omitted it, or for a `NULL`
// list or an index out of range; `""` when it sent it empty.
const char *idiligo_name_values_value(const idiligo_name_values *list, size_t index);

// The value of the first pair named `name` (compared exactly, byte for byte). Borrowed;
// `NULL` when there is no such pair, its value was omitted, or an argument is `NULL` or not
// valid UTF-8.
const char *idiligo_name_values_get(const idiligo_name_values *list, const char *name);

// Frees the results (and the two lists borrowed from them). `NULL` is a no-op.
void idiligo_meeting_results_free(idiligo_meeting_results *results);

// The meeting's values, in the order they were first written. Borrowed from `results`
// (never free it); `NULL` only for `NULL` results.
const idiligo_name_values *idiligo_meeting_results_values(const idiligo_meeting_results *results);

// The meeting's documents (bound, uploaded, generated, signed). Borrowed from `results`
// (never free it); `NULL` only for `NULL` results.
const idiligo_attachments *idiligo_meeting_results_attachments(const idiligo_meeting_results *results);

// `callId`: the meeting id. Borrowed from `record`; `NULL` when the service omitted it.
const char *idiligo_call_record_call_id(const idiligo_call_record *record);

// `publicId`: the public id, used in the participant link. Borrowed from `record`; `NULL` when the service omitted it.
const char *idiligo_call_record_public_id(const idiligo_call_record *record);

// `accountNumber` (`xsd:int`): the account the meeting belongs to. 0 when the service omitted it (or for `NULL`).
int32_t idiligo_call_record_account_number(const idiligo_call_record *record);

// `eventCount` (`xsd:long`): how many events the meeting has had. 0 when the service omitted it (or for `NULL`).
int64_t idiligo_call_record_event_count(const idiligo_call_record *record);

// `serverId` (`xsd:int`): the server that hosts the meeting. 0 when the service omitted it (or for `NULL`).
int32_t idiligo_call_record_server_id(const idiligo_call_record *record);

// `username`: the agent's user name. Borrowed from `record`; `NULL` when the service omitted it.
const char *idiligo_call_record_username(const idiligo_call_record *record);

// `isAgent` (`xsd:boolean`): whether the session is the agent's. False when the service omitted it (or for `NULL`).
bool idiligo_call_record_is_agent(const idiligo_call_record *record);

// `language`: the meeting's language code. Borrowed from `record`; `NULL` when the service omitted it.
const char *idiligo_call_record_language(const idiligo_call_record *record);

// `comment`: the comment set with `SetComment`. Borrowed from `record`; `NULL` when the service omitted it.
const char *idiligo_call_record_comment(const idiligo_call_record *record);

// `contactEmail`: the e-mail address of the attached participant. Borrowed from `record`; `NULL` when the service omitted it.
const char *idiligo_call_record_contact_email(const idiligo_call_record *record);

// `viewerWrap`: the viewer's wrap mode. Borrowed from `record`; `NULL` when the service omitted it.
const char *idiligo_call_record_viewer_wrap(const idiligo_call_record *record);

// `SC_UseJpeg` (`xsd:boolean`): screen sharing sends JPEG images. False when the service omitted it (or for `NULL`).
bool idiligo_call_record_sc_use_jpeg(const idiligo_call_record *record);

// `SC_JpegQuality`: screen-sharing JPEG quality. Borrowed from `record`; `NULL` when the service omitted it.
const char *idiligo_call_record_sc_jpeg_quality(const idiligo_call_record *record);

// `SC_Scale`: screen-sharing scale. Borrowed from `record`; `NULL` when the service omitted it.
const char *idiligo_call_record_sc_scale(const idiligo_call_record *record);

// `SC_ProxyServer`: screen-sharing proxy server. Borrowed from `record`; `NULL` when the service omitted it.
const char *idiligo_call_record_sc_proxy_server(const idiligo_call_record *record);

// `SC_ProxyPort`: screen-sharing proxy port. Borrowed from `record`; `NULL` when the service omitted it.
const char *idiligo_call_record_sc_proxy_port(const idiligo_call_record *record);

// `showBrowseHeight` (`xsd:int`): co-browsing frame height. 0 when the service omitted it (or for `NULL`).
int32_t idiligo_call_record_show_browse_height(const idiligo_call_record *record);

// `showBrowseWidth` (`xsd:int`): co-browsing frame width. 0 when the service omitted it (or for `NULL`).
int32_t idiligo_call_record_show_browse_width(const idiligo_call_record *record);

// `rtmpt` (`xsd:boolean`): media tunnelled over RTMPT. False when the service omitted it (or for `NULL`).
bool idiligo_call_record_rtmpt(const idiligo_call_record *record);

// `webcamQuality` (`xsd:int`): webcam quality. 0 when the service omitted it (or for `NULL`).
int32_t idiligo_call_record_webcam_quality(const idiligo_call_record *record);

// `webcamBitrate` (`xsd:int`): webcam bitrate. 0 when the service omitted it (or for `NULL`).
int32_t idiligo_call_record_webcam_bitrate(const idiligo_call_record *record);

// `webcamFramerate` (`xsd:int`): webcam framerate. 0 when the service omitted it (or for `NULL`).
int32_t idiligo_call_record_webcam_framerate(const idiligo_call_record *record);

// `microphoneDefaultEnabled` (`xsd:boolean`): microphone default enabled. False when the service omitted it (or for `NULL`).
bool idiligo_call_record_microphone_default_enabled(const idiligo_call_record *record);

// `microphoneVolume` (`xsd:int`): microphone volume. 0 when the service omitted it (or for `NULL`).
int32_t idiligo_call_record_microphone_volume(const idiligo_call_record *record);

// `microphoneQuality` (`xsd:int`): microphone quality. 0 when the service omitted it (or for `NULL`).
int32_t idiligo_call_record_microphone_quality(const idiligo_call_record *record);

// `microphoneFramerate` (`xsd:int`): microphone framerate. 0 when the service omitted it (or for `NULL`).
int32_t idiligo_call_record_microphone_framerate(const idiligo_call_record *record);

// `microphoneEchoSuppression` (`xsd:boolean`): microphone echo suppression. False when the service omitted it (or for `NULL`).
bool idiligo_call_record_microphone_echo_suppression(const idiligo_call_record *record);

// `useWebRtc` (`xsd:boolean`): the meeting uses WebRTC. False when the service omitted it (or for `NULL`).
bool idiligo_call_record_use_web_rtc(const idiligo_call_record *record);

// `showInvite` (`xsd:boolean`): the invitation is shown. False when the service omitted it (or for `NULL`).
bool idiligo_call_record_show_invite(const idiligo_call_record *record);

// `backgroundColor`: the meeting's background colour. Borrowed from `record`; `NULL` when the service omitted it.
const char *idiligo_call_record_background_color(const idiligo_call_record *record);

// `nodeCount` (`xsd:int`): the number of steps of the meeting's script. 0 when the service omitted it (or for `NULL`).
int32_t idiligo_call_record_node_count(const idiligo_call_record *record);

// `hasAccountLogo` (`xsd:boolean`): the account has a logo. False when the service omitted it (or for `NULL`).
bool idiligo_call_record_has_account_logo(const idiligo_call_record *record);

// `ownerAccountNumber` (`xsd:int`): the account that owns the meeting. 0 when the service omitted it (or for `NULL`).
int32_t idiligo_call_record_owner_account_number(const idiligo_call_record *record);

// `useChatUsername` (`xsd:boolean`): chat messages show the user name. False when the service omitted it (or for `NULL`).
bool idiligo_call_record_use_chat_username(const idiligo_call_record *record);

// `subscriberCode`: the subscriber code. Borrowed from `record`; `NULL` when the service omitted it.
const char *idiligo_call_record_subscriber_code(const idiligo_call_record *record);

// `subscriberCount` (`xsd:int`): the number of subscribers. 0 when the service omitted it (or for `NULL`).
int32_t idiligo_call_record_subscriber_count(const idiligo_call_record *record);

// `clientReady` (`xsd:boolean`): the participant's client is ready. False when the service omitted it (or for `NULL`).
bool idiligo_call_record_client_ready(const idiligo_call_record *record);

// Number of elements the service sent that the 2016 `CallDTO` does not declare (0 for
// `NULL`).
size_t idiligo_call_record_extra_count(const idiligo_call_record *record);

// The element name of extra member `index` (document order). Borrowed; `NULL` if `index` is
// out of range.
const char *idiligo_call_record_extra_name(const idiligo_call_record *record, size_t index);

// The text of extra member `index`. Borrowed; `NULL` if `index` is out of range.
const char *idiligo_call_record_extra_value(const idiligo_call_record *record, size_t index);

// Frees a record. `NULL` is a no-op.
void idiligo_call_record_free(idiligo_call_record *record);

// Downloads every attachment of meeting `call_id` into the directory `dir` (created if
// needed), as `idiligo_client_download_all` does (safe, unique names; nothing overwritten;
// each file written atomically), and reports per attachment what happened. `flags` is 0 or
// a combination of `IDILIGO_DOWNLOAD_CONTINUE` and `IDILIGO_DOWNLOAD_RESUME` (other bits are
// an `IDILIGO_ERR_ARGUMENT`). `progress` (may be `NULL`) is called per file.
//
// Fails as a whole only when nothing could be tried (`GetAttachments` failed, `dir` cannot be
// created); a failed attachment is reported in `*report_out` (free it with
// `idiligo_download_report_free`) and the call returns `IDILIGO_OK`.
int32_t idiligo_client_download_all_report(const idiligo_client *client,
                                           const char *call_id,
                                           const char *dir,
                                           uint32_t flags,
                                           idiligo_progress_cb progress,
                                           void *user_data,
                                           idiligo_download_report **report_out,
                                           idiligo_error **err);

// Frees a report. `NULL` is a no-op.
void idiligo_download_report_free(idiligo_download_report *report);

// The attachments of the report, one entry per attachment in the meeting's order: the
// attachment accessors work on it, and `idiligo_attachments_saved_path` /
// `_saved_bytes` give the file of the entries saved now or before. Borrowed (do not free);
// `NULL` for a `NULL` report.
const idiligo_attachments *idiligo_download_report_attachments(const idiligo_download_report *report);

// What happened to entry `index`: `"saved"` (downloaded now), `"already_present"` (resume:
// saved before, file unchanged), `"no_url"` (skipped), `"failed"` (see
// `idiligo_download_report_error`) or `"not_attempted"` (after a stop). Borrowed; `NULL` for
// a bad `report`/`index`.
const char *idiligo_download_report_outcome(const idiligo_download_report *report, size_t index);

// The error of entry `index` when its outcome is `"failed"` (the `idiligo_error_*` accessors
// work on it). Borrowed: do not free it. `NULL` for other outcomes or a bad `report`/`index`.
const idiligo_error *idiligo_download_report_error(const idiligo_download_report *report,
                                                   size_t index);

// Resume mode: the first failure to write the manifest (the files were saved, a rerun may
// not know them). Borrowed; `NULL` when every write succeeded (or for a `NULL` report).
const idiligo_error *idiligo_download_report_manifest_error(const idiligo_download_report *report);

// Whether every attachment with a URL is on disk (saved now or before) and the manifest, if
// any, was written. `false` for `NULL`.
bool idiligo_download_report_complete(const idiligo_download_report *report);

// Starts a sandbox on a free port of 127.0.0.1. `*out` receives it; stop and free it with
// `idiligo_sandbox_stop`.
int32_t idiligo_sandbox_start(idiligo_sandbox **out, idiligo_error **err);

// Stops the server, waits for its threads, and frees the sandbox. `NULL` is a no-op.
// Clients pointed at it then fail with `IDILIGO_ERR_CONNECT`.
void idiligo_sandbox_stop(idiligo_sandbox *sandbox);

// Base URL, e.g. `"http://127.0.0.1:41234"`. Borrowed; lives as long as the sandbox.
const char *idiligo_sandbox_url(const idiligo_sandbox *sandbox);

// The API key the sandbox accepts (a fake). Borrowed; lives as long as the sandbox.
const char *idiligo_sandbox_apikey(const idiligo_sandbox *sandbox);

// The user name the sandbox accepts. Borrowed; lives as long as the sandbox.
const char *idiligo_sandbox_username(const idiligo_sandbox *sandbox);

// The password the sandbox accepts for `Login` (a fake). Borrowed.
const char *idiligo_sandbox_password(const idiligo_sandbox *sandbox);

// The ticket the sandbox accepts for `Impersonate` (a fake). Borrowed.
const char *idiligo_sandbox_ticket(const idiligo_sandbox *sandbox);

// New client options pointed at the sandbox, with its password credentials. `*out`
// receives them; set more if needed, pass them to `idiligo_client_new`, free them with
// `idiligo_options_free`.
int32_t idiligo_sandbox_options(const idiligo_sandbox *sandbox,
                                idiligo_options **out,
                                idiligo_error **err);

// Serves `len` bytes at `{url}/files/{name}` (a document source for `AddDocumentFromUrl`).
// The bytes are copied. `*url_out` receives the URL (owned string).
int32_t idiligo_sandbox_host_file(const idiligo_sandbox *sandbox,
                                  const char *name,
                                  const uint8_t *bytes,
                                  size_t len,
                                  char **url_out,
                                  idiligo_error **err);

// Simulates the participant uploading a file into meeting `call_id`: it appears in
// `GetAttachments` with `Attach` false. The bytes are copied. `*document_id_out` (may be
// `NULL`) receives the new document id (owned string).
int32_t idiligo_sandbox_simulate_upload(const idiligo_sandbox *sandbox,
                                        const char *call_id,
                                        const char *filename,
                                        const uint8_t *bytes,
                                        size_t len,
                                        char **document_id_out,
                                        idiligo_error **err);

// Simulates the participant signing document `document_id` of meeting `call_id`: its
// `SignStatus` becomes 2 and a download returns the signed bytes.
int32_t idiligo_sandbox_simulate_sign(const idiligo_sandbox *sandbox,
                                      const char *call_id,
                                      const char *document_id,
                                      idiligo_error **err);

// Everything the sandbox knows about meeting `call_id`, as one line of JSON (owned string
// in `*json_out`):
// `{"id":"…","script_code":"…","public_id":"…","contact":{"id":"…","email":"…",
// "first_name":"…","last_name":"…"} or null,"values":[["name","value"],…],
// "documents":[{"id":"…","filename":"…","external_id":"…","origin":"…","size":N,
// "sign_status":N},…],"comment":"…" or null,"ended":false,"mails":[{"to":"…",
// "template_code":"…","attachments":"…"},…]}` (the mails `SendMail` recorded for it).
// `IDILIGO_ERR_ARGUMENT` for an unknown meeting.
int32_t idiligo_sandbox_inspect(const idiligo_sandbox *sandbox,
                                const char *call_id,
                                char **json_out,
                                idiligo_error **err);

// Makes every token issued so far expire now (clients with credentials log in again;
// clients with only a token then fail with `IDILIGO_ERR_AUTH`).
int32_t idiligo_sandbox_expire_tokens(const idiligo_sandbox *sandbox, idiligo_error **err);

// Adds `latency_ms` milliseconds to every request (0 removes it).
int32_t idiligo_sandbox_set_latency_ms(const idiligo_sandbox *sandbox,
                                       uint64_t latency_ms,
                                       idiligo_error **err);

// Queues a fault for the next `times` requests of `operation` (`"GetAttachments"`,
// `"Download"` for document downloads, `"Files"` for hosted files; `NULL` matches every
// request). `kind` is one of `IDILIGO_FAULT_DELAY` (`param` = milliseconds),
// `IDILIGO_FAULT_STATUS` (`param` = HTTP status, plain-text body),
// `IDILIGO_FAULT_STALL_BODY` (`param` = milliseconds of the pause),
// `IDILIGO_FAULT_TRUNCATED_BODY` or `IDILIGO_FAULT_DROP_CONNECTION` (`param` unused); any
// other value is an `IDILIGO_ERR_ARGUMENT`.
int32_t idiligo_sandbox_inject_fault(const idiligo_sandbox *sandbox,
                                     int32_t kind,
                                     const char *operation,
                                     uint32_t times,
                                     uint64_t param,
                                     idiligo_error **err);

// Queues a scripted answer for the next `times` requests of `operation` (`NULL` matches
// every request): HTTP `status` (100–999) with `content_type` (may be `NULL`: no
// `Content-Type` header) and the `len` bytes at `body` (UTF-8, NUL bytes allowed; copied).
// For testing how an integration handles answers the sandbox would not give by itself: a
// proxy's HTML error page, a service fault with a stack trace, a record with unusual
// members. Invalid UTF-8 or a status out of range is an `IDILIGO_ERR_ARGUMENT`.
int32_t idiligo_sandbox_inject_response(const idiligo_sandbox *sandbox,
                                        const char *operation,
                                        uint32_t times,
                                        uint16_t status,
                                        const char *content_type,
                                        const uint8_t *body,
                                        size_t len,
                                        idiligo_error **err);

// Removes all queued faults.
int32_t idiligo_sandbox_clear_faults(const idiligo_sandbox *sandbox, idiligo_error **err);

// How many requests `operation` (or `"Download"`, `"Files"`) has received; 0 for a `NULL`
// or non-UTF-8 argument.
uint64_t idiligo_sandbox_request_count(const idiligo_sandbox *sandbox, const char *operation);

// A new builder with the defaults `idiligo_sandbox_start` uses: a free port of 127.0.0.1,
// the fake credentials `test-apikey-0000` / `agent@example.test` / `fake-password-1234` /
// `fake-ticket-5678`, tokens valid 24 h, `customErrors On`, documents converted at once and
// never failing, documents up to 64 MiB, POST bodies up to 4 MiB, ASP.NET request validation
// on, `CreateContact` requiring both names, no control API. Returns `NULL` only if memory ran out. Free with
// `idiligo_sandbox_builder_free`.
idiligo_sandbox_builder *idiligo_sandbox_builder_new(void);

// Frees a builder. `NULL` is a no-op.
void idiligo_sandbox_builder_free(idiligo_sandbox_builder *builder);

// The port on 127.0.0.1 to listen on (default 0: a free port, see `idiligo_sandbox_url`). A
// port in use makes `idiligo_sandbox_builder_start` fail with `IDILIGO_ERR_CONNECT`.
int32_t idiligo_sandbox_builder_set_port(idiligo_sandbox_builder *builder,
                                         uint16_t port,
                                         idiligo_error **err);

// The credentials the sandbox accepts: API key, user name, password (`Login`) and ticket
// (`Impersonate`). All four are required (use fake values: the sandbox is for tests) and
// copied; an empty one is an `IDILIGO_ERR_ARGUMENT`. `idiligo_sandbox_options` then points
// clients at them.
int32_t idiligo_sandbox_builder_set_credentials(idiligo_sandbox_builder *builder,
                                                const char *apikey,
                                                const char *username,
                                                const char *password,
                                                const char *ticket,
                                                idiligo_error **err);

// How long the tokens the sandbox issues stay valid, in milliseconds (default 24 h); after
// that the sandbox rejects them as the service does, and clients log in again. 0 is an
// `IDILIGO_ERR_ARGUMENT` (use `idiligo_sandbox_expire_tokens` to expire tokens at once).
int32_t idiligo_sandbox_builder_set_token_lifetime_ms(idiligo_sandbox_builder *builder,
                                                      uint64_t lifetime_ms,
                                                      idiligo_error **err);

// How faults are written: `IDILIGO_CUSTOM_ERRORS_ON` (default: the message only) or
// `IDILIGO_CUSTOM_ERRORS_OFF` (type, message, inner exceptions, stack trace). Any other value
// is an `IDILIGO_ERR_ARGUMENT`.
int32_t idiligo_sandbox_builder_set_custom_errors(idiligo_sandbox_builder *builder,
                                                  int32_t mode,
                                                  idiligo_error **err);

// How long the conversion of a stored document takes, in milliseconds (default 0: `READY`
// at once). Until then `GetDocumentStatus` answers `BUSY` and `GetDocumentProgress` the
// elapsed share (at most 99 %). Documents the participant uploads are ready at once.
int32_t idiligo_sandbox_builder_set_conversion_time_ms(idiligo_sandbox_builder *builder,
                                                       uint64_t time_ms,
                                                       idiligo_error **err);

// Documents whose file name contains `marker` (compared exactly, case-sensitive) end their
// conversion in `ERROR` instead of `READY` (default `""`: never). The string is copied.
int32_t idiligo_sandbox_builder_set_conversion_failure_marker(idiligo_sandbox_builder *builder,
                                                              const char *marker,
                                                              idiligo_error **err);

// The largest document the sandbox stores, in bytes (default 64 MiB): one fetched by
// `AddDocumentFromUrl` or sent as bytes; a larger one is refused with the service error
// `Document too large.` 0 is an `IDILIGO_ERR_ARGUMENT`.
int32_t idiligo_sandbox_builder_set_max_document_bytes(idiligo_sandbox_builder *builder,
                                                       uint64_t limit,
                                                       idiligo_error **err);

// ASP.NET request validation (default on, as on the real service): values containing `<`
// followed by a letter, `&#`, `<!`, `</` or `<?` are refused with "A potentially dangerous
// Request.Form value was detected".
int32_t idiligo_sandbox_builder_set_request_validation(idiligo_sandbox_builder *builder,
                                                       bool on,
                                                       idiligo_error **err);

// Whether `CreateContact` requires `firstName` and `lastName` (default true, as the
// four-parameter web method does); false also accepts the two-parameter form.
int32_t idiligo_sandbox_builder_set_require_contact_names(idiligo_sandbox_builder *builder,
                                                          bool required,
                                                          idiligo_error **err);

// The largest POST body the sandbox reads, in bytes (default 4,194,304: ASP.NET's default
// `maxRequestLength` of 4,096 KB); a larger request is refused with the service error
// `Maximum request length exceeded.`, as the real service refuses it. 0 is an
// `IDILIGO_ERR_ARGUMENT`.
int32_t idiligo_sandbox_builder_set_max_request_bytes(idiligo_sandbox_builder *builder,
                                                      size_t limit,
                                                      idiligo_error **err);

// Whether the sandbox also serves its control API under `{url}/_sandbox/` (default off): the
// hooks of `idiligo_sandbox_*` (host a file, act as the participant, inspect, faults,
// latency, token expiry, request counts) over HTTP with JSON answers, for test programs in
// another process. `GET {url}/_sandbox/` lists the endpoints.
int32_t idiligo_sandbox_builder_set_control_api(idiligo_sandbox_builder *builder,
                                                bool on,
                                                idiligo_error **err);

// Starts a sandbox with the builder's settings (copied). `*out` receives it; stop and free
// it with `idiligo_sandbox_stop`. Fails with `IDILIGO_ERR_CONNECT` when the port cannot be
// bound.
int32_t idiligo_sandbox_builder_start(const idiligo_sandbox_builder *builder,
                                      idiligo_sandbox **out,
                                      idiligo_error **err);

// The number of operations in the table (every operation of the 2016 WSDL plus those the
// current API guide adds). Operation `i` (0 ≤ i < count) is described by the other
// `idiligo_operation_*` functions; every string they return is static (valid for the life of
// the process, never freed).
size_t idiligo_operation_count(void);

// The index of the operation with this exact (case-sensitive) wire name: writes it to
// `*index_out` (if not `NULL`) and returns true; false for a name the table does not know
// (it can still be called with `idiligo_client_call`), `NULL` or invalid UTF-8.
bool idiligo_operation_find(const char *name, size_t *index_out);

// The wire name of operation `index` (`"GetCallValues"`), as `idiligo_client_call` takes it.
// Static; `NULL` if `index` is out of range.
const char *idiligo_operation_name(size_t index);

// The name of operation `index`'s typed function: `"get_call_values"` means
// `idiligo_client_get_call_values` (and Rust `Client::get_call_values`, Python
// `Client.get_call_values`, C# `Client.GetCallValues`). Static; `NULL` when the operation is
// reached through `idiligo_client_call` only, or if `index` is out of range.
const char *idiligo_operation_typed(size_t index);

// What operation `index` does, in one sentence (English). Static; `NULL` if out of range.
const char *idiligo_operation_summary(size_t index);

// What running operation `index` does, which decides its retry rule: `IDILIGO_EFFECT_READ`,
// `IDILIGO_EFFECT_WRITE` or `IDILIGO_EFFECT_CREATE`; -1 if `index` is out of range.
int32_t idiligo_operation_effect(size_t index);

// The bindings operation `index` is offered on: a combination of `IDILIGO_BINDINGS_SOAP`,
// `IDILIGO_BINDINGS_GET` and `IDILIGO_BINDINGS_POST`; 0 if `index` is out of range. The
// client speaks HTTP GET or POST (`idiligo_options_set_binding`): an operation offered on
// SOAP only is refused with `IDILIGO_ERR_ARGUMENT` before anything is sent.
uint32_t idiligo_operation_bindings(size_t index);

// Whether operation `index` takes the session token as its first parameter (every
// operation but `Login` and `Impersonate`); the client supplies it. False if out of range.
bool idiligo_operation_takes_token(size_t index);

// The XSD type of operation `index`'s answer (`"long"`, `"string"`, `"ArrayOfNameValue"`,
// `"CallDTO"` …): over HTTP the root element of the XML document `idiligo_client_call`
// returns. Static; `NULL` for a void answer (or if `index` is out of range).
const char *idiligo_operation_answer_type(size_t index);

// The number of parameters of operation `index`, the session `token` included (it is the
// first one of every operation that takes it); 0 if `index` is out of range.
size_t idiligo_operation_param_count(size_t index);

// The wire name of parameter `param` of operation `index` (`"callId"`), in wire order.
// Static; `NULL` if either index is out of range.
const char *idiligo_operation_param_name(size_t index, size_t param);

// The XSD type of parameter `param` of operation `index`: `"string"`, `"long"` (every id),
// `"int"`, `"boolean"`, `"float"`, `"decimal"`, `"base64Binary"` (bytes: one value per byte,
// each 0–255, over HTTP) or a complex type of the WSDL (`"ArrayOfString"`: one value per
// element; `"ArrayOfNameValue"`: SOAP only). Static; `NULL` if out of range.
const char *idiligo_operation_param_type(size_t index, size_t param);

// Whether parameter `param` of operation `index` is a secret (API key, password, ticket,
// token): masked in every message and log. False if out of range.
bool idiligo_operation_param_secret(size_t index, size_t param);

// Whether parameter `param` of operation `index` is a list (an `ArrayOf…` type or
// `base64Binary`): give `idiligo_client_call` its name once per element, in order. False if
// out of range.
bool idiligo_operation_param_is_array(size_t index, size_t param);

// Calls any operation by its wire name and returns the answer's XML document.
//
// `names[i]` = `values[i]` for `i < count` are the operation's parameters without the
// session token, which the client supplies (logging in as needed, and once more if the
// service rejects it); a name given several times is an array, its elements in order.
// `count` 0 allows `NULL` arrays. `flags` is a combination of `IDILIGO_CALL_REPEATABLE`,
// `IDILIGO_CALL_NO_TOKEN` and `IDILIGO_CALL_TOKEN` (0 for none); other bits, or both token
// flags, are an `IDILIGO_ERR_ARGUMENT`.
//
// For an operation of the table (`idiligo_operation_find`), the parameters are checked
// against its row first (names compared case-insensitively): an unknown name, a missing
// scalar, a scalar given twice or an array given no element is an `IDILIGO_ERR_ARGUMENT`
// whose message lists the operation's parameters, and nothing is sent; so is an operation
// the configured binding does not offer (`SetCallValues` is SOAP only). Any other name is
// sent as given (it must be a plain identifier: letters, digits, `_`), so operations newer
// than the table can be called too. A `token` parameter is refused.
//
// On success `*xml_out` receives the answer's whole XML document as an owned UTF-8 string
// (free with `idiligo_string_free`), or `NULL` when the operation answered void (HTTP 200,
// empty body). `xml_out` itself must not be `NULL`. Errors are mapped and redacted as for
// the typed functions; a failed attempt is repeated only when the request provably never
// left this machine, unless `IDILIGO_CALL_REPEATABLE` is given.
int32_t idiligo_client_call(const idiligo_client *client,
                            const char *operation,
                            const char *const *names,
                            const char *const *values,
                            size_t count,
                            uint32_t flags,
                            char **xml_out,
                            idiligo_error **err);

// Compares a WSDL (the text of `.../InsideService20.asmx?WSDL`, NUL-terminated UTF-8) with
// the SDK's operation table. On success `*out` receives a new report (free it with
// `idiligo_wsdl_report_free`), whatever the differences. `IDILIGO_ERR_PARSE` when the text is
// not XML or not a WSDL.
int32_t idiligo_wsdl_compare(const char *wsdl_text, idiligo_wsdl_report **out, idiligo_error **err);

// Fetches the service's live WSDL (`{endpoint}?WSDL`) with the client's TLS, proxy and
// timeout settings (no credentials needed: a client built from options without credentials
// will do) and compares it with the operation table. On success `*out` receives a new report.
int32_t idiligo_client_check_service(const idiligo_client *client,
                                     idiligo_wsdl_report **out,
                                     idiligo_error **err);

// Fetches the service's live WSDL text into `*out` (owned: free it with
// `idiligo_string_free`), with the client's TLS, proxy and timeout settings.
int32_t idiligo_client_fetch_wsdl(const idiligo_client *client, char **out, idiligo_error **err);

// Frees a report. `NULL` is a no-op.
void idiligo_wsdl_report_free(idiligo_wsdl_report *report);

// Whether the SDK matches the service: no difference but operations and types only the
// service has (`IDILIGO_WSDL_EXTRA_*`). `false` for `NULL`.
bool idiligo_wsdl_report_matches(const idiligo_wsdl_report *report);

// Number of differences (0 for `NULL`).
size_t idiligo_wsdl_report_len(const idiligo_wsdl_report *report);

// How many operations the service's WSDL offers (0 for `NULL`).
size_t idiligo_wsdl_report_service_operations(const idiligo_wsdl_report *report);

// How many operations the SDK's table has (0 for `NULL`).
size_t idiligo_wsdl_report_table_operations(const idiligo_wsdl_report *report);

// The kind of difference `index` (`IDILIGO_WSDL_*`); -1 for a bad `report`/`index`.
int32_t idiligo_wsdl_report_kind(const idiligo_wsdl_report *report, size_t index);

// Whether difference `index` makes the SDK mismatch (every kind but
// `IDILIGO_WSDL_EXTRA_OPERATION` and `IDILIGO_WSDL_EXTRA_TYPE`); `false` for a bad
// `report`/`index`.
bool idiligo_wsdl_report_is_mismatch(const idiligo_wsdl_report *report, size_t index);

// The kind of difference `index` as a stable lower-case name (`"parameters"`,
// `"missing_operation"` …). Borrowed; `NULL` for a bad `report`/`index`.
const char *idiligo_wsdl_report_kind_name(const idiligo_wsdl_report *report, size_t index);

// The operation or type difference `index` concerns. Borrowed; `NULL` for a bad
// `report`/`index`.
const char *idiligo_wsdl_report_subject(const idiligo_wsdl_report *report, size_t index);

// What the SDK's table says for difference `index` (`""` when it has nothing). Borrowed;
// `NULL` for a bad `report`/`index`.
const char *idiligo_wsdl_report_expected(const idiligo_wsdl_report *report, size_t index);

// What the service's WSDL says for difference `index` (`""` when it has nothing). Borrowed;
// `NULL` for a bad `report`/`index`.
const char *idiligo_wsdl_report_found(const idiligo_wsdl_report *report, size_t index);

// Difference `index` in one line of English. Borrowed; `NULL` for a bad `report`/`index`.
const char *idiligo_wsdl_report_message(const idiligo_wsdl_report *report, size_t index);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* IDILIGO_H */
