/* The conformance scenario through the C library, against the Mono-hosted ASMX replica.
 *
 *   scenario REPLICA_URL On|Off TOKEN_LIFETIME_SECONDS
 *
 * Over the POST, the GET and the SOAP binding: login and impersonate, start a meeting with a
 * participant, values and two documents (served by an embedded sandbox's file host), list the
 * attachments, download them and compare bytes; then the meeting's life cycle (lifecycle()):
 * the values read back (GetCallValues: first-write order, a name repeated in SetValues and one
 * rewritten by SetValue replaced in place, SetValue appending, an empty value), the comment and
 * the meeting read back (GetCall, GetCallByPublicId: ids, comment never set / "" / set, the
 * participant's e-mail, the user name, the fixed members), EndCall (the return URL as given,
 * "" without one), SendMail (true; a bad address and a blank template are the service's
 * errors), idiligo_client_meeting_results, and operations by name (GetSesData, GetEvents:
 * their content; GetCallValues, EndCall: the same as the typed functions; SetComment,
 * SaveCredentials: void, NULL). Then it lets the token expire and checks the client logs in
 * again, and provokes errors (errors()): an unknown call id / public id for every new
 * operation, a non-numeric and an overflowing long through the call by name (the binder's
 * error over GET/POST, the XmlSerializer's soap:Client fault over SOAP), an unknown parameter
 * name; then the documents from the application (documents()): uploads from bytes, a file and
 * a read callback, BUSY then READY, attached, downloaded byte for byte, SetCallValues (SOAP
 * only), deleted. Over SOAP the answers by name are envelopes and the Off-mode detail of a
 * business error starts with ASP.NET's SoapException. Run by tests/conformance/run-c.sh, which starts and stops the
 * replica (documents convert for CONVERSION_MS). Prints "N passed, M failed".
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

static const char *g_mode = "On";
static int g_lifecycle_ok, g_errors_ok, g_documents_ok;
/* Whether the scenario runs over SOAP (answers by name are envelopes, faults differ). */
static int g_soap;

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

static const char *UNKNOWN_CALL = "99999999";

static const char *binding_name(int32_t binding) {
    return binding == IDILIGO_BINDING_GET ? "get" : binding == IDILIGO_BINDING_SOAP ? "soap" : "post";
}
static const char *UNKNOWN_PUBLIC = "00000000000000000000000000000000";
static const char *DONE_URL = "https://crm.example/done?id=7&state=ended";
static const char *COMMENT = "R\xc3\xbc" "ckruf: Angebot & <2> Kopien";

/* NULL-safe string equality (two NULLs are equal). */
static int same(const char *a, const char *b) { return (a == NULL || b == NULL) ? a == b : strcmp(a, b) == 0; }
static const char *show(const char *s) { return s ? s : "(null)"; }
/* Put into an out-parameter before a call that must set it to NULL (a void answer). */
static char UNTOUCHED[] = "untouched";

/* The values of a meeting after the scenario's SetValues and SetValue calls, in order. */
static const char *const VALUES[][2] = {
    {"CustomerNumber", "C-1002"},
    {"Amount", "2.000,75 \xe2\x82\xac"},
    {"City", "Z\xc3\xbcrich <2>"},
    {"Status", "open & pending"},
    {"Note", ""},
};
#define N_VALUES (sizeof VALUES / sizeof VALUES[0])

/* Whether `list` holds exactly the first `n` pairs of VALUES (n <= 3 checks the state right
 * after start_meeting, where Amount still had its first value). */
static int values_are(const idiligo_name_values *list, size_t n, int after_set_value) {
    if (idiligo_name_values_len(list) != n) {
        fprintf(stderr, "  %zu values, want %zu\n", idiligo_name_values_len(list), n);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        const char *want = VALUES[i][1];
        if (i == 1 && !after_set_value) want = "1 000,50 & more";
        if (!same(idiligo_name_values_name(list, i), VALUES[i][0]) || !same(idiligo_name_values_value(list, i), want)) {
            fprintf(stderr, "  value %zu: %s=%s, want %s=%s\n", i, show(idiligo_name_values_name(list, i)),
                    show(idiligo_name_values_value(list, i)), VALUES[i][0], want);
            return 0;
        }
    }
    return 1;
}

/* The text of the first element <tag> between start and end, XML-unescaped, as a new string
 * ("" for <tag />); NULL when there is none. */
static char *xml_child(const char *start, const char *end, const char *tag) {
    char open[128], empty[128], close[128];
    snprintf(open, sizeof open, "<%s>", tag);
    snprintf(empty, sizeof empty, "<%s />", tag);
    snprintf(close, sizeof close, "</%.*s>", (int)strcspn(tag, " "), tag); /* tag may carry attributes */
    const char *e = strstr(start, empty);
    const char *o = strstr(start, open);
    if (e && e < end && (!o || e < o)) return strdup("");
    if (!o || o >= end) return NULL;
    o += strlen(open);
    const char *c = strstr(o, close);
    if (!c || c > end) return NULL;
    char *out = malloc((size_t)(c - o) + 1), *w = out;
    static const char *const ents[][2] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}};
    for (const char *r = o; r < c;) {
        size_t k;
        for (k = 0; k < 5; k++) {
            size_t l = strlen(ents[k][0]);
            if ((size_t)(c - r) >= l && strncmp(r, ents[k][0], l) == 0) {
                *w++ = ents[k][1][0];
                r += l;
                break;
            }
        }
        if (k == 5) *w++ = *r++;
    }
    *w = 0;
    return out;
}

