/* A cross-process scenario through the C ABI: the stand-alone sandbox (`idiligo sandbox`)
 * runs as a separate process; this program reads its JSON line, points libidiligo at it,
 * starts a meeting, and waits (idiligo_client_wait_for_attachments) while another thread
 * plays the participant through the sandbox's control API (plain HTTP on the same port):
 * an upload, then a signature. Then it downloads everything and checks the bytes, and reads
 * the sandbox's record of the call back through the control API. The sandbox is stopped by
 * the process id its JSON line names.
 *
 * Usage: cross_process PATH/TO/idiligo [WORK_DIR]. Prints "N passed, M failed". POSIX. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <idiligo.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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

/* The string value of "key" in a flat JSON object (no escapes in the values we read). */
static int json_string(const char *json, const char *key, char *out, size_t len) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    const char *p = strstr(json, pattern);
    if (!p) return 0;
    p += strlen(pattern);
    const char *end = strchr(p, '"');
    if (!end || (size_t)(end - p) >= len) return 0;
    memcpy(out, p, (size_t)(end - p));
    out[end - p] = '\0';
    return 1;
}

static long json_number(const char *json, const char *key) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    const char *p = strstr(json, pattern);
    return p ? strtol(p + strlen(pattern), NULL, 10) : -1;
}

static int port = 0;

