/*
 * Tests of the C ABI against the embedded sandbox: the full meeting flow and downloads, the
 * operation table (introspection, every operation through the call by name and every typed
 * function), the structured answers (every CallDTO member, name/value lists, meeting
 * results), every error path and every error accessor, the last-error mirror, and a
 * multi-threaded test sharing one client.
 *
 * Compiled as C11 and as C++17 with -Wall -Wextra -Werror, linked against the shared and the
 * static library, run under valgrind and ASan+UBSan by tests/c/run.sh. Prints
 * "N passed, M failed" and exits non-zero on any failure. Never prints a secret.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "idiligo.h"

static int g_pass = 0;
static int g_fail = 0;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (cond) {                                                                   \
            g_pass++;                                                                 \
        } else {                                                                      \
            g_fail++;                                                                 \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                             \
    } while (0)

/* Expects IDILIGO_OK; on failure prints the (secret-free) message and frees the error. */
#define OK(call) ok_at((call), &err, __LINE__)
static int ok_at(int32_t rc, idiligo_error **err, int line) {
    if (rc == IDILIGO_OK && *err == NULL) {
        g_pass++;
        return 1;
    }
    g_fail++;
    fprintf(stderr, "line %d: expected IDILIGO_OK, got %d: %s\n", line, rc,
            *err ? idiligo_error_message(*err, NULL) : "(no error object)");
    idiligo_error_free(*err);
    *err = NULL;
    return 0;
}

/* Expects `code` and an error object with the same code; leaves the error in *err. */
#define FAILS(call, code) fails_at((call), (code), &err, __LINE__)
static int fails_at(int32_t rc, int32_t code, idiligo_error **err, int line) {
    if (rc == code && *err != NULL && idiligo_error_code(*err) == code && idiligo_last_error_code() == code) {
        g_pass++;
        return 1;
    }
    g_fail++;
    fprintf(stderr, "line %d: expected status %d, got %d (%s)\n", line, code, rc,
            *err ? idiligo_error_message(*err, NULL) : "(no error object)");
    return 0;
}

static int contains(const char *hay, const char *needle) { return hay && needle && strstr(hay, needle) != NULL; }
static int streq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

/* Every message we saw, to check that no secret ever appears in one. */
static char g_messages[16384];
static void remember(const idiligo_error *e) {
    size_t used = strlen(g_messages);
    const char *m = idiligo_error_message(e, NULL);
    if (used + strlen(m) + 2 < sizeof g_messages) {
        strcat(g_messages, m);
        strcat(g_messages, "\n");
    }
}
#define DONE_WITH_ERR()        \
    do {                       \
        remember(err);         \
        idiligo_error_free(err); \
        err = NULL;            \
    } while (0)

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = (char *)malloc(1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    fclose(f);
    buf[n] = 0;
    *len = n;
    return buf;
}

static int file_exists(const char *path) { return access(path, F_OK) == 0; }

static void remove_tree(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    char p[1024];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(p);
        else
            unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

static size_t dir_entries(const char *dir) {
    DIR *d = opendir(dir);
    size_t n = 0;
    if (!d) return 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) n++;
    closedir(d);
    return n;
}

static idiligo_sandbox *g_sb = NULL;
static char g_tmp[256];

static idiligo_client *sandbox_client(void) {
    idiligo_error *err = NULL;
    idiligo_options *o = NULL;
    idiligo_client *c = NULL;
    OK(idiligo_sandbox_options(g_sb, &o, &err));
    OK(idiligo_client_new(o, &c, &err));
    idiligo_options_free(o);
    return c;
}

/* A client against the sandbox with no retries and short timeouts (for error paths). */
static idiligo_client *quick_client(const char *base_url, uint64_t request_timeout_ms) {
    idiligo_error *err = NULL;
    idiligo_options *o = NULL;
    idiligo_client *c = NULL;
    OK(idiligo_sandbox_options(g_sb, &o, &err));
    if (base_url) OK(idiligo_options_set_base_url(o, base_url, &err));
    OK(idiligo_options_set_retry(o, 0, 1, 1, &err));
    OK(idiligo_options_set_connect_timeout_ms(o, 2000, &err));
    OK(idiligo_options_set_request_timeout_ms(o, request_timeout_ms, &err));
    OK(idiligo_client_new(o, &c, &err));
    idiligo_options_free(o);
    return c;
}

/* ------------------------------------------------------------------ progress callbacks */

typedef struct {
    int calls;
    uint64_t last_done;
    uint64_t last_total;
    int cancel_after;
} progress_state;

static int32_t on_progress(void *user_data, uint64_t done, uint64_t total) {
    progress_state *p = (progress_state *)user_data;
    p->calls++;
    p->last_done = done;
    p->last_total = total;
    return (p->cancel_after > 0 && p->calls >= p->cancel_after) ? 1 : 0;
}