/* Whether an ArrayOfNameValue document holds the same pairs as `list`, in order. */
static int xml_values_match(const char *xml, const idiligo_name_values *list) {
    size_t i = 0;
    const char *p = strstr(xml, g_soap ? "<GetCallValuesResult>" : "<ArrayOfNameValue ");
    if (!p) {
        fprintf(stderr, "  no ArrayOfNameValue root: %s\n", xml);
        return 0;
    }
    while ((p = strstr(p, "<NameValue>")) != NULL) {
        const char *end = strstr(p, "</NameValue>");
        if (!end) return 0;
        char *name = xml_child(p, end, "Name"), *value = xml_child(p, end, "Value");
        int ok = i < idiligo_name_values_len(list) && same(name, idiligo_name_values_name(list, i)) &&
                 same(value, idiligo_name_values_value(list, i));
        if (!ok) fprintf(stderr, "  by name, pair %zu: %s=%s\n", i, show(name), show(value));
        free(name);
        free(value);
        if (!ok) return 0;
        i++;
        p = end;
    }
    if (i != idiligo_name_values_len(list)) fprintf(stderr, "  by name: %zu pairs, typed %zu\n", i, idiligo_name_values_len(list));
    return i == idiligo_name_values_len(list);
}

/* Whether `record` is the scenario's meeting with this comment and participant e-mail (NULL:
 * omitted), the configured user name and the replica's fixed members. */
static int record_is(const char *what, const idiligo_call_record *r, const char *call_id, const char *public_id,
                     const char *comment, const char *email) {
    int ok = r != NULL && same(idiligo_call_record_call_id(r), call_id) &&
             same(idiligo_call_record_public_id(r), public_id) && same(idiligo_call_record_comment(r), comment) &&
             same(idiligo_call_record_contact_email(r), email) && same(idiligo_call_record_username(r), USER) &&
             idiligo_call_record_account_number(r) == 1 && idiligo_call_record_event_count(r) == 0 &&
             idiligo_call_record_server_id(r) == 1 && idiligo_call_record_is_agent(r) &&
             same(idiligo_call_record_language(r), "en") && idiligo_call_record_extra_count(r) == 0 &&
             idiligo_call_record_viewer_wrap(r) == NULL && idiligo_call_record_node_count(r) == 0 &&
             !idiligo_call_record_client_ready(r);
    if (!ok && r)
        fprintf(stderr, "  %s: callId=%s publicId=%s comment=%s contactEmail=%s username=%s account=%d events=%lld server=%d\n",
                what, show(idiligo_call_record_call_id(r)), show(idiligo_call_record_public_id(r)),
                show(idiligo_call_record_comment(r)), show(idiligo_call_record_contact_email(r)),
                show(idiligo_call_record_username(r)), idiligo_call_record_account_number(r),
                (long long)idiligo_call_record_event_count(r), idiligo_call_record_server_id(r));
    return ok;
}

/* Whether rc/err are the service's error `message` from `operation` (HTTP 500; in Off mode
 * the detail starts with the exception type and has a stack, in On mode neither). Frees and
 * clears *err. */
static int service_error(const char *what, int32_t rc, idiligo_error **err, const char *operation, const char *message,
                         const char *mode, const char *detail_type) {
    int ok = 1;
    const char *detail = *err ? idiligo_error_service_detail(*err, NULL) : NULL;
    char prefix[128];
    snprintf(prefix, sizeof prefix, "%s: ", detail_type);
    int off = strcmp(mode, "Off") == 0;
    if (rc != IDILIGO_ERR_SERVICE || *err == NULL) {
        fprintf(stderr, "  %s: rc %d, want IDILIGO_ERR_SERVICE (%s)\n", what, rc, *err ? idiligo_error_message(*err, NULL) : "");
        ok = 0;
    } else if (!same(idiligo_error_service_message(*err, NULL), message) || !same(idiligo_error_operation(*err), operation) ||
               idiligo_error_http_status(*err) != 500 || detail == NULL ||
               (strncmp(detail, prefix, strlen(prefix)) == 0) != off || (strstr(detail, "\n  at ") != NULL) != off) {
        fprintf(stderr, "  %s: operation %s, status %d, message %s, detail %.200s\n", what, idiligo_error_operation(*err),
                idiligo_error_http_status(*err), show(idiligo_error_service_message(*err, NULL)), show(detail));
        ok = 0;
    }
    idiligo_error_free(*err);
    *err = NULL;
    return ok;
}

/* The second line of the binder's error for a bad long, as the replica writes it per mode. */
static int binder_detail_is(const char *detail, const char *mode, int overflow) {
    char want[256];
    int off = strcmp(mode, "Off") == 0;
    snprintf(want, sizeof want, "\nParameter name: type ---> %s%s\n",
             off ? (overflow ? "System.OverflowException: " : "System.FormatException: ") : "",
             overflow ? "Value was either too large or too small for an Int64." : "Input string was not in a correct format.");
    return detail != NULL && strstr(detail, want) != NULL && strchr(detail, '\n') == strstr(detail, want);
}

/* The exception type an Off-mode detail of a business error starts with: the method's
 * System.Exception over GET/POST, ASP.NET's SoapException around it over SOAP. */
static const char *business_type(void) {
    return g_soap ? "System.Web.Services.Protocols.SoapException" : "System.Exception";
}

/* Whether rc/err are the service's answer to a long parameter that is not a number (or
 * overflows). Over GET/POST the binder's error, `Cannot convert {0} to {1}.` with the
 * conversion's exception on the detail's second line (binder_detail_is). Over SOAP a
 * soap:Client fault whose whole faultstring is the message, `Server was unable to read request.
 * ---> There is an error in XML document (line, column). ---> ` and the conversion's message,
 * in both modes (the On detail is the message; the Off detail adds the types and the stack).
 * Frees and clears *err. */