/* One HTTP/1.0 request to 127.0.0.1:port; returns the status, the body (malloc'd) in *body. */
static int http(const char *method, const char *path, const char *data, size_t len, char **body) {
    *body = NULL;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    char head[512];
    int n = snprintf(head, sizeof head,
                     "%s %s HTTP/1.0\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/octet-stream\r\n"
                     "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                     method, path, port, len);
    if (write(fd, head, (size_t)n) != n || (len && write(fd, data, len) != (ssize_t)len)) {
        close(fd);
        return -1;
    }
    size_t cap = 65536, used = 0;
    char *buf = (char *)malloc(cap + 1);
    ssize_t got;
    while (buf && (got = read(fd, buf + used, cap - used)) > 0) {
        used += (size_t)got;
        if (used == cap) {
            char *bigger = (char *)realloc(buf, cap * 2 + 1);
            if (!bigger) break;
            buf = bigger;
            cap *= 2;
        }
    }
    close(fd);
    if (!buf) return -1;
    buf[used] = '\0';
    int status = -1;
    sscanf(buf, "HTTP/%*s %d", &status);
    char *sep = strstr(buf, "\r\n\r\n");
    *body = strdup(sep ? sep + 4 : "");
    free(buf);
    return status;
}

struct participant {
    char call[64];
    char document[64];
    int upload_status;
    char upload_answer[512];
};

static void pause_ms(long ms) {
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static const char SCAN[] = "%PDF-1.4 the participant's scan";

/* The participant: uploads a scan after a while (the wait is already polling by then). */
static void *participant_thread(void *arg) {
    struct participant *p = (struct participant *)arg;
    pause_ms(700);
    char path[256], *body = NULL;
    snprintf(path, sizeof path, "/_sandbox/calls/%s/upload?filename=scan.pdf", p->call);
    p->upload_status = http("POST", path, SCAN, strlen(SCAN), &body);
    if (body) {
        snprintf(p->upload_answer, sizeof p->upload_answer, "%s", body);
        json_string(body, "document_id", p->document, sizeof p->document);
    }
    free(body);
    return NULL;
}

/* Frees a reported error so the next call can report its own (out-parameters are written
 * only on failure, so an error left in place would leak). */
static void drop_error(idiligo_error **err) {
    idiligo_error_free(*err);
    *err = NULL;
}

static int count_signed(void *user_data, const idiligo_attachments *list) {
    (void)user_data;
    for (size_t i = 0; i < idiligo_attachments_len(list); i++) {
        int32_t status = 0;
        if (idiligo_attachments_sign_status(list, i, &status, NULL) == IDILIGO_OK && status == 2) return 1;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: cross_process PATH/TO/idiligo [WORK_DIR]\n");
        return 2;
    }
    const char *work = argc > 2 ? argv[2] : ".";
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s' sandbox --conversion-ms 0", argv[1]);
    FILE *sandbox = popen(cmd, "r");
    if (!sandbox) {
        perror("popen");
        return 2;
    }
    char line[4096] = "";
    if (!fgets(line, sizeof line, sandbox)) {
        fprintf(stderr, "the sandbox printed no line\n");
        pclose(sandbox);
        return 2;
    }
    char url[256], apikey[128], username[128], password[128];
    long pid = json_number(line, "pid");
    port = (int)json_number(line, "port");
    CHECK(json_string(line, "url", url, sizeof url) && json_string(line, "apikey", apikey, sizeof apikey) &&
              json_string(line, "username", username, sizeof username) &&
              json_string(line, "password", password, sizeof password) && pid > 0 && port > 0,
          "the JSON line: %s", line);

    idiligo_error *err = NULL;
    idiligo_options *opts = idiligo_options_new();
    idiligo_client *client = NULL;
    char *call = NULL;
    idiligo_attachments *list = NULL, *saved = NULL;
    struct participant p;
    memset(&p, 0, sizeof p);
    int32_t rc = idiligo_options_set_base_url(opts, url, &err);
    if (rc == IDILIGO_OK) rc = idiligo_options_set_password_credentials(opts, apikey, username, password, &err);
    if (rc == IDILIGO_OK) rc = idiligo_client_new(opts, &client, &err);
    if (rc == IDILIGO_OK) rc = idiligo_client_create_call(client, "INTAKE", &call, &err);
    CHECK(rc == IDILIGO_OK, "setup: %s", err ? idiligo_error_message(err, NULL) : "");
    drop_error(&err);

    if (rc == IDILIGO_OK) {
        /* The control API describes itself. */
        char *body = NULL;
        int status = http("GET", "/_sandbox/", NULL, 0, &body);
        CHECK(status == 200 && body && strstr(body, "/_sandbox/calls/{call}/upload"), "GET /_sandbox/: %d", status);
        free(body);

        /* Wait for the participant's upload while the participant thread makes it. */
        snprintf(p.call, sizeof p.call, "%s", call);
        pthread_t t;
        pthread_create(&t, NULL, participant_thread, &p);
        time_t t0 = time(NULL);
        rc = idiligo_client_wait_for_attachments(client, call, 1, NULL, NULL, 20000, 100, &list, &err);
        pthread_join(t, NULL);
        CHECK(p.upload_status == 200, "upload through the control API: %d %s", p.upload_status, p.upload_answer);
        CHECK(rc == IDILIGO_OK, "wait: %s", err ? idiligo_error_message(err, NULL) : "");
        drop_error(&err);
        CHECK(time(NULL) - t0 < 15, "the wait took %ld s", (long)(time(NULL) - t0));
        CHECK(idiligo_attachments_len(list) == 1, "%zu attachments", idiligo_attachments_len(list));
        if (idiligo_attachments_len(list) == 1) {
            CHECK(strcmp(idiligo_attachments_description(list, 0), "scan.pdf") == 0, "description %s",
                  idiligo_attachments_description(list, 0));
            CHECK(strcmp(idiligo_attachments_id(list, 0), p.document) == 0, "id %s vs %s",
                  idiligo_attachments_id(list, 0), p.document);
        }
        idiligo_attachments_free(list);
        list = NULL;

        /* The participant signs it (control API); a condition waits for the signature. */
        char path[256];
        snprintf(path, sizeof path, "/_sandbox/calls/%s/sign?document=%s", call, p.document);
        status = http("POST", path, NULL, 0, &body);
        CHECK(status == 200, "sign: %d %s", status, body ? body : "");
        free(body);
        rc = idiligo_client_wait_for_attachments(client, call, 1, count_signed, NULL, 5000, 100, &list, &err);
        CHECK(rc == IDILIGO_OK, "wait for the signature: %s", err ? idiligo_error_message(err, NULL) : "");
        drop_error(&err);
        idiligo_attachments_free(list);
        list = NULL;

        /* Download: the participant's bytes, with the signature trailer. */
        char dir[512];
        snprintf(dir, sizeof dir, "%s/cross-process-downloads", work);
        rc = idiligo_client_download_all(client, call, dir, NULL, NULL, &saved, &err);
        CHECK(rc == IDILIGO_OK && idiligo_attachments_len(saved) == 1, "download_all: %s",
              err ? idiligo_error_message(err, NULL) : "");
        drop_error(&err);
        if (rc == IDILIGO_OK && idiligo_attachments_len(saved) == 1) {
            FILE *f = fopen(idiligo_attachments_saved_path(saved, 0), "rb");
            char got[256] = "";
            size_t n = f ? fread(got, 1, sizeof got - 1, f) : 0;
            if (f) fclose(f);
            got[n] = '\0';
            CHECK(strncmp(got, SCAN, strlen(SCAN)) == 0, "downloaded %s", got);
            CHECK(strstr(got, "signed by") != NULL, "no signature trailer in %s", got);
        }

        /* The sandbox's record of the call, as JSON. */
        snprintf(path, sizeof path, "/_sandbox/calls/%s", call);
        status = http("GET", path, NULL, 0, &body);
        CHECK(status == 200 && body && strstr(body, "\"filename\":\"scan.pdf\"") && strstr(body, "\"sign_status\":2"),
              "GET %s: %d %s", path, status, body ? body : "");
        free(body);
        /* Bad input: a JSON 400, and the sandbox keeps serving. */
        status = http("POST", "/_sandbox/faults?kind=explode", NULL, 0, &body);
        CHECK(status == 400 && body && strstr(body, "\"error\""), "bad fault: %d %s", status, body ? body : "");
        free(body);
    }

    idiligo_error_free(err);
    idiligo_attachments_free(saved);
    idiligo_string_free(call);
    idiligo_client_free(client);
    idiligo_options_free(opts);
    if (pid > 0) kill((pid_t)pid, SIGTERM);
    int status = pclose(sandbox);
    CHECK(status != -1, "pclose");
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
