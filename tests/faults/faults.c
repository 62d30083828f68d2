/* The fault suite's C driver: every case of tests/faults/cases.tsv through libidiligo, against
 * the hostile server tests/faults/hostile.py (started by tests/faults/run.sh, which passes its
 * ports). Asserts per case the error kind (idiligo_error_kind), the time bound, that nothing is
 * left in the case's fresh directory, and the number of requests the server saw.
 *
 *   faults PORT TLS_PORT CASES.TSV CA.PEM
 *
 * Prints one line per case and "N passed, M failed"; exits 1 if a case failed. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "idiligo.h"

#define MAX_CASES 256
#define WORKERS 4

typedef struct {
    char name[64], op[32], endpoint[32], expect[32], needs[32];
    unsigned retries;
    double min_s, max_s;
    long requests; /* -1: not counted */
    char result[512];
    int ok;
} fault_case;

static fault_case cases[MAX_CASES];
static int n_cases, next_case;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int port, tls_port;
static const char *ca_file;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int load_cases(const char *path) {
    FILE *f = fopen(path, "r");
    char line[2048];
    if (!f) return -1;
    while (fgets(line, sizeof line, f)) {
        char *field[10];
        int n = 0;
        char *save = NULL, *p;
        if (line[0] == '#' || line[0] == '\n') continue;
        line[strcspn(line, "\n")] = 0;
        for (p = strtok_r(line, "\t", &save); p && n < 10; p = strtok_r(NULL, "\t", &save)) field[n++] = p;
        if (n != 10) {
            fprintf(stderr, "cases.tsv: a row with %d fields\n", n);
            fclose(f);
            return -1;
        }
        if (strcmp(field[0], "name") == 0) continue;
        if (n_cases == MAX_CASES) break;
        fault_case *c = &cases[n_cases++];
        snprintf(c->name, sizeof c->name, "%s", field[0]);
        snprintf(c->op, sizeof c->op, "%s", field[1]);
        snprintf(c->endpoint, sizeof c->endpoint, "%s", field[2]);
        c->retries = (unsigned)strtoul(field[3], NULL, 10);
        snprintf(c->expect, sizeof c->expect, "%s", field[4]);
        c->min_s = strtod(field[5], NULL);
        c->max_s = strtod(field[6], NULL);
        c->requests = strcmp(field[7], "-") == 0 ? -1 : strtol(field[7], NULL, 10);
        snprintf(c->needs, sizeof c->needs, "%s", field[8]);
    }
    fclose(f);
    return n_cases;
}

/* GET /control/count/NAME on the plain port. */
static long server_count(const char *name) {
    struct sockaddr_in a;
    char req[256], buf[4096];
    size_t got = 0;
    ssize_t n;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) return -2;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(s, (struct sockaddr *)&a, sizeof a) != 0) {
        close(s);
        return -2;
    }
    snprintf(req, sizeof req, "GET /control/count/%s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", name);
    if (write(s, req, strlen(req)) < 0) {
        close(s);
        return -2;
    }
    while (got < sizeof buf - 1 && (n = read(s, buf + got, sizeof buf - 1 - got)) > 0) got += (size_t)n;
    close(s);
    buf[got] = 0;
    char *body = strstr(buf, "\r\n\r\n");
    return body ? strtol(body + 4, NULL, 10) : -2;
}

/* Builds the client of a case; returns its base URL in `base`. */
static int make_client(const fault_case *c, char *base, size_t len, idiligo_client **client, idiligo_error **err) {
    char proxy[256] = "";
    idiligo_options *o = idiligo_options_new();
    int rc;
    if (strcmp(c->endpoint, "plain") == 0) snprintf(base, len, "http://127.0.0.1:%d/case/%s", port, c->name);
    else if (strcmp(c->endpoint, "tls") == 0) snprintf(base, len, "https://127.0.0.1:%d/case/%s", tls_port, c->name);
    else if (strcmp(c->endpoint, "https-on-plain") == 0) snprintf(base, len, "https://127.0.0.1:%d/case/%s", port, c->name);
    else if (strcmp(c->endpoint, "http-on-tls") == 0) snprintf(base, len, "http://127.0.0.1:%d/case/%s", tls_port, c->name);
    else if (strcmp(c->endpoint, "via-proxy") == 0) {
        snprintf(base, len, "https://127.0.0.1:1/case/%s", c->name);
        snprintf(proxy, sizeof proxy, "http://%s:fake-proxy-pw@127.0.0.1:%d", c->name, port);
    } else {
        idiligo_options_free(o);
        return -1;
    }
    rc = idiligo_options_set_base_url(o, base, err);
    if (!rc) rc = idiligo_options_set_token(o, "fake-token-faults", err);
    if (!rc) rc = idiligo_options_set_connect_timeout_ms(o, 2000, err);
    if (!rc) rc = idiligo_options_set_request_timeout_ms(o, 2000, err);
    if (!rc) rc = idiligo_options_set_stall_timeout_ms(o, 1000, err);
    if (!rc) rc = idiligo_options_set_retry(o, c->retries, 250, 8000, err);
    if (!rc) rc = idiligo_options_set_max_response_bytes(o, 1u << 20, err);
    if (!rc) rc = idiligo_options_set_max_download_bytes(o, 1u << 20, err);
    if (!rc) rc = idiligo_options_add_ca_file(o, ca_file, err);
    if (!rc && proxy[0]) rc = idiligo_options_set_proxy(o, proxy, err);
    if (!rc) rc = idiligo_client_new(o, client, err);
    idiligo_options_free(o);
    return rc;
}