static int bad_long_error(const char *what, int32_t rc, idiligo_error **err, const char *operation, int overflow) {
    const char *inner = overflow ? "Value was either too large or too small for an Int64."
                                 : "Input string was not in a correct format.";
    const char *inner_type = overflow ? "System.OverflowException" : "System.FormatException";
    if (!g_soap) {
        int detail_ok = *err && binder_detail_is(idiligo_error_service_detail(*err, NULL), g_mode, overflow);
        if (!detail_ok && *err) fprintf(stderr, "  %s: binder detail: %s\n", what, show(idiligo_error_service_detail(*err, NULL)));
        return service_error(what, rc, err, operation, "Cannot convert {0} to {1}.", g_mode, "System.ArgumentException") &&
               detail_ok;
    }
    static const char prefix[] = "Server was unable to read request. ---> There is an error in XML document (";
    const char *message = *err ? idiligo_error_service_message(*err, NULL) : NULL;
    const char *detail = *err ? idiligo_error_service_detail(*err, NULL) : NULL;
    char suffix[160], typed[200];
    snprintf(suffix, sizeof suffix, "). ---> %s", inner);
    snprintf(typed, sizeof typed, "%s: %s", inner_type, inner);
    size_t ml = message ? strlen(message) : 0, sl = strlen(suffix);
    int ok = rc == IDILIGO_ERR_SERVICE && message && strncmp(message, prefix, sizeof prefix - 1) == 0 && ml > sl &&
             strcmp(message + ml - sl, suffix) == 0 && same(idiligo_error_operation(*err), operation) &&
             idiligo_error_http_status(*err) == 500 && detail != NULL;
    if (ok && strcmp(g_mode, "Off") == 0)
        ok = strncmp(detail, "System.Web.Services.Protocols.SoapException: ", 45) == 0 && strstr(detail, typed) &&
             strstr(detail, "\n  at ");
    else if (ok)
        ok = same(detail, message);
    if (!ok)
        fprintf(stderr, "  %s: rc %d, message %s, detail %.400s\n", what, rc, show(message), show(detail));
    idiligo_error_free(*err);
    *err = NULL;
    return ok;
}

/* The meeting's life cycle after start_meeting: values, comment, call data, EndCall, SendMail,
 * meeting results, operations by name. */
