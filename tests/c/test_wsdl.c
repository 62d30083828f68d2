/* The WSDL check through the C ABI: idiligo_wsdl_compare on the replica's captured WSDL
 * (tests/fixtures/asmx/wsdl.http, no differences) and on a doctored copy with known
 * differences (exactly those are reported), a text that is no WSDL (IDILIGO_ERR_PARSE), and
 * idiligo_client_check_service against a server that serves no WSDL (an HTTP error, never a
 * report). Usage: test_wsdl tests/fixtures/asmx/wsdl.http
 * Prints "N passed, M failed". Builds as C11 and C++17. */
#include <idiligo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed = 0, failed = 0;

#define CHECK(cond, ...)                                                                   \
    do {                                                                                   \
        if (cond) {                                                                        \
            passed++;                                                                      \
        } else {                                                                           \
            failed++;                                                                      \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                \
            fprintf(stderr, __VA_ARGS__);                                                  \
            fprintf(stderr, "\n");                                                         \
        }                                                                                  \
    } while (0)

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = (char *)malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf) buf[n] = '\0';
    fclose(f);
    return buf;
}

/* A copy of `text` with the first `from` after the first `anchor` replaced by `to`; NULL if
 * either is missing. */
static char *doctor(const char *text, const char *anchor, const char *from, const char *to) {
    const char *a = strstr(text, anchor);
    if (!a) return NULL;
    const char *at = strstr(a, from);
    if (!at) return NULL;
    size_t head = (size_t)(at - text), fl = strlen(from), tl = strlen(to), total = strlen(text);
    char *out = (char *)malloc(total - fl + tl + 1);
    if (!out) return NULL;
    memcpy(out, text, head);
    memcpy(out + head, to, tl);
    memcpy(out + head + tl, at + fl, total - head - fl + 1);
    return out;
}