static int32_t wait_for_signed(void *user_data, const idiligo_attachments *list) {
    int *polls = (int *)user_data;
    (*polls)++;
    for (size_t i = 0; i < idiligo_attachments_len(list); i++) {
        int32_t s = 0;
        if (idiligo_attachments_sign_status(list, i, &s, NULL) == IDILIGO_OK && s == 2) return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ tests */

static void test_version(void) {
    CHECK(streq(idiligo_version(), IDILIGO_VERSION_STRING));
    char expect[64];
    snprintf(expect, sizeof expect, "%d.%d.%d", IDILIGO_VERSION_MAJOR, IDILIGO_VERSION_MINOR, IDILIGO_VERSION_PATCH);
    CHECK(streq(idiligo_version(), expect));
}

static void test_full_flow(void) {
    idiligo_error *err = NULL;
    idiligo_client *c = sandbox_client();
    static const char offer[] = "%PDF-1.4 offer for Jan";
    char *doc_url = NULL;
    OK(idiligo_sandbox_host_file(g_sb, "offer.pdf", (const uint8_t *)offer, sizeof offer - 1, &doc_url, &err));

    idiligo_meeting_request *rq = NULL;
    OK(idiligo_meeting_request_new("INTAKE", &rq, &err));
    OK(idiligo_meeting_request_set_participant(rq, "jan@example.com", "Jan", "Jansen", &err));
    OK(idiligo_meeting_request_add_value(rq, "PolicyNumber", "P-1234", &err));
    OK(idiligo_meeting_request_add_value(rq, "Remark", "caf\xc3\xa9 & co", &err));
    OK(idiligo_meeting_request_add_document(rq, doc_url, "offer.pdf", "crm-7", &err));
    OK(idiligo_meeting_request_set_return_url(rq, "https://crm.example.com/done", &err));
    idiligo_meeting *m = NULL;
    OK(idiligo_client_start_meeting(c, rq, &m, &err));
    idiligo_meeting_request_free(rq);
    CHECK(m != NULL);
    if (!m) {
        idiligo_string_free(doc_url);
        idiligo_client_free(c);
        return;
    }
    const char *call = idiligo_meeting_call_id(m);
    CHECK(call && *call);
    CHECK(idiligo_meeting_contact_id(m) && *idiligo_meeting_contact_id(m));
    CHECK(idiligo_meeting_public_id(m) && *idiligo_meeting_public_id(m));
    CHECK(contains(idiligo_meeting_agent_url(m), "/agent?callId="));
    CHECK(contains(idiligo_meeting_participant_url(m), "/client?id="));
    CHECK(idiligo_meeting_document_count(m) == 1);
    CHECK(streq(idiligo_meeting_document_external_id(m, 0), "crm-7"));
    CHECK(idiligo_meeting_document_id(m, 0) != NULL);
    CHECK(idiligo_meeting_document_id(m, 1) == NULL);

    char *purl = NULL;
    OK(idiligo_client_participant_url(c, idiligo_meeting_public_id(m), &purl, &err));
    CHECK(streq(purl, idiligo_meeting_participant_url(m)));
    idiligo_string_free(purl);

    /* The sandbox saw what we sent. */
    char *json = NULL;
    OK(idiligo_sandbox_inspect(g_sb, call, &json, &err));
    CHECK(contains(json, "\"script_code\":\"INTAKE\""));
    CHECK(contains(json, "[\"PolicyNumber\",\"P-1234\"]"));
    CHECK(contains(json, "[\"Remark\",\"caf\xc3\xa9 & co\"]"));
    CHECK(contains(json, "\"email\":\"jan@example.com\""));
    CHECK(contains(json, "\"external_id\":\"crm-7\""));
    idiligo_string_free(json);

    /* Attachments: all nine fields. */
    idiligo_attachments *list = NULL;
    OK(idiligo_client_get_attachments(c, call, &list, &err));
    CHECK(idiligo_attachments_len(list) == 1);
    CHECK(streq(idiligo_attachments_id(list, 0), idiligo_meeting_document_id(m, 0)));
    CHECK(streq(idiligo_attachments_description(list, 0), "offer.pdf"));
    CHECK(contains(idiligo_attachments_url(list, 0), "Download.ashx?id="));
    CHECK(idiligo_attachments_preview(list, 0) != NULL || idiligo_attachments_preview(list, 0) == NULL);
    bool attach = false;
    OK(idiligo_attachments_attach(list, 0, &attach, &err));
    CHECK(attach);
    CHECK(streq(idiligo_attachments_size(list, 0), "22"));
    uint64_t size = 0;
    OK(idiligo_attachments_size_bytes(list, 0, &size, &err));
    CHECK(size == sizeof offer - 1);
    CHECK(idiligo_attachments_date(list, 0) && *idiligo_attachments_date(list, 0));
    CHECK(idiligo_attachments_sign_url(list, 0) != NULL);
    int32_t sign_status = -1;
    OK(idiligo_attachments_sign_status(list, 0, &sign_status, &err));
    CHECK(sign_status == 0);
    CHECK(idiligo_attachments_saved_path(list, 0) == NULL);
    CHECK(idiligo_attachments_id(list, 1) == NULL);

    /* The participant uploads a file and signs the offer. */
    static const char passport[] = "JPEG passport bytes";
    char *up_id = NULL;
    OK(idiligo_sandbox_simulate_upload(g_sb, call, "passport.jpg", (const uint8_t *)passport, sizeof passport - 1,
                                       &up_id, &err));
    CHECK(up_id && *up_id);
    OK(idiligo_sandbox_simulate_sign(g_sb, call, idiligo_attachments_id(list, 0), &err));
    idiligo_attachments_free(list);
    list = NULL;

    /* Wait: by count, then by a callback condition (signed). */
    OK(idiligo_client_wait_for_attachments(c, call, 2, NULL, NULL, 5000, 10, &list, &err));
    CHECK(idiligo_attachments_len(list) == 2);
    idiligo_attachments_free(list);
    list = NULL;
    int polls = 0;
    OK(idiligo_client_wait_for_attachments(c, call, 0, wait_for_signed, &polls, 5000, 10, &list, &err));
    CHECK(polls >= 1);
    CHECK(idiligo_attachments_len(list) == 2);
    size_t uploaded = 99;
    for (size_t i = 0; i < idiligo_attachments_len(list); i++) {
        bool a = true;
        OK(idiligo_attachments_attach(list, i, &a, &err));
        if (!a) uploaded = i;
    }
    CHECK(uploaded < 2);

    /* Download the signed offer with progress. */
    char path[512];
    snprintf(path, sizeof path, "%s/offer-signed.pdf", g_tmp);
    progress_state ps = {0, 0, 0, 0};
    uint64_t written = 0;
    const char *offer_url = idiligo_attachments_url(list, uploaded == 0 ? 1 : 0);
    OK(idiligo_client_download_to_path(c, offer_url, path, on_progress, &ps, 0, &written, &err));
    size_t len = 0;
    char *bytes = read_file(path, &len);
    CHECK(bytes != NULL);
    CHECK(len == written && len > sizeof offer - 1);
    CHECK(bytes && memcmp(bytes, offer, sizeof offer - 1) == 0);
    CHECK(contains(bytes, "signed by jan@example.com"));
    free(bytes);
    CHECK(ps.calls >= 2);
    CHECK(ps.last_done == written);
    CHECK(ps.last_total == written || ps.last_total == 0);
    unlink(path);

    /* Without callback and with NULL bytes_out. */
    snprintf(path, sizeof path, "%s/passport.jpg", g_tmp);
    OK(idiligo_client_download_to_path(c, idiligo_attachments_url(list, uploaded), path, NULL, NULL, 0, NULL, &err));
    bytes = read_file(path, &len);
    CHECK(bytes && len == sizeof passport - 1 && memcmp(bytes, passport, len) == 0);
    free(bytes);
    unlink(path);
    idiligo_attachments_free(list);
    list = NULL;

    /* Download all into a fresh directory, twice: names never clobber. */
    char dir[512];
    snprintf(dir, sizeof dir, "%s/all", g_tmp);
    idiligo_attachments *saved = NULL;
    progress_state ps2 = {0, 0, 0, 0};
    OK(idiligo_client_download_all(c, call, dir, on_progress, &ps2, &saved, &err));
    CHECK(idiligo_attachments_len(saved) == 2);
    for (size_t i = 0; i < idiligo_attachments_len(saved); i++) {
        const char *p = idiligo_attachments_saved_path(saved, i);
        CHECK(p && file_exists(p));
        CHECK(idiligo_attachments_saved_bytes(saved, i) > 0);
    }
    CHECK(ps2.calls >= 2);
    idiligo_attachments_free(saved);
    saved = NULL;
    OK(idiligo_client_download_all(c, call, dir, NULL, NULL, &saved, &err));
    CHECK(idiligo_attachments_len(saved) == 2);
    CHECK(dir_entries(dir) == 4);
    idiligo_attachments_free(saved);
    remove_tree(dir);

    idiligo_meeting_free(m);
    idiligo_string_free(up_id);
    idiligo_string_free(doc_url);
    idiligo_client_free(c);
}

static void test_operations(void) {
    idiligo_error *err = NULL;
    idiligo_client *c = sandbox_client();
    const char *apikey = idiligo_sandbox_apikey(g_sb), *user = idiligo_sandbox_username(g_sb);

    char *endpoint = NULL;
    OK(idiligo_client_endpoint(c, &endpoint, &err));
    CHECK(contains(endpoint, "/InsideService20.asmx") && contains(endpoint, idiligo_sandbox_url(g_sb)));
    idiligo_string_free(endpoint);

    /* Login / Impersonate (the operations), and the session. */
    char *t1 = NULL, *t2 = NULL, *t3 = NULL;
    OK(idiligo_client_login_password(c, apikey, user, idiligo_sandbox_password(g_sb), &t1, &err));
    OK(idiligo_client_impersonate(c, apikey, user, idiligo_sandbox_ticket(g_sb), &t2, &err));
    CHECK(t1 && t2 && *t1 && *t2);
    OK(idiligo_client_login(c, &err));
    OK(idiligo_client_session_token(c, &t3, &err));
    CHECK(t3 && *t3);
    OK(idiligo_client_set_token(c, t1, &err));
    idiligo_string_free(t1);
    idiligo_string_free(t2);
    idiligo_string_free(t3);

    char *contact = NULL, *call = NULL, *pub = NULL, *agent = NULL, *doc = NULL, *url = NULL;
    OK(idiligo_client_create_contact(c, "piet@example.com", NULL, NULL, &contact, &err));
    OK(idiligo_client_create_call(c, "ONBOARDING", &call, &err));
    OK(idiligo_client_set_contact(c, call, contact, &err));
    OK(idiligo_client_get_public_call_id(c, call, &pub, &err));
    const char *names[] = {"A", "B"};
    const char *values[] = {"1", "two"};
    OK(idiligo_client_set_values(c, pub, names, values, 2, &err));
    OK(idiligo_client_set_values(c, pub, NULL, NULL, 0, &err));
    OK(idiligo_client_get_agent_url(c, call, "https://crm.example.com/back", &agent, &err));
    CHECK(contains(agent, "callId="));
    static const char body[] = "terms";
    OK(idiligo_sandbox_host_file(g_sb, "terms.pdf", (const uint8_t *)body, 5, &url, &err));
    OK(idiligo_client_add_document_from_url(c, url, "terms.pdf", "ext-1", &doc, &err));
    OK(idiligo_client_set_document_to_upload_action(c, call, "ext-1", doc, &err));
    char *json = NULL;
    OK(idiligo_sandbox_inspect(g_sb, call, &json, &err));
    CHECK(contains(json, "\"email\":\"piet@example.com\""));
    CHECK(contains(json, "[\"B\",\"two\"]"));
    CHECK(contains(json, "\"filename\":\"terms.pdf\""));
    CHECK(contains(json, "\"origin\":\"bound\"")); /* bound by the agent, not uploaded */
    idiligo_string_free(json);
    CHECK(idiligo_sandbox_request_count(g_sb, "SetValues") >= 1);
    CHECK(idiligo_sandbox_request_count(g_sb, NULL) == 0);

    /* Ticket credentials and the GET binding, through options. */
    idiligo_options *o = NULL;
    idiligo_client *c2 = NULL;
    OK(idiligo_sandbox_options(g_sb, &o, &err));
    OK(idiligo_options_set_ticket_credentials(o, apikey, user, idiligo_sandbox_ticket(g_sb), &err));
    OK(idiligo_options_set_binding(o, IDILIGO_BINDING_GET, &err));
    OK(idiligo_options_set_participant_base_url(o, "https://meet.example.com/", &err));
    OK(idiligo_options_set_token_lifetime_ms(o, 3600000, &err));
    OK(idiligo_options_set_stall_timeout_ms(o, 5000, &err));
    OK(idiligo_options_set_allow_insecure_http(o, false, &err));
    OK(idiligo_options_set_use_system_roots(o, true, &err));
    OK(idiligo_options_set_max_response_bytes(o, 1 << 20, &err));
    OK(idiligo_options_set_max_download_bytes(o, 1 << 20, &err));
    OK(idiligo_client_new(o, &c2, &err));
    char *pub2 = NULL, *purl = NULL;
    OK(idiligo_client_get_public_call_id(c2, call, &pub2, &err));
    CHECK(streq(pub, pub2));
    OK(idiligo_client_participant_url(c2, pub2, &purl, &err));
    CHECK(purl && strncmp(purl, "https://meet.example.com/client?id=", 35) == 0);
    CHECK(idiligo_sandbox_request_count(g_sb, "Impersonate") >= 1);
    idiligo_string_free(pub2);
    idiligo_string_free(purl);
    idiligo_client_free(c2);
    idiligo_options_free(o);

    /* The SOAP binding, through options. */
    idiligo_options *os = NULL;
    idiligo_client *cs = NULL;
    char *pub3 = NULL;
    uint64_t before = idiligo_sandbox_request_count(g_sb, "GetPublicCallId");
    OK(idiligo_sandbox_options(g_sb, &os, &err));
    OK(idiligo_options_set_binding(os, IDILIGO_BINDING_SOAP, &err));
    OK(idiligo_client_new(os, &cs, &err));
    OK(idiligo_client_get_public_call_id(cs, call, &pub3, &err));
    CHECK(streq(pub, pub3));
    CHECK(idiligo_sandbox_request_count(g_sb, "GetPublicCallId") == before + 1);
    idiligo_string_free(pub3);
    idiligo_client_free(cs);
    idiligo_options_free(os);

    /* NULL options means defaults (no credentials: the first call fails with AUTH... lazily). */
    idiligo_client *c3 = NULL;
    OK(idiligo_client_new(NULL, &c3, &err));
    idiligo_client_free(c3);

    idiligo_string_free(contact);
    idiligo_string_free(call);
    idiligo_string_free(pub);
    idiligo_string_free(agent);
    idiligo_string_free(doc);
    idiligo_string_free(url);
    idiligo_client_free(c);
}

static void test_null_and_utf8(void) {
    idiligo_error *err = NULL;
    idiligo_client *c = sandbox_client();
    char *sentinel = (char *)"untouched";
    char *out = sentinel;

    FAILS(idiligo_client_new(NULL, NULL, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err, NULL), "out is NULL"));
    CHECK(streq(idiligo_error_operation(err), "idiligo_client_new"));
    CHECK(streq(idiligo_error_kind(err), "invalid_argument"));
    DONE_WITH_ERR();
    FAILS(idiligo_client_create_call(NULL, "X", &out, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err, NULL), "client is NULL"));
    DONE_WITH_ERR();
    FAILS(idiligo_client_create_call(c, NULL, &out, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err, NULL), "script_code is NULL"));
    DONE_WITH_ERR();
    FAILS(idiligo_client_create_call(c, "X", NULL, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    CHECK(out == sentinel); /* out-parameters are written only on success */
    FAILS(idiligo_client_create_call(c, "\xff\xfe INTAKE", &out, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err, NULL), "not valid UTF-8"));
    CHECK(idiligo_error_http_status(err) == 0);
    CHECK(!idiligo_error_retryable(err));
    CHECK(idiligo_error_service_message(err, NULL) == NULL);
    CHECK(idiligo_error_meeting_step(err) == NULL);
    DONE_WITH_ERR();
    FAILS(idiligo_client_create_call(c, "", &out, &err), IDILIGO_ERR_ARGUMENT); /* core validation */
    DONE_WITH_ERR();
    CHECK(out == sentinel);
    const char *names[] = {"A"};
    FAILS(idiligo_client_set_values(c, "p", names, NULL, 1, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    const char *bad[] = {"A", NULL};
    const char *vals[] = {"1", "2"};
    FAILS(idiligo_client_set_values(c, "p", bad, vals, 2, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err, NULL), "names[1] is NULL"));
    DONE_WITH_ERR();
    FAILS(idiligo_options_set_base_url(NULL, "https://x", &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_sandbox_host_file(g_sb, "f", NULL, 3, &out, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_client_download_to_path(c, NULL, "/tmp/x", NULL, NULL, 0, NULL, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_meeting_request_new(NULL, NULL, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_client_start_meeting(c, NULL, NULL, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_sandbox_start(NULL, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();

    /* Enumerations are validated integers. */
    idiligo_options *o = idiligo_options_new();
    FAILS(idiligo_options_set_binding(o, 7, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_options_set_binding(o, -1, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_sandbox_inject_fault(g_sb, 99, NULL, 1, 0, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_sandbox_inject_fault(g_sb, IDILIGO_FAULT_STATUS, NULL, 1, 70000, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_options_set_retry(o, 1, 100, 10, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();

    /* Configuration errors surface at idiligo_client_new. */
    idiligo_client *c2 = NULL;
    OK(idiligo_options_set_base_url(o, "ftp://example.com", &err));
    FAILS(idiligo_client_new(o, &c2, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(streq(idiligo_error_operation(err), "configuration"));
    DONE_WITH_ERR();
    OK(idiligo_options_set_base_url(o, "http://example.com", &err));
    FAILS(idiligo_client_new(o, &c2, &err), IDILIGO_ERR_ARGUMENT); /* plain http off loopback */
    DONE_WITH_ERR();
    OK(idiligo_options_set_base_url(o, "https://example.com", &err));
    OK(idiligo_options_set_request_timeout_ms(o, 0, &err));
    FAILS(idiligo_client_new(o, &c2, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    OK(idiligo_options_set_request_timeout_ms(o, 1000, &err));
    OK(idiligo_options_add_ca_file(o, "/nonexistent/ca.pem", &err));
    int32_t rc = idiligo_client_new(o, &c2, &err);
    CHECK(rc == IDILIGO_ERR_IO || rc == IDILIGO_ERR_TLS);
    CHECK(c2 == NULL);
    DONE_WITH_ERR();
    idiligo_options_free(o);

    /* A proxy that does not exist: connect error, never the proxy credentials in messages. */
    idiligo_client *cp = quick_client(NULL, 2000);
    idiligo_client_free(cp);
    idiligo_options *po = NULL;
    OK(idiligo_sandbox_options(g_sb, &po, &err));
    OK(idiligo_options_set_proxy(po, "http://proxyuser:PROXY-SECRET-42@127.0.0.1:1", &err));
    OK(idiligo_options_set_retry(po, 0, 1, 1, &err));
    OK(idiligo_client_new(po, &cp, &err));
    idiligo_options_free(po);
    FAILS(idiligo_client_create_call(cp, "X", &out, &err), IDILIGO_ERR_CONNECT);
    CHECK(!contains(idiligo_error_message(err, NULL), "PROXY-SECRET-42"));
    DONE_WITH_ERR();
    idiligo_client_free(cp);

    /* err may be NULL: the status and the last-error mirror still tell. */
    CHECK(idiligo_client_create_call(c, NULL, &out, NULL) == IDILIGO_ERR_ARGUMENT);
    CHECK(idiligo_last_error_code() == IDILIGO_ERR_ARGUMENT);
    CHECK(out == sentinel);

    /* Free functions accept NULL. */
    idiligo_client_free(NULL);
    idiligo_options_free(NULL);
    idiligo_error_free(NULL);
    idiligo_string_free(NULL);
    idiligo_meeting_free(NULL);
    idiligo_meeting_request_free(NULL);
    idiligo_attachments_free(NULL);
    idiligo_sandbox_stop(NULL);
    /* Accessors accept NULL. */
    CHECK(idiligo_error_code(NULL) == IDILIGO_ERR_ARGUMENT);
    CHECK(streq(idiligo_error_message(NULL, NULL), ""));
    CHECK(streq(idiligo_error_kind(NULL), ""));
    CHECK(streq(idiligo_error_operation(NULL), ""));
    CHECK(idiligo_error_http_status(NULL) == 0);
    CHECK(!idiligo_error_retryable(NULL));
    CHECK(idiligo_error_partial_call_id(NULL) == NULL);
    CHECK(idiligo_attachments_len(NULL) == 0);
    CHECK(idiligo_attachments_url(NULL, 0) == NULL);
    CHECK(idiligo_meeting_call_id(NULL) == NULL);
    CHECK(idiligo_meeting_document_count(NULL) == 0);
    CHECK(idiligo_sandbox_url(NULL) == NULL);
    idiligo_client_free(c);
}

static void test_service_errors(void) {
    idiligo_error *err = NULL;
    char *out = NULL;
    idiligo_client *c = quick_client(NULL, 2000);

    /* Wrong credentials. */
    idiligo_options *o = NULL;
    idiligo_client *bad = NULL;
    OK(idiligo_sandbox_options(g_sb, &o, &err));
    OK(idiligo_options_set_password_credentials(o, idiligo_sandbox_apikey(g_sb), idiligo_sandbox_username(g_sb),
                                                "WRONG-PASSWORD-CANARY", &err));
    OK(idiligo_client_new(o, &bad, &err));
    idiligo_options_free(o);
    FAILS(idiligo_client_create_call(bad, "INTAKE", &out, &err), IDILIGO_ERR_AUTH);
    CHECK(streq(idiligo_error_kind(err), "auth"));
    CHECK(streq(idiligo_error_operation(err), "Login"));
    CHECK(contains(idiligo_error_service_message(err, NULL), "Invalid credentials"));
    CHECK(!contains(idiligo_error_message(err, NULL), "WRONG-PASSWORD-CANARY"));
    DONE_WITH_ERR();
    FAILS(idiligo_client_login(bad, &err), IDILIGO_ERR_AUTH);
    DONE_WITH_ERR();
    idiligo_client_free(bad);
    CHECK(out == NULL);

    /* Expired token: a client that has only a token cannot renew it. */
    char *token = NULL;
    OK(idiligo_client_session_token(c, &token, &err));
    idiligo_client *tok = NULL;
    o = idiligo_options_new();
    OK(idiligo_options_set_base_url(o, idiligo_sandbox_url(g_sb), &err));
    OK(idiligo_options_set_token(o, token, &err));
    OK(idiligo_options_set_retry(o, 0, 1, 1, &err));
    OK(idiligo_client_new(o, &tok, &err));
    idiligo_options_free(o);
    OK(idiligo_client_create_call(tok, "INTAKE", &out, &err));
    idiligo_string_free(out);
    out = NULL;
    OK(idiligo_sandbox_expire_tokens(g_sb, &err));
    FAILS(idiligo_client_create_call(tok, "INTAKE", &out, &err), IDILIGO_ERR_AUTH);
    CHECK(contains(idiligo_error_service_message(err, NULL), "oken"));
    if (!contains(idiligo_error_service_message(err, NULL), "oken")) fprintf(stderr, "%s\n", idiligo_error_message(err, NULL));
    CHECK(!contains(idiligo_error_message(err, NULL), token));
    DONE_WITH_ERR();
    idiligo_client_free(tok);
    /* ...while a client with credentials logs in again by itself. */
    OK(idiligo_client_create_call(c, "INTAKE", &out, &err));
    idiligo_string_free(out);
    out = NULL;
    idiligo_string_free(token);

    /* Service error. */
    FAILS(idiligo_client_get_public_call_id(c, "987654321", &out, &err), IDILIGO_ERR_SERVICE);
    CHECK(streq(idiligo_error_kind(err), "service"));
    CHECK(streq(idiligo_error_operation(err), "GetPublicCallId"));
    CHECK(idiligo_error_http_status(err) == 500);
    CHECK(streq(idiligo_error_service_message(err, NULL), "Unknown callId."));
    CHECK(contains(idiligo_error_message(err, NULL), "Unknown callId."));
    CHECK(!idiligo_error_retryable(err));
    /* The last-error mirror holds the same message. */
    size_t needed = 0;
    char buf[512];
    CHECK(idiligo_last_error_message(buf, sizeof buf, &needed) == IDILIGO_OK);
    CHECK(streq(buf, idiligo_error_message(err, NULL)));
    CHECK(needed == strlen(idiligo_error_message(err, NULL)) + 1);
    char small[8];
    CHECK(idiligo_last_error_message(small, sizeof small, &needed) == IDILIGO_ERR_ARGUMENT);
    CHECK(strlen(small) == 7 && strncmp(small, buf, 7) == 0);
    CHECK(idiligo_last_error_message(NULL, 0, &needed) == IDILIGO_ERR_ARGUMENT);
    CHECK(needed == strlen(buf) + 1);
    CHECK(idiligo_last_error_code() == IDILIGO_ERR_SERVICE); /* reading it does not clear it */
    DONE_WITH_ERR();

    /* HTTP error (a load balancer's 503), not retried here (max_retries 0). */
    OK(idiligo_sandbox_inject_fault(g_sb, IDILIGO_FAULT_STATUS, "CreateCall", 1, 503, &err));
    FAILS(idiligo_client_create_call(c, "INTAKE", &out, &err), IDILIGO_ERR_HTTP);
    CHECK(idiligo_error_http_status(err) == 503);
    CHECK(idiligo_error_retryable(err));
    CHECK(streq(idiligo_error_kind(err), "http"));
    DONE_WITH_ERR();
    /* A dropped connection. */
    OK(idiligo_sandbox_inject_fault(g_sb, IDILIGO_FAULT_DROP_CONNECTION, "GetPublicCallId", 1, 0, &err));
    int32_t rc = idiligo_client_get_public_call_id(c, "1", &out, &err);
    CHECK(rc == IDILIGO_ERR_TRANSPORT || rc == IDILIGO_ERR_CONNECT);
    DONE_WITH_ERR();
    OK(idiligo_sandbox_clear_faults(g_sb, &err));
    /* Success clears the mirror. */
    OK(idiligo_client_create_call(c, "INTAKE", &out, &err));
    CHECK(idiligo_last_error_code() == IDILIGO_OK);
    CHECK(idiligo_last_error_message(buf, sizeof buf, &needed) == IDILIGO_OK && buf[0] == 0 && needed == 1);

    /* Timeout: the sandbox sits on the answer longer than the request timeout. */
    idiligo_client *slow = quick_client(NULL, 300);
    char *tmp = NULL;
    OK(idiligo_client_create_call(slow, "INTAKE", &tmp, &err)); /* logs in first */
    idiligo_string_free(tmp);
    OK(idiligo_sandbox_inject_fault(g_sb, IDILIGO_FAULT_DELAY, "GetPublicCallId", 1, 1500, &err));
    FAILS(idiligo_client_get_public_call_id(slow, out, &tmp, &err), IDILIGO_ERR_TIMEOUT);
    CHECK(streq(idiligo_error_kind(err), "timeout"));
    CHECK(idiligo_error_retryable(err));
    DONE_WITH_ERR();
    idiligo_client_free(slow);

    /* Waiting that never comes true. */
    idiligo_attachments *list = NULL;
    FAILS(idiligo_client_wait_for_attachments(c, out, 5, NULL, NULL, 100, 20, &list, &err), IDILIGO_ERR_TIMEOUT);
    CHECK(streq(idiligo_error_operation(err), "wait_for_attachments"));
    DONE_WITH_ERR();
    CHECK(list == NULL);
    /* The core's wait rules (the same as Python's): zero timeout or poll interval is refused. */
    FAILS(idiligo_client_wait_for_attachments(c, out, 0, NULL, NULL, 0, 20, &list, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_client_wait_for_attachments(c, out, 0, NULL, NULL, 100, 0, &list, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    CHECK(list == NULL);
    idiligo_string_free(out);
    out = NULL;

    /* Unreachable server (nothing listens on port 1). */
    idiligo_client *down = quick_client("http://127.0.0.1:1", 1000);
    FAILS(idiligo_client_create_call(down, "INTAKE", &out, &err), IDILIGO_ERR_CONNECT);
    CHECK(streq(idiligo_error_kind(err), "connect"));
    CHECK(idiligo_error_retryable(err));
    DONE_WITH_ERR();
    idiligo_client_free(down);

    /* start_meeting failures keep what was created. */
    idiligo_meeting_request *rq = NULL;
    idiligo_meeting *m = NULL;
    OK(idiligo_meeting_request_new("INTAKE", &rq, &err));
    OK(idiligo_meeting_request_set_participant(rq, "kim@example.com", "Kim", NULL, &err));
    OK(idiligo_meeting_request_add_value(rq, "Html", "<b>bold</b>", &err)); /* ASP.NET request validation */
    FAILS(idiligo_client_start_meeting(c, rq, &m, &err), IDILIGO_ERR_SERVICE);
    CHECK(streq(idiligo_error_meeting_step(err), "SetValues"));
    CHECK(idiligo_error_partial_call_id(err) && *idiligo_error_partial_call_id(err));
    CHECK(idiligo_error_partial_contact_id(err) && *idiligo_error_partial_contact_id(err));
    CHECK(idiligo_error_partial_public_id(err) && *idiligo_error_partial_public_id(err));
    CHECK(streq(idiligo_error_operation(err), "SetValues"));
    char *json = NULL;
    if (idiligo_error_partial_call_id(err)) {
        idiligo_error *err2 = NULL;
        ok_at(idiligo_sandbox_inspect(g_sb, idiligo_error_partial_call_id(err), &json, &err2), &err2, __LINE__);
        CHECK(contains(json, "kim@example.com"));
        idiligo_string_free(json);
    }
    DONE_WITH_ERR();
    CHECK(m == NULL);
    idiligo_meeting_request_free(rq);
    OK(idiligo_meeting_request_new("INTAKE", &rq, &err));
    OK(idiligo_sandbox_inject_fault(g_sb, IDILIGO_FAULT_STATUS, "GetAgentUrl", 1, 502, &err));
    FAILS(idiligo_client_start_meeting(c, rq, &m, &err), IDILIGO_ERR_HTTP);
    CHECK(streq(idiligo_error_meeting_step(err), "GetAgentUrl"));
    CHECK(idiligo_error_partial_call_id(err) != NULL);
    CHECK(idiligo_error_partial_contact_id(err) == NULL);
    CHECK(idiligo_error_partial_public_id(err) != NULL);
    DONE_WITH_ERR();
    idiligo_meeting_request_free(rq);
    OK(idiligo_meeting_request_new("", &rq, &err));
    FAILS(idiligo_client_start_meeting(c, rq, &m, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(streq(idiligo_error_meeting_step(err), "validate"));
    CHECK(idiligo_error_partial_call_id(err) == NULL);
    DONE_WITH_ERR();
    idiligo_meeting_request_free(rq);
    idiligo_client_free(c);
}

static void test_download_errors(void) {
    idiligo_error *err = NULL;
    idiligo_client *c = quick_client(NULL, 5000);
    char *call = NULL, *doc = NULL;
    OK(idiligo_client_create_call(c, "INTAKE", &call, &err));
    static char big[200000];
    for (size_t i = 0; i < sizeof big; i++) big[i] = (char)('a' + i % 26);
    OK(idiligo_sandbox_simulate_upload(g_sb, call, "big.bin", (const uint8_t *)big, sizeof big, &doc, &err));
    idiligo_attachments *list = NULL;
    OK(idiligo_client_get_attachments(c, call, &list, &err));
    const char *url = idiligo_attachments_url(list, 0);
    char path[512];
    snprintf(path, sizeof path, "%s/big.bin", g_tmp);

    /* Cancel from the callback: no file left behind. */
    progress_state ps = {0, 0, 0, 2};
    uint64_t written = 12345;
    FAILS(idiligo_client_download_to_path(c, url, path, on_progress, &ps, 0, &written, &err), IDILIGO_ERR_CANCELLED);
    CHECK(streq(idiligo_error_kind(err), "cancelled"));
    DONE_WITH_ERR();
    CHECK(ps.calls == 2);
    CHECK(written == 12345);
    CHECK(!file_exists(path));
    CHECK(dir_entries(g_tmp) == 0);

    /* Over-size download. */
    FAILS(idiligo_client_download_to_path(c, url, path, NULL, NULL, 1000, NULL, &err), IDILIGO_ERR_TOO_LARGE);
    CHECK(streq(idiligo_error_kind(err), "too_large"));
    CHECK(streq(idiligo_error_operation(err), "Download"));
    DONE_WITH_ERR();
    CHECK(!file_exists(path));
    CHECK(dir_entries(g_tmp) == 0);

    /* The full download works, and a truncated body is an error that leaves nothing. */
    OK(idiligo_client_download_to_path(c, url, path, NULL, NULL, 0, &written, &err));
    CHECK(written == sizeof big);
    unlink(path);
    OK(idiligo_sandbox_inject_fault(g_sb, IDILIGO_FAULT_TRUNCATED_BODY, "Download", 1, 0, &err));
    int32_t rc = idiligo_client_download_to_path(c, url, path, NULL, NULL, 0, NULL, &err);
    CHECK(rc == IDILIGO_ERR_TRANSPORT || rc == IDILIGO_ERR_HTTP || rc == IDILIGO_ERR_TIMEOUT);
    DONE_WITH_ERR();
    CHECK(!file_exists(path));

    /* Local I/O error: a directory that does not exist. */
    FAILS(idiligo_client_download_to_path(c, url, "/nonexistent-dir/x/y.bin", NULL, NULL, 0, NULL, &err),
          IDILIGO_ERR_IO);
    DONE_WITH_ERR();
    /* Not an http(s) URL. */
    FAILS(idiligo_client_download_to_path(c, "file:///etc/passwd", path, NULL, NULL, 0, NULL, &err),
          IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    /* Cancel in download_all. */
    char dir[512];
    snprintf(dir, sizeof dir, "%s/all", g_tmp);
    idiligo_attachments *saved = NULL;
    progress_state ps2 = {0, 0, 0, 1};
    FAILS(idiligo_client_download_all(c, call, dir, on_progress, &ps2, &saved, &err), IDILIGO_ERR_CANCELLED);
    DONE_WITH_ERR();
    CHECK(saved == NULL);
    CHECK(dir_entries(dir) == 0);
    remove_tree(dir);

    /* Attachment accessor errors. */
    bool b = false;
    FAILS(idiligo_attachments_attach(list, 5, &b, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err, NULL), "out of range"));
    DONE_WITH_ERR();
    FAILS(idiligo_attachments_attach(list, 0, NULL, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();

    idiligo_attachments_free(list);
    idiligo_string_free(call);
    idiligo_string_free(doc);
    idiligo_client_free(c);
}

/* ------------------------------------------------------------------ the operation table */

/* Everything an operation of the table may need, created fresh for each operation. */
typedef struct {
    char *contact, *call, *pub, *url, *doc;
} fixture;

static void fixture_new(idiligo_client *c, fixture *fx) {
    idiligo_error *err = NULL;
    static const char body[] = "%PDF-1.4 fixture";
    memset(fx, 0, sizeof *fx);
    OK(idiligo_client_create_contact(c, "fixture@example.com", "Fix", "Ture", &fx->contact, &err));
    OK(idiligo_client_create_call(c, "INTAKE", &fx->call, &err));
    OK(idiligo_client_set_contact(c, fx->call, fx->contact, &err));
    OK(idiligo_client_get_public_call_id(c, fx->call, &fx->pub, &err));
    OK(idiligo_sandbox_host_file(g_sb, "fixture.pdf", (const uint8_t *)body, sizeof body - 1, &fx->url, &err));
    OK(idiligo_client_add_document_from_url(c, fx->url, "fixture.pdf", "ext-1", &fx->doc, &err));
}

static void fixture_free(fixture *fx) {
    idiligo_string_free(fx->contact);
    idiligo_string_free(fx->call);
    idiligo_string_free(fx->pub);
    idiligo_string_free(fx->url);
    idiligo_string_free(fx->doc);
}

/* A valid value list for one parameter, derived from its name and XSD type; returns how
 * many values (several for an array). */
static size_t param_values(const fixture *fx, const char *op, const char *name, const char *type,
                           const char **out) {
    if (streq(type, "base64Binary")) { /* "%PDF": one value per byte */
        out[0] = "37", out[1] = "80", out[2] = "68", out[3] = "70";
        return 4;
    }
    if (strncmp(type, "ArrayOf", 7) == 0) {
        if (streq(name, "names")) {
            out[0] = "A", out[1] = "B";
        } else {
            out[0] = "1", out[1] = "2";
        }
        return 2;
    }
    if (streq(type, "long")) {
        out[0] = streq(name, "callId")       ? fx->call
                 : streq(name, "contactId")  ? fx->contact
                 : streq(name, "documentId") ? fx->doc
                                             : "1";
        return 1;
    }
    if (streq(type, "int")) return out[0] = "1", 1;
    if (streq(type, "boolean")) return out[0] = "true", 1;
    if (streq(type, "float")) return out[0] = "1.5", 1;
    if (streq(type, "decimal")) return out[0] = "1", 1;
    /* strings */
    const int login = streq(op, "Login") || streq(op, "Impersonate");
    if (streq(name, "publicId")) out[0] = fx->pub;
    else if (streq(name, "apikey")) out[0] = idiligo_sandbox_apikey(g_sb);
    else if (streq(name, "username") && login) out[0] = idiligo_sandbox_username(g_sb);
    else if (streq(name, "username")) out[0] = "newuser";
    else if (streq(name, "password") && login) out[0] = idiligo_sandbox_password(g_sb);
    else if (streq(name, "password")) out[0] = "new-user-password-0000";
    else if (streq(name, "ticket")) out[0] = idiligo_sandbox_ticket(g_sb);
    else if (streq(name, "email") || streq(name, "to") || streq(name, "mail")) out[0] = "someone@example.com";
    else if (streq(name, "url")) out[0] = fx->url;
    else if (streq(name, "returnUrl")) out[0] = "https://crm.example.com/back";
    else if (streq(name, "filename")) out[0] = "document.pdf";
    else if (streq(name, "trajectCode")) out[0] = "INTAKE";
    else if (streq(name, "templateCode")) out[0] = "INVITE";
    else if (streq(name, "language")) out[0] = "en";
    else if (streq(name, "attachments")) out[0] = "";
    else out[0] = "v";
    return 1;
}

/* The XML document's root element is <type ...> (after an optional declaration). */
static int root_is(const char *xml, const char *type) {
    if (!xml) return 0;
    const char *p = xml;
    if (strncmp(p, "\xef\xbb\xbf", 3) == 0) p += 3;
    while (*p == ' ' || *p == '\r' || *p == '\n' || *p == '\t') p++;
    if (strncmp(p, "<?xml", 5) == 0) {
        p = strstr(p, "?>");
        if (!p) return 0;
        p += 2;
    }
    while (*p == ' ' || *p == '\r' || *p == '\n' || *p == '\t') p++;
    size_t n = strlen(type);
    return p[0] == '<' && strncmp(p + 1, type, n) == 0 && (p[1 + n] == ' ' || p[1 + n] == '>' || p[1 + n] == '/');
}

/* Calls typed function `typed` with valid arguments from the fixture and checks its answer;
 * returns 0 when this test has no case for the name. */
static int call_typed(idiligo_client *c, const char *typed, const fixture *fx) {
    idiligo_error *err = NULL;
    char *s = NULL;
    const char *apikey = idiligo_sandbox_apikey(g_sb), *user = idiligo_sandbox_username(g_sb);
    if (streq(typed, "login_password")) {
        OK(idiligo_client_login_password(c, apikey, user, idiligo_sandbox_password(g_sb), &s, &err));
        CHECK(s && strlen(s) > 8);
    } else if (streq(typed, "impersonate")) {
        OK(idiligo_client_impersonate(c, apikey, user, idiligo_sandbox_ticket(g_sb), &s, &err));
        CHECK(s && strlen(s) > 8);
    } else if (streq(typed, "create_contact")) {
        OK(idiligo_client_create_contact(c, "typed@example.com", "T", "Y", &s, &err));
        CHECK(s && *s && !streq(s, fx->contact));
    } else if (streq(typed, "create_call")) {
        OK(idiligo_client_create_call(c, "INTAKE", &s, &err));
        CHECK(s && *s && !streq(s, fx->call));
    } else if (streq(typed, "set_contact")) {
        OK(idiligo_client_set_contact(c, fx->call, fx->contact, &err));
    } else if (streq(typed, "get_agent_url")) {
        OK(idiligo_client_get_agent_url(c, fx->call, NULL, &s, &err));
        CHECK(contains(s, fx->call));
    } else if (streq(typed, "get_public_call_id")) {
        OK(idiligo_client_get_public_call_id(c, fx->call, &s, &err));
        CHECK(streq(s, fx->pub));
    } else if (streq(typed, "set_values")) {
        const char *n[] = {"Typed"}, *v[] = {"yes"};
        OK(idiligo_client_set_values(c, fx->pub, n, v, 1, &err));
    } else if (streq(typed, "add_document_from_url")) {
        OK(idiligo_client_add_document_from_url(c, fx->url, "typed.pdf", "ext-typed", &s, &err));
        CHECK(s && *s && !streq(s, fx->doc));
    } else if (streq(typed, "set_document_to_upload_action")) {
        OK(idiligo_client_set_document_to_upload_action(c, fx->call, "ext-1", fx->doc, &err));
    } else if (streq(typed, "get_attachments")) {
        idiligo_attachments *l = NULL;
        OK(idiligo_client_get_attachments(c, fx->call, &l, &err));
        CHECK(l != NULL);
        idiligo_attachments_free(l);
    } else if (streq(typed, "get_call_values")) {
        idiligo_name_values *l = NULL;
        OK(idiligo_client_get_call_values(c, fx->call, &l, &err));
        CHECK(l != NULL);
        idiligo_name_values_free(l);
    } else if (streq(typed, "set_value")) {
        OK(idiligo_client_set_value(c, fx->pub, "Typed", "one", &err));
    } else if (streq(typed, "set_comment")) {
        OK(idiligo_client_set_comment(c, fx->call, "typed comment", &err));
    } else if (streq(typed, "get_call")) {
        idiligo_call_record *r = NULL;
        OK(idiligo_client_get_call(c, fx->call, &r, &err));
        CHECK(streq(idiligo_call_record_call_id(r), fx->call));
        idiligo_call_record_free(r);
    } else if (streq(typed, "get_call_by_public_id")) {
        idiligo_call_record *r = NULL;
        OK(idiligo_client_get_call_by_public_id(c, fx->pub, &r, &err));
        CHECK(streq(idiligo_call_record_public_id(r), fx->pub));
        idiligo_call_record_free(r);
    } else if (streq(typed, "end_call")) {
        OK(idiligo_client_end_call(c, fx->call, "https://crm.example.com/ended", &s, &err));
        CHECK(streq(s, "https://crm.example.com/ended"));
    } else if (streq(typed, "add_document_from_bytes")) {
        static const uint8_t bytes[] = {'%', 'P', 'D', 'F'};
        OK(idiligo_client_add_document_from_bytes(c, "typed-bytes.pdf", bytes, sizeof bytes, NULL, &s, &err));
        CHECK(s && *s && !streq(s, fx->doc));
    } else if (streq(typed, "add_document_to_call")) {
        OK(idiligo_client_add_document_to_call(c, fx->call, fx->doc, NULL, &s, &err));
        CHECK(streq(s, fx->doc)); /* the contract: the answer is the document id */
    } else if (streq(typed, "get_document_status")) {
        int32_t status = -1;
        OK(idiligo_client_get_document_status(c, fx->doc, &status, &s, &err));
        CHECK(status == IDILIGO_DOCUMENT_READY && streq(s, "READY"));
    } else if (streq(typed, "get_document_progress")) {
        int32_t status = -1;
        double pct = -1;
        OK(idiligo_client_get_document_progress(c, fx->doc, &status, &pct, NULL, &err));
        CHECK(status == IDILIGO_DOCUMENT_READY && pct == 100.0);
    } else if (streq(typed, "delete_document")) {
        /* The call by name has just deleted fx->doc: a fresh document, deleted twice. */
        static const uint8_t bytes[] = {'%', 'P', 'D', 'F'};
        bool deleted = false;
        OK(idiligo_client_add_document_from_bytes(c, "typed-delete.pdf", bytes, sizeof bytes, NULL, &s, &err));
        OK(idiligo_client_delete_document(c, s, &deleted, &err));
        CHECK(deleted);
        OK(idiligo_client_delete_document(c, s, &deleted, &err));
        CHECK(!deleted);
    } else if (streq(typed, "set_call_values")) {
        /* SOAP only: a SOAP client of the same sandbox. */
        idiligo_options *o = NULL;
        idiligo_client *soap = NULL;
        OK(idiligo_sandbox_options(g_sb, &o, &err));
        OK(idiligo_options_set_binding(o, IDILIGO_BINDING_SOAP, &err));
        OK(idiligo_client_new(o, &soap, &err));
        idiligo_options_free(o);
        const char *n[] = {"TypedSoap"}, *v[] = {"<i>yes</i>"};
        bool stored = false;
        OK(idiligo_client_set_call_values(soap, fx->call, n, v, 1, &stored, &err));
        CHECK(stored);
        idiligo_client_free(soap);
    } else if (streq(typed, "send_mail")) {
        bool sent = false;
        OK(idiligo_client_send_mail(c, fx->call, "jan@example.com", "INVITE", NULL, &sent, &err));
        CHECK(sent);
    } else {
        return 0;
    }
    idiligo_string_free(s);
    return 1;
}

/* download_all with a report: go on after a failure, resume by attachment id. */
static void test_download_report(void) {
    idiligo_error *err = NULL;
    idiligo_client *c = quick_client(NULL, 5000);
    char *call = NULL;
    char dir[512];
    idiligo_download_report *r = NULL;
    OK(idiligo_client_create_call(c, "INTAKE", &call, &err));
    OK(idiligo_sandbox_simulate_upload(g_sb, call, "one.pdf", (const uint8_t *)"one", 3, NULL, &err));
    OK(idiligo_sandbox_simulate_upload(g_sb, call, "two.pdf", (const uint8_t *)"two", 3, NULL, &err));
    snprintf(dir, sizeof dir, "%s/report", g_tmp);
    /* Unknown flags are refused. */
    FAILS(idiligo_client_download_all_report(c, call, dir, 4, NULL, NULL, &r, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    CHECK(r == NULL);
    /* The first download answers 503; the run goes on and says so. */
    OK(idiligo_sandbox_inject_fault(g_sb, IDILIGO_FAULT_STATUS, "Download", 1, 503, &err));
    OK(idiligo_client_download_all_report(c, call, dir, IDILIGO_DOWNLOAD_CONTINUE | IDILIGO_DOWNLOAD_RESUME, NULL,
                                          NULL, &r, &err));
    const idiligo_attachments *list = idiligo_download_report_attachments(r);
    CHECK(idiligo_attachments_len(list) == 2);
    CHECK(streq(idiligo_download_report_outcome(r, 0), "failed"));
    CHECK(streq(idiligo_download_report_outcome(r, 1), "saved"));
    CHECK(idiligo_download_report_outcome(r, 2) == NULL);
    CHECK(idiligo_error_code(idiligo_download_report_error(r, 0)) == IDILIGO_ERR_HTTP);
    CHECK(idiligo_error_http_status(idiligo_download_report_error(r, 0)) == 503);
    CHECK(idiligo_download_report_error(r, 1) == NULL);
    CHECK(idiligo_attachments_saved_path(list, 0) == NULL);
    CHECK(contains(idiligo_attachments_saved_path(list, 1), "two.pdf"));
    CHECK(idiligo_attachments_saved_bytes(list, 1) == 3);
    CHECK(!idiligo_download_report_complete(r));
    CHECK(idiligo_download_report_manifest_error(r) == NULL);
    idiligo_download_report_free(r);
    r = NULL;
    /* The rerun fetches only the missing one. */
    uint64_t before = idiligo_sandbox_request_count(g_sb, "Download");
    OK(idiligo_client_download_all_report(c, call, dir, IDILIGO_DOWNLOAD_RESUME, NULL, NULL, &r, &err));
    CHECK(streq(idiligo_download_report_outcome(r, 0), "saved"));
    CHECK(streq(idiligo_download_report_outcome(r, 1), "already_present"));
    CHECK(contains(idiligo_attachments_saved_path(idiligo_download_report_attachments(r), 1), "two.pdf"));
    CHECK(idiligo_download_report_complete(r));
    CHECK(idiligo_sandbox_request_count(g_sb, "Download") - before == 1);
    CHECK(dir_entries(dir) == 3); /* one.pdf, two.pdf and the manifest */
    idiligo_download_report_free(r);
    idiligo_download_report_free(NULL);
    CHECK(idiligo_download_report_outcome(NULL, 0) == NULL && !idiligo_download_report_complete(NULL));
    remove_tree(dir);
    idiligo_string_free(call);
    idiligo_client_free(c);
}

static void test_table_introspection(void) {
    size_t n = idiligo_operation_count();
    CHECK(n >= 52);
    size_t typed = 0, index = 99;
    CHECK(idiligo_operation_find("GetCallValues", &index));
    CHECK(streq(idiligo_operation_name(index), "GetCallValues"));
    CHECK(streq(idiligo_operation_typed(index), "get_call_values"));
    CHECK(idiligo_operation_effect(index) == IDILIGO_EFFECT_READ);
    CHECK(idiligo_operation_bindings(index) == (IDILIGO_BINDINGS_SOAP | IDILIGO_BINDINGS_GET | IDILIGO_BINDINGS_POST));
    CHECK(idiligo_operation_takes_token(index));
    CHECK(streq(idiligo_operation_answer_type(index), "ArrayOfNameValue"));
    CHECK(idiligo_operation_param_count(index) == 2);
    CHECK(streq(idiligo_operation_param_name(index, 0), "token") && idiligo_operation_param_secret(index, 0));
    CHECK(streq(idiligo_operation_param_name(index, 1), "callId") && !idiligo_operation_param_secret(index, 1));
    CHECK(streq(idiligo_operation_param_type(index, 1), "long"));
    CHECK(idiligo_operation_param_name(index, 2) == NULL && idiligo_operation_param_type(index, 2) == NULL);
    CHECK(contains(idiligo_operation_summary(index), "values"));
    CHECK(idiligo_operation_find("SetValues", &index) && idiligo_operation_param_is_array(index, 2));
    CHECK(!idiligo_operation_param_is_array(index, 1));
    CHECK(idiligo_operation_answer_type(index) == NULL); /* void */
    CHECK(idiligo_operation_find("CreateCall", &index) && idiligo_operation_effect(index) == IDILIGO_EFFECT_CREATE);
    CHECK(idiligo_operation_find("SetComment", &index) && idiligo_operation_effect(index) == IDILIGO_EFFECT_WRITE);
    CHECK(idiligo_operation_find("SetCallValues", &index) && idiligo_operation_bindings(index) == IDILIGO_BINDINGS_SOAP);
    CHECK(idiligo_operation_find("Login", &index) && !idiligo_operation_takes_token(index) && index == 0);
    index = 77;
    CHECK(!idiligo_operation_find("getcallvalues", &index) && index == 77); /* case-sensitive */
    CHECK(!idiligo_operation_find("NoSuchOperation", NULL) && !idiligo_operation_find(NULL, &index));
    CHECK(idiligo_operation_name(n) == NULL && idiligo_operation_typed(n) == NULL);
    CHECK(idiligo_operation_effect(n) == -1 && idiligo_operation_bindings(n) == 0 && idiligo_operation_param_count(n) == 0);
    for (size_t i = 0; i < n; i++) {
        const char *name = idiligo_operation_name(i);
        CHECK(name && *name);
        CHECK(idiligo_operation_find(name, &index) && index == i);
        CHECK(idiligo_operation_takes_token(i) == streq(idiligo_operation_param_name(i, 0), "token"));
        if (idiligo_operation_typed(i)) typed++;
    }
    CHECK(typed == 24);
}

/* Every operation of the table, through the call by name (and the typed functions through
 * their own function too), against the sandbox: each must give a real answer. */
static void test_every_operation(void) {
    idiligo_error *err = NULL;
    idiligo_client *c = quick_client(NULL, 10000);
    size_t n = idiligo_operation_count(), typed_seen = 0, typed_total = 0;
    for (size_t i = 0; i < n; i++) {
        const char *op = idiligo_operation_name(i);
        fixture fx;
        fixture_new(c, &fx);
        const char *names[32], *values[32];
        size_t count = 0;
        for (size_t p = idiligo_operation_takes_token(i) ? 1 : 0; p < idiligo_operation_param_count(i); p++) {
            const char *vals[8];
            size_t k = param_values(&fx, op, idiligo_operation_param_name(i, p), idiligo_operation_param_type(i, p), vals);
            for (size_t j = 0; j < k && count < 32; j++) {
                names[count] = idiligo_operation_param_name(i, p);
                values[count++] = vals[j];
            }
        }
        char *xml = (char *)"unset";
        uint32_t flags = idiligo_operation_effect(i) == IDILIGO_EFFECT_CREATE ? 0 : IDILIGO_CALL_REPEATABLE;
        int32_t rc = idiligo_client_call(c, op, names, values, count, flags, &xml, &err);
        if (!(idiligo_operation_bindings(i) & IDILIGO_BINDINGS_POST)) {
            /* SOAP only: refused before anything is sent, naming the binding. */
            if (!(rc == IDILIGO_ERR_ARGUMENT && contains(idiligo_error_message(err, NULL), "SOAP only")))
                fprintf(stderr, "%s: expected the SOAP-only refusal, got %d\n", op, rc);
            CHECK(rc == IDILIGO_ERR_ARGUMENT && contains(idiligo_error_message(err, NULL), "SOAP only"));
            DONE_WITH_ERR();
        } else if (rc != IDILIGO_OK) {
            g_fail++;
            fprintf(stderr, "%s by name: status %d: %s\n", op, rc, idiligo_error_message(err, NULL));
            DONE_WITH_ERR();
        } else {
            const char *answer = idiligo_operation_answer_type(i);
            int good = answer ? root_is(xml, answer) : xml == NULL;
            if (!good) fprintf(stderr, "%s by name: expected <%s>, got %s\n", op, answer ? answer : "(void)", xml ? xml : "NULL");
            CHECK(good);
            if (xml) idiligo_string_free(xml);
        }
        const char *typed = idiligo_operation_typed(i);
        if (typed) {
            typed_total++;
            if (call_typed(c, typed, &fx))
                typed_seen++;
            else
                fprintf(stderr, "no C test case for the typed function idiligo_client_%s\n", typed);
        }
        fixture_free(&fx);
    }
    CHECK(typed_total > 0 && typed_seen == typed_total);
    idiligo_client_free(c);
}

static void test_call_by_name_rules(void) {
    idiligo_error *err = NULL;
    idiligo_client *c = quick_client(NULL, 5000);
    char *call = NULL, *xml = NULL, *pub = NULL;
    char *sentinel = (char *)"untouched";
    OK(idiligo_client_create_call(c, "INTAKE", &call, &err));
    OK(idiligo_client_get_public_call_id(c, call, &pub, &err));
    /* A scalar answer is the whole XML document, parameter names case-insensitive. */
    const char *n1[] = {"CALLID"}, *v1[] = {call};
    OK(idiligo_client_call(c, "GetPublicCallId", n1, v1, 1, IDILIGO_CALL_REPEATABLE, &xml, &err));
    CHECK(root_is(xml, "string") && contains(xml, pub));
    idiligo_string_free(xml);
    xml = sentinel;
    /* A void answer is NULL. */
    char *contact = NULL;
    OK(idiligo_client_create_contact(c, "void@example.com", NULL, NULL, &contact, &err));
    const char *n2[] = {"callId", "contactId"}, *v2[] = {call, contact};
    OK(idiligo_client_call(c, "SetContact", n2, v2, 2, 0, &xml, &err));
    CHECK(xml == NULL);
    /* Arrays are repeated names, in order. */
    const char *n3[] = {"publicId", "names", "values", "names", "values"};
    const char *v3[] = {pub, "K1", "v1", "K2", "v2"};
    xml = sentinel;
    OK(idiligo_client_call(c, "SetValues", n3, v3, 5, 0, &xml, &err));
    CHECK(xml == NULL);
    char *json = NULL;
    OK(idiligo_sandbox_inspect(g_sb, call, &json, &err));
    CHECK(contains(json, "[\"K1\",\"v1\"],[\"K2\",\"v2\"]"));
    idiligo_string_free(json);

    /* Checked against the row before sending: the message lists the parameters. */
    uint64_t before = idiligo_sandbox_request_count(g_sb, "GetPublicCallId");
    xml = sentinel;
    const char *bad[] = {"callid", "nope"}, *bv[] = {call, "x"};
    FAILS(idiligo_client_call(c, "GetPublicCallId", bad, bv, 2, 0, &xml, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err, NULL), "unknown parameter \"nope\""));
    CHECK(contains(idiligo_error_message(err, NULL), "callId (long)"));
    CHECK(streq(idiligo_error_operation(err), "GetPublicCallId"));
    DONE_WITH_ERR();
    FAILS(idiligo_client_call(c, "GetPublicCallId", NULL, NULL, 0, 0, &xml, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err, NULL), "parameter callId is missing"));
    DONE_WITH_ERR();
    const char *twice[] = {"callId", "callId"}, *tv[] = {call, call};
    FAILS(idiligo_client_call(c, "GetPublicCallId", twice, tv, 2, 0, &xml, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err, NULL), "given 2 times"));
    DONE_WITH_ERR();
    const char *tok[] = {"token"}, *tokv[] = {"t"};
    FAILS(idiligo_client_call(c, "GetPublicCallId", tok, tokv, 1, 0, &xml, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    CHECK(idiligo_sandbox_request_count(g_sb, "GetPublicCallId") == before);
    /* Flags: unknown bits, contradictions, and a token flag the table contradicts. */
    FAILS(idiligo_client_call(c, "GetPublicCallId", n1, v1, 1, 8, &xml, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err, NULL), "0x8"));
    DONE_WITH_ERR();
    FAILS(idiligo_client_call(c, "GetPublicCallId", n1, v1, 1, IDILIGO_CALL_NO_TOKEN | IDILIGO_CALL_TOKEN, &xml, &err),
          IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_client_call(c, "GetPublicCallId", n1, v1, 1, IDILIGO_CALL_NO_TOKEN, &xml, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err, NULL), "takes token"));
    DONE_WITH_ERR();
    OK(idiligo_client_call(c, "GetPublicCallId", n1, v1, 1, IDILIGO_CALL_TOKEN, &xml, &err));
    CHECK(root_is(xml, "string"));
    idiligo_string_free(xml);
    xml = sentinel;
    /* Names outside the table are sent as given, if they are identifiers; case matters. */
    FAILS(idiligo_client_call(c, "Get/../x", NULL, NULL, 0, 0, &xml, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_client_call(c, "getpubliccallid", n1, v1, 1, 0, &xml, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err, NULL), "case-sensitive"));
    DONE_WITH_ERR();
    int32_t rc = idiligo_client_call(c, "SomeFutureOperation", n1, v1, 1, 0, &xml, &err);
    CHECK(rc != IDILIGO_OK && rc != IDILIGO_ERR_ARGUMENT); /* it reached the service */
    CHECK(streq(idiligo_error_operation(err), "SomeFutureOperation"));
    DONE_WITH_ERR();
    /* NULL arguments. */
    FAILS(idiligo_client_call(c, "GetPublicCallId", n1, v1, 1, 0, NULL, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_client_call(c, NULL, n1, v1, 1, 0, &xml, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_client_call(c, "GetPublicCallId", n1, NULL, 1, 0, &xml, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    CHECK(xml == sentinel);
    idiligo_string_free(contact);
    idiligo_string_free(call);
    idiligo_string_free(pub);
    idiligo_client_free(c);
}

/* The typed functions beyond the guide's operations, against the sandbox's behaviour. */
static void test_reading_a_meeting_back(void) {
    idiligo_error *err = NULL;
    idiligo_client *c = quick_client(NULL, 5000);
    fixture fx;
    fixture_new(c, &fx);
    OK(idiligo_client_set_document_to_upload_action(c, fx.call, "ext-1", fx.doc, &err));
    const char *names[] = {"A", "B"}, *values[] = {"1", "two"};
    OK(idiligo_client_set_values(c, fx.pub, names, values, 2, &err));
    OK(idiligo_client_set_value(c, fx.pub, "A", "3", &err)); /* replaces in place */
    OK(idiligo_client_set_value(c, fx.pub, "Empty", "", &err));
    idiligo_name_values *l = NULL;
    OK(idiligo_client_get_call_values(c, fx.call, &l, &err));
    CHECK(idiligo_name_values_len(l) == 3);
    CHECK(streq(idiligo_name_values_name(l, 0), "A") && streq(idiligo_name_values_value(l, 0), "3"));
    CHECK(streq(idiligo_name_values_name(l, 1), "B") && streq(idiligo_name_values_value(l, 1), "two"));
    CHECK(streq(idiligo_name_values_name(l, 2), "Empty") && streq(idiligo_name_values_value(l, 2), ""));
    CHECK(idiligo_name_values_name(l, 3) == NULL && idiligo_name_values_value(l, 3) == NULL);
    CHECK(streq(idiligo_name_values_get(l, "B"), "two") && idiligo_name_values_get(l, "b") == NULL);
    CHECK(idiligo_name_values_get(l, NULL) == NULL && idiligo_name_values_get(NULL, "A") == NULL);
    idiligo_name_values_free(l);

    OK(idiligo_client_set_comment(c, fx.call, "caf\xc3\xa9 comment", &err));
    idiligo_call_record *r = NULL;
    OK(idiligo_client_get_call(c, fx.call, &r, &err));
    CHECK(streq(idiligo_call_record_call_id(r), fx.call));
    CHECK(streq(idiligo_call_record_public_id(r), fx.pub));
    CHECK(streq(idiligo_call_record_comment(r), "caf\xc3\xa9 comment"));
    CHECK(streq(idiligo_call_record_contact_email(r), "fixture@example.com"));
    CHECK(streq(idiligo_call_record_username(r), idiligo_sandbox_username(g_sb)));
    CHECK(idiligo_call_record_account_number(r) == 1 && idiligo_call_record_server_id(r) == 1);
    CHECK(idiligo_call_record_is_agent(r) && streq(idiligo_call_record_language(r), "en"));
    idiligo_call_record_free(r);
    r = NULL;
    OK(idiligo_client_get_call_by_public_id(c, fx.pub, &r, &err));
    CHECK(streq(idiligo_call_record_call_id(r), fx.call));
    idiligo_call_record_free(r);

    char *url = NULL;
    OK(idiligo_client_end_call(c, fx.call, "https://crm.example.com/done", &url, &err));
    CHECK(streq(url, "https://crm.example.com/done"));
    idiligo_string_free(url);
    url = NULL;
    OK(idiligo_client_end_call(c, fx.call, NULL, &url, &err)); /* ending twice is fine */
    CHECK(streq(url, ""));
    idiligo_string_free(url);

    bool sent = false;
    OK(idiligo_client_send_mail(c, fx.call, "jan@example.com", "INVITE", NULL, &sent, &err));
    CHECK(sent);
    /* The sandbox recorded the comment, the end and the mail. */
    char *json = NULL;
    OK(idiligo_sandbox_inspect(g_sb, fx.call, &json, &err));
    CHECK(contains(json, "\"comment\":\"caf\xc3\xa9 comment\""));
    CHECK(contains(json, "\"ended\":true"));
    CHECK(contains(json, "\"mails\":[{\"to\":\"jan@example.com\",\"template_code\":\"INVITE\",\"attachments\":\"\"}]"));
    idiligo_string_free(json);
    FAILS(idiligo_client_send_mail(c, fx.call, "not-an-address", "INVITE", "", &sent, &err), IDILIGO_ERR_SERVICE);
    CHECK(streq(idiligo_error_service_message(err, NULL), "Invalid email."));
    DONE_WITH_ERR();
    uint64_t mails = idiligo_sandbox_request_count(g_sb, "SendMail");
    FAILS(idiligo_client_send_mail(c, fx.call, " ", "INVITE", "", &sent, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    CHECK(idiligo_sandbox_request_count(g_sb, "SendMail") == mails); /* checked before sending */

    idiligo_meeting_results *mr = NULL;
    OK(idiligo_client_meeting_results(c, fx.call, &mr, &err));
    const idiligo_name_values *vals = idiligo_meeting_results_values(mr);
    const idiligo_attachments *docs = idiligo_meeting_results_attachments(mr);
    CHECK(idiligo_name_values_len(vals) == 3 && streq(idiligo_name_values_get(vals, "A"), "3"));
    CHECK(idiligo_attachments_len(docs) == 1 && streq(idiligo_attachments_id(docs, 0), fx.doc));
    CHECK(streq(idiligo_attachments_description(docs, 0), "fixture.pdf"));
    idiligo_meeting_results_free(mr);
    CHECK(idiligo_meeting_results_values(NULL) == NULL && idiligo_meeting_results_attachments(NULL) == NULL);

    /* Unknown ids are service errors; empty ids are refused before sending. */
    FAILS(idiligo_client_get_call(c, "987654321", &r, &err), IDILIGO_ERR_SERVICE);
    CHECK(streq(idiligo_error_service_message(err, NULL), "Unknown callId."));
    DONE_WITH_ERR();
    FAILS(idiligo_client_get_call_values(c, "", &l, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_client_set_value(c, fx.pub, "", "x", &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_client_set_comment(c, fx.call, NULL, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_client_meeting_results(c, fx.call, NULL, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    fixture_free(&fx);
    idiligo_name_values_free(NULL);
    idiligo_call_record_free(NULL);
    idiligo_meeting_results_free(NULL);
    idiligo_client_free(c);
}

/* ------------------------------------------------------------------ scripted answers */

typedef enum { M_STR, M_INT, M_LONG, M_BOOL } member_kind;
typedef struct {
    const char *xml;
    member_kind kind;
    const char *(*s)(const idiligo_call_record *);
    int32_t (*i)(const idiligo_call_record *);
    int64_t (*l)(const idiligo_call_record *);
    bool (*b)(const idiligo_call_record *);
} call_member;

/* Every CallDTO member, in WSDL order, with its accessor. */
static const call_member CALL_MEMBERS[] = {
    {"callId", M_STR, idiligo_call_record_call_id, NULL, NULL, NULL},
    {"publicId", M_STR, idiligo_call_record_public_id, NULL, NULL, NULL},
    {"accountNumber", M_INT, NULL, idiligo_call_record_account_number, NULL, NULL},
    {"eventCount", M_LONG, NULL, NULL, idiligo_call_record_event_count, NULL},
    {"serverId", M_INT, NULL, idiligo_call_record_server_id, NULL, NULL},
    {"username", M_STR, idiligo_call_record_username, NULL, NULL, NULL},
    {"isAgent", M_BOOL, NULL, NULL, NULL, idiligo_call_record_is_agent},
    {"language", M_STR, idiligo_call_record_language, NULL, NULL, NULL},
    {"comment", M_STR, idiligo_call_record_comment, NULL, NULL, NULL},
    {"contactEmail", M_STR, idiligo_call_record_contact_email, NULL, NULL, NULL},
    {"viewerWrap", M_STR, idiligo_call_record_viewer_wrap, NULL, NULL, NULL},
    {"SC_UseJpeg", M_BOOL, NULL, NULL, NULL, idiligo_call_record_sc_use_jpeg},
    {"SC_JpegQuality", M_STR, idiligo_call_record_sc_jpeg_quality, NULL, NULL, NULL},
    {"SC_Scale", M_STR, idiligo_call_record_sc_scale, NULL, NULL, NULL},
    {"SC_ProxyServer", M_STR, idiligo_call_record_sc_proxy_server, NULL, NULL, NULL},
    {"SC_ProxyPort", M_STR, idiligo_call_record_sc_proxy_port, NULL, NULL, NULL},
    {"showBrowseHeight", M_INT, NULL, idiligo_call_record_show_browse_height, NULL, NULL},
    {"showBrowseWidth", M_INT, NULL, idiligo_call_record_show_browse_width, NULL, NULL},
    {"rtmpt", M_BOOL, NULL, NULL, NULL, idiligo_call_record_rtmpt},
    {"webcamQuality", M_INT, NULL, idiligo_call_record_webcam_quality, NULL, NULL},
    {"webcamBitrate", M_INT, NULL, idiligo_call_record_webcam_bitrate, NULL, NULL},
    {"webcamFramerate", M_INT, NULL, idiligo_call_record_webcam_framerate, NULL, NULL},
    {"microphoneDefaultEnabled", M_BOOL, NULL, NULL, NULL, idiligo_call_record_microphone_default_enabled},
    {"microphoneVolume", M_INT, NULL, idiligo_call_record_microphone_volume, NULL, NULL},
    {"microphoneQuality", M_INT, NULL, idiligo_call_record_microphone_quality, NULL, NULL},
    {"microphoneFramerate", M_INT, NULL, idiligo_call_record_microphone_framerate, NULL, NULL},
    {"microphoneEchoSuppression", M_BOOL, NULL, NULL, NULL, idiligo_call_record_microphone_echo_suppression},
    {"useWebRtc", M_BOOL, NULL, NULL, NULL, idiligo_call_record_use_web_rtc},
    {"showInvite", M_BOOL, NULL, NULL, NULL, idiligo_call_record_show_invite},
    {"backgroundColor", M_STR, idiligo_call_record_background_color, NULL, NULL, NULL},
    {"nodeCount", M_INT, NULL, idiligo_call_record_node_count, NULL, NULL},
    {"hasAccountLogo", M_BOOL, NULL, NULL, NULL, idiligo_call_record_has_account_logo},
    {"ownerAccountNumber", M_INT, NULL, idiligo_call_record_owner_account_number, NULL, NULL},
    {"useChatUsername", M_BOOL, NULL, NULL, NULL, idiligo_call_record_use_chat_username},
    {"subscriberCode", M_STR, idiligo_call_record_subscriber_code, NULL, NULL, NULL},
    {"subscriberCount", M_INT, NULL, idiligo_call_record_subscriber_count, NULL, NULL},
    {"clientReady", M_BOOL, NULL, NULL, NULL, idiligo_call_record_client_ready},
};
#define CALL_MEMBER_COUNT (sizeof CALL_MEMBERS / sizeof CALL_MEMBERS[0])

static const char XML_HEAD[] = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
static const char NS[] = "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                         "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns=\"http://www.idiligo.com/\"";

/* Pattern r's value of member k: strings and numbers differ per member and per pattern,
 * and across the four patterns every boolean member has its own sequence (the bits of its
 * 1-based ordinal among the booleans), so an accessor reading another member fails. */
static void member_value(size_t r, size_t k, char *buf, size_t len) {
    const call_member *m = &CALL_MEMBERS[k];
    size_t ordinal = 0;
    switch (m->kind) {
    case M_STR: snprintf(buf, len, "r%zu-%s", r, m->xml); break;
    case M_INT: snprintf(buf, len, "%d", (int)(r == 3 ? -(int)(k + 1) : (int)(1000 * r + k + 1))); break;
    case M_LONG: snprintf(buf, len, "%lld", (long long)(10000000000LL + 100 * (long long)r + (long long)k)); break;
    case M_BOOL:
        for (size_t j = 0; j <= k; j++)
            if (CALL_MEMBERS[j].kind == M_BOOL) ordinal++;
        snprintf(buf, len, "%s", (ordinal >> r) & 1 ? "true" : "false");
        break;
    }
}

static void inject_xml(const char *operation, const char *xml) {
    idiligo_error *err = NULL;
    OK(idiligo_sandbox_inject_response(g_sb, operation, 1, 200, "text/xml; charset=utf-8", (const uint8_t *)xml,
                                       strlen(xml), &err));
}

static void test_call_record_members(void) {
    idiligo_error *err = NULL;
    idiligo_client *c = quick_client(NULL, 5000);
    OK(idiligo_client_login(c, &err));
    static char xml[16384];
    char v[128];
    for (size_t r = 0; r < 4; r++) {
        size_t used = (size_t)snprintf(xml, sizeof xml, "%s<CallDTO %s>\n", XML_HEAD, NS);
        for (size_t k = 0; k < CALL_MEMBER_COUNT; k++) {
            member_value(r, k, v, sizeof v);
            used += (size_t)snprintf(xml + used, sizeof xml - used, "  <%s>%s</%s>\n", CALL_MEMBERS[k].xml, v,
                                     CALL_MEMBERS[k].xml);
        }
        snprintf(xml + used, sizeof xml - used, "  <addedLater>r%zu &amp; kept</addedLater>\n  <alsoNew>%zu</alsoNew>\n</CallDTO>",
                 r, r);
        idiligo_call_record *rec = NULL;
        inject_xml(r % 2 ? "GetCallByPublicId" : "GetCall", xml);
        if (r % 2)
            OK(idiligo_client_get_call_by_public_id(c, "any-public-id", &rec, &err));
        else
            OK(idiligo_client_get_call(c, "1", &rec, &err));
        if (!rec) continue;
        for (size_t k = 0; k < CALL_MEMBER_COUNT; k++) {
            const call_member *m = &CALL_MEMBERS[k];
            member_value(r, k, v, sizeof v);
            int good = 0;
            switch (m->kind) {
            case M_STR: good = streq(m->s(rec), v); break;
            case M_INT: good = m->i(rec) == (int32_t)strtol(v, NULL, 10); break;
            case M_LONG: good = m->l(rec) == (int64_t)strtoll(v, NULL, 10); break;
            case M_BOOL: good = m->b(rec) == streq(v, "true"); break;
            }
            if (!good) fprintf(stderr, "pattern %zu: the accessor of %s does not return %s\n", r, m->xml, v);
            CHECK(good);
        }
        char extra[32];
        snprintf(extra, sizeof extra, "r%zu & kept", r);
        CHECK(idiligo_call_record_extra_count(rec) == 2);
        CHECK(streq(idiligo_call_record_extra_name(rec, 0), "addedLater") && streq(idiligo_call_record_extra_value(rec, 0), extra));
        snprintf(extra, sizeof extra, "%zu", r);
        CHECK(streq(idiligo_call_record_extra_name(rec, 1), "alsoNew") && streq(idiligo_call_record_extra_value(rec, 1), extra));
        CHECK(idiligo_call_record_extra_name(rec, 2) == NULL && idiligo_call_record_extra_value(rec, 2) == NULL);
        idiligo_call_record_free(rec);
    }
    CHECK(CALL_MEMBER_COUNT == 37);
    /* Omitted members: NULL, 0, false; members sent empty: "". */
    snprintf(xml, sizeof xml, "%s<CallDTO %s><callId>5</callId><comment /><isAgent>true</isAgent></CallDTO>", XML_HEAD, NS);
    inject_xml("GetCall", xml);
    idiligo_call_record *rec = NULL;
    OK(idiligo_client_get_call(c, "5", &rec, &err));
    CHECK(streq(idiligo_call_record_call_id(rec), "5") && streq(idiligo_call_record_comment(rec), ""));
    CHECK(idiligo_call_record_public_id(rec) == NULL && idiligo_call_record_username(rec) == NULL);
    CHECK(idiligo_call_record_event_count(rec) == 0 && idiligo_call_record_node_count(rec) == 0);
    CHECK(idiligo_call_record_is_agent(rec) && !idiligo_call_record_client_ready(rec));
    CHECK(idiligo_call_record_extra_count(rec) == 0);
    idiligo_call_record_free(rec);
    CHECK(idiligo_call_record_call_id(NULL) == NULL && idiligo_call_record_account_number(NULL) == 0);
    CHECK(!idiligo_call_record_is_agent(NULL) && idiligo_call_record_event_count(NULL) == 0);

    /* Name/value pairs: an omitted Name or Value is NULL, an empty one "". */
    snprintf(xml, sizeof xml,
             "%s<ArrayOfNameValue %s><NameValue><Name>a</Name><Value>1</Value></NameValue>"
             "<NameValue><Value>no name</Value></NameValue><NameValue><Name>e</Name><Value /></NameValue>"
             "<NameValue><Name>n</Name></NameValue></ArrayOfNameValue>",
             XML_HEAD, NS);
    inject_xml("GetCallValues", xml);
    idiligo_name_values *l = NULL;
    OK(idiligo_client_get_call_values(c, "1", &l, &err));
    CHECK(idiligo_name_values_len(l) == 4);
    CHECK(streq(idiligo_name_values_name(l, 0), "a") && streq(idiligo_name_values_value(l, 0), "1"));
    CHECK(idiligo_name_values_name(l, 1) == NULL && streq(idiligo_name_values_value(l, 1), "no name"));
    CHECK(streq(idiligo_name_values_name(l, 2), "e") && streq(idiligo_name_values_value(l, 2), ""));
    CHECK(streq(idiligo_name_values_name(l, 3), "n") && idiligo_name_values_value(l, 3) == NULL);
    CHECK(idiligo_name_values_get(l, "n") == NULL && streq(idiligo_name_values_get(l, "e"), ""));
    idiligo_name_values_free(l);

    /* A value with U+0000 is refused as a whole (the XML parser rejects it): never cut short. */
    char *s = (char *)"untouched";
    snprintf(xml, sizeof xml, "%s<string %s>abc&#0;def</string>", XML_HEAD, NS);
    inject_xml("GetPublicCallId", xml);
    FAILS(idiligo_client_get_public_call_id(c, "1", &s, &err), IDILIGO_ERR_PARSE);
    DONE_WITH_ERR();
    CHECK(streq(s, "untouched"));
    idiligo_client_free(c);
}

/* Every accessor of the error object, each reached by a real failure. */
static void test_error_accessors(void) {
    idiligo_error *err = NULL;
    idiligo_client *c = quick_client(NULL, 5000);
    char *out = NULL, *call = NULL;
    size_t len = 99;
    OK(idiligo_client_create_call(c, "INTAKE", &call, &err));

    /* HTTP: status, content type and excerpt of a proxy's page. */
    static const char page[] = "<html><body>Bad   gateway\n(proxy)</body></html>";
    OK(idiligo_sandbox_inject_response(g_sb, "GetPublicCallId", 1, 502, "text/html; charset=iso-8859-1",
                                       (const uint8_t *)page, sizeof page - 1, &err));
    FAILS(idiligo_client_get_public_call_id(c, call, &out, &err), IDILIGO_ERR_HTTP);
    CHECK(idiligo_error_http_status(err) == 502 && idiligo_error_retryable(err));
    CHECK(streq(idiligo_error_http_content_type(err), "text/html; charset=iso-8859-1"));
    const char *ex = idiligo_error_http_excerpt(err, &len);
    CHECK(streq(ex, "<html><body>Bad gateway (proxy)</body></html>") && len == strlen(ex));
    CHECK(idiligo_error_service_detail(err, &len) == NULL && len == 0);
    CHECK(idiligo_error_timeout_phase(err) == IDILIGO_TIMEOUT_NONE);
    DONE_WITH_ERR();

    /* Service: the message and the full detail, byte for byte, NUL bytes included. */
    static const char fault[] = "System.Exception: Unknown\0callId.\n   at Idiligo.Service.Check (System.Int64 id)\n";
    OK(idiligo_sandbox_inject_response(g_sb, "GetPublicCallId", 1, 500, "text/plain; charset=utf-8",
                                       (const uint8_t *)fault, sizeof fault - 1, &err));
    FAILS(idiligo_client_get_public_call_id(c, call, &out, &err), IDILIGO_ERR_SERVICE);
    const char *detail = idiligo_error_service_detail(err, &len);
    CHECK(detail && len == sizeof fault - 1 && memcmp(detail, fault, len) == 0 && detail[len] == 0);
    const char *sm = idiligo_error_service_message(err, &len);
    CHECK(sm && len == strlen("Unknown") + 1 + strlen("callId.") && memcmp(sm, "Unknown\0callId.", len) == 0);
    const char *msg = idiligo_error_message(err, &len);
    CHECK(len > strlen(msg) && memcmp(msg + strlen(msg) + 1, "callId.", 7) == 0); /* nothing cut */
    size_t needed = 0;
    char buf[512];
    CHECK(idiligo_last_error_message(buf, sizeof buf, &needed) == IDILIGO_OK && needed == len + 1);
    CHECK(memcmp(buf, msg, len + 1) == 0);
    CHECK(idiligo_error_http_excerpt(err, NULL) == NULL && idiligo_error_http_content_type(err) == NULL);
    DONE_WITH_ERR();

    /* Timeouts: the phase and the configured duration. */
    idiligo_client *slow = quick_client(NULL, 300);
    OK(idiligo_client_login(slow, &err));
    OK(idiligo_sandbox_inject_fault(g_sb, IDILIGO_FAULT_DELAY, "GetPublicCallId", 1, 1500, &err));
    FAILS(idiligo_client_get_public_call_id(slow, call, &out, &err), IDILIGO_ERR_TIMEOUT);
    uint64_t ns = 0;
    CHECK(idiligo_error_timeout_phase(err) == IDILIGO_TIMEOUT_REQUEST);
    CHECK(idiligo_error_timeout_ns(err, &ns) && ns == 300000000ULL);
    CHECK(idiligo_error_timeout_ns(err, NULL));
    DONE_WITH_ERR();
    idiligo_client_free(slow);
    idiligo_attachments *list = NULL;
    FAILS(idiligo_client_wait_for_attachments(c, call, 3, NULL, NULL, 120, 20, &list, &err), IDILIGO_ERR_TIMEOUT);
    CHECK(idiligo_error_timeout_phase(err) == IDILIGO_TIMEOUT_WAIT);
    CHECK(idiligo_error_timeout_ns(err, &ns) && ns == 120000000ULL);
    uint64_t limit = 7;
    CHECK(!idiligo_error_size_limit(err, &limit) && limit == 7);
    DONE_WITH_ERR();

    /* Size limit and OS error code. */
    static const char doc[] = "0123456789abcdefghij";
    char *url = NULL;
    OK(idiligo_sandbox_host_file(g_sb, "twenty.bin", (const uint8_t *)doc, sizeof doc - 1, &url, &err));
    char path[512];
    snprintf(path, sizeof path, "%s/twenty.bin", g_tmp);
    FAILS(idiligo_client_download_to_path(c, url, path, NULL, NULL, 12, NULL, &err), IDILIGO_ERR_TOO_LARGE);
    CHECK(idiligo_error_size_limit(err, &limit) && limit == 12);
    CHECK(idiligo_error_timeout_phase(err) == IDILIGO_TIMEOUT_NONE && !idiligo_error_timeout_ns(err, &ns));
    DONE_WITH_ERR();
    /* The target is an existing directory: the final rename fails with EISDIR. */
    char dir[512];
    snprintf(dir, sizeof dir, "%s/a-directory", g_tmp);
    CHECK(mkdir(dir, 0700) == 0);
    FAILS(idiligo_client_download_to_path(c, url, dir, NULL, NULL, 0, NULL, &err), IDILIGO_ERR_IO);
    int32_t code = 0;
    CHECK(idiligo_error_os_error_code(err, &code) && code == EISDIR);
    DONE_WITH_ERR();
    CHECK(dir_entries(g_tmp) == 1 && dir_entries(dir) == 0); /* nothing left behind */
    rmdir(dir);
    FAILS(idiligo_client_create_call(c, "", &out, &err), IDILIGO_ERR_ARGUMENT);
    code = 5;
    CHECK(!idiligo_error_os_error_code(err, &code) && code == 5 && !idiligo_error_size_limit(err, NULL));
    DONE_WITH_ERR();

    /* start_meeting: the failed document step, its index, and every document stored. */
    idiligo_meeting_request *rq = NULL;
    idiligo_meeting *m = NULL;
    char missing[512];
    snprintf(missing, sizeof missing, "%s/files/not-hosted.pdf", idiligo_sandbox_url(g_sb));
    OK(idiligo_meeting_request_new("INTAKE", &rq, &err));
    OK(idiligo_meeting_request_set_participant(rq, "doc@example.com", NULL, NULL, &err));
    OK(idiligo_meeting_request_add_value(rq, "K", "v", &err));
    OK(idiligo_meeting_request_add_document(rq, url, "first.pdf", "ext-first", &err));
    OK(idiligo_meeting_request_add_document(rq, missing, "second.pdf", "ext-second", &err));
    FAILS(idiligo_client_start_meeting(c, rq, &m, &err), IDILIGO_ERR_SERVICE);
    size_t index = 99;
    CHECK(streq(idiligo_error_meeting_step(err), "AddDocumentFromUrl"));
    CHECK(idiligo_error_meeting_document_index(err, &index) && index == 1);
    CHECK(idiligo_error_partial_contact_attached(err) && idiligo_error_partial_values_set(err));
    CHECK(idiligo_error_partial_document_count(err) == 1);
    CHECK(streq(idiligo_error_partial_document_external_id(err, 0), "ext-first"));
    CHECK(idiligo_error_partial_document_id(err, 0) && *idiligo_error_partial_document_id(err, 0));
    CHECK(idiligo_error_partial_document_bound(err, 0));
    CHECK(idiligo_error_partial_document_id(err, 1) == NULL && !idiligo_error_partial_document_bound(err, 1));
    DONE_WITH_ERR();
    idiligo_meeting_request_free(rq);
    OK(idiligo_meeting_request_new("INTAKE", &rq, &err));
    OK(idiligo_meeting_request_add_document(rq, url, "only.pdf", "ext-only", &err));
    OK(idiligo_sandbox_inject_fault(g_sb, IDILIGO_FAULT_STATUS, "SetDocumentToUploadAction", 1, 503, &err));
    FAILS(idiligo_client_start_meeting(c, rq, &m, &err), IDILIGO_ERR_HTTP);
    CHECK(streq(idiligo_error_meeting_step(err), "SetDocumentToUploadAction"));
    CHECK(idiligo_error_meeting_document_index(err, &index) && index == 0);
    CHECK(!idiligo_error_partial_contact_attached(err) && idiligo_error_partial_values_set(err));
    CHECK(idiligo_error_partial_document_count(err) == 1 && !idiligo_error_partial_document_bound(err, 0));
    CHECK(streq(idiligo_error_partial_document_external_id(err, 0), "ext-only"));
    DONE_WITH_ERR();
    idiligo_meeting_request_free(rq);
    OK(idiligo_meeting_request_new("", &rq, &err));
    FAILS(idiligo_client_start_meeting(c, rq, &m, &err), IDILIGO_ERR_ARGUMENT);
    index = 42;
    CHECK(streq(idiligo_error_meeting_step(err), "validate") && !idiligo_error_meeting_document_index(err, &index));
    CHECK(index == 42 && idiligo_error_partial_document_count(err) == 0 && !idiligo_error_partial_values_set(err));
    DONE_WITH_ERR();
    idiligo_meeting_request_free(rq);
    CHECK(m == NULL);

    /* NULL error objects. */
    CHECK(idiligo_error_http_content_type(NULL) == NULL && idiligo_error_http_excerpt(NULL, &len) == NULL && len == 0);
    CHECK(idiligo_error_service_detail(NULL, NULL) == NULL && idiligo_error_timeout_phase(NULL) == IDILIGO_TIMEOUT_NONE);
    CHECK(!idiligo_error_timeout_ns(NULL, &ns) && !idiligo_error_size_limit(NULL, &limit));
    CHECK(!idiligo_error_os_error_code(NULL, &code) && !idiligo_error_meeting_document_index(NULL, &index));
    CHECK(!idiligo_error_partial_contact_attached(NULL) && idiligo_error_partial_document_count(NULL) == 0);
    CHECK(streq(idiligo_error_message(NULL, &len), "") && len == 0);
    idiligo_string_free(url);
    idiligo_string_free(call);
    idiligo_client_free(c);
}

/* ------------------------------------------------------------------ a loopback stub server */

/* A tiny HTTP server on 127.0.0.1 (port 0) for what the sandbox cannot do: never answer (a
 * stalled service), answer every request with a raw response of our choosing (a 503 with
 * Retry-After, a proxy's 407), keep connections alive and count them. One thread with poll(),
 * so every connection is served; stopped through a pipe and joined. */
#define STUB_MAX_CONN 32
#define STUB_BUF 16384

typedef struct {
    int fd;
    size_t used;
    char buf[STUB_BUF];
} stub_conn;

typedef struct {
    int listen_fd;
    unsigned port;
    int wake[2];
    pthread_t thread;
    pthread_mutex_t lock;
    const char *response; /* NULL: read requests, never answer */
    int close_after;      /* close the connection after answering */
    int connections;      /* accepted so far */
    int requests;         /* complete requests read so far */
    char first_line[256]; /* request line of the latest request */
    stub_conn conns[STUB_MAX_CONN];
    int nconns;
} stub_server;

static void sleep_ms(long ms) {
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void stub_drop(stub_server *s, int i) {
    close(s->conns[i].fd);
    s->conns[i] = s->conns[s->nconns - 1];
    s->nconns--;
}

/* The length of the first complete request in c->buf (headers and Content-Length body), 0 if
 * none is complete yet. */
static size_t stub_request_len(const stub_conn *c) {
    const char *end = NULL;
    for (size_t i = 0; i + 3 < c->used; i++)
        if (memcmp(c->buf + i, "\r\n\r\n", 4) == 0) {
            end = c->buf + i + 4;
            break;
        }
    if (!end) return 0;
    size_t head = (size_t)(end - c->buf), body = 0;
    for (size_t i = 0; i + 15 < head; i++)
        if (strncasecmp(c->buf + i, "\ncontent-length:", 16) == 0) {
            body = (size_t)strtoul(c->buf + i + 16, NULL, 10);
            break;
        }
    return c->used >= head + body ? head + body : 0;
}

static void *stub_main(void *p) {
    stub_server *s = (stub_server *)p;
    for (;;) {
        struct pollfd fds[STUB_MAX_CONN + 2];
        fds[0].fd = s->wake[0];
        fds[0].events = POLLIN;
        fds[1].fd = s->listen_fd;
        fds[1].events = POLLIN;
        for (int i = 0; i < s->nconns; i++) {
            fds[i + 2].fd = s->conns[i].fd;
            fds[i + 2].events = POLLIN;
        }
        int n = s->nconns;
        if (poll(fds, (nfds_t)(n + 2), -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (fds[0].revents) break;
        for (int i = n - 1; i >= 0; i--) {
            if (!fds[i + 2].revents) continue;
            stub_conn *c = &s->conns[i];
            ssize_t got = recv(c->fd, c->buf + c->used, STUB_BUF - 1 - c->used, 0);
            if (got <= 0) {
                stub_drop(s, i);
                continue;
            }
            c->used += (size_t)got;
            size_t len;
            while ((len = stub_request_len(c)) > 0) {
                pthread_mutex_lock(&s->lock);
                s->requests++;
                size_t line = strcspn(c->buf, "\r\n");
                if (line >= sizeof s->first_line) line = sizeof s->first_line - 1;
                memcpy(s->first_line, c->buf, line);
                s->first_line[line] = 0;
                const char *response = s->response;
                int close_after = s->close_after;
                pthread_mutex_unlock(&s->lock);
                memmove(c->buf, c->buf + len, c->used - len);
                c->used -= len;
                if (!response) continue;
                size_t off = 0, total = strlen(response);
                while (off < total) {
                    ssize_t w = send(c->fd, response + off, total - off, MSG_NOSIGNAL);
                    if (w <= 0) break;
                    off += (size_t)w;
                }
                if (close_after) {
                    stub_drop(s, i);
                    break;
                }
            }
            if (i < s->nconns && s->conns[i].used >= STUB_BUF - 1) stub_drop(s, i); /* too big: not ours */
        }
        if (fds[1].revents & POLLIN) {
            int fd = accept(s->listen_fd, NULL, NULL);
            if (fd >= 0) {
                pthread_mutex_lock(&s->lock);
                s->connections++;
                pthread_mutex_unlock(&s->lock);
                if (s->nconns < STUB_MAX_CONN) {
                    s->conns[s->nconns].fd = fd;
                    s->conns[s->nconns].used = 0;
                    s->nconns++;
                } else {
                    close(fd);
                }
            }
        }
    }
    for (int i = 0; i < s->nconns; i++) close(s->conns[i].fd);
    s->nconns = 0;
    return NULL;
}

static int stub_start(stub_server *s, const char *response, int close_after) {
    memset(s, 0, sizeof *s);
    s->response = response;
    s->close_after = close_after;
    pthread_mutex_init(&s->lock, NULL);
    s->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t alen = sizeof a;
    if (s->listen_fd < 0 || bind(s->listen_fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        listen(s->listen_fd, 16) != 0 || getsockname(s->listen_fd, (struct sockaddr *)&a, &alen) != 0 ||
        pipe(s->wake) != 0) {
        perror("stub server");
        return 0;
    }
    s->port = ntohs(a.sin_port);
    return pthread_create(&s->thread, NULL, stub_main, s) == 0;
}

static void stub_stop(stub_server *s) {
    ssize_t w = write(s->wake[1], "x", 1);
    (void)w;
    pthread_join(s->thread, NULL);
    close(s->listen_fd);
    close(s->wake[0]);
    close(s->wake[1]);
    pthread_mutex_destroy(&s->lock);
}

static int stub_count(stub_server *s, int requests) {
    pthread_mutex_lock(&s->lock);
    int n = requests ? s->requests : s->connections;
    pthread_mutex_unlock(&s->lock);
    return n;
}

/* Waits (up to 10 s) until the stub has read `n` requests. */
static int stub_wait_requests(stub_server *s, int n) {
    double start = now_s();
    while (stub_count(s, 1) < n && now_s() - start < 10) sleep_ms(5);
    return stub_count(s, 1) >= n;
}

/* A client for the stub: a fake session token (no login), no retries unless asked. */
static idiligo_client *stub_client(const stub_server *s, uint32_t retries, idiligo_options **keep) {
    idiligo_error *err = NULL;
    char base[64];
    snprintf(base, sizeof base, "http://127.0.0.1:%u", s->port);
    idiligo_options *o = idiligo_options_new();
    idiligo_client *c = NULL;
    OK(idiligo_options_set_base_url(o, base, &err));
    OK(idiligo_options_set_token(o, "fake-stub-token", &err));
    OK(idiligo_options_set_retry(o, retries, 1, 1, &err));
    OK(idiligo_options_set_request_timeout_ms(o, 60000, &err));
    if (keep) {
        *keep = o; /* the caller sets more and builds the client */
        return NULL;
    }
    OK(idiligo_client_new(o, &c, &err));
    idiligo_options_free(o);
    return c;
}

/* A raw HTTP request to the sandbox (for requests the client would never send); returns the
 * status, copies the body into `body`. */
static int raw_request(const char *method, const char *path, const char *form, char *body, size_t body_len) {
    unsigned port = 0;
    sscanf(idiligo_sandbox_url(g_sb), "http://127.0.0.1:%u", &port);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons((uint16_t)port);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) return -1;
    char rq[4096];
    int n = snprintf(rq, sizeof rq,
                     "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                     method, path, port, strlen(form), form);
    if (send(fd, rq, (size_t)n, MSG_NOSIGNAL) != n) {
        close(fd);
        return -1;
    }
    static char resp[65536];
    size_t used = 0;
    ssize_t got;
    while (used < sizeof resp - 1 && (got = recv(fd, resp + used, sizeof resp - 1 - used, 0)) > 0) used += (size_t)got;
    close(fd);
    resp[used] = 0;
    int status = 0;
    sscanf(resp, "HTTP/1.1 %d", &status);
    const char *b = strstr(resp, "\r\n\r\n");
    snprintf(body, body_len, "%s", b ? b + 4 : "");
    return status;
}

/* ------------------------------------------------------------------ cancellation */

typedef struct {
    idiligo_client *view;
    const char *url;  /* download this to `path` when set; else GetPublicCallId */
    const char *path;
    int32_t rc;
    idiligo_error *err;
    char *out;
    double returned;
} cancel_arg;

static void *cancel_worker(void *p) {
    cancel_arg *a = (cancel_arg *)p;
    if (a->url)
        a->rc = idiligo_client_download_to_path(a->view, a->url, a->path, NULL, NULL, 0, NULL, &a->err);
    else
        a->rc = idiligo_client_get_public_call_id(a->view, "1001", &a->out, &a->err);
    a->returned = now_s();
    return NULL;
}

static void test_cancel(void) {
    idiligo_error *err = NULL;

    /* Handle basics. */
    idiligo_cancel *cancel = idiligo_cancel_new();
    CHECK(cancel != NULL && !idiligo_cancel_is_triggered(cancel));
    CHECK(!idiligo_cancel_is_triggered(NULL));
    idiligo_cancel_trigger(NULL);
    idiligo_cancel_free(NULL);
    idiligo_client *view = NULL;
    FAILS(idiligo_client_with_cancel(NULL, cancel, &view, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err, NULL), "client is NULL") && view == NULL);
    DONE_WITH_ERR();

    /* A call blocked on a server that never answers, cancelled from another thread. */
    stub_server st;
    CHECK(stub_start(&st, NULL, 0));
    idiligo_client *c = stub_client(&st, 0, NULL);
    FAILS(idiligo_client_with_cancel(c, NULL, &view, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_client_with_cancel(c, cancel, NULL, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    OK(idiligo_client_with_cancel(c, cancel, &view, &err));
    CHECK(view != NULL && view != c);
    cancel_arg a;
    memset(&a, 0, sizeof a);
    a.view = view;
    pthread_t t;
    CHECK(pthread_create(&t, NULL, cancel_worker, &a) == 0);
    CHECK(stub_wait_requests(&st, 1)); /* the request is out; the call waits for the answer */
    sleep_ms(100);
    double triggered = now_s();
    idiligo_cancel_trigger(cancel);
    CHECK(idiligo_cancel_is_triggered(cancel));
    pthread_join(t, NULL);
    double latency = a.returned - triggered;
    printf("cancel: a call blocked on a stalled server returned %.0f ms after the trigger\n", latency * 1000);
    CHECK(a.rc == IDILIGO_ERR_CANCELLED && a.out == NULL);
    CHECK(a.err && idiligo_error_code(a.err) == IDILIGO_ERR_CANCELLED && streq(idiligo_error_kind(a.err), "cancelled"));
    CHECK(streq(idiligo_error_operation(a.err), "GetPublicCallId"));
    CHECK(!idiligo_error_never_sent(a.err)); /* the request had been sent */
    CHECK(contains(idiligo_error_message(a.err, NULL), "after the request was sent"));
    /* The request timeout is 60 s and the cancel is looked at every 50 ms: 5 s is a bound a
     * loaded two-core machine keeps. */
    CHECK(latency >= 0 && latency < 5.0);
    idiligo_error_free(a.err);
    /* A triggered handle fails the next call at once, before anything is sent. */
    FAILS(idiligo_client_get_public_call_id(view, "1001", &a.out, &err), IDILIGO_ERR_CANCELLED);
    CHECK(idiligo_error_never_sent(err) && !contains(idiligo_error_message(err, NULL), "after the request"));
    DONE_WITH_ERR();
    CHECK(stub_count(&st, 1) == 1);
    idiligo_client_free(view);
    view = NULL;
    idiligo_client_free(c);
    stub_stop(&st);

    /* Against the sandbox: the original client is not affected, and a view outlives the
     * handle and the client it came from. */
    idiligo_client *sc = sandbox_client();
    OK(idiligo_client_with_cancel(sc, cancel, &view, &err)); /* `cancel` is triggered */
    uint64_t before = idiligo_sandbox_request_count(g_sb, "CreateCall");
    char *call = NULL;
    FAILS(idiligo_client_create_call(view, "INTAKE", &call, &err), IDILIGO_ERR_CANCELLED);
    CHECK(idiligo_error_never_sent(err) && call == NULL);
    DONE_WITH_ERR();
    CHECK(idiligo_sandbox_request_count(g_sb, "CreateCall") == before);
    OK(idiligo_client_create_call(sc, "INTAKE", &call, &err));
    CHECK(call && *call);
    idiligo_client_free(view);
    idiligo_cancel_free(cancel);
    idiligo_cancel *fresh = idiligo_cancel_new();
    idiligo_client *view2 = NULL;
    OK(idiligo_client_with_cancel(sc, fresh, &view2, &err));
    idiligo_cancel_free(fresh);
    idiligo_client_free(sc);
    char *pub = NULL;
    OK(idiligo_client_get_public_call_id(view2, call, &pub, &err));
    CHECK(pub && *pub);
    idiligo_string_free(pub);

    /* A download stalled in the middle of its body, cancelled from another thread: no file. */
    static const char doc[] = "0123456789 a document that stalls half way";
    char *url = NULL, *doc_id = NULL;
    OK(idiligo_sandbox_simulate_upload(g_sb, call, "stalls.bin", (const uint8_t *)doc, sizeof doc - 1, &doc_id, &err));
    idiligo_attachments *list = NULL;
    OK(idiligo_client_get_attachments(view2, call, &list, &err));
    cancel = idiligo_cancel_new();
    OK(idiligo_client_with_cancel(view2, cancel, &view, &err));
    char path[512];
    snprintf(path, sizeof path, "%s/stalls.bin", g_tmp);
    OK(idiligo_sandbox_inject_fault(g_sb, IDILIGO_FAULT_STALL_BODY, "Download", 1, 1500, &err));
    memset(&a, 0, sizeof a);
    a.view = view;
    a.url = idiligo_attachments_url(list, 0);
    a.path = path;
    uint64_t downloads = idiligo_sandbox_request_count(g_sb, "Download");
    CHECK(pthread_create(&t, NULL, cancel_worker, &a) == 0);
    double start = now_s();
    while (idiligo_sandbox_request_count(g_sb, "Download") == downloads && now_s() - start < 10) sleep_ms(5);
    sleep_ms(200);
    triggered = now_s();
    idiligo_cancel_trigger(cancel);
    pthread_join(t, NULL);
    CHECK(a.rc == IDILIGO_ERR_CANCELLED && streq(idiligo_error_operation(a.err), "Download"));
    CHECK(a.returned - triggered < 1.2); /* well before the stall ends (1.5 s) */
    CHECK(!file_exists(path) && dir_entries(g_tmp) == 0);
    idiligo_error_free(a.err);
    idiligo_client_free(view);
    idiligo_cancel_free(cancel);
    idiligo_attachments_free(list);
    idiligo_string_free(url);
    idiligo_string_free(doc_id);
    idiligo_string_free(call);
    idiligo_client_free(view2);
}

/* ------------------------------------------------------------------ Retry-After, proxies, pool */

static void test_retry_after_proxy_and_pool(void) {
    idiligo_error *err = NULL;
    char *out = NULL;
    uint64_t ns = 7;

    /* A 503 asking for 120 s (more than the 30 s cap): returned at once, with the delay and
     * the URL tried. */
    stub_server st;
    CHECK(stub_start(&st,
                     "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 120\r\nContent-Type: text/html\r\n"
                     "Content-Length: 4\r\nConnection: close\r\n\r\nbusy",
                     1));
    idiligo_client *c = stub_client(&st, 2, NULL);
    FAILS(idiligo_client_get_public_call_id(c, "1001", &out, &err), IDILIGO_ERR_HTTP);
    CHECK(idiligo_error_http_status(err) == 503 && idiligo_error_retryable(err));
    CHECK(idiligo_error_retry_after_ns(err, &ns) && ns == 120ULL * 1000000000ULL);
    CHECK(idiligo_error_retry_after_ns(err, NULL));
    char expect[128];
    snprintf(expect, sizeof expect, "http://127.0.0.1:%u/InsideService20.asmx/GetPublicCallId", st.port);
    CHECK(streq(idiligo_error_http_url(err), expect));
    CHECK(!idiligo_error_never_sent(err));
    DONE_WITH_ERR();
    CHECK(stub_count(&st, 1) == 1); /* not retried */
    idiligo_client_free(c);
    stub_stop(&st);

    /* Retry-After: 1 is waited for (cap 30 s) and retried; with the cap at 0 it is not, and the
     * cap survives a later idiligo_options_set_retry. */
    CHECK(stub_start(&st,
                     "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: 4\r\nConnection: close\r\n\r\nslow",
                     1));
    c = stub_client(&st, 1, NULL);
    double start = now_s();
    FAILS(idiligo_client_get_public_call_id(c, "1001", &out, &err), IDILIGO_ERR_HTTP);
    double waited = now_s() - start;
    CHECK(stub_count(&st, 1) == 2 && waited >= 0.9);
    CHECK(idiligo_error_http_status(err) == 429 && idiligo_error_retry_after_ns(err, &ns) && ns == 1000000000ULL);
    DONE_WITH_ERR();
    idiligo_client_free(c);
    idiligo_options *o = NULL;
    stub_client(&st, 1, &o);
    OK(idiligo_options_set_max_retry_after_ms(o, 0, &err));
    OK(idiligo_options_set_retry(o, 1, 1, 1, &err));
    OK(idiligo_client_new(o, &c, &err));
    idiligo_options_free(o);
    FAILS(idiligo_client_get_public_call_id(c, "1001", &out, &err), IDILIGO_ERR_HTTP);
    DONE_WITH_ERR();
    CHECK(stub_count(&st, 1) == 3); /* one more request: not retried */
    idiligo_client_free(c);
    FAILS(idiligo_options_set_max_retry_after_ms(NULL, 5, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    stub_stop(&st);

    /* A proxy refusing CONNECT with 407: a connect error that keeps the proxy's status, never
     * sent, not retried, and the proxy's password in no message. */
    CHECK(stub_start(&st,
                     "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"x\"\r\n"
                     "Content-Length: 0\r\nConnection: close\r\n\r\n",
                     1));
    char proxy[128];
    snprintf(proxy, sizeof proxy, "http://user:PROXY-SECRET-42@127.0.0.1:%u", st.port);
    o = idiligo_options_new();
    OK(idiligo_options_set_base_url(o, "https://idiligo.example.invalid", &err));
    OK(idiligo_options_set_token(o, "fake-stub-token", &err));
    OK(idiligo_options_set_proxy(o, proxy, &err));
    OK(idiligo_client_new(o, &c, &err));
    idiligo_options_free(o);
    FAILS(idiligo_client_get_public_call_id(c, "1001", &out, &err), IDILIGO_ERR_CONNECT);
    CHECK(idiligo_error_http_status(err) == 407 && !idiligo_error_retryable(err) && idiligo_error_never_sent(err));
    CHECK(contains(idiligo_error_message(err, NULL), "407") && idiligo_error_http_url(err) == NULL);
    CHECK(!contains(idiligo_error_message(err, NULL), "PROXY-SECRET-42"));
    DONE_WITH_ERR();
    CHECK(stub_count(&st, 1) == 1);
    idiligo_client_free(c);
    stub_stop(&st);
    CHECK(strncmp(st.first_line, "CONNECT idiligo.example.invalid:443 ", 36) == 0);

    /* The pool: two calls in a row share one kept-alive connection; with no idle connections
     * kept, each opens its own. */
    static const char xml[] = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<string xmlns=\"http://www.idiligo.com/\">P-77</string>";
    static char answer[512];
    snprintf(answer, sizeof answer, "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: %zu\r\n\r\n%s",
             sizeof xml - 1, xml);
    CHECK(stub_start(&st, answer, 0));
    c = stub_client(&st, 0, NULL);
    for (int i = 0; i < 2; i++) {
        OK(idiligo_client_get_public_call_id(c, "1001", &out, &err));
        CHECK(streq(out, "P-77"));
        idiligo_string_free(out);
        out = NULL;
    }
    CHECK(stub_count(&st, 1) == 2 && stub_count(&st, 0) == 1);
    idiligo_client_free(c);
    stub_client(&st, 0, &o);
    OK(idiligo_options_set_max_idle_connections(o, 0, &err));
    OK(idiligo_client_new(o, &c, &err));
    idiligo_options_free(o);
    for (int i = 0; i < 2; i++) {
        OK(idiligo_client_get_public_call_id(c, "1001", &out, &err));
        idiligo_string_free(out);
        out = NULL;
    }
    CHECK(stub_count(&st, 1) == 4 && stub_count(&st, 0) == 3);
    idiligo_client_free(c);
    stub_stop(&st);
}

/* ------------------------------------------------------------------ downloads: deadline, memory, callback */

typedef struct {
    char data[300000];
    size_t used;
    int calls;
    int stop_after;
} sink_state;

static int32_t on_write(void *user_data, const uint8_t *data, size_t len) {
    sink_state *s = (sink_state *)user_data;
    s->calls++;
    if (s->used + len > sizeof s->data) return 1;
    memcpy(s->data + s->used, data, len);
    s->used += len;
    return (s->stop_after > 0 && s->calls >= s->stop_after) ? 7 : 0;
}

static void test_download_variants(void) {
    idiligo_error *err = NULL;
    idiligo_client *c = quick_client(NULL, 5000);
    static char big[200000];
    for (size_t i = 0; i < sizeof big; i++) big[i] = (char)('A' + i % 23);
    char *url = NULL, *empty_url = NULL;
    OK(idiligo_sandbox_host_file(g_sb, "variants.bin", (const uint8_t *)big, sizeof big, &url, &err));
    OK(idiligo_sandbox_host_file(g_sb, "empty.bin", NULL, 0, &empty_url, &err));

    /* To memory: every byte, owned by the library, freed by it. */
    uint8_t *data = NULL;
    size_t len = 0;
    progress_state ps = {0, 0, 0, 0};
    OK(idiligo_client_download_to_buffer(c, url, on_progress, &ps, 0, &data, &len, &err));
    CHECK(data != NULL && len == sizeof big && memcmp(data, big, len) == 0);
    CHECK(ps.calls >= 2 && ps.last_done == sizeof big && ps.last_total == sizeof big);
    idiligo_buffer_free(data);
    data = NULL;
    OK(idiligo_client_download_to_buffer(c, empty_url, NULL, NULL, 0, &data, &len, &err));
    CHECK(data != NULL && len == 0);
    idiligo_buffer_free(data);
    idiligo_buffer_free(NULL);
    data = (uint8_t *)0x1;
    len = 99;
    FAILS(idiligo_client_download_to_buffer(c, url, NULL, NULL, 1000, &data, &len, &err), IDILIGO_ERR_TOO_LARGE);
    uint64_t limit = 0;
    CHECK(idiligo_error_size_limit(err, &limit) && limit == 1000);
    DONE_WITH_ERR();
    CHECK(data == (uint8_t *)0x1 && len == 99); /* untouched on failure */
    progress_state cancel_ps = {0, 0, 0, 2};
    FAILS(idiligo_client_download_to_buffer(c, url, on_progress, &cancel_ps, 0, &data, &len, &err),
          IDILIGO_ERR_CANCELLED);
    DONE_WITH_ERR();
    FAILS(idiligo_client_download_to_buffer(c, url, NULL, NULL, 0, NULL, &len, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_client_download_to_buffer(c, url, NULL, NULL, 0, &data, NULL, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();

    /* To a write callback: the pieces in order, the byte count, a stop is a cancel. */
    static sink_state sink;
    memset(&sink, 0, sizeof sink);
    uint64_t n = 0;
    OK(idiligo_client_download_to_callback(c, url, on_write, NULL, &sink, 0, &n, &err));
    CHECK(n == sizeof big && sink.used == sizeof big && memcmp(sink.data, big, sizeof big) == 0);
    CHECK(sink.calls >= 2); /* streamed, not buffered whole */
    memset(&sink, 0, sizeof sink);
    sink.stop_after = 1;
    n = 5;
    FAILS(idiligo_client_download_to_callback(c, url, on_write, NULL, &sink, 0, &n, &err), IDILIGO_ERR_CANCELLED);
    CHECK(streq(idiligo_error_operation(err), "Download") && sink.calls == 1 && n == 5);
    DONE_WITH_ERR();
    FAILS(idiligo_client_download_to_callback(c, url, NULL, NULL, NULL, 0, &n, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err, NULL), "write is NULL"));
    DONE_WITH_ERR();
    memset(&sink, 0, sizeof sink);
    FAILS(idiligo_client_download_to_callback(c, url, on_write, NULL, &sink, 100, NULL, &err), IDILIGO_ERR_TOO_LARGE);
    DONE_WITH_ERR();

    /* A total download deadline: a body stalling half way passes it (phase DOWNLOAD) and leaves
     * no file; 0 is refused when the client is built. */
    idiligo_options *o = NULL;
    OK(idiligo_sandbox_options(g_sb, &o, &err));
    OK(idiligo_options_set_download_timeout_ms(o, 300, &err));
    idiligo_client *dl = NULL;
    OK(idiligo_client_new(o, &dl, &err));
    char path[512];
    snprintf(path, sizeof path, "%s/deadline.bin", g_tmp);
    OK(idiligo_sandbox_inject_fault(g_sb, IDILIGO_FAULT_STALL_BODY, "Files", 1, 1500, &err));
    FAILS(idiligo_client_download_to_path(dl, url, path, NULL, NULL, 0, NULL, &err), IDILIGO_ERR_TIMEOUT);
    uint64_t ns = 0;
    CHECK(idiligo_error_timeout_phase(err) == IDILIGO_TIMEOUT_DOWNLOAD);
    CHECK(idiligo_error_timeout_ns(err, &ns) && ns == 300000000ULL);
    DONE_WITH_ERR();
    CHECK(!file_exists(path) && dir_entries(g_tmp) == 0);
    OK(idiligo_client_download_to_path(dl, url, path, NULL, NULL, 0, NULL, &err)); /* no stall: in time */
    unlink(path);
    idiligo_client_free(dl);
    dl = NULL;
    OK(idiligo_options_set_download_timeout_ms(o, 0, &err));
    FAILS(idiligo_client_new(o, &dl, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err, NULL), "download timeout") && dl == NULL);
    DONE_WITH_ERR();
    idiligo_options_free(o);

    idiligo_string_free(url);
    idiligo_string_free(empty_url);
    idiligo_client_free(c);
}

static void test_safe_file_name(void) {
    idiligo_error *err = NULL;
    char *name = NULL;
    const struct {
        const char *description, *id, *expect;
    } cases[] = {
        {"offer.pdf", "1", "offer.pdf"},       {"../../etc/passwd", "1", "passwd"}, {"..\\..\\win.ini", "1", "win.ini"},
        {NULL, "7", "attachment-7"},           {"", "x/9", "attachment-x9"},      {"CON.txt", "1", "_CON.txt"},
        {"a<b>:c?.pdf", "1", "a_b__c_.pdf"},   {" . . a . . ", "2", "a"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        OK(idiligo_safe_file_name(cases[i].description, cases[i].id, &name, &err));
        if (!streq(name, cases[i].expect)) fprintf(stderr, "safe_file_name(%s) = %s\n", cases[i].description, name);
        CHECK(streq(name, cases[i].expect));
        idiligo_string_free(name);
        name = NULL;
    }
    FAILS(idiligo_safe_file_name("x.pdf", NULL, &name, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_safe_file_name("bad\xff.pdf", "1", &name, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err, NULL), "UTF-8") && name == NULL);
    DONE_WITH_ERR();
    FAILS(idiligo_safe_file_name("x.pdf", "1", NULL, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
}

/* ------------------------------------------------------------------ logging */

#define LOG_MAX 512
typedef struct {
    pthread_mutex_t lock;
    int count;
    int levels[LOG_MAX];
    char targets[LOG_MAX][64];
    char messages[LOG_MAX][256];
    int bad_length; /* message_len disagreed with the terminator */
} log_state;

static log_state g_log;

static void on_log(void *user_data, int32_t level, const char *target, const char *message, size_t message_len) {
    log_state *l = (log_state *)user_data;
    pthread_mutex_lock(&l->lock);
    if (message[message_len] != 0) l->bad_length++;
    if (l->count < LOG_MAX) {
        l->levels[l->count] = level;
        snprintf(l->targets[l->count], sizeof l->targets[0], "%s", target);
        snprintf(l->messages[l->count], sizeof l->messages[0], "%s", message);
    }
    l->count++;
    pthread_mutex_unlock(&l->lock);
}

static int log_count(void) {
    pthread_mutex_lock(&g_log.lock);
    int n = g_log.count;
    pthread_mutex_unlock(&g_log.lock);
    return n;
}

/* Index of the first record at or after `from` whose message contains `needle`, or -1. */
static int log_find(int from, const char *needle) {
    pthread_mutex_lock(&g_log.lock);
    int found = -1;
    for (int i = from; i < g_log.count && i < LOG_MAX; i++)
        if (contains(g_log.messages[i], needle)) {
            found = i;
            break;
        }
    pthread_mutex_unlock(&g_log.lock);
    return found;
}

static void test_logging(void) {
    idiligo_error *err = NULL;
    memset(&g_log, 0, sizeof g_log);
    pthread_mutex_init(&g_log.lock, NULL);

    FAILS(idiligo_log_set_callback(on_log, &g_log, 6, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err, NULL), "max_level 6"));
    DONE_WITH_ERR();
    OK(idiligo_log_set_callback(on_log, &g_log, IDILIGO_LOG_INFO, &err));
    idiligo_client *c = sandbox_client();
    OK(idiligo_client_login(c, &err));
    int i = log_find(0, "Login: logged in as agent@example.test");
    CHECK(i >= 0);
    if (i >= 0) {
        CHECK(g_log.levels[i] == IDILIGO_LOG_INFO);
        CHECK(streq(g_log.targets[i], "idiligo::session"));
    }
    /* Nothing below INFO: not the DEBUG record of the Login exchange. */
    pthread_mutex_lock(&g_log.lock);
    CHECK(g_log.count >= 1);
    for (int k = 0; k < g_log.count && k < LOG_MAX; k++) CHECK(g_log.levels[k] <= IDILIGO_LOG_INFO);
    pthread_mutex_unlock(&g_log.lock);
    CHECK(log_find(0, "-> 200") < 0);

    /* DEBUG: one record per exchange, redacted. */
    OK(idiligo_log_set_callback(on_log, &g_log, IDILIGO_LOG_DEBUG, &err));
    int from = log_count();
    char *call = NULL, *pub = NULL;
    OK(idiligo_client_create_call(c, "INTAKE", &call, &err));
    OK(idiligo_client_get_public_call_id(c, call, &pub, &err));
    i = log_find(from, "GetPublicCallId: Post http://127.0.0.1:");
    CHECK(i >= 0 && contains(g_log.messages[i], "/InsideService20.asmx/GetPublicCallId -> 200"));
    if (i >= 0) CHECK(g_log.levels[i] == IDILIGO_LOG_DEBUG && contains(g_log.targets[i], "idiligo"));
    char *token = NULL;
    OK(idiligo_client_session_token(c, &token, &err));
    OK(idiligo_sandbox_expire_tokens(g_sb, &err));
    idiligo_string_free(pub);
    pub = NULL;
    OK(idiligo_client_get_public_call_id(c, call, &pub, &err)); /* a re-login, logged */
    CHECK(log_find(from, "logging in again") >= 0);
    pthread_mutex_lock(&g_log.lock);
    const char *secrets[] = {idiligo_sandbox_apikey(g_sb), idiligo_sandbox_password(g_sb), token};
    for (int k = 0; k < g_log.count && k < LOG_MAX; k++) {
        for (size_t s = 0; s < sizeof secrets / sizeof secrets[0]; s++) CHECK(!contains(g_log.messages[k], secrets[s]));
        CHECK(strncmp(g_log.targets[k], "idiligo", 7) == 0); /* only the library's own records */
    }
    CHECK(g_log.bad_length == 0);
    pthread_mutex_unlock(&g_log.lock);
    idiligo_string_free(token);

    /* Unregistered: no record reaches the old callback any more. */
    OK(idiligo_log_set_callback(NULL, NULL, 0, &err));
    int after = log_count();
    OK(idiligo_sandbox_expire_tokens(g_sb, &err));
    idiligo_string_free(pub);
    pub = NULL;
    OK(idiligo_client_get_public_call_id(c, call, &pub, &err));
    CHECK(log_count() == after);
    idiligo_string_free(pub);
    idiligo_string_free(call);
    idiligo_client_free(c);
    pthread_mutex_destroy(&g_log.lock);
}

/* ------------------------------------------------------------------ sandbox configured from C */

static void test_sandbox_builder(void) {
    idiligo_error *err = NULL;
    idiligo_sandbox_builder *b = idiligo_sandbox_builder_new();
    CHECK(b != NULL);
    idiligo_sandbox_builder_free(NULL);

    /* Refused values, nothing changed. */
    FAILS(idiligo_sandbox_builder_set_custom_errors(b, 2, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_sandbox_builder_set_credentials(b, "k", "", "p", "t", &err), IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err, NULL), "username is empty"));
    DONE_WITH_ERR();
    FAILS(idiligo_sandbox_builder_set_token_lifetime_ms(b, 0, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_sandbox_builder_set_max_document_bytes(b, 0, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_sandbox_builder_set_max_request_bytes(b, 0, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_sandbox_builder_set_port(NULL, 1, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();

    /* The port: a port in use is a connect error; a free one is used. */
    unsigned taken = 0;
    sscanf(idiligo_sandbox_url(g_sb), "http://127.0.0.1:%u", &taken);
    OK(idiligo_sandbox_builder_set_port(b, (uint16_t)taken, &err));
    idiligo_sandbox *sb = NULL;
    FAILS(idiligo_sandbox_builder_start(b, &sb, &err), IDILIGO_ERR_CONNECT);
    CHECK(sb == NULL);
    DONE_WITH_ERR();
    stub_server probe; /* a port that was free a moment ago */
    CHECK(stub_start(&probe, NULL, 0));
    unsigned port = probe.port;
    stub_stop(&probe);
    OK(idiligo_sandbox_builder_set_port(b, (uint16_t)port, &err));

    OK(idiligo_sandbox_builder_set_credentials(b, "fake-key-b", "builder@example.test", "fake-pw-b", "fake-ticket-b",
                                               &err));
    OK(idiligo_sandbox_builder_set_custom_errors(b, IDILIGO_CUSTOM_ERRORS_OFF, &err));
    OK(idiligo_sandbox_builder_set_token_lifetime_ms(b, 400, &err));
    OK(idiligo_sandbox_builder_set_conversion_time_ms(b, 60000, &err));
    OK(idiligo_sandbox_builder_set_conversion_failure_marker(b, "FAILME", &err));
    OK(idiligo_sandbox_builder_set_max_document_bytes(b, 10, &err));
    OK(idiligo_sandbox_builder_set_request_validation(b, false, &err));
    OK(idiligo_sandbox_builder_set_require_contact_names(b, false, &err));
    OK(idiligo_sandbox_builder_set_max_request_bytes(b, 2000, &err));
    OK(idiligo_sandbox_builder_set_control_api(b, true, &err));
    OK(idiligo_sandbox_builder_start(b, &sb, &err));
    idiligo_sandbox_builder_free(b);
    char expect[64];
    snprintf(expect, sizeof expect, "http://127.0.0.1:%u", port);
    CHECK(streq(idiligo_sandbox_url(sb), expect));
    CHECK(streq(idiligo_sandbox_apikey(sb), "fake-key-b") && streq(idiligo_sandbox_username(sb), "builder@example.test"));
    CHECK(streq(idiligo_sandbox_password(sb), "fake-pw-b") && streq(idiligo_sandbox_ticket(sb), "fake-ticket-b"));

    idiligo_options *o = NULL;
    idiligo_client *c = NULL;
    OK(idiligo_sandbox_options(sb, &o, &err));
    OK(idiligo_client_new(o, &c, &err));
    idiligo_options_free(o);
    char *call = NULL, *pub = NULL, *out = NULL;
    OK(idiligo_client_create_call(c, "INTAKE", &call, &err));
    OK(idiligo_client_get_public_call_id(c, call, &pub, &err));
    /* Request validation off: a value with markup is accepted. */
    const char *names[] = {"Html"}, *values[] = {"<b>bold</b>"};
    OK(idiligo_client_set_values(c, pub, names, values, 1, &err));
    /* POST bodies over 2000 bytes are refused as ASP.NET refuses them. */
    static char longvalue[2100];
    memset(longvalue, 'v', sizeof longvalue - 1);
    const char *long_values[] = {longvalue};
    FAILS(idiligo_client_set_values(c, pub, names, long_values, 1, &err), IDILIGO_ERR_SERVICE);
    CHECK(streq(idiligo_error_service_message(err, NULL), "Maximum request length exceeded."));
    DONE_WITH_ERR();
    /* customErrors Off: the fault carries the exception type and a stack trace. */
    FAILS(idiligo_client_get_public_call_id(c, "999999", &out, &err), IDILIGO_ERR_SERVICE);
    size_t len = 0;
    const char *detail = idiligo_error_service_detail(err, &len);
    CHECK(contains(detail, "System.Exception: Unknown callId.") && contains(detail, "\n  at "));
    DONE_WITH_ERR();
    /* Documents of at most 10 bytes; conversion takes a minute; a marked name fails it. */
    static const char small[] = "%PDF-tiny", large[] = "%PDF-too large";
    char *small_url = NULL, *large_url = NULL, *doc = NULL, *failing = NULL, *xml = NULL;
    OK(idiligo_sandbox_host_file(sb, "small.pdf", (const uint8_t *)small, sizeof small - 1, &small_url, &err));
    OK(idiligo_sandbox_host_file(sb, "large.pdf", (const uint8_t *)large, sizeof large - 1, &large_url, &err));
    FAILS(idiligo_client_add_document_from_url(c, large_url, "large.pdf", NULL, &doc, &err), IDILIGO_ERR_SERVICE);
    CHECK(streq(idiligo_error_service_message(err, NULL), "Document too large."));
    DONE_WITH_ERR();
    OK(idiligo_client_add_document_from_url(c, small_url, "small.pdf", NULL, &doc, &err));
    const char *pname[] = {"documentId"};
    const char *pval[] = {doc};
    OK(idiligo_client_call(c, "GetDocumentStatus", pname, pval, 1, 0, &xml, &err));
    CHECK(contains(xml, ">BUSY<"));
    idiligo_string_free(xml);
    xml = NULL;
    idiligo_sandbox_builder *b2 = idiligo_sandbox_builder_new();
    OK(idiligo_sandbox_builder_set_conversion_failure_marker(b2, "FAILME", &err));
    idiligo_sandbox *sb2 = NULL;
    OK(idiligo_sandbox_builder_start(b2, &sb2, &err));
    idiligo_sandbox_builder_free(b2);
    idiligo_client *c2 = NULL;
    OK(idiligo_sandbox_options(sb2, &o, &err));
    OK(idiligo_client_new(o, &c2, &err));
    idiligo_options_free(o);
    char *url2 = NULL;
    OK(idiligo_sandbox_host_file(sb2, "x.pdf", (const uint8_t *)small, sizeof small - 1, &url2, &err));
    OK(idiligo_client_add_document_from_url(c2, url2, "report-FAILME.pdf", NULL, &failing, &err));
    pval[0] = failing;
    OK(idiligo_client_call(c2, "GetDocumentStatus", pname, pval, 1, 0, &xml, &err));
    CHECK(contains(xml, ">ERROR<"));
    idiligo_string_free(xml);
    xml = NULL;
    idiligo_client_free(c2);
    idiligo_string_free(url2);
    idiligo_sandbox_stop(sb2);

    /* Token lifetime 400 ms: after it the sandbox rejects the token and the client logs in
     * again by itself. */
    uint64_t logins = idiligo_sandbox_request_count(sb, "Login");
    sleep_ms(600);
    OK(idiligo_client_get_public_call_id(c, call, &out, &err));
    idiligo_string_free(out);
    out = NULL;
    CHECK(idiligo_sandbox_request_count(sb, "Login") == logins + 1);

    /* Contact names not required: the two-parameter CreateContact is accepted (sent raw, as
     * an old integration would). The default sandbox refuses it. */
    char *token = NULL, form[512], body[4096];
    OK(idiligo_client_session_token(c, &token, &err));
    snprintf(form, sizeof form, "token=%s&email=two@example.com", token);
    idiligo_string_free(token);
    idiligo_sandbox *keep = g_sb;
    g_sb = sb; /* raw_request talks to g_sb */
    int status = raw_request("POST", "/InsideService20.asmx/CreateContact", form, body, sizeof body);
    g_sb = keep;
    CHECK(status == 200 && contains(body, "<long"));
    idiligo_client *dc = sandbox_client();
    OK(idiligo_client_session_token(dc, &token, &err));
    snprintf(form, sizeof form, "token=%s&email=two@example.com", token);
    idiligo_string_free(token);
    status = raw_request("POST", "/InsideService20.asmx/CreateContact", form, body, sizeof body);
    CHECK(status == 500 && contains(body, "firstName"));
    /* The control API: served by the configured sandbox, not by the default one. */
    g_sb = sb;
    status = raw_request("GET", "/_sandbox/", "", body, sizeof body);
    g_sb = keep;
    CHECK(status == 200 && contains(body, "/_sandbox/faults"));
    status = raw_request("GET", "/_sandbox/", "", body, sizeof body);
    CHECK(status != 200);
    idiligo_client_free(dc);

    idiligo_string_free(small_url);
    idiligo_string_free(large_url);
    idiligo_string_free(doc);
    idiligo_string_free(failing);
    idiligo_string_free(call);
    idiligo_string_free(pub);
    idiligo_client_free(c);
    idiligo_sandbox_stop(sb);
}

/* ------------------------------------------------------------------ documents from the application */

/* The control API's JSON of a stored document (a sandbox started with the control API). */
static int document_json(idiligo_sandbox *sb, const char *doc, char *body, size_t len) {
    char path[128];
    snprintf(path, sizeof path, "/_sandbox/documents/%s", doc);
    idiligo_sandbox *keep = g_sb;
    g_sb = sb;
    int status = raw_request("GET", path, "", body, len);
    g_sb = keep;
    return status;
}

static idiligo_client *client_for(idiligo_sandbox *sb, int32_t binding) {
    idiligo_error *err = NULL;
    idiligo_options *o = NULL;
    idiligo_client *c = NULL;
    OK(idiligo_sandbox_options(sb, &o, &err));
    OK(idiligo_options_set_binding(o, binding, &err));
    OK(idiligo_client_new(o, &c, &err));
    idiligo_options_free(o);
    return c;
}

/* Downloads the first attachment of `call` whose description is `name` into `buf`. */
static size_t attachment_bytes(idiligo_client *c, const char *call, const char *name, char *buf, size_t len) {
    idiligo_error *err = NULL;
    idiligo_attachments *l = NULL;
    size_t n = 0;
    OK(idiligo_client_get_attachments(c, call, &l, &err));
    for (size_t i = 0; i < idiligo_attachments_len(l); i++) {
        if (!streq(idiligo_attachments_description(l, i), name)) continue;
        uint8_t *data = NULL;
        if (OK(idiligo_client_download_to_buffer(c, idiligo_attachments_url(l, i), NULL, NULL, 0, &data, &n, &err))) {
            if (n > len) n = len;
            memcpy(buf, data, n);
            idiligo_buffer_free(data);
        }
        break;
    }
    idiligo_attachments_free(l);
    return n;
}

typedef struct {
    idiligo_client *view;
    const char *doc;
    int32_t rc;
    idiligo_error *err;
    double returned;
} wait_arg;

static void *wait_worker(void *p) {
    wait_arg *a = (wait_arg *)p;
    a->rc = idiligo_client_wait_for_document(a->view, a->doc, 30000, 100, &a->err);
    a->returned = now_s();
    return NULL;
}

static void test_uploads(void) {
    idiligo_error *err = NULL;
    idiligo_sandbox_builder *b = idiligo_sandbox_builder_new();
    idiligo_sandbox *sb = NULL;
    OK(idiligo_sandbox_builder_set_control_api(b, true, &err));
    OK(idiligo_sandbox_builder_start(b, &sb, &err));
    idiligo_sandbox_builder_free(b);
    idiligo_client *c = client_for(sb, IDILIGO_BINDING_POST);
    char *call = NULL, *doc = NULL, *doc2 = NULL, *xml = NULL;
    char body[8192], buf[4096];
    static const char pdf[] = "%PDF-1.4 uploaded from memory";
    OK(idiligo_client_create_call(c, "INTAKE", &call, &err));

    /* From a buffer, default options: AddDocumentFromBytes over SOAP; the bytes arrive as given. */
    uint64_t plain = idiligo_sandbox_request_count(sb, "AddDocumentFromBytes");
    OK(idiligo_client_add_document_from_bytes(c, "memory.pdf", (const uint8_t *)pdf, sizeof pdf - 1, NULL, &doc, &err));
    CHECK(doc && *doc);
    CHECK(idiligo_sandbox_request_count(sb, "AddDocumentFromBytes") == plain + 1);
    CHECK(document_json(sb, doc, body, sizeof body) == 200);
    CHECK(contains(body, "\"filename\":\"memory.pdf\"") && contains(body, "\"private\":false"));
    CHECK(contains(body, "\"size\":29"));
    OK(idiligo_client_set_document_to_upload_action(c, call, "crm-1", doc, &err));
    CHECK(attachment_bytes(c, call, "memory.pdf", buf, sizeof buf) == sizeof pdf - 1 && memcmp(buf, pdf, sizeof pdf - 1) == 0);

    /* Options: external id, private, temporary (AddDocumentFromBytesEx), progress, file name. */
    idiligo_upload_options *uo = idiligo_upload_options_new();
    CHECK(uo != NULL);
    idiligo_upload_options_free(NULL);
    progress_state ps = {0, 0, 0, 0};
    OK(idiligo_upload_options_set_external_id(uo, "crm-42", &err));
    OK(idiligo_upload_options_set_private(uo, true, &err));
    OK(idiligo_upload_options_set_temporary(uo, true, &err));
    OK(idiligo_upload_options_set_progress(uo, on_progress, &ps, &err));
    OK(idiligo_upload_options_set_filename(uo, "renamed.pdf", &err));
    uint64_t ex = idiligo_sandbox_request_count(sb, "AddDocumentFromBytesEx");
    static char big[150000];
    for (size_t i = 0; i < sizeof big; i++) big[i] = (char)('a' + i % 17);
    OK(idiligo_client_add_document_from_bytes(c, "ignored.pdf", (const uint8_t *)big, sizeof big, uo, &doc2, &err));
    CHECK(idiligo_sandbox_request_count(sb, "AddDocumentFromBytesEx") == ex + 1);
    CHECK(document_json(sb, doc2, body, sizeof body) == 200);
    CHECK(contains(body, "\"filename\":\"renamed.pdf\"") && contains(body, "\"external_id\":\"crm-42\""));
    CHECK(contains(body, "\"private\":true") && contains(body, "\"temporary\":true") && contains(body, "\"size\":150000"));
    CHECK(ps.calls >= 3 && ps.last_done == sizeof big && ps.last_total == sizeof big);
    /* The progress callback cancels: nothing stored. */
    progress_state stop = {0, 0, 0, 2};
    OK(idiligo_upload_options_set_progress(uo, on_progress, &stop, &err));
    char *never = NULL;
    FAILS(idiligo_client_add_document_from_bytes(c, "x.pdf", (const uint8_t *)big, sizeof big, uo, &never, &err),
          IDILIGO_ERR_CANCELLED);
    DONE_WITH_ERR();
    CHECK(never == NULL && stop.calls == 2);
    OK(idiligo_upload_options_set_progress(uo, NULL, NULL, &err));
    /* The cut-short request is counted when the sandbox's thread reads its headers, which may
     * be after the call returned: wait for it before counting what the bad input sends. */
    double cut = now_s();
    while (idiligo_sandbox_request_count(sb, "AddDocumentFromBytesEx") < ex + 2 && now_s() - cut < 5) sleep_ms(5);

    /* Bad input: a clear error and nothing sent. */
    uint64_t sent = idiligo_sandbox_request_count(sb, "AddDocumentFromBytes") +
                    idiligo_sandbox_request_count(sb, "AddDocumentFromBytesEx");
    OK(idiligo_upload_options_set_max_bytes(uo, 10, &err));
    FAILS(idiligo_client_add_document_from_bytes(c, "big.pdf", (const uint8_t *)pdf, sizeof pdf - 1, uo, &never, &err),
          IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err, NULL), "more than the upload size cap of 10 bytes"));
    DONE_WITH_ERR();
    OK(idiligo_upload_options_set_max_bytes(uo, 0, &err)); /* back to the client's cap */
    FAILS(idiligo_client_add_document_from_bytes(c, "empty.pdf", (const uint8_t *)pdf, 0, NULL, &never, &err),
          IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err, NULL), "empty"));
    DONE_WITH_ERR();
    FAILS(idiligo_client_add_document_from_bytes(c, "null.pdf", NULL, 5, NULL, &never, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_client_add_document_from_bytes(c, "  ", (const uint8_t *)pdf, 4, NULL, &never, &err),
          IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    FAILS(idiligo_client_add_document_from_bytes(c, "x.pdf", (const uint8_t *)pdf, 4, NULL, NULL, &err),
          IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    idiligo_options *small = NULL;
    idiligo_client *capped = NULL;
    OK(idiligo_sandbox_options(sb, &small, &err));
    OK(idiligo_options_set_max_upload_bytes(small, 8, &err));
    OK(idiligo_client_new(small, &capped, &err));
    FAILS(idiligo_client_add_document_from_bytes(capped, "x.pdf", (const uint8_t *)pdf, 9, NULL, &never, &err),
          IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err, NULL), "upload size cap of 8 bytes"));
    DONE_WITH_ERR();
    OK(idiligo_client_add_document_from_bytes(capped, "x.pdf", (const uint8_t *)pdf, 8, NULL, &never, &err));
    idiligo_string_free(never);
    never = NULL;
    idiligo_client_free(capped);
    OK(idiligo_options_set_max_upload_bytes(small, 0, &err));
    FAILS(idiligo_client_new(small, &capped, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    idiligo_options_free(small);
    sent += 1; /* the capped client's upload of 8 bytes */
    CHECK(idiligo_sandbox_request_count(sb, "AddDocumentFromBytes") +
              idiligo_sandbox_request_count(sb, "AddDocumentFromBytesEx") ==
          sent);

    /* From a file: named as the file unless the options say otherwise; a missing file or a
     * directory sends nothing. */
    char path[512];
    snprintf(path, sizeof path, "%s/scan.pdf", g_tmp);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fwrite(big, 1, 70000, f);
        fclose(f);
    }
    char *fdoc = NULL, *fdoc2 = NULL;
    OK(idiligo_client_add_document_from_file(c, path, NULL, &fdoc, &err));
    CHECK(document_json(sb, fdoc, body, sizeof body) == 200);
    CHECK(contains(body, "\"filename\":\"scan.pdf\"") && contains(body, "\"size\":70000"));
    OK(idiligo_client_add_document_from_file(c, path, uo, &fdoc2, &err)); /* uo: renamed.pdf, crm-42 */
    CHECK(document_json(sb, fdoc2, body, sizeof body) == 200);
    CHECK(contains(body, "\"filename\":\"renamed.pdf\"") && contains(body, "\"external_id\":\"crm-42\""));
    unlink(path);
    sent = idiligo_sandbox_request_count(sb, "AddDocumentFromBytes") + idiligo_sandbox_request_count(sb, "AddDocumentFromBytesEx");
    FAILS(idiligo_client_add_document_from_file(c, path, NULL, &never, &err), IDILIGO_ERR_IO);
    int32_t code = 0;
    CHECK(idiligo_error_os_error_code(err, &code) && code == ENOENT);
    DONE_WITH_ERR();
    FAILS(idiligo_client_add_document_from_file(c, g_tmp, NULL, &never, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err, NULL), "is a directory"));
    DONE_WITH_ERR();
    CHECK(idiligo_sandbox_request_count(sb, "AddDocumentFromBytes") + idiligo_sandbox_request_count(sb, "AddDocumentFromBytesEx") == sent);
    CHECK(never == NULL);
    idiligo_upload_options_free(uo);

    /* AddDocumentToCall: the stored document appears in the meeting. */
    char *call2 = NULL, *attached = NULL;
    OK(idiligo_client_create_call(c, "INTAKE", &call2, &err));
    OK(idiligo_client_add_document_to_call(c, call2, fdoc, NULL, &attached, &err));
    CHECK(attached && *attached);
    CHECK(attachment_bytes(c, call2, "scan.pdf", buf, sizeof buf) == sizeof buf && memcmp(buf, big, sizeof buf) == 0);
    FAILS(idiligo_client_add_document_to_call(c, "999999", fdoc, "", &never, &err), IDILIGO_ERR_SERVICE);
    DONE_WITH_ERR();

    /* Status and progress: an integer and the text; unknown texts kept as they came. */
    int32_t status = -1;
    char *text = NULL;
    double pct = -1;
    OK(idiligo_client_get_document_status(c, doc, &status, &text, &err));
    CHECK(status == IDILIGO_DOCUMENT_READY && streq(text, "READY"));
    idiligo_string_free(text);
    text = NULL;
    OK(idiligo_client_get_document_status(c, "999999", &status, NULL, &err));
    CHECK(status == IDILIGO_DOCUMENT_NOT_FOUND);
    OK(idiligo_client_get_document_progress(c, doc, &status, &pct, &text, &err));
    CHECK(status == IDILIGO_DOCUMENT_READY && pct == 100.0 && streq(text, "READY"));
    idiligo_string_free(text);
    text = NULL;
    static const char queued[] =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<string xmlns=\"http://www.idiligo.com/\">QUEUED (3 ahead)</string>";
    OK(idiligo_sandbox_inject_response(sb, "GetDocumentStatus", 1, 200, "text/xml; charset=utf-8", (const uint8_t *)queued,
                                       sizeof queued - 1, &err));
    OK(idiligo_client_get_document_status(c, doc, &status, &text, &err));
    CHECK(status == IDILIGO_DOCUMENT_OTHER && streq(text, "QUEUED (3 ahead)"));
    idiligo_string_free(text);
    text = NULL;
    status = 77;
    FAILS(idiligo_client_get_document_status(c, "", &status, &text, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(status == 77 && text == NULL);
    DONE_WITH_ERR();
    FAILS(idiligo_client_get_document_progress(c, doc, &status, NULL, NULL, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();

    /* Delete: true, then false (unknown); the status says NOT FOUND. */
    bool deleted = false;
    OK(idiligo_client_delete_document(c, doc2, &deleted, &err));
    CHECK(deleted);
    OK(idiligo_client_delete_document(c, doc2, &deleted, &err));
    CHECK(!deleted);
    OK(idiligo_client_get_document_status(c, doc2, &status, NULL, &err));
    CHECK(status == IDILIGO_DOCUMENT_NOT_FOUND);

    /* SetCallValues: SOAP only (refused before sending on POST), markup kept. */
    const char *names[] = {"Note", "Policy"}, *values[] = {"<b>bold</b>", "P-9"};
    bool stored = false;
    uint64_t scv = idiligo_sandbox_request_count(sb, "SetCallValues");
    FAILS(idiligo_client_set_call_values(c, call, names, values, 2, &stored, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err, NULL), "SOAP"));
    DONE_WITH_ERR();
    CHECK(idiligo_sandbox_request_count(sb, "SetCallValues") == scv);
    idiligo_client *soap = client_for(sb, IDILIGO_BINDING_SOAP);
    OK(idiligo_client_set_call_values(soap, call, names, values, 2, &stored, &err));
    CHECK(stored);
    idiligo_name_values *nv = NULL;
    OK(idiligo_client_get_call_values(soap, call, &nv, &err));
    CHECK(streq(idiligo_name_values_get(nv, "Note"), "<b>bold</b>") && streq(idiligo_name_values_get(nv, "Policy"), "P-9"));
    idiligo_name_values_free(nv);
    const char *empty_name[] = {""};
    FAILS(idiligo_client_set_call_values(soap, call, empty_name, values, 1, &stored, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    idiligo_client_free(soap);

    idiligo_string_free(call);
    idiligo_string_free(call2);
    idiligo_string_free(attached);
    idiligo_string_free(doc);
    idiligo_string_free(doc2);
    idiligo_string_free(fdoc);
    idiligo_string_free(fdoc2);
    idiligo_string_free(xml);
    idiligo_client_free(c);
    idiligo_sandbox_stop(sb);
}

/* ------------------------------------------------------------------ uploads from a read callback */

typedef struct {
    const uint8_t *data;
    size_t len;        /* bytes it delivers before the end */
    size_t at;         /* bytes delivered so far */
    size_t chunk;      /* at most this many per call (0: as many as asked) */
    size_t fail_at;    /* returns fail_rc once `at` reaches this (SIZE_MAX: never) */
    int32_t fail_rc;
    int overreport;    /* reports one byte more than the buffer holds */
    int calls;
    int eof_calls;     /* calls that reported the end */
    int dirty_out;     /* calls whose *out_n was not 0 on entry */
} reader_state;

static reader_state reader_over(const uint8_t *data, size_t len, size_t chunk) {
    reader_state r;
    memset(&r, 0, sizeof r);
    r.data = data;
    r.len = len;
    r.chunk = chunk;
    r.fail_at = SIZE_MAX;
    return r;
}

static int32_t on_read(void *user_data, uint8_t *buf, size_t len, size_t *out_n) {
    reader_state *r = (reader_state *)user_data;
    r->calls++;
    if (*out_n != 0) r->dirty_out++;
    if (r->at >= r->fail_at) return r->fail_rc;
    size_t n = r->len - r->at;
    if (n > len) n = len;
    if (r->chunk && n > r->chunk) n = r->chunk;
    if (n == 0) {
        r->eof_calls++;
        return 0;
    }
    memcpy(buf, r->data + r->at, n);
    r->at += n;
    *out_n = r->overreport ? len + 1 : n;
    return 0;
}

static uint64_t upload_requests(idiligo_sandbox *sb) {
    return idiligo_sandbox_request_count(sb, "AddDocumentFromBytes") +
           idiligo_sandbox_request_count(sb, "AddDocumentFromBytesEx");
}

static void test_reader_uploads(void) {
    idiligo_error *err = NULL;
    idiligo_sandbox_builder *b = idiligo_sandbox_builder_new();
    idiligo_sandbox *sb = NULL;
    OK(idiligo_sandbox_builder_set_control_api(b, true, &err));
    OK(idiligo_sandbox_builder_start(b, &sb, &err));
    idiligo_sandbox_builder_free(b);
    idiligo_client *c = client_for(sb, IDILIGO_BINDING_POST);
    /* Every byte value, NULs included; delivered in odd chunks (not multiples of 3, so base64
     * groups straddle reads). */
    static uint8_t data[200003];
    for (size_t i = 0; i < sizeof data; i++) data[i] = (uint8_t)(i * 131 + (i >> 8));
    static char back[sizeof data + 16];
    char body[8192];
    char *call = NULL, *known = NULL, *unknown = NULL, *never = NULL;
    OK(idiligo_client_create_call(c, "INTAKE", &call, &err));

    /* A known length: streamed; the bytes arrive as the callback gave them; after the last
     * byte the callback is asked once more and reports the end. */
    uint64_t plain = idiligo_sandbox_request_count(sb, "AddDocumentFromBytes");
    reader_state r = reader_over(data, sizeof data, 997);
    OK(idiligo_client_add_document_from_reader(c, "reader-known.pdf", on_read, &r, sizeof data, NULL, &known, &err));
    CHECK(known && *known);
    CHECK(idiligo_sandbox_request_count(sb, "AddDocumentFromBytes") == plain + 1);
    CHECK(r.at == sizeof data && r.eof_calls == 1 && r.dirty_out == 0);
    CHECK(r.calls >= (int)((sizeof data + 996) / 997) + 1);
    if (known) {
        CHECK(document_json(sb, known, body, sizeof body) == 200);
        CHECK(contains(body, "\"filename\":\"reader-known.pdf\"") && contains(body, "\"size\":200003"));
        OK(idiligo_client_set_document_to_upload_action(c, call, "crm-known", known, &err));
        CHECK(attachment_bytes(c, call, "reader-known.pdf", back, sizeof back) == sizeof data &&
              memcmp(back, data, sizeof data) == 0);
    }

    /* IDILIGO_LENGTH_UNKNOWN: copied to a temporary file, then sent; options apply (external
     * id: AddDocumentFromBytesEx; progress sees the whole length). */
    idiligo_upload_options *uo = idiligo_upload_options_new();
    progress_state ps = {0, 0, 0, 0};
    OK(idiligo_upload_options_set_external_id(uo, "crm-reader", &err));
    OK(idiligo_upload_options_set_progress(uo, on_progress, &ps, &err));
    uint64_t ex = idiligo_sandbox_request_count(sb, "AddDocumentFromBytesEx");
    r = reader_over(data, sizeof data, 0);
    OK(idiligo_client_add_document_from_reader(c, "reader-unknown.pdf", on_read, &r, IDILIGO_LENGTH_UNKNOWN, uo, &unknown,
                                               &err));
    CHECK(idiligo_sandbox_request_count(sb, "AddDocumentFromBytesEx") == ex + 1);
    CHECK(r.at == sizeof data && r.eof_calls == 1 && r.dirty_out == 0);
    CHECK(ps.last_done == sizeof data && ps.last_total == sizeof data);
    if (unknown) {
        CHECK(document_json(sb, unknown, body, sizeof body) == 200);
        CHECK(contains(body, "\"filename\":\"reader-unknown.pdf\"") && contains(body, "\"external_id\":\"crm-reader\""));
        CHECK(contains(body, "\"size\":200003"));
        OK(idiligo_client_set_document_to_upload_action(c, call, "crm-unknown", unknown, &err));
        CHECK(attachment_bytes(c, call, "reader-unknown.pdf", back, sizeof back) == sizeof data &&
              memcmp(back, data, sizeof data) == 0);
    }
    OK(idiligo_upload_options_set_progress(uo, NULL, NULL, &err));

    /* Bad arguments: IDILIGO_ERR_ARGUMENT, the callback never called, nothing sent, the
     * out-parameter untouched. */
    uint64_t sent = upload_requests(sb);
    static const char bad[] = "bad\xff.pdf";
    r = reader_over(data, 100, 0);
#define BAD_READER(expr, needle)                                                         \
    do {                                                                                 \
        if (FAILS(expr, IDILIGO_ERR_ARGUMENT))                                           \
            CHECK(contains(idiligo_error_message(err, NULL), needle));                   \
        DONE_WITH_ERR();                                                                 \
    } while (0)
    BAD_READER(idiligo_client_add_document_from_reader(NULL, "a.pdf", on_read, &r, 100, NULL, &never, &err),
               "client is NULL");
    BAD_READER(idiligo_client_add_document_from_reader(c, NULL, on_read, &r, 100, NULL, &never, &err),
               "filename is NULL");
    BAD_READER(idiligo_client_add_document_from_reader(c, bad, on_read, &r, 100, NULL, &never, &err),
               "filename is not valid UTF-8");
    BAD_READER(idiligo_client_add_document_from_reader(c, "a.pdf", NULL, &r, 100, NULL, &never, &err), "read is NULL");
    BAD_READER(idiligo_client_add_document_from_reader(c, "a.pdf", on_read, &r, 100, NULL, NULL, &err),
               "document_id_out is NULL");
    BAD_READER(idiligo_client_add_document_from_reader(c, "  ", on_read, &r, 100, NULL, &never, &err), "filename");
    BAD_READER(idiligo_client_add_document_from_reader(c, "a.pdf", on_read, &r, 0, NULL, &never, &err), "empty");
    CHECK(r.calls == 0);
    /* The size cap: a known length over it is refused before reading; an unknown one once
     * the copy passes it (at most cap + 1 bytes read); exactly the cap is fine. */
    OK(idiligo_upload_options_set_max_bytes(uo, 100, &err));
    BAD_READER(idiligo_client_add_document_from_reader(c, "a.pdf", on_read, &r, 101, uo, &never, &err),
               "more than the upload size cap of 100 bytes");
    CHECK(r.calls == 0);
    r = reader_over(data, 1000, 0);
    BAD_READER(idiligo_client_add_document_from_reader(c, "a.pdf", on_read, &r, IDILIGO_LENGTH_UNKNOWN, uo, &never, &err),
               "more than the upload size cap of 100 bytes");
    CHECK(r.at <= 101);
    /* Empty with an unknown length: refused once copied. */
    r = reader_over(data, 0, 0);
    BAD_READER(idiligo_client_add_document_from_reader(c, "a.pdf", on_read, &r, IDILIGO_LENGTH_UNKNOWN, NULL, &never, &err),
               "empty");
    CHECK(r.eof_calls == 1);
    /* A read error while copying (unknown length): IDILIGO_ERR_IO naming the callback. */
    r = reader_over(data, 1000, 10);
    r.fail_at = 500;
    r.fail_rc = -7;
    if (FAILS(idiligo_client_add_document_from_reader(c, "a.pdf", on_read, &r, IDILIGO_LENGTH_UNKNOWN, NULL, &never, &err),
              IDILIGO_ERR_IO))
        CHECK(contains(idiligo_error_message(err, NULL), "the read callback returned -7"));
    DONE_WITH_ERR();
    CHECK(r.at == 500);
    CHECK(upload_requests(sb) == sent);
    char *capped = NULL;
    r = reader_over(data, 100, 0);
    OK(idiligo_client_add_document_from_reader(c, "capped.pdf", on_read, &r, 100, uo, &capped, &err));
    CHECK(upload_requests(sb) == sent + 1);
    idiligo_string_free(capped);
    idiligo_upload_options_free(uo);

    /* While streaming a known length: a read error, an early end, more bytes than announced,
     * a count larger than the buffer. Each IDILIGO_ERR_IO, nothing returned. */
    r = reader_over(data, sizeof data, 4096);
    r.fail_at = 3 * 4096;
    r.fail_rc = 42;
    if (FAILS(idiligo_client_add_document_from_reader(c, "a.pdf", on_read, &r, sizeof data, NULL, &never, &err),
              IDILIGO_ERR_IO)) {
        CHECK(contains(idiligo_error_message(err, NULL), "the read callback returned 42"));
        CHECK(streq(idiligo_error_operation(err), "AddDocumentFromBytes"));
    }
    DONE_WITH_ERR();
    r = reader_over(data, 1000, 0);
    if (FAILS(idiligo_client_add_document_from_reader(c, "a.pdf", on_read, &r, 1500, NULL, &never, &err), IDILIGO_ERR_IO))
        CHECK(contains(idiligo_error_message(err, NULL), "ended after 1000 of 1500 bytes"));
    DONE_WITH_ERR();
    r = reader_over(data, 1000, 0);
    if (FAILS(idiligo_client_add_document_from_reader(c, "a.pdf", on_read, &r, 999, NULL, &never, &err), IDILIGO_ERR_IO))
        CHECK(contains(idiligo_error_message(err, NULL), "longer than the 999 bytes"));
    DONE_WITH_ERR();
    r = reader_over(data, 1000, 0);
    r.overreport = 1;
    if (FAILS(idiligo_client_add_document_from_reader(c, "a.pdf", on_read, &r, 1000, NULL, &never, &err), IDILIGO_ERR_IO))
        CHECK(contains(idiligo_error_message(err, NULL), "the read callback reported"));
    DONE_WITH_ERR();
    CHECK(never == NULL);
    /* The check of the end after the announced length: the document is complete, so a
     * failure of that extra call does not undo the upload. */
    char *probed = NULL;
    r = reader_over(data, 1000, 0);
    r.fail_at = 1000;
    r.fail_rc = 5;
    OK(idiligo_client_add_document_from_reader(c, "probed.pdf", on_read, &r, 1000, NULL, &probed, &err));
    CHECK(probed != NULL && r.at == 1000 && r.calls == 2);
    idiligo_string_free(probed);
#undef BAD_READER

    idiligo_string_free(call);
    idiligo_string_free(known);
    idiligo_string_free(unknown);
    idiligo_client_free(c);
    idiligo_sandbox_stop(sb);
}

static void test_document_waits(void) {
    idiligo_error *err = NULL;
    idiligo_sandbox_builder *b = idiligo_sandbox_builder_new();
    idiligo_sandbox *sb = NULL;
    OK(idiligo_sandbox_builder_set_conversion_time_ms(b, 400, &err));
    OK(idiligo_sandbox_builder_set_conversion_failure_marker(b, "BROKEN", &err));
    OK(idiligo_sandbox_builder_start(b, &sb, &err));
    idiligo_sandbox_builder_free(b);
    idiligo_client *c = client_for(sb, IDILIGO_BINDING_POST);
    static const char pdf[] = "%PDF-1.4 converts";
    char *doc = NULL, *broken = NULL, *text = NULL;
    int32_t status = -1;
    double pct = -1;
    OK(idiligo_client_add_document_from_bytes(c, "slow.pdf", (const uint8_t *)pdf, sizeof pdf - 1, NULL, &doc, &err));
    OK(idiligo_client_get_document_progress(c, doc, &status, &pct, &text, &err));
    CHECK(status == IDILIGO_DOCUMENT_BUSY && streq(text, "BUSY") && pct >= 0 && pct < 100);
    idiligo_string_free(text);
    double start = now_s();
    OK(idiligo_client_wait_for_document(c, doc, 10000, 100, &err));
    CHECK(now_s() - start >= 0.2); /* it waited for the conversion */
    OK(idiligo_client_get_document_status(c, doc, &status, NULL, &err));
    CHECK(status == IDILIGO_DOCUMENT_READY);
    OK(idiligo_client_add_document_from_bytes(c, "BROKEN.pdf", (const uint8_t *)pdf, sizeof pdf - 1, NULL, &broken, &err));
    FAILS(idiligo_client_wait_for_document(c, broken, 10000, 100, &err), IDILIGO_ERR_SERVICE);
    CHECK(contains(idiligo_error_message(err, NULL), "conversion failed") && streq(idiligo_error_operation(err), "wait_for_document"));
    DONE_WITH_ERR();
    OK(idiligo_client_get_document_status(c, broken, &status, NULL, &err));
    CHECK(status == IDILIGO_DOCUMENT_ERROR);
    FAILS(idiligo_client_wait_for_document(c, "999999", 10000, 100, &err), IDILIGO_ERR_SERVICE);
    DONE_WITH_ERR();
    FAILS(idiligo_client_wait_for_document(c, doc, 0, 100, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    idiligo_string_free(doc);
    idiligo_string_free(broken);
    idiligo_client_free(c);
    idiligo_sandbox_stop(sb);

    /* A minute's conversion: the timeout, and a cancel from another thread. */
    b = idiligo_sandbox_builder_new();
    OK(idiligo_sandbox_builder_set_conversion_time_ms(b, 60000, &err));
    OK(idiligo_sandbox_builder_start(b, &sb, &err));
    idiligo_sandbox_builder_free(b);
    c = client_for(sb, IDILIGO_BINDING_POST);
    OK(idiligo_client_add_document_from_bytes(c, "minute.pdf", (const uint8_t *)pdf, sizeof pdf - 1, NULL, &doc, &err));
    FAILS(idiligo_client_wait_for_document(c, doc, 250, 50, &err), IDILIGO_ERR_TIMEOUT);
    uint64_t ns = 0;
    CHECK(idiligo_error_timeout_phase(err) == IDILIGO_TIMEOUT_WAIT && idiligo_error_timeout_ns(err, &ns) && ns == 250000000ULL);
    DONE_WITH_ERR();
    idiligo_cancel *cancel = idiligo_cancel_new();
    wait_arg a;
    memset(&a, 0, sizeof a);
    OK(idiligo_client_with_cancel(c, cancel, &a.view, &err));
    a.doc = doc;
    uint64_t polls = idiligo_sandbox_request_count(sb, "GetDocumentStatus");
    pthread_t t;
    CHECK(pthread_create(&t, NULL, wait_worker, &a) == 0);
    start = now_s();
    while (idiligo_sandbox_request_count(sb, "GetDocumentStatus") < polls + 2 && now_s() - start < 10) sleep_ms(5);
    double triggered = now_s();
    idiligo_cancel_trigger(cancel);
    pthread_join(t, NULL);
    CHECK(a.rc == IDILIGO_ERR_CANCELLED && a.err && streq(idiligo_error_operation(a.err), "wait_for_document"));
    CHECK(a.returned - triggered < 5.0); /* against a 30 s timeout */
    idiligo_error_free(a.err);
    idiligo_client_free(a.view);
    idiligo_cancel_free(cancel);
    idiligo_string_free(doc);
    idiligo_client_free(c);
    idiligo_sandbox_stop(sb);
}

static void test_meeting_documents(void) {
    idiligo_error *err = NULL;
    idiligo_client *c = quick_client(NULL, 5000);
    static const char memdoc[] = "%PDF-1.4 terms from memory", filedoc[] = "%PDF-1.4 a scanned id card";
    char path[512], missing[512], buf[256];
    snprintf(path, sizeof path, "%s/id-card.pdf", g_tmp);
    snprintf(missing, sizeof missing, "%s/not-there.pdf", g_tmp);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(filedoc, 1, sizeof filedoc - 1, f);
        fclose(f);
    }

    /* Bytes and a file, waited for: both stored, bound, converted. */
    idiligo_meeting_request *rq = NULL;
    idiligo_meeting *m = NULL;
    OK(idiligo_meeting_request_new("INTAKE", &rq, &err));
    OK(idiligo_meeting_request_add_document_from_bytes(rq, "terms.pdf", (const uint8_t *)memdoc, sizeof memdoc - 1, "crm-terms", &err));
    OK(idiligo_meeting_request_add_document_from_file(rq, path, "id card.pdf", "crm-id", &err));
    OK(idiligo_meeting_request_set_wait_for_documents_ms(rq, 10000, &err));
    OK(idiligo_client_start_meeting(c, rq, &m, &err));
    CHECK(idiligo_meeting_document_count(m) == 2);
    CHECK(streq(idiligo_meeting_document_external_id(m, 0), "crm-terms") && streq(idiligo_meeting_document_external_id(m, 1), "crm-id"));
    const char *call = idiligo_meeting_call_id(m);
    CHECK(attachment_bytes(c, call, "terms.pdf", buf, sizeof buf) == sizeof memdoc - 1 && memcmp(buf, memdoc, sizeof memdoc - 1) == 0);
    CHECK(attachment_bytes(c, call, "id card.pdf", buf, sizeof buf) == sizeof filedoc - 1 && memcmp(buf, filedoc, sizeof filedoc - 1) == 0);
    idiligo_meeting_free(m);
    m = NULL;
    idiligo_meeting_request_free(rq);

    /* Bad documents are refused before anything is created. */
    uint64_t calls = idiligo_sandbox_request_count(g_sb, "CreateCall");
    OK(idiligo_meeting_request_new("INTAKE", &rq, &err));
    OK(idiligo_meeting_request_add_document_from_file(rq, missing, NULL, NULL, &err));
    int32_t rc = idiligo_client_start_meeting(c, rq, &m, &err);
    CHECK((rc == IDILIGO_ERR_IO || rc == IDILIGO_ERR_ARGUMENT) && streq(idiligo_error_meeting_step(err), "validate"));
    CHECK(contains(idiligo_error_message(err, NULL), "not-there.pdf"));
    DONE_WITH_ERR();
    idiligo_meeting_request_free(rq);
    OK(idiligo_meeting_request_new("INTAKE", &rq, &err));
    OK(idiligo_meeting_request_add_document_from_bytes(rq, "empty.pdf", NULL, 0, NULL, &err));
    FAILS(idiligo_client_start_meeting(c, rq, &m, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(streq(idiligo_error_meeting_step(err), "validate") && idiligo_error_partial_call_id(err) == NULL);
    size_t bad_index = 99;
    CHECK(idiligo_error_meeting_document_index(err, &bad_index) && bad_index == 0); /* the empty document */
    DONE_WITH_ERR();
    FAILS(idiligo_meeting_request_add_document_from_bytes(rq, "x.pdf", NULL, 3, NULL, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    idiligo_meeting_request_free(rq);
    OK(idiligo_meeting_request_new("INTAKE", &rq, &err));
    OK(idiligo_meeting_request_add_document_from_bytes(rq, "a.pdf", (const uint8_t *)memdoc, 4, NULL, &err));
    OK(idiligo_meeting_request_set_wait_for_documents_ms(rq, 0, &err));
    FAILS(idiligo_client_start_meeting(c, rq, &m, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(streq(idiligo_error_meeting_step(err), "validate"));
    DONE_WITH_ERR();
    idiligo_meeting_request_free(rq);
    CHECK(idiligo_sandbox_request_count(g_sb, "CreateCall") == calls && m == NULL);

    /* A failure after creating: without clean-up everything stays and no report; with it the
     * documents are deleted, the call ended, the contact reported as kept. */
    for (int cleanup = 0; cleanup < 2; cleanup++) {
        OK(idiligo_meeting_request_new("INTAKE", &rq, &err));
        OK(idiligo_meeting_request_set_participant(rq, "clean@example.com", "Cle", "An", &err));
        OK(idiligo_meeting_request_add_document_from_bytes(rq, "one.pdf", (const uint8_t *)memdoc, 6, "e1", &err));
        OK(idiligo_meeting_request_add_document_from_bytes(rq, "two.pdf", (const uint8_t *)memdoc, 7, "e2", &err));
        if (cleanup) OK(idiligo_meeting_request_set_cleanup_on_failure(rq, true, &err));
        OK(idiligo_sandbox_inject_fault(g_sb, IDILIGO_FAULT_STATUS, "GetAgentUrl", 1, 503, &err));
        FAILS(idiligo_client_start_meeting(c, rq, &m, &err), IDILIGO_ERR_HTTP);
        CHECK(streq(idiligo_error_meeting_step(err), "GetAgentUrl"));
        CHECK(idiligo_error_partial_document_count(err) == 2 && idiligo_error_partial_document_bound(err, 1));
        const char *pcall = idiligo_error_partial_call_id(err);
        CHECK(pcall != NULL);
        if (!cleanup) {
            CHECK(!idiligo_error_cleanup_ran(err) && idiligo_error_cleanup_deleted_count(err) == 0);
            CHECK(idiligo_error_cleanup_ended_call_id(err) == NULL && idiligo_error_cleanup_kept_count(err) == 0);
        } else {
            CHECK(idiligo_error_cleanup_ran(err));
            CHECK(idiligo_error_cleanup_deleted_count(err) == 2);
            CHECK(streq(idiligo_error_cleanup_deleted_document_id(err, 0), idiligo_error_partial_document_id(err, 0)));
            CHECK(streq(idiligo_error_cleanup_deleted_document_id(err, 1), idiligo_error_partial_document_id(err, 1)));
            CHECK(idiligo_error_cleanup_deleted_document_id(err, 2) == NULL);
            CHECK(streq(idiligo_error_cleanup_ended_call_id(err), pcall));
            CHECK(idiligo_error_cleanup_kept_count(err) == 1);
            CHECK(idiligo_error_cleanup_kept_kind(err, 0) == IDILIGO_CREATED_CONTACT);
            CHECK(streq(idiligo_error_cleanup_kept_id(err, 0), idiligo_error_partial_contact_id(err)));
            size_t len = 0;
            const char *why = idiligo_error_cleanup_kept_reason(err, 0, &len);
            CHECK(contains(why, "no operation that deletes a contact") && len == strlen(why));
            CHECK(idiligo_error_cleanup_kept_kind(err, 1) == 0 && idiligo_error_cleanup_kept_id(err, 1) == NULL);
            CHECK(idiligo_error_cleanup_kept_reason(err, 1, &len) == NULL && len == 0);
            CHECK(contains(idiligo_error_message(err, NULL), "clean-up"));
        }
        /* Copies of what the service should (not) have any more, checked below. */
        char cleaned_call[64], cleaned_doc[64];
        snprintf(cleaned_call, sizeof cleaned_call, "%s", pcall ? pcall : "");
        snprintf(cleaned_doc, sizeof cleaned_doc, "%s", idiligo_error_partial_document_id(err, 0));
        DONE_WITH_ERR();
        /* On the service: with clean-up the documents are gone and the call is ended; without,
         * both stay. */
        int32_t status = -1;
        OK(idiligo_client_get_document_status(c, cleaned_doc, &status, NULL, &err));
        CHECK(status == (cleanup ? IDILIGO_DOCUMENT_NOT_FOUND : IDILIGO_DOCUMENT_READY));
        char *json = NULL;
        OK(idiligo_sandbox_inspect(g_sb, cleaned_call, &json, &err));
        CHECK(contains(json, cleanup ? "\"ended\":true" : "\"ended\":false"));
        CHECK(cleanup ? contains(json, "\"documents\":[]") : contains(json, "\"filename\":\"two.pdf\""));
        idiligo_string_free(json);
        idiligo_meeting_request_free(rq);
    }
    CHECK(!idiligo_error_cleanup_ran(NULL) && idiligo_error_cleanup_kept_count(NULL) == 0);

    /* A document whose conversion fails fails the wait, at its index. */
    idiligo_sandbox_builder *b = idiligo_sandbox_builder_new();
    idiligo_sandbox *sb = NULL;
    OK(idiligo_sandbox_builder_set_conversion_failure_marker(b, "BROKEN", &err));
    OK(idiligo_sandbox_builder_start(b, &sb, &err));
    idiligo_sandbox_builder_free(b);
    idiligo_client *c2 = client_for(sb, IDILIGO_BINDING_POST);
    OK(idiligo_meeting_request_new("INTAKE", &rq, &err));
    OK(idiligo_meeting_request_add_document_from_bytes(rq, "fine.pdf", (const uint8_t *)memdoc, 5, NULL, &err));
    OK(idiligo_meeting_request_add_document_from_bytes(rq, "BROKEN.pdf", (const uint8_t *)memdoc, 5, NULL, &err));
    OK(idiligo_meeting_request_set_wait_for_documents_ms(rq, 10000, &err));
    FAILS(idiligo_client_start_meeting(c2, rq, &m, &err), IDILIGO_ERR_SERVICE);
    size_t index = 9;
    CHECK(streq(idiligo_error_meeting_step(err), "GetDocumentStatus"));
    CHECK(idiligo_error_meeting_document_index(err, &index) && index == 1);
    DONE_WITH_ERR();
    idiligo_meeting_request_free(rq);
    idiligo_client_free(c2);
    idiligo_sandbox_stop(sb);

    unlink(path);
    idiligo_client_free(c);
}

/* Requests of the document operations (and the creates a meeting starts with). */
static uint64_t document_requests(idiligo_sandbox *sb) {
    static const char *ops[] = {"AddDocumentFromBytes", "AddDocumentFromBytesEx", "AddDocumentToCall",
                                "GetDocumentStatus",   "GetDocumentProgress",    "DeleteDocument",
                                "SetCallValues",       "CreateCall",             "CreateContact"};
    uint64_t n = 0;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) n += idiligo_sandbox_request_count(sb, ops[i]);
    return n;
}

/* NULL, invalid UTF-8, zero and impossible lengths: an IDILIGO_ERR_ARGUMENT naming the
 * argument, out-parameters untouched, nothing sent. */
static void test_document_bad_input(void) {
    idiligo_error *err = NULL;
    idiligo_client *c = sandbox_client();
    idiligo_client *soap = client_for(g_sb, IDILIGO_BINDING_SOAP);
    static const uint8_t pdf[] = {'%', 'P', 'D', 'F'};
    static const char bad[] = "bad\xff\xfe.pdf";
    char *sentinel = (char *)"untouched";
    char *out = sentinel;
    int32_t status = 77;
    double pct = -7;
    bool flag = true;
    char *call = NULL, *doc = NULL;
    OK(idiligo_client_create_call(c, "INTAKE", &call, &err));
    OK(idiligo_client_add_document_from_bytes(c, "ok.pdf", pdf, sizeof pdf, NULL, &doc, &err));
    uint64_t before = document_requests(g_sb);
#define BAD(call, needle)                                                      \
    do {                                                                       \
        if (FAILS(call, IDILIGO_ERR_ARGUMENT))                                 \
            CHECK(contains(idiligo_error_message(err, NULL), needle));         \
        DONE_WITH_ERR();                                                       \
    } while (0)

    /* add_document_from_bytes */
    BAD(idiligo_client_add_document_from_bytes(NULL, "a.pdf", pdf, 4, NULL, &out, &err), "client is NULL");
    BAD(idiligo_client_add_document_from_bytes(c, NULL, pdf, 4, NULL, &out, &err), "filename is NULL");
    BAD(idiligo_client_add_document_from_bytes(c, bad, pdf, 4, NULL, &out, &err), "filename is not valid UTF-8");
    BAD(idiligo_client_add_document_from_bytes(c, "a.pdf", NULL, 4, NULL, &out, &err), "bytes is NULL but len is 4");
    BAD(idiligo_client_add_document_from_bytes(c, "a.pdf", NULL, 0, NULL, &out, &err), "empty");
    BAD(idiligo_client_add_document_from_bytes(c, "a.pdf", pdf, SIZE_MAX, NULL, &out, &err), "impossible");
    BAD(idiligo_client_add_document_from_bytes(c, "a.pdf", pdf, (SIZE_MAX >> 1) + 1, NULL, &out, &err), "impossible");
    BAD(idiligo_client_add_document_from_bytes(c, "a.pdf", pdf, 4, NULL, NULL, &err), "document_id_out is NULL");
    /* add_document_from_file */
    BAD(idiligo_client_add_document_from_file(NULL, "/tmp/x.pdf", NULL, &out, &err), "client is NULL");
    BAD(idiligo_client_add_document_from_file(c, NULL, NULL, &out, &err), "path is NULL");
    BAD(idiligo_client_add_document_from_file(c, bad, NULL, &out, &err), "path is not valid UTF-8");
    BAD(idiligo_client_add_document_from_file(c, "/tmp/x.pdf", NULL, NULL, &err), "document_id_out is NULL");
    char empty[512];
    snprintf(empty, sizeof empty, "%s/empty.pdf", g_tmp);
    FILE *f = fopen(empty, "wb");
    CHECK(f != NULL);
    if (f) fclose(f);
    BAD(idiligo_client_add_document_from_file(c, empty, NULL, &out, &err), "empty");
    unlink(empty);
    /* upload options */
    idiligo_upload_options *uo = idiligo_upload_options_new();
    BAD(idiligo_upload_options_set_external_id(NULL, "x", &err), "options is NULL");
    BAD(idiligo_upload_options_set_external_id(uo, bad, &err), "external_id is not valid UTF-8");
    BAD(idiligo_upload_options_set_filename(uo, bad, &err), "filename is not valid UTF-8");
    BAD(idiligo_upload_options_set_private(NULL, true, &err), "options is NULL");
    BAD(idiligo_upload_options_set_temporary(NULL, true, &err), "options is NULL");
    BAD(idiligo_upload_options_set_max_bytes(NULL, 1, &err), "options is NULL");
    BAD(idiligo_upload_options_set_progress(NULL, NULL, NULL, &err), "options is NULL");
    OK(idiligo_upload_options_set_filename(uo, "   ", &err));
    BAD(idiligo_client_add_document_from_bytes(c, "a.pdf", pdf, 4, uo, &out, &err), "filename");
    idiligo_upload_options_free(uo);
    /* add_document_to_call */
    BAD(idiligo_client_add_document_to_call(NULL, call, doc, NULL, &out, &err), "client is NULL");
    BAD(idiligo_client_add_document_to_call(c, NULL, doc, NULL, &out, &err), "call_id is NULL");
    BAD(idiligo_client_add_document_to_call(c, call, NULL, NULL, &out, &err), "document_id is NULL");
    BAD(idiligo_client_add_document_to_call(c, call, doc, bad, &out, &err), "node_code is not valid UTF-8");
    BAD(idiligo_client_add_document_to_call(c, "", doc, NULL, &out, &err), "call id");
    BAD(idiligo_client_add_document_to_call(c, call, doc, NULL, NULL, &err), "document_id_out is NULL");
    /* status, progress, delete, wait */
    BAD(idiligo_client_get_document_status(NULL, doc, &status, &out, &err), "client is NULL");
    BAD(idiligo_client_get_document_status(c, bad, &status, &out, &err), "document_id is not valid UTF-8");
    BAD(idiligo_client_get_document_status(c, doc, NULL, &out, &err), "status_out is NULL");
    BAD(idiligo_client_get_document_progress(NULL, doc, &status, &pct, &out, &err), "client is NULL");
    BAD(idiligo_client_get_document_progress(c, NULL, &status, &pct, &out, &err), "document_id is NULL");
    BAD(idiligo_client_get_document_progress(c, "", &status, &pct, &out, &err), "document id");
    BAD(idiligo_client_get_document_progress(c, doc, NULL, &pct, &out, &err), "status_out is NULL");
    BAD(idiligo_client_delete_document(NULL, doc, &flag, &err), "client is NULL");
    BAD(idiligo_client_delete_document(c, bad, &flag, &err), "document_id is not valid UTF-8");
    BAD(idiligo_client_delete_document(c, "", &flag, &err), "document id");
    BAD(idiligo_client_delete_document(c, doc, NULL, &err), "deleted_out is NULL");
    BAD(idiligo_client_wait_for_document(NULL, doc, 1000, 100, &err), "client is NULL");
    BAD(idiligo_client_wait_for_document(c, NULL, 1000, 100, &err), "document_id is NULL");
    BAD(idiligo_client_wait_for_document(c, doc, 1000, 0, &err), "poll interval must be greater than zero");
    /* set_call_values (the SOAP client, so the binding is not what refuses) */
    const char *names[] = {"A", "B"}, *values[] = {"1", "2"}, *bad_names[] = {"A", bad}, *holes[] = {"1", NULL};
    BAD(idiligo_client_set_call_values(NULL, call, names, values, 2, &flag, &err), "client is NULL");
    BAD(idiligo_client_set_call_values(soap, NULL, names, values, 2, &flag, &err), "call_id is NULL");
    BAD(idiligo_client_set_call_values(soap, call, NULL, values, 2, &flag, &err), "names is NULL but the count is 2");
    BAD(idiligo_client_set_call_values(soap, call, names, holes, 2, &flag, &err), "values[1] is NULL");
    BAD(idiligo_client_set_call_values(soap, call, bad_names, values, 2, &flag, &err), "names[1] is not valid UTF-8");
    BAD(idiligo_client_set_call_values(soap, call, names, values, SIZE_MAX, &flag, &err), "impossible");
    BAD(idiligo_client_set_call_values(soap, call, names, values, 2, NULL, &err), "stored_out is NULL");
    /* the meeting request */
    idiligo_meeting_request *rq = NULL;
    OK(idiligo_meeting_request_new("INTAKE", &rq, &err));
    BAD(idiligo_meeting_request_add_document_from_bytes(NULL, "a.pdf", pdf, 4, NULL, &err), "request is NULL");
    BAD(idiligo_meeting_request_add_document_from_bytes(rq, NULL, pdf, 4, NULL, &err), "filename is NULL");
    BAD(idiligo_meeting_request_add_document_from_bytes(rq, bad, pdf, 4, NULL, &err), "filename is not valid UTF-8");
    BAD(idiligo_meeting_request_add_document_from_bytes(rq, "a.pdf", pdf, 4, bad, &err), "external_id is not valid UTF-8");
    BAD(idiligo_meeting_request_add_document_from_bytes(rq, "a.pdf", pdf, SIZE_MAX, NULL, &err), "impossible");
    BAD(idiligo_meeting_request_add_document_from_file(NULL, "/tmp/a.pdf", NULL, NULL, &err), "request is NULL");
    BAD(idiligo_meeting_request_add_document_from_file(rq, NULL, NULL, NULL, &err), "path is NULL");
    BAD(idiligo_meeting_request_add_document_from_file(rq, bad, NULL, NULL, &err), "path is not valid UTF-8");
    BAD(idiligo_meeting_request_add_document_from_file(rq, "/tmp/a.pdf", bad, NULL, &err), "filename is not valid UTF-8");
    BAD(idiligo_meeting_request_add_document_from_file(rq, "/tmp/a.pdf", NULL, bad, &err), "external_id is not valid UTF-8");
    BAD(idiligo_meeting_request_set_wait_for_documents_ms(NULL, 1000, &err), "request is NULL");
    BAD(idiligo_meeting_request_set_cleanup_on_failure(NULL, true, &err), "request is NULL");
#undef BAD
    CHECK(out == sentinel && status == 77 && pct == -7 && flag);
    CHECK(document_requests(g_sb) == before);
    /* None of the refused calls went into the request: it starts a meeting with no document. */
    idiligo_meeting *m = NULL;
    OK(idiligo_client_start_meeting(c, rq, &m, &err));
    CHECK(idiligo_meeting_document_count(m) == 0);
    idiligo_meeting_free(m);
    m = NULL;
    idiligo_meeting_request_free(rq);

    /* Extreme durations are accepted, not overflowed: a READY document ends the wait at once. */
    OK(idiligo_client_wait_for_document(c, doc, UINT64_MAX, UINT64_MAX, &err));
    OK(idiligo_meeting_request_new("INTAKE", &rq, &err));
    OK(idiligo_meeting_request_add_document_from_bytes(rq, "a.pdf", pdf, 4, NULL, &err));
    OK(idiligo_meeting_request_set_wait_for_documents_ms(rq, UINT64_MAX, &err));
    OK(idiligo_client_start_meeting(c, rq, &m, &err));
    CHECK(idiligo_meeting_document_count(m) == 1);
    idiligo_meeting_free(m);
    idiligo_meeting_request_free(rq);

    /* The clean-up accessors with NULL or out-of-range indexes. */
    size_t len = 5;
    CHECK(idiligo_error_cleanup_deleted_count(NULL) == 0 && idiligo_error_cleanup_deleted_document_id(NULL, 0) == NULL);
    CHECK(idiligo_error_cleanup_ended_call_id(NULL) == NULL && idiligo_error_cleanup_kept_kind(NULL, 0) == 0);
    CHECK(idiligo_error_cleanup_kept_id(NULL, 0) == NULL);
    CHECK(idiligo_error_cleanup_kept_reason(NULL, 0, &len) == NULL && len == 0);
    CHECK(idiligo_error_cleanup_kept_reason(NULL, SIZE_MAX, NULL) == NULL);
    idiligo_upload_options_free(NULL);

    idiligo_string_free(call);
    idiligo_string_free(doc);
    idiligo_client_free(soap);
    idiligo_client_free(c);
}

/* ------------------------------------------------------------------ threads */

#define THREADS 8
#define CALLS_PER_THREAD 12

typedef struct {
    idiligo_client *client;
    int index;
    int ok;
    int last_error_isolated;
} worker_arg;

static void *worker(void *p) {
    worker_arg *a = (worker_arg *)p;
    for (int i = 0; i < CALLS_PER_THREAD; i++) {
        char *call = NULL, *pub = NULL;
        idiligo_error *err = NULL;
        if (idiligo_client_create_call(a->client, "THREADED", &call, &err) == IDILIGO_OK &&
            idiligo_client_get_public_call_id(a->client, call, &pub, &err) == IDILIGO_OK && pub && *pub)
            a->ok++;
        else
            fprintf(stderr, "thread %d: %s\n", a->index, idiligo_error_message(err, NULL));
        idiligo_error_free(err);
        idiligo_string_free(call);
        idiligo_string_free(pub);
    }
    /* Odd threads fail a call; even threads succeed: each sees only its own last error. */
    char *out = NULL;
    if (a->index % 2) {
        idiligo_client_create_call(a->client, NULL, &out, NULL);
        a->last_error_isolated = idiligo_last_error_code() == IDILIGO_ERR_ARGUMENT;
    } else {
        idiligo_client_create_call(a->client, "X", &out, NULL);
        a->last_error_isolated = idiligo_last_error_code() == IDILIGO_OK;
        idiligo_string_free(out);
    }
    return NULL;
}

static void test_threads(void) {
    uint64_t logins_before = idiligo_sandbox_request_count(g_sb, "Login");
    idiligo_client *c = quick_client(NULL, 10000);
    pthread_t t[THREADS];
    worker_arg args[THREADS];
    for (int i = 0; i < THREADS; i++) {
        args[i].client = c;
        args[i].index = i;
        args[i].ok = 0;
        args[i].last_error_isolated = 0;
        CHECK(pthread_create(&t[i], NULL, worker, &args[i]) == 0);
    }
    int total = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        total += args[i].ok;
        CHECK(args[i].last_error_isolated);
    }
    CHECK(total == THREADS * CALLS_PER_THREAD);
    /* The eight threads started together with no token: they shared exactly one login. */
    uint64_t logins = idiligo_sandbox_request_count(g_sb, "Login") - logins_before;
    if (logins != 1) fprintf(stderr, "threads: %llu logins, want 1\n", (unsigned long long)logins);
    CHECK(logins == 1);
    idiligo_client_free(c);
}

static void test_no_secret_in_messages(void) {
    const char *secrets[] = {idiligo_sandbox_apikey(g_sb), idiligo_sandbox_password(g_sb),
                             idiligo_sandbox_ticket(g_sb), "WRONG-PASSWORD-CANARY", "PROXY-SECRET-42"};
    CHECK(strlen(g_messages) > 100);
    for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++) CHECK(!contains(g_messages, secrets[i]));
}

int main(int argc, char **argv) {
    idiligo_error *err = NULL;
    if (argc > 1) {
        /* No way to run a subset: every run is the whole suite (about two seconds). */
        fprintf(stderr, "%s takes no arguments; it always runs every test\n", argv[0]);
        return 2;
    }
    snprintf(g_tmp, sizeof g_tmp, "%s/idiligo-c-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(g_tmp)) {
        perror("mkdtemp");
        return 2;
    }
    if (!OK(idiligo_sandbox_start(&g_sb, &err))) return 2;
    CHECK(contains(idiligo_sandbox_url(g_sb), "http://127.0.0.1:"));

    test_version();
    test_full_flow();
    test_operations();
    test_null_and_utf8();
    test_service_errors();
    test_download_errors();
    test_download_report();
    test_table_introspection();
    test_call_by_name_rules();
    test_call_record_members();
    test_error_accessors();
    test_cancel();
    test_retry_after_proxy_and_pool();
    test_download_variants();
    test_safe_file_name();
    test_logging();
    test_sandbox_builder();
    test_uploads();
    test_reader_uploads();
    test_document_waits();
    test_meeting_documents();
    test_document_bad_input();
    test_reading_a_meeting_back();
    test_every_operation();
    test_threads();
    test_no_secret_in_messages();

    idiligo_sandbox_stop(g_sb);
    remove_tree(g_tmp);
    printf("%d passed, %d failed\n", g_pass, g_fail);
    return (g_fail || g_pass == 0) ? 1 : 0;
}
