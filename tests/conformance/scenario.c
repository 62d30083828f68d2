/* The conformance scenario through the C library, against the Mono-hosted ASMX replica.
 *
 *   scenario REPLICA_URL On|Off TOKEN_LIFETIME_SECONDS
 *
 * Over the POST and the GET binding: login and impersonate, start a meeting with a
 * participant, values and two documents (served by an embedded sandbox's file host), list the
 * attachments, download them and compare bytes, let the token expire and check the client logs
 * in again, provoke a service error and an invalid parameter. Run by tests/conformance/run-c.sh,
 * which starts and stops the replica. Prints "N passed, M failed".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "idiligo.h"

static int failures;

#define CHECK(cond, ...)                                                                   \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                \
            fprintf(stderr, __VA_ARGS__);                                                  \
            fprintf(stderr, "\n");                                                         \
            failures++;                                                                    \
            goto out;                                                                      \
        }                                                                                  \
    } while (0)

#define OK(call) \
    CHECK((call) == IDILIGO_OK, "%s", err ? idiligo_error_message(err, NULL) : "(no error object)")

static const char *APIKEY = "test-apikey-0000";
static const char *USER = "agent@example.test";
static const char *PASSWORD = "fake-password-1234";
static const char *TICKET = "fake-ticket-5678";

static int read_file(const char *path, unsigned char **buf, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    *buf = malloc(n > 0 ? (size_t)n : 1);
    *len = fread(*buf, 1, (size_t)n, f);
    fclose(f);
    return 0;
}

static void scenario(const char *url, const char *mode, unsigned lifetime, int32_t binding,
                     const char *doc_a_url, const unsigned char *doc_a, size_t doc_a_len,
                     const char *doc_b_url, const unsigned char *doc_b, size_t doc_b_len) {
    idiligo_error *err = NULL;
    idiligo_options *opts = idiligo_options_new();
    idiligo_client *client = NULL;
    idiligo_meeting_request *req = NULL;
    idiligo_meeting *meeting = NULL;
    idiligo_attachments *list = NULL;
    char *t1 = NULL, *t2 = NULL, *public_id = NULL, *bad = NULL;
    char dir[] = "/tmp/idiligo-conformance-c-XXXXXX";
    char path[512];
    unsigned char *got = NULL;
    size_t got_len = 0;

    CHECK(opts != NULL, "options");
    OK(idiligo_options_set_base_url(opts, url, &err));
    OK(idiligo_options_set_binding(opts, binding, &err));
    OK(idiligo_options_set_password_credentials(opts, APIKEY, USER, PASSWORD, &err));
    OK(idiligo_options_set_retry(opts, 0, 1, 1, &err));
    OK(idiligo_client_new(opts, &client, &err));

    OK(idiligo_client_login_password(client, APIKEY, USER, PASSWORD, &t1, &err));
    OK(idiligo_client_impersonate(client, APIKEY, USER, TICKET, &t2, &err));
    CHECK(strlen(t1) == 32 && strcmp(t1, t2) != 0, "tokens");
    {
        char *t3 = (char *)"unchanged";
        int32_t rc = idiligo_client_login_password(client, APIKEY, USER, "wrong", &t3, &err);
        CHECK(rc == IDILIGO_ERR_AUTH, "wrong password gave %d", rc);
        CHECK(strcmp(t3, "unchanged") == 0, "out-param written on failure");
        CHECK(strcmp(idiligo_error_service_message(err, NULL), "Invalid credentials.") == 0, "%s",
              idiligo_error_service_message(err, NULL));
        idiligo_error_free(err);
        err = NULL;
    }

    OK(idiligo_meeting_request_new("INTAKE", &req, &err));
    OK(idiligo_meeting_request_set_participant(req, "jan@example.com", "Jan", "J\xc3\xa4nsen", &err));
    OK(idiligo_meeting_request_add_value(req, "CustomerNumber", "C-1001", &err));
    OK(idiligo_meeting_request_add_value(req, "Amount", "1 000,50 & more", &err));
    OK(idiligo_meeting_request_add_document(req, doc_a_url, "a.bin", "ext-a", &err));
    OK(idiligo_meeting_request_add_document(req, doc_b_url, "b \xe2\x82\xac.pdf", "ext-b", &err));
    OK(idiligo_meeting_request_set_return_url(req, "https://crm.example/back?x=1&y=2", &err));
    OK(idiligo_client_start_meeting(client, req, &meeting, &err));
    CHECK(strstr(idiligo_meeting_agent_url(meeting), idiligo_meeting_call_id(meeting)) != NULL, "agent url");
    CHECK(idiligo_meeting_document_count(meeting) == 2, "documents");

    OK(idiligo_client_get_attachments(client, idiligo_meeting_call_id(meeting), &list, &err));
    CHECK(idiligo_attachments_len(list) == 2, "attachments: %zu", idiligo_attachments_len(list));
    CHECK(strcmp(idiligo_attachments_description(list, 1), "b \xe2\x82\xac.pdf") == 0, "description");
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    for (size_t i = 0; i < 2; i++) {
        uint64_t n = 0;
        snprintf(path, sizeof path, "%s/doc-%zu", dir, i);
        OK(idiligo_client_download_to_path(client, idiligo_attachments_url(list, i), path, NULL, NULL, 0, &n, &err));
        CHECK(read_file(path, &got, &got_len) == 0, "read %s", path);
        const unsigned char *want = i == 0 ? doc_a : doc_b;
        size_t want_len = i == 0 ? doc_a_len : doc_b_len;
        CHECK(got_len == want_len && n == want_len && memcmp(got, want, want_len) == 0, "bytes of document %zu", i);
        free(got);
        got = NULL;
        unlink(path);
    }

    /* The replica rejects the expired token; the client logs in again and repeats the call. */
    sleep(lifetime + 1);
    OK(idiligo_client_get_public_call_id(client, idiligo_meeting_call_id(meeting), &public_id, &err));
    CHECK(strcmp(public_id, idiligo_meeting_public_id(meeting)) == 0, "public id");

    {
        idiligo_attachments *none = NULL;
        int32_t rc = idiligo_client_get_attachments(client, "99999999", &none, &err);
        CHECK(rc == IDILIGO_ERR_SERVICE, "unknown call gave %d", rc);
        CHECK(none == NULL, "out-param written on failure");
        CHECK(strcmp(idiligo_error_service_message(err, NULL), "Unknown callId.") == 0, "%s",
              idiligo_error_service_message(err, NULL));
        CHECK(idiligo_error_http_status(err) == 500, "status");
        idiligo_error_free(err);
        err = NULL;
        rc = idiligo_client_get_public_call_id(client, "abc", &bad, &err);
        CHECK(rc == IDILIGO_ERR_SERVICE, "non-numeric call id gave %d", rc);
        idiligo_error_free(err);
        err = NULL;
    }
    printf("ok   c scenario customErrors=%s binding=%s\n", mode, binding == IDILIGO_BINDING_GET ? "get" : "post");