static int count_kind(const idiligo_wsdl_report *r, int32_t kind, const char *subject) {
    int n = 0;
    for (size_t i = 0; i < idiligo_wsdl_report_len(r); i++) {
        if (idiligo_wsdl_report_kind(r, i) == kind && strcmp(idiligo_wsdl_report_subject(r, i), subject) == 0) n++;
    }
    return n;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_wsdl tests/fixtures/asmx/wsdl.http\n");
        return 2;
    }
    char *capture = read_file(argv[1]);
    if (!capture) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    char *body = strstr(capture, "\r\n\r\n");
    body = body ? body + 4 : capture;

    /* 1. The replica's WSDL matches the table: no difference at all. */
    idiligo_wsdl_report *report = NULL;
    idiligo_error *err = NULL;
    int32_t rc = idiligo_wsdl_compare(body, &report, &err);
    CHECK(rc == IDILIGO_OK, "rc %d: %s", rc, err ? idiligo_error_message(err, NULL) : "");
    CHECK(idiligo_wsdl_report_matches(report), "the captured WSDL does not match");
    CHECK(idiligo_wsdl_report_len(report) == 0, "%zu differences", idiligo_wsdl_report_len(report));
    CHECK(idiligo_wsdl_report_service_operations(report) == 52, "%zu operations",
          idiligo_wsdl_report_service_operations(report));
    CHECK(idiligo_wsdl_report_table_operations(report) == 52, "%zu in the table",
          idiligo_wsdl_report_table_operations(report));
    idiligo_wsdl_report_free(report);
    report = NULL;

    /* 2. A doctored copy: GetCall's callId made an int, GetDocumentProgress answering a
     *    string. Exactly these: the parameter, the answer, and the answer element of its
     *    HTTP GET and POST messages (the WSDL then contradicts itself). */
    char *d1 = doctor(body, "<s:element name=\"GetCall\">", "name=\"callId\" type=\"s:long\"",
                      "name=\"callId\" type=\"s:int\"");
    char *d2 = d1 ? doctor(d1, "<s:element name=\"GetDocumentProgressResponse\">",
                           "type=\"tns:DocumentStatusDTO\"", "type=\"s:string\"")
                  : NULL;
    CHECK(d1 && d2, "the anchors are in the fixture");
    if (d2) {
        rc = idiligo_wsdl_compare(d2, &report, &err);
        CHECK(rc == IDILIGO_OK, "rc %d", rc);
        size_t n = idiligo_wsdl_report_len(report);
        CHECK(n == 4, "%zu differences", n);
        for (size_t i = 0; i < n; i++) printf("  %s\n", idiligo_wsdl_report_message(report, i));
        CHECK(!idiligo_wsdl_report_matches(report), "a doctored WSDL matches");
        CHECK(count_kind(report, IDILIGO_WSDL_PARAMETERS, "GetCall") == 1, "the parameter");
        CHECK(count_kind(report, IDILIGO_WSDL_ANSWER, "GetDocumentProgress") == 1, "the answer");
        CHECK(count_kind(report, IDILIGO_WSDL_INCONSISTENT, "GetDocumentProgress") == 2, "the HTTP answers");
        for (size_t i = 0; i < n; i++) {
            if (idiligo_wsdl_report_kind(report, i) == IDILIGO_WSDL_PARAMETERS) {
                CHECK(strstr(idiligo_wsdl_report_found(report, i), "callId:int") != NULL, "found %s",
                      idiligo_wsdl_report_found(report, i));
                CHECK(strstr(idiligo_wsdl_report_expected(report, i), "callId:long") != NULL, "expected %s",
                      idiligo_wsdl_report_expected(report, i));
                CHECK(strcmp(idiligo_wsdl_report_kind_name(report, i), "parameters") == 0, "kind name");
                CHECK(idiligo_wsdl_report_is_mismatch(report, i), "a mismatch");
            }
        }
        /* Out of range and NULL: defaults, no crash. */
        CHECK(idiligo_wsdl_report_kind(report, n) == -1, "kind out of range");
        CHECK(idiligo_wsdl_report_message(report, n) == NULL, "message out of range");
        CHECK(idiligo_wsdl_report_len(NULL) == 0 && !idiligo_wsdl_report_matches(NULL), "NULL report");
        idiligo_wsdl_report_free(report);
        report = NULL;
    }
    free(d1);
    free(d2);

    /* 3. Not a WSDL: IDILIGO_ERR_PARSE, *out untouched. */
    rc = idiligo_wsdl_compare("<html><body>sign in</body></html>", &report, &err);
    CHECK(rc == IDILIGO_ERR_PARSE, "rc %d", rc);
    CHECK(report == NULL, "out written on failure");
    CHECK(err && strstr(idiligo_error_message(err, NULL), "wsdl:definitions") != NULL, "%s",
          err ? idiligo_error_message(err, NULL) : "(no error)");
    idiligo_error_free(err);
    err = NULL;
    rc = idiligo_wsdl_compare(NULL, &report, NULL);
    CHECK(rc == IDILIGO_ERR_ARGUMENT, "NULL text: rc %d", rc);

    /* 4. The live check against a server without a WSDL (the embedded sandbox): an HTTP
     *    error, no report. No credentials are needed. */
    idiligo_sandbox *sb = NULL;
    idiligo_options *opts = idiligo_options_new();
    idiligo_client *client = NULL;
    rc = idiligo_sandbox_start(&sb, &err);
    CHECK(rc == IDILIGO_OK, "sandbox: %d", rc);
    if (rc == IDILIGO_OK) {
        rc = idiligo_options_set_base_url(opts, idiligo_sandbox_url(sb), &err);
        CHECK(rc == IDILIGO_OK, "base url");
        rc = idiligo_client_new(opts, &client, &err);
        CHECK(rc == IDILIGO_OK, "client");
        rc = idiligo_client_check_service(client, &report, &err);
        CHECK(rc == IDILIGO_ERR_HTTP, "check_service against the sandbox: rc %d", rc);
        CHECK(report == NULL, "no report on failure");
        CHECK(err && idiligo_error_http_status(err) == 404, "status %d", err ? idiligo_error_http_status(err) : -1);
        idiligo_error_free(err);
        err = NULL;
        char *text = NULL;
        rc = idiligo_client_fetch_wsdl(client, &text, &err);
        CHECK(rc == IDILIGO_ERR_HTTP && text == NULL, "fetch_wsdl: rc %d", rc);
        idiligo_error_free(err);
        err = NULL;
    }
    idiligo_client_free(client);
    idiligo_options_free(opts);
    idiligo_sandbox_stop(sb);
    free(capture);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