static int dir_is_empty(const char *dir, char *left, size_t len) {
    DIR *d = opendir(dir);
    struct dirent *e;
    int empty = 1;
    left[0] = 0;
    if (!d) return 0;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        empty = 0;
        strncat(left, e->d_name, len - strlen(left) - 2);
        strncat(left, " ", len - strlen(left) - 1);
    }
    closedir(d);
    return empty;
}

static void run_case(fault_case *c) {
    char base[512], dir[512], target[600], left[256], url[600];
    const char *tmp = getenv("TMPDIR");
    idiligo_client *client = NULL;
    idiligo_error *err = NULL;
    int rc;
    double t0, took;
    char kind[64];
    size_t used = 0;

    snprintf(dir, sizeof dir, "%s/idiligo-fault-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        snprintf(c->result, sizeof c->result, "mkdtemp failed");
        return;
    }
    if (make_client(c, base, sizeof base, &client, &err)) {
        snprintf(c->result, sizeof c->result, "client: %s", err ? idiligo_error_message(err, NULL) : "unknown endpoint");
        idiligo_error_free(err);
        rmdir(dir);
        return;
    }
    t0 = now();
    if (strcmp(c->op, "get_attachments") == 0) {
        idiligo_attachments *list = NULL;
        rc = idiligo_client_get_attachments(client, "1001", &list, &err);
        idiligo_attachments_free(list);
    } else if (strcmp(c->op, "create_call") == 0) {
        char *call = NULL;
        rc = idiligo_client_create_call(client, "FAULTS", &call, &err);
        idiligo_string_free(call);
    } else {
        snprintf(url, sizeof url, "%s/doc.pdf", base);
        snprintf(target, sizeof target, "%s/doc.pdf", dir);
        rc = idiligo_client_download_to_path(client, url, target, NULL, NULL, 0, NULL, &err);
    }
    took = now() - t0;
    snprintf(kind, sizeof kind, "%s", rc == IDILIGO_OK ? "success" : idiligo_error_kind(err));
    used = (size_t)snprintf(c->result, sizeof c->result, "%s in %.2f s", kind, took);
    c->ok = 1;
    if (strcmp(kind, c->expect) != 0) {
        c->ok = 0;
        used += (size_t)snprintf(c->result + used, sizeof c->result - used, ": expected %s (%s)", c->expect,
                                 err ? idiligo_error_message(err, NULL) : "");
    }
    if (took > c->max_s || took < c->min_s) {
        c->ok = 0;
        used += (size_t)snprintf(c->result + used, sizeof c->result - used, "; outside [%g, %g]", c->min_s, c->max_s);
    }
    if (!dir_is_empty(dir, left, sizeof left)) {
        c->ok = 0;
        used += (size_t)snprintf(c->result + used, sizeof c->result - used, "; left on disk: %s", left);
    }
    if (c->requests >= 0) {
        long seen = server_count(c->name);
        if (seen != c->requests) {
            c->ok = 0;
            snprintf(c->result + used, sizeof c->result - used, "; server saw %ld requests, expected %ld", seen,
                     c->requests);
        }
    }
    idiligo_error_free(err);
    idiligo_client_free(client);
    rmdir(dir);
}

static void *worker(void *arg) {
    (void)arg;
    for (;;) {
        int i;
        pthread_mutex_lock(&lock);
        i = next_case < n_cases ? next_case++ : -1;
        pthread_mutex_unlock(&lock);
        if (i < 0) return NULL;
        run_case(&cases[i]);
    }
}

int main(int argc, char **argv) {
    pthread_t threads[WORKERS];
    int i, failed = 0;
    double t0 = now();
    if (argc != 5) {
        fprintf(stderr, "usage: %s PORT TLS_PORT CASES.TSV CA.PEM\n", argv[0]);
        return 2;
    }
    port = atoi(argv[1]);
    tls_port = atoi(argv[2]);
    ca_file = argv[4];
    if (load_cases(argv[3]) < 40) {
        fprintf(stderr, "could not read at least 40 cases from %s\n", argv[3]);
        return 2;
    }
    for (i = 0; i < WORKERS; i++) pthread_create(&threads[i], NULL, worker, NULL);
    for (i = 0; i < WORKERS; i++) pthread_join(threads[i], NULL);
    for (i = 0; i < n_cases; i++) {
        const fault_case *c = &cases[i];
        char needs[64] = "";
        if (strcmp(c->needs, "-") != 0) snprintf(needs, sizeof needs, " [needs %s]", c->needs);
        printf("%-6s %-34s %s%s\n", c->ok ? "ok" : "FAIL", c->name, c->result, needs);
        failed += !c->ok;
    }
    printf("c driver: %d cases in %.1f s\n", n_cases, now() - t0);
    printf("%d passed, %d failed\n", n_cases - failed, failed);
    return failed ? 1 : 0;
}