static void lifecycle(idiligo_client *client, const idiligo_meeting *meeting, const idiligo_attachments *list) {
    idiligo_error *err = NULL;
    idiligo_name_values *values = NULL;
    idiligo_call_record *record = NULL, *by_public = NULL;
    idiligo_meeting_results *results = NULL;
    char *bare = NULL, *bare_public = NULL, *url = NULL, *xml = NULL;
    const char *call_id = idiligo_meeting_call_id(meeting), *public_id = idiligo_meeting_public_id(meeting);
    const char *email = "jan@example.com";

    /* GetCallValues after start_meeting's SetValues: CustomerNumber twice, the later replaced it in place */
    OK(idiligo_client_get_call_values(client, call_id, &values, &err));
    CHECK(values_are(values, 3, 0), "values after start_meeting");
    idiligo_name_values_free(values);
    values = NULL;
    OK(idiligo_client_set_value(client, public_id, "Amount", "2.000,75 \xe2\x82\xac", &err)); /* replaces in place */
    OK(idiligo_client_set_value(client, public_id, "Status", "open & pending", &err));      /* appended */
    OK(idiligo_client_set_value(client, public_id, "Note", "", &err));                      /* an empty value */
    OK(idiligo_client_get_call_values(client, call_id, &values, &err));
    CHECK(values_are(values, N_VALUES, 1), "values after SetValue");

    /* The comment and the meeting read back */
    OK(idiligo_client_get_call(client, call_id, &record, &err));
    CHECK(record_is("GetCall before SetComment", record, call_id, public_id, NULL, email), "GetCall before SetComment");
    idiligo_call_record_free(record);
    record = NULL;
    OK(idiligo_client_set_comment(client, call_id, "", &err));
    OK(idiligo_client_get_call(client, call_id, &record, &err));
    CHECK(record_is("GetCall, empty comment", record, call_id, public_id, "", email), "GetCall, empty comment");
    idiligo_call_record_free(record);
    record = NULL;
    OK(idiligo_client_set_comment(client, call_id, COMMENT, &err));
    OK(idiligo_client_get_call(client, call_id, &record, &err));
    CHECK(record_is("GetCall", record, call_id, public_id, COMMENT, email), "GetCall");
    OK(idiligo_client_get_call_by_public_id(client, public_id, &by_public, &err));
    CHECK(record_is("GetCallByPublicId", by_public, call_id, public_id, COMMENT, email), "GetCallByPublicId");
    idiligo_call_record_free(by_public);
    by_public = NULL;

    /* A call without participant: contactEmail omitted, no values */
    OK(idiligo_client_create_call(client, "INTAKE", &bare, &err));
    OK(idiligo_client_get_public_call_id(client, bare, &bare_public, &err));
    OK(idiligo_client_get_call_by_public_id(client, bare_public, &by_public, &err));
    CHECK(record_is("GetCallByPublicId, bare call", by_public, bare, bare_public, NULL, NULL), "bare call");
    idiligo_name_values_free(values);
    values = NULL;
    OK(idiligo_client_get_call_values(client, bare, &values, &err));
    CHECK(idiligo_name_values_len(values) == 0, "bare call has %zu values", idiligo_name_values_len(values));
    idiligo_name_values_free(values);
    values = NULL;

    /* EndCall: the return URL as given, "" without one; ending again changes nothing */
    OK(idiligo_client_end_call(client, call_id, DONE_URL, &url, &err));
    CHECK(same(url, DONE_URL), "EndCall answered %s", show(url));
    idiligo_string_free(url);
    url = NULL;
    OK(idiligo_client_end_call(client, call_id, NULL, &url, &err));
    CHECK(same(url, ""), "EndCall without URL answered %s", show(url));
    idiligo_string_free(url);
    url = NULL;
    idiligo_call_record_free(record);
    record = NULL;
    OK(idiligo_client_get_call(client, call_id, &record, &err));
    CHECK(record_is("GetCall after EndCall", record, call_id, public_id, COMMENT, email), "GetCall after EndCall");
    OK(idiligo_client_get_call_values(client, call_id, &values, &err));
    CHECK(values_are(values, N_VALUES, 1), "values after EndCall");

    /* SendMail */
    {
        bool sent = false;
        int32_t rc;
        OK(idiligo_client_send_mail(client, call_id, email, "INVITE", NULL, &sent, &err));
        CHECK(sent, "SendMail answered false");
        sent = false;
        OK(idiligo_client_send_mail(client, call_id, email, "REMINDER", idiligo_meeting_document_id(meeting, 0), &sent, &err));
        CHECK(sent, "SendMail with attachments answered false");
        sent = false;
        rc = idiligo_client_send_mail(client, call_id, "jan.example.com", "INVITE", NULL, &sent, &err);
        CHECK(service_error("SendMail, bad address", rc, &err, "SendMail", "Invalid email.", g_mode, business_type()) && !sent,
              "SendMail to a bad address");
        rc = idiligo_client_send_mail(client, call_id, email, "  ", NULL, &sent, &err);
        CHECK(service_error("SendMail, blank template", rc, &err, "SendMail", "Unknown templateCode.", g_mode,
                            business_type()),
              "SendMail with a blank template");
        rc = idiligo_client_send_mail(client, call_id, "", "INVITE", NULL, &sent, &err);
        CHECK(rc == IDILIGO_ERR_ARGUMENT && same(idiligo_error_operation(err), "SendMail"), "SendMail to \"\" gave %d", rc);
        idiligo_error_free(err);
        err = NULL;
    }

    /* meeting_results: values and attachments in one call */
    OK(idiligo_client_meeting_results(client, call_id, &results, &err));
    {
        const idiligo_name_values *rv = idiligo_meeting_results_values(results);
        const idiligo_attachments *ra = idiligo_meeting_results_attachments(results);
        CHECK(values_are(rv, N_VALUES, 1), "meeting_results values");
        CHECK(same(idiligo_name_values_get(rv, "Amount"), VALUES[1][1]) && same(idiligo_name_values_get(rv, "Note"), "") &&
                  idiligo_name_values_get(rv, "Missing") == NULL,
              "meeting_results value lookup");
        CHECK(idiligo_attachments_len(ra) == 2 && idiligo_attachments_len(list) == 2, "meeting_results: %zu attachments",
              idiligo_attachments_len(ra));
        for (size_t i = 0; i < 2; i++) {
            CHECK(same(idiligo_attachments_id(ra, i), idiligo_meeting_document_id(meeting, i)) &&
                      same(idiligo_attachments_id(ra, i), idiligo_attachments_id(list, i)) &&
                      same(idiligo_attachments_description(ra, i), idiligo_attachments_description(list, i)) &&
                      same(idiligo_attachments_url(ra, i), idiligo_attachments_url(list, i)) &&
                      same(idiligo_attachments_size(ra, i), idiligo_attachments_size(list, i)) &&
                      same(idiligo_attachments_date(ra, i), idiligo_attachments_date(list, i)),
                  "meeting_results attachment %zu: %s %s", i, show(idiligo_attachments_id(ra, i)),
                  show(idiligo_attachments_description(ra, i)));
        }
    }

    /* Operations by name */
    OK(idiligo_client_call(client, "GetSesData", NULL, NULL, 0, IDILIGO_CALL_REPEATABLE, &xml, &err));
    {
        /* over SOAP the envelope, the value in GetSesDataResult */
        const char *end = xml ? strstr(xml, g_soap ? "</GetSesDataResult>" : "</SessionDTO>") : NULL;
        static const char *const want[][2] = {
            {"AccountNumber", "1"}, {"Username", "agent@example.test"}, {"Language", "en"}, {"online", "true"}, {"isInsideUser", "true"}};
        CHECK(xml && strstr(xml, g_soap ? "<GetSesDataResult>" : "<SessionDTO ") && end, "GetSesData: %s", show(xml));
        const char *p = xml;
        for (size_t i = 0; i < 5; i++) {
            char *got = xml_child(p, end, want[i][0]);
            int ok = same(got, want[i][1]);
            free(got);
            CHECK(ok, "GetSesData %s: %s", want[i][0], xml);
            p = strstr(p, want[i][0]); /* members in this order */
        }
    }
    idiligo_string_free(xml);
    xml = NULL;
    {
        const char *names[] = {"publicId", "eventCount"};
        const char *vals[] = {public_id, "0"};
        OK(idiligo_client_call(client, "GetEvents", names, vals, 2, 0, &xml, &err));
        CHECK(xml && (g_soap ? strstr(xml, "<GetEventsResult />") != NULL : strstr(xml, "<ArrayOfCallEventDTO ") && strstr(xml, "/>")) &&
                  !strstr(xml, "CallEventDTO>"),
              "GetEvents: %s", show(xml));
        idiligo_string_free(xml);
        xml = NULL;
    }
    {
        const char *names[] = {"callId"};
        const char *vals[] = {call_id};
        OK(idiligo_client_call(client, "GetCallValues", names, vals, 1, IDILIGO_CALL_REPEATABLE, &xml, &err));
        CHECK(xml && xml_values_match(xml, values), "GetCallValues by name differs from the typed answer");
        idiligo_string_free(xml);
        xml = NULL;
    }
    {
        const char *names[] = {"callId", "returnUrl"};
        const char *vals[] = {call_id, DONE_URL};
        OK(idiligo_client_call(client, "EndCall", names, vals, 2, 0, &xml, &err));
        OK(idiligo_client_end_call(client, call_id, DONE_URL, &url, &err));
        char *text = xml ? xml_child(xml, xml + strlen(xml), g_soap ? "EndCallResult" : "string xmlns=\"http://www.idiligo.com/\"") : NULL;
        int ok = text && same(text, url) && same(url, DONE_URL);
        if (!ok) fprintf(stderr, "  EndCall by name: %s\n", show(xml));
        free(text);
        CHECK(ok, "EndCall by name differs from the typed answer %s", show(url));
        idiligo_string_free(xml);
        xml = NULL;
    }
    {
        const char *names[] = {"CALLID", "value"};
        const char *vals[] = {call_id, "by name"};
        xml = UNTOUCHED;
        OK(idiligo_client_call(client, "SetComment", names, vals, 2, 0, &xml, &err));
        CHECK(xml == NULL, "SetComment by name answered %s", show(xml));
        idiligo_call_record_free(record);
        record = NULL;
        OK(idiligo_client_get_call(client, call_id, &record, &err));
        CHECK(same(idiligo_call_record_comment(record), "by name"), "comment by name: %s", show(idiligo_call_record_comment(record)));
        xml = UNTOUCHED;
        OK(idiligo_client_call(client, "SaveCredentials", NULL, NULL, 0, 0, &xml, &err));
        CHECK(xml == NULL, "SaveCredentials answered %s", show(xml));
    }
    {
        const char *names[] = {"callId", "publicId"};
        const char *vals[] = {call_id, public_id};
        int32_t rc = idiligo_client_call(client, "GetCall", names, vals, 2, 0, &xml, &err);
        CHECK(rc == IDILIGO_ERR_ARGUMENT && same(idiligo_error_operation(err), "GetCall") &&
                  strstr(idiligo_error_message(err, NULL), "publicId") && xml == NULL,
              "unknown parameter by name gave %d", rc);
        idiligo_error_free(err);
        err = NULL;
    }
    g_lifecycle_ok = 1;

out:
    if (err) idiligo_error_free(err);
    idiligo_name_values_free(values);
    idiligo_call_record_free(record);
    idiligo_call_record_free(by_public);
    idiligo_meeting_results_free(results);
    idiligo_string_free(bare);
    idiligo_string_free(bare_public);
    idiligo_string_free(url);
    if (xml != UNTOUCHED) idiligo_string_free(xml);
}

