/*
 * A simple client program, for what valgrind reports about libidiligo in an integration (no
 * in-process sandbox: it talks to a server in another process, as an application talks to the
 * service). tests/c/run.sh runs it against the stand-alone sandbox (core/examples/sandbox.rs)
 * under valgrind's default leak settings with ffi/valgrind.supp, and without it.
 *
 *   valgrind_client BASE_URL APIKEY USERNAME PASSWORD DIR
 *
 * Creates a meeting, writes values, has the service fetch a document (the server's own
 * participant page) and binds it, reads the meeting back and downloads the document to a file
 * in DIR and to memory. Exits 0 when every call succeeded.
 */
#include <stdio.h>
#include <string.h>

#include "idiligo.h"

#define TRY(call)                                                                              \
    do {                                                                                       \
        if ((call) != IDILIGO_OK) {                                                            \
            fprintf(stderr, "%s: %s\n", #call, err ? idiligo_error_message(err, NULL) : "?"); \
            goto done;                                                                         \
        }                                                                                      \
    } while (0)

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: %s BASE_URL APIKEY USERNAME PASSWORD DIR\n", argv[0]);
        return 2;
    }
    int rc = 1;
    idiligo_error *err = NULL;
    idiligo_options *opts = idiligo_options_new();
    idiligo_client *client = NULL;
    idiligo_attachments *list = NULL;
    idiligo_meeting_results *results = NULL;
    char *call = NULL, *pub = NULL, *link = NULL, *doc = NULL;
    uint8_t *data = NULL;
    size_t len = 0;
    char source[512], path[1024];
    const char *names[] = {"PolicyNumber"}, *values[] = {"P-1234"};

    TRY(idiligo_options_set_base_url(opts, argv[1], &err));
    TRY(idiligo_options_set_password_credentials(opts, argv[2], argv[3], argv[4], &err));
    TRY(idiligo_client_new(opts, &client, &err));
    TRY(idiligo_client_create_call(client, "INTAKE", &call, &err));
    TRY(idiligo_client_get_public_call_id(client, call, &pub, &err));
    TRY(idiligo_client_set_values(client, pub, names, values, 1, &err));
    TRY(idiligo_client_participant_url(client, pub, &link, &err));
    snprintf(source, sizeof source, "%s", link);
    TRY(idiligo_client_add_document_from_url(client, source, "page.html", "crm-1", &doc, &err));
    TRY(idiligo_client_set_document_to_upload_action(client, call, "crm-1", doc, &err));
    TRY(idiligo_client_get_attachments(client, call, &list, &err));
    if (idiligo_attachments_len(list) != 1 || !idiligo_attachments_url(list, 0)) {
        fprintf(stderr, "expected one attachment with a URL\n");
        goto done;
    }
    snprintf(path, sizeof path, "%s/page.html", argv[5]);
    TRY(idiligo_client_download_to_path(client, idiligo_attachments_url(list, 0), path, NULL, NULL, 0, NULL, &err));
    TRY(idiligo_client_download_to_buffer(client, idiligo_attachments_url(list, 0), NULL, NULL, 0, &data, &len, &err));
    TRY(idiligo_client_meeting_results(client, call, &results, &err));
    printf("meeting %s: %zu document(s), %zu bytes downloaded\n", call,
           idiligo_attachments_len(idiligo_meeting_results_attachments(results)), len);
    rc = len > 0 ? 0 : 1;
done:
    idiligo_error_free(err);
    idiligo_buffer_free(data);
    idiligo_meeting_results_free(results);
    idiligo_attachments_free(list);
    idiligo_string_free(doc);
    idiligo_string_free(link);
    idiligo_string_free(pub);
    idiligo_string_free(call);
    idiligo_client_free(client);
    idiligo_options_free(opts);
    return rc;
}