out:
    if (err) idiligo_error_free(err);
    free(got);
    rmdir(dir);
    idiligo_string_free(t1);
    idiligo_string_free(t2);
    idiligo_string_free(public_id);
    idiligo_string_free(bad);
    idiligo_attachments_free(list);
    idiligo_meeting_free(meeting);
    idiligo_meeting_request_free(req);
    idiligo_client_free(client);
    idiligo_options_free(opts);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s REPLICA_URL On|Off TOKEN_LIFETIME_SECONDS\n", argv[0]);
        return 2;
    }
    idiligo_error *err = NULL;
    idiligo_sandbox *files = NULL;
    char *url_a = NULL, *url_b = NULL;
    size_t len_a = 70000;
    unsigned char *doc_a = malloc(len_a);
    const unsigned char doc_b[] = "%PDF-1.4 second document \xe2\x82\xac";
    for (size_t i = 0; i < len_a; i++) doc_a[i] = (unsigned char)(i % 253);
    int runs = 0;

    OK(idiligo_sandbox_start(&files, &err));
    OK(idiligo_sandbox_host_file(files, "a.bin", doc_a, len_a, &url_a, &err));
    OK(idiligo_sandbox_host_file(files, "b.pdf", doc_b, sizeof doc_b - 1, &url_b, &err));
    {
        int32_t bindings[2] = {IDILIGO_BINDING_POST, IDILIGO_BINDING_GET};
        for (int i = 0; i < 2; i++) {
            scenario(argv[1], argv[2], (unsigned)atoi(argv[3]), bindings[i], url_a, doc_a, len_a, url_b, doc_b,
                     sizeof doc_b - 1);
            runs++;
        }
    }
out:
    if (err) idiligo_error_free(err);
    idiligo_string_free(url_a);
    idiligo_string_free(url_b);
    idiligo_sandbox_stop(files);
    free(doc_a);
    printf("%d passed, %d failed\n", runs - failures < 0 ? 0 : runs - failures, failures);
    return failures ? 1 : 0;
}