/* The new operations' errors: unknown ids, the binder's error for a bad long by name. */
static void errors(idiligo_client *client, const idiligo_meeting *meeting) {
    idiligo_error *err = NULL;
    const char *call_id = idiligo_meeting_call_id(meeting);
    idiligo_name_values *values = NULL;
    idiligo_call_record *record = NULL;
    idiligo_meeting_results *results = NULL;
    char *s = NULL;
    bool sent = false;
    int32_t rc;
    const char *ex = business_type();

    rc = idiligo_client_get_call_values(client, UNKNOWN_CALL, &values, &err);
    CHECK(service_error("GetCallValues", rc, &err, "GetCallValues", "Unknown callId.", g_mode, ex) && !values, "GetCallValues");
    rc = idiligo_client_set_comment(client, UNKNOWN_CALL, "x", &err);
    CHECK(service_error("SetComment", rc, &err, "SetComment", "Unknown callId.", g_mode, ex), "SetComment");
    rc = idiligo_client_get_call(client, UNKNOWN_CALL, &record, &err);
    CHECK(service_error("GetCall", rc, &err, "GetCall", "Unknown callId.", g_mode, ex) && !record, "GetCall");
    rc = idiligo_client_end_call(client, UNKNOWN_CALL, DONE_URL, &s, &err);
    CHECK(service_error("EndCall", rc, &err, "EndCall", "Unknown callId.", g_mode, ex) && !s, "EndCall");
    rc = idiligo_client_send_mail(client, UNKNOWN_CALL, "jan@example.com", "INVITE", NULL, &sent, &err);
    CHECK(service_error("SendMail", rc, &err, "SendMail", "Unknown callId.", g_mode, ex) && !sent, "SendMail");
    /* the call is checked before the address */
    rc = idiligo_client_send_mail(client, UNKNOWN_CALL, "bad", "INVITE", NULL, &sent, &err);
    CHECK(service_error("SendMail, bad address", rc, &err, "SendMail", "Unknown callId.", g_mode, ex), "SendMail order");
    rc = idiligo_client_meeting_results(client, UNKNOWN_CALL, &results, &err);
    CHECK(service_error("meeting_results", rc, &err, "GetCallValues", "Unknown callId.", g_mode, ex) && !results,
          "meeting_results");
    rc = idiligo_client_get_call_by_public_id(client, UNKNOWN_PUBLIC, &record, &err);
    CHECK(service_error("GetCallByPublicId", rc, &err, "GetCallByPublicId", "Unknown publicId.", g_mode, ex) && !record,
          "GetCallByPublicId");
    rc = idiligo_client_set_value(client, UNKNOWN_PUBLIC, "A", "1", &err);
    CHECK(service_error("SetValue", rc, &err, "SetValue", "Unknown publicId.", g_mode, ex), "SetValue");
    {
        const char *names[] = {"callId"};
        const char *vals[] = {UNKNOWN_CALL};
        rc = idiligo_client_call(client, "GetCall", names, vals, 1, 0, &s, &err);
        CHECK(service_error("GetCall by name", rc, &err, "GetCall", "Unknown callId.", g_mode, ex) && !s, "GetCall by name");
    }

    /* A non-numeric and an overflowing long through the call by name: the binder's error over
     * GET/POST, the XmlSerializer's over SOAP */
    for (int overflow = 0; overflow < 2; overflow++) {
        const char *bad = overflow ? "99999999999999999999" : "abc";
        const char *ops[] = {"GetCall", "EndCall", "SendMail"};
        const char *names[][4] = {{"callId"}, {"callId", "returnUrl"}, {"callId", "to", "templateCode", "attachments"}};
        const char *vals[][4] = {{bad}, {bad, DONE_URL}, {bad, "jan@example.com", "INVITE", ""}};
        size_t counts[] = {1, 2, 4};
        for (size_t k = 0; k < 3; k++) {
            rc = idiligo_client_call(client, ops[k], names[k], vals[k], counts[k], 0, &s, &err);
            CHECK(bad_long_error(ops[k], rc, &err, ops[k], overflow) && !s, "%s by name with callId=%s", ops[k], bad);
        }
    }
    /* The meeting is intact */
    OK(idiligo_client_get_call(client, call_id, &record, &err));
    CHECK(same(idiligo_call_record_comment(record), "by name"), "comment: %s", show(idiligo_call_record_comment(record)));
    OK(idiligo_client_get_call_values(client, call_id, &values, &err));
    CHECK(values_are(values, N_VALUES, 1), "values after the errors");
    g_errors_ok = 1;

out:
    if (err) idiligo_error_free(err);
    idiligo_name_values_free(values);
    idiligo_call_record_free(record);
    idiligo_meeting_results_free(results);
    idiligo_string_free(s);
}

