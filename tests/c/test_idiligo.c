/*
 * Tests of the C ABI against the embedded sandbox: the full meeting flow and downloads, all
 * eleven operations, every error path, the error accessors and the last-error mirror, and a
 * multi-threaded test sharing one client.
 *
 * Compiled as C11 and as C++17 with -Wall -Wextra -Werror, linked against the shared and the
 * static library, run under valgrind and ASan+UBSan by tests/c/run.sh. Prints
 * "N passed, M failed" and exits non-zero on any failure. Never prints a secret.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
            *err ? idiligo_error_message(*err) : "(no error object)");
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
            *err ? idiligo_error_message(*err) : "(no error object)");
    return 0;
}

static int contains(const char *hay, const char *needle) { return hay && needle && strstr(hay, needle) != NULL; }
static int streq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

/* Every message we saw, to check that no secret ever appears in one. */
static char g_messages[16384];
static void remember(const idiligo_error *e) {
    size_t used = strlen(g_messages);
    const char *m = idiligo_error_message(e);
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
    CHECK(contains(idiligo_error_message(err), "out is NULL"));
    CHECK(streq(idiligo_error_operation(err), "idiligo_client_new"));
    CHECK(streq(idiligo_error_kind(err), "invalid_argument"));
    DONE_WITH_ERR();
    FAILS(idiligo_client_create_call(NULL, "X", &out, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err), "client is NULL"));
    DONE_WITH_ERR();
    FAILS(idiligo_client_create_call(c, NULL, &out, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err), "script_code is NULL"));
    DONE_WITH_ERR();
    FAILS(idiligo_client_create_call(c, "X", NULL, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();
    CHECK(out == sentinel); /* out-parameters are written only on success */
    FAILS(idiligo_client_create_call(c, "\xff\xfe INTAKE", &out, &err), IDILIGO_ERR_ARGUMENT);
    CHECK(contains(idiligo_error_message(err), "not valid UTF-8"));
    CHECK(idiligo_error_http_status(err) == 0);
    CHECK(!idiligo_error_retryable(err));
    CHECK(idiligo_error_service_message(err) == NULL);
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
    CHECK(contains(idiligo_error_message(err), "names[1] is NULL"));
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
    CHECK(!contains(idiligo_error_message(err), "PROXY-SECRET-42"));
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
    CHECK(streq(idiligo_error_message(NULL), ""));
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
    CHECK(contains(idiligo_error_service_message(err), "Invalid credentials"));
    CHECK(!contains(idiligo_error_message(err), "WRONG-PASSWORD-CANARY"));
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
    CHECK(contains(idiligo_error_service_message(err), "oken"));
    if (!contains(idiligo_error_service_message(err), "oken")) fprintf(stderr, "%s\n", idiligo_error_message(err));
    CHECK(!contains(idiligo_error_message(err), token));
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
    CHECK(streq(idiligo_error_service_message(err), "Unknown callId."));
    CHECK(contains(idiligo_error_message(err), "Unknown callId."));
    CHECK(!idiligo_error_retryable(err));
    /* The last-error mirror holds the same message. */
    size_t needed = 0;
    char buf[512];
    CHECK(idiligo_last_error_message(buf, sizeof buf, &needed) == IDILIGO_OK);
    CHECK(streq(buf, idiligo_error_message(err)));
    CHECK(needed == strlen(idiligo_error_message(err)) + 1);
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
    CHECK(contains(idiligo_error_message(err), "out of range"));
    DONE_WITH_ERR();
    FAILS(idiligo_attachments_attach(list, 0, NULL, &err), IDILIGO_ERR_ARGUMENT);
    DONE_WITH_ERR();

    idiligo_attachments_free(list);
    idiligo_string_free(call);
    idiligo_string_free(doc);
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
            fprintf(stderr, "thread %d: %s\n", a->index, idiligo_error_message(err));
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
    test_threads();
    test_no_secret_in_messages();

    idiligo_sandbox_stop(g_sb);
    remove_tree(g_tmp);
    printf("%d passed, %d failed\n", g_pass, g_fail);
    return (g_fail || g_pass == 0) ? 1 : 0;
}
