#include <stdio.h>
#include <idiligo.h>

static int32_t progress(void *user_data, uint64_t done, uint64_t total) {
    (void)user_data;
    printf("  %llu/%llu bytes\n", (unsigned long long)done, (unsigned long long)total);
    return 0; /* non-zero cancels */
}

int main(void) {
    idiligo_sandbox *sb = NULL;
    idiligo_options *opts = NULL;
    idiligo_client *client = NULL;
    idiligo_meeting_request *rq = NULL;
    idiligo_meeting *meeting = NULL;
    idiligo_attachments *saved = NULL;
    idiligo_error *err = NULL;
    char *doc_url = NULL;
    static const char pdf[] = "%PDF-1.4 offer";

    printf("libidiligo %s\n", idiligo_version());
    if (idiligo_sandbox_start(&sb, &err)) goto fail;
    /* For the real service: opts = idiligo_options_new(); then
     * idiligo_options_set_password_credentials(opts, apikey, username, password, &err); */
    if (idiligo_sandbox_options(sb, &opts, &err)) goto fail;
    if (idiligo_client_new(opts, &client, &err)) goto fail;

    if (idiligo_sandbox_host_file(sb, "offer.pdf", (const uint8_t *)pdf, sizeof pdf - 1, &doc_url, &err)) goto fail;
    if (idiligo_meeting_request_new("INTAKE", &rq, &err)) goto fail;
    if (idiligo_meeting_request_set_participant(rq, "jan@example.com", "Jan", "Jansen", &err)) goto fail;
    if (idiligo_meeting_request_add_value(rq, "PolicyNumber", "P-1234", &err)) goto fail;
    if (idiligo_meeting_request_add_document(rq, doc_url, "offer.pdf", "crm-7", &err)) goto fail;
    if (idiligo_client_start_meeting(client, rq, &meeting, &err)) goto fail;
    printf("agent:       %s\n", idiligo_meeting_agent_url(meeting));
    printf("participant: %s\n", idiligo_meeting_participant_url(meeting));

    const char *call = idiligo_meeting_call_id(meeting);
    if (idiligo_sandbox_simulate_upload(sb, call, "passport.jpg", (const uint8_t *)"JPEG", 4, NULL, &err)) goto fail;
    if (idiligo_client_download_all(client, call, "idiligo-downloads", progress, NULL, &saved, &err)) goto fail;
    for (size_t i = 0; i < idiligo_attachments_len(saved); i++)
        printf("saved %s (%llu bytes)\n", idiligo_attachments_saved_path(saved, i),
               (unsigned long long)idiligo_attachments_saved_bytes(saved, i));

fail:
    if (err) fprintf(stderr, "error %d (%s): %s\n", idiligo_error_code(err), idiligo_error_kind(err),
                     idiligo_error_message(err, NULL));
    int rc = err ? 1 : 0;
    idiligo_error_free(err);
    idiligo_attachments_free(saved);
    idiligo_meeting_free(meeting);
    idiligo_meeting_request_free(rq);
    idiligo_string_free(doc_url);
    idiligo_client_free(client);
    idiligo_options_free(opts);
    idiligo_sandbox_stop(sb);
    return rc;
}