/* A read callback (idiligo_read_cb) over a buffer, in short reads of at most 1000 bytes. */
struct chunks {
    const unsigned char *data;
    size_t len, at;
};
static int32_t read_chunks(void *user_data, uint8_t *buf, size_t len, size_t *out_n) {
    struct chunks *c = user_data;
    size_t n = c->len - c->at;
    if (n > len) n = len;
    if (n > 1000) n = 1000;
    memcpy(buf, c->data + c->at, n);
    c->at += n;
    *out_n = n;
    return 0;
}

/* Documents from the application, as core/tests/conformance.rs checks them: uploads from
 * bytes, a file and a read callback (always over SOAP, whatever the client's binding), BUSY then READY (the
 * replica converts for CONVERSION_MS, run-c.sh), the progress, attached at nodes, listed and downloaded
 * byte for byte, SetCallValues (SOAP only), deleted (then NOT FOUND, the service's error when
 * attached again, its URL 404). */
static void documents(idiligo_client *client, int32_t binding, const char *dir) {
    idiligo_error *err = NULL;
    idiligo_upload_options *uo = idiligo_upload_options_new();
    idiligo_attachments *list = NULL;
    idiligo_name_values *values = NULL;
    char *call = NULL, *from_bytes = NULL, *from_file = NULL, *from_reader = NULL, *answer = NULL, *text = NULL;
    uint8_t *got = NULL;
    size_t got_len = 0;
    int32_t status = -1;
    double pct = -1;
    bool flag = false;
    char path[512];
    static const unsigned char terms[] = "%PDF-1.4 terms \x00\xff \xe2\x82\xac";
    size_t terms_len = sizeof terms - 1, scan_len = 150000;
    unsigned char *scan = malloc(scan_len);
    FILE *f = NULL;

    CHECK(scan != NULL && uo != NULL, "allocation");
    for (size_t i = 0; i < scan_len; i++) scan[i] = (unsigned char)(i * 7 % 256);
    snprintf(path, sizeof path, "%s/scan \xe2\x82\xac.bin", dir);
    f = fopen(path, "wb");
    CHECK(f != NULL && fwrite(scan, 1, scan_len, f) == scan_len && fclose(f) == 0, "write %s", path);
    f = NULL;

    OK(idiligo_client_create_call(client, "INTAKE", &call, &err));
    OK(idiligo_upload_options_set_external_id(uo, "terms", &err));
    OK(idiligo_upload_options_set_private(uo, true, &err));
    OK(idiligo_client_add_document_from_bytes(client, "terms.pdf", terms, terms_len, uo, &from_bytes, &err));
    OK(idiligo_client_add_document_from_file(client, path, NULL, &from_file, &err));
    {
        /* known length: streamed as it is read */
        struct chunks c = {scan, scan_len, 0};
        OK(idiligo_client_add_document_from_reader(client, "reader.bin", read_chunks, &c, scan_len, NULL, &from_reader,
                                                   &err));
        CHECK(c.at == scan_len, "the read callback delivered %zu of %zu bytes", c.at, scan_len);
    }
    CHECK(strcmp(from_bytes, from_file) != 0 && strcmp(from_file, from_reader) != 0 && strcmp(from_bytes, from_reader) != 0,
          "three uploads, ids %s %s %s", from_bytes, from_file, from_reader);

    /* Converting: BUSY below 100 % right after the upload, then READY. */
    OK(idiligo_client_get_document_progress(client, from_bytes, &status, &pct, &text, &err));
    CHECK(status == IDILIGO_DOCUMENT_BUSY && same(text, "BUSY") && pct >= 0 && pct < 100, "progress %d %s %.1f", status,
          show(text), pct);
    idiligo_string_free(text);
    text = NULL;
    OK(idiligo_client_get_document_status(client, from_file, &status, NULL, &err));
    CHECK(status == IDILIGO_DOCUMENT_BUSY, "status after upload %d", status);
    OK(idiligo_client_wait_for_document(client, from_bytes, 30000, 500, &err));
    OK(idiligo_client_wait_for_document(client, from_file, 30000, 500, &err));
    OK(idiligo_client_wait_for_document(client, from_reader, 30000, 500, &err));
    OK(idiligo_client_get_document_progress(client, from_file, &status, &pct, &text, &err));
    CHECK(status == IDILIGO_DOCUMENT_READY && same(text, "READY") && pct == 100, "progress %d %s %.1f", status, show(text),
          pct);
    idiligo_string_free(text);
    text = NULL;

    /* Attached at nodes, listed, downloaded byte for byte. */
    OK(idiligo_client_add_document_to_call(client, call, from_bytes, "N1", &answer, &err));
    CHECK(same(answer, from_bytes), "AddDocumentToCall answered %s", show(answer));
    idiligo_string_free(answer);
    answer = NULL;
    OK(idiligo_client_add_document_to_call(client, call, from_file, NULL, &answer, &err));
    CHECK(same(answer, from_file), "AddDocumentToCall answered %s", show(answer));
    idiligo_string_free(answer);
    answer = NULL;
    OK(idiligo_client_add_document_to_call(client, call, from_reader, "N3", &answer, &err));
    CHECK(same(answer, from_reader), "AddDocumentToCall answered %s", show(answer));
    OK(idiligo_client_get_attachments(client, call, &list, &err));
    CHECK(idiligo_attachments_len(list) == 3 && same(idiligo_attachments_id(list, 0), from_bytes) &&
              same(idiligo_attachments_id(list, 1), from_file) && same(idiligo_attachments_id(list, 2), from_reader) &&
              same(idiligo_attachments_description(list, 0), "terms.pdf") &&
              same(idiligo_attachments_description(list, 1), "scan \xe2\x82\xac.bin") &&
              same(idiligo_attachments_description(list, 2), "reader.bin"),
          "attachments of the uploads: %zu", idiligo_attachments_len(list));
    for (size_t i = 0; i < 3; i++) {
        const unsigned char *want = i == 0 ? terms : scan;
        size_t want_len = i == 0 ? terms_len : scan_len;
        OK(idiligo_client_download_to_buffer(client, idiligo_attachments_url(list, i), NULL, NULL, 0, &got, &got_len, &err));
        CHECK(got_len == want_len && memcmp(got, want, want_len) == 0, "bytes of upload %zu: %zu, want %zu", i, got_len,
              want_len);
        idiligo_buffer_free(got);
        got = NULL;
    }

    /* SetCallValues: SOAP only. */
    {
        const char *names[] = {"note", "Amount"};
        const char *vals[] = {"<i>SOAP only</i>", "12.5"};
        int32_t rc = idiligo_client_set_call_values(client, call, names, vals, 2, &flag, &err);
        if (binding == IDILIGO_BINDING_SOAP) {
            OK(rc);
            CHECK(flag, "SetCallValues answered false");
            OK(idiligo_client_get_call_values(client, call, &values, &err));
            CHECK(idiligo_name_values_len(values) == 2 && same(idiligo_name_values_value(values, 0), vals[0]) &&
                      same(idiligo_name_values_value(values, 1), vals[1]),
                  "values after SetCallValues: %zu", idiligo_name_values_len(values));
        } else {
            CHECK(rc == IDILIGO_ERR_ARGUMENT && same(idiligo_error_operation(err), "SetCallValues") &&
                      strstr(idiligo_error_message(err, NULL), "SOAP only"),
                  "SetCallValues over HTTP gave %d", rc);
            idiligo_error_free(err);
            err = NULL;
        }
    }

    /* Markup in a value: stored as given over SOAP (no request validation), refused over
     * GET/POST by ASP.NET's request validation. */
    {
        const char *names[] = {"html"};
        const char *vals[] = {"<b>x</b>"};
        char *public_id = NULL;
        OK(idiligo_client_get_public_call_id(client, call, &public_id, &err));
        int32_t rc = idiligo_client_set_values(client, public_id, names, vals, 1, &err);
        idiligo_string_free(public_id);
        if (binding == IDILIGO_BINDING_SOAP) {
            OK(rc);
            idiligo_name_values_free(values);
            values = NULL;
            OK(idiligo_client_get_call_values(client, call, &values, &err));
            CHECK(same(idiligo_name_values_get(values, "html"), "<b>x</b>"), "markup over SOAP: %s",
                  show(idiligo_name_values_get(values, "html")));
        } else {
            CHECK(rc == IDILIGO_ERR_SERVICE && idiligo_error_http_status(err) == 500 &&
                      strstr(idiligo_error_message(err, NULL), "potentially dangerous"),
                  "markup over HTTP gave %d: %s", rc, err ? idiligo_error_message(err, NULL) : "");
            idiligo_error_free(err);
            err = NULL;
        }
    }

    /* Deleted: true, then false; NOT FOUND; unbound; its URL 404; attaching it again fails. */
    OK(idiligo_client_delete_document(client, from_file, &flag, &err));
    CHECK(flag, "DeleteDocument answered false");
    OK(idiligo_client_delete_document(client, from_file, &flag, &err));
    CHECK(!flag, "DeleteDocument of a deleted document answered true");
    OK(idiligo_client_get_document_status(client, from_file, &status, &text, &err));
    CHECK(status == IDILIGO_DOCUMENT_NOT_FOUND && same(text, "NOT FOUND"), "status after delete %d %s", status, show(text));
    OK(idiligo_client_get_document_progress(client, from_file, &status, &pct, NULL, &err));
    CHECK(status == IDILIGO_DOCUMENT_NOT_FOUND && pct == 0, "progress after delete %d %.1f", status, pct);
    {
        int32_t rc = idiligo_client_wait_for_document(client, from_file, 10000, 200, &err);
        CHECK(rc == IDILIGO_ERR_SERVICE && same(idiligo_error_service_detail(err, NULL), "NOT FOUND"),
              "wait_for_document of a deleted document gave %d", rc);
        idiligo_error_free(err);
        err = NULL;
        rc = idiligo_client_download_to_buffer(client, idiligo_attachments_url(list, 1), NULL, NULL, 0, &got, &got_len, &err);
        CHECK(rc == IDILIGO_ERR_HTTP && idiligo_error_http_status(err) == 404 && got == NULL,
              "download of a deleted document gave %d", rc);
        idiligo_error_free(err);
        err = NULL;
        idiligo_string_free(answer);
        answer = NULL;
        rc = idiligo_client_add_document_to_call(client, call, from_file, "N", &answer, &err);
        CHECK(service_error("AddDocumentToCall, deleted document", rc, &err, "AddDocumentToCall", "Unknown documentId.",
                            g_mode, business_type()) &&
                  answer == NULL,
              "AddDocumentToCall of a deleted document");
        rc = idiligo_client_add_document_to_call(client, UNKNOWN_CALL, from_bytes, "N", &answer, &err);
        CHECK(service_error("AddDocumentToCall, unknown call", rc, &err, "AddDocumentToCall", "Unknown callId.", g_mode,
                            business_type()),
              "AddDocumentToCall, unknown call");
    }
    idiligo_attachments_free(list);
    list = NULL;
    OK(idiligo_client_get_attachments(client, call, &list, &err));
    CHECK(idiligo_attachments_len(list) == 2 && same(idiligo_attachments_id(list, 0), from_bytes) &&
              same(idiligo_attachments_id(list, 1), from_reader),
          "attachments after delete: %zu", idiligo_attachments_len(list));
    {
        char *none = NULL;
        int32_t rc = idiligo_client_add_document_from_bytes(client, "", terms, terms_len, NULL, &none, &err);
        CHECK(rc == IDILIGO_ERR_ARGUMENT && none == NULL, "blank file name gave %d", rc);
        idiligo_error_free(err);
        err = NULL;
    }
    g_documents_ok = 1;

out:
    if (err) idiligo_error_free(err);
    if (f) fclose(f);
    unlink(path);
    free(scan);
    idiligo_upload_options_free(uo);
    idiligo_attachments_free(list);
    idiligo_name_values_free(values);
    idiligo_buffer_free(got);
    idiligo_string_free(call);
    idiligo_string_free(from_bytes);
    idiligo_string_free(from_file);
    idiligo_string_free(from_reader);
    idiligo_string_free(answer);
    idiligo_string_free(text);
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

    g_soap = binding == IDILIGO_BINDING_SOAP;
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
    OK(idiligo_meeting_request_add_value(req, "City", "Z\xc3\xbcrich <2>", &err));
    OK(idiligo_meeting_request_add_value(req, "CustomerNumber", "C-1002", &err)); /* replaces C-1001 in place */
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
    for (size_t i = 0; i < 2; i++)
        CHECK(same(idiligo_attachments_id(list, i), idiligo_meeting_document_id(meeting, i)) &&
                  same(idiligo_meeting_document_external_id(meeting, i), i == 0 ? "ext-a" : "ext-b"),
              "document %zu: %s", i, show(idiligo_attachments_id(list, i)));

    g_lifecycle_ok = 0;
    lifecycle(client, meeting, list);
    CHECK(g_lifecycle_ok, "the meeting's life cycle");

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
        CHECK(bad_long_error("GetPublicCallId, non-numeric callId", rc, &err, "GetPublicCallId", 0) && bad == NULL,
              "non-numeric call id");
    }
    g_errors_ok = 0;
    errors(client, meeting);
    CHECK(g_errors_ok, "the new operations' errors");
    g_documents_ok = 0;
    documents(client, binding, dir);
    CHECK(g_documents_ok, "documents from the application");
    printf("ok   c scenario customErrors=%s binding=%s\n", mode, binding_name(binding));

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
    int runs = 0, failed_runs = 0;
    g_mode = argv[2];

    OK(idiligo_sandbox_start(&files, &err));
    OK(idiligo_sandbox_host_file(files, "a.bin", doc_a, len_a, &url_a, &err));
    OK(idiligo_sandbox_host_file(files, "b.pdf", doc_b, sizeof doc_b - 1, &url_b, &err));
    {
        int32_t bindings[3] = {IDILIGO_BINDING_POST, IDILIGO_BINDING_GET, IDILIGO_BINDING_SOAP};
        for (int i = 0; i < 3; i++) {
            int before = failures;
            scenario(argv[1], argv[2], (unsigned)atoi(argv[3]), bindings[i], url_a, doc_a, len_a, url_b, doc_b,
                     sizeof doc_b - 1);
            runs++;
            if (failures > before) {
                failed_runs++;
                printf("FAIL c scenario customErrors=%s binding=%s\n", argv[2], binding_name(bindings[i]));
            }
        }
    }
out:
    if (err) idiligo_error_free(err);
    idiligo_string_free(url_a);
    idiligo_string_free(url_b);
    idiligo_sandbox_stop(files);
    free(doc_a);
    if (failures && !runs) failed_runs = 1; /* the set-up failed */
    printf("%d passed, %d failed\n", runs - failed_runs, failed_runs);
    return failures ? 1 : 0;
}
