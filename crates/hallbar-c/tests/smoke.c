/* The C ABI as a C program uses it: built and run by scripts/c-smoke.sh (and CI).
 *   cc -Wall -Wextra -Werror -I include tests/smoke.c -L target/debug -lhallbar
 * Assesses the document named on the command line and prints `c: <n> findings`; checks
 * that bad input is an error response, never a crash. Exit 0 when all holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hallbar.h"

static int failures = 0;

static void expect(int ok, const char *what, const char *response) {
    if (!ok) {
        fprintf(stderr, "FAIL: %s: %s\n", what, response ? response : "(null)");
        failures++;
    }
}

/* The text of `path`, or NULL. */
static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
    if (buf) buf[n] = '\0';
    fclose(f);
    return buf;
}

/* `s` as a JSON string literal (quotes, backslashes and control characters escaped). */
static char *json_string(const char *s) {
    size_t n = strlen(s);
    char *out = malloc(n * 6 + 3), *o = out;
    if (!out) return NULL;
    *o++ = '"';
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') { *o++ = '\\'; *o++ = (char)c; }
        else if (c < 0x20) { o += sprintf(o, "\\u%04x", c); }
        else *o++ = (char)c;
    }
    *o++ = '"';
    *o = '\0';
    return out;
}

static int count(const char *haystack, const char *needle) {
    int n = 0;
    for (const char *p = strstr(haystack, needle); p; p = strstr(p + 1, needle)) n++;
    return n;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: smoke FILE.toml\n");
        return 2;
    }
    HallbarEngine *engine = hallbar_engine_builtin();
    expect(engine != NULL, "the built-in engine", NULL);
    if (!engine) return 1;

    char *text = slurp(argv[1]);
    char *doc = text ? json_string(text) : NULL;
    expect(doc != NULL, "reading the document", argv[1]);
    if (!doc) return 1;
    const char *head = "{\"format\": \"toml\", \"document\": ";
    char *request = malloc(strlen(head) + strlen(doc) + 2);
    sprintf(request, "%s%s}", head, doc);

    char *out = hallbar_assess(engine, request);
    expect(strstr(out, "\"ok\":true") != NULL, "assess", out);
    /* Every finding has exactly one "severity". */
    printf("c: %d findings\n", count(out, "\"severity\":"));
    hallbar_string_free(out);

    out = hallbar_validate(engine, request);
    expect(strstr(out, "\"valid\":true") != NULL, "validate", out);
    hallbar_string_free(out);

    /* Bad input: answered, never a crash. */
    out = hallbar_assess(engine, NULL);
    expect(strstr(out, "\"ok\":false") && strstr(out, "null pointer"), "a null request", out);
    hallbar_string_free(out);
    out = hallbar_assess(NULL, request);
    expect(strstr(out, "\"ok\":false") != NULL, "a null engine", out);
    hallbar_string_free(out);
    out = hallbar_assess(engine, "{\"document\": \"\\xff\"");
    expect(strstr(out, "\"ok\":false") != NULL, "a malformed request", out);
    hallbar_string_free(out);
    out = hallbar_assess(engine, "\xff\xfe");
    expect(strstr(out, "not UTF-8") != NULL, "text that is not UTF-8", out);
    hallbar_string_free(out);
    out = hallbar_assess(engine, "{\"document\": \"format_version = 1\\n[insats]\\nid = 3\\n\", \"format\": \"toml\"}");
    expect(strstr(out, "\"ok\":false") && strstr(out, "\"line\":"), "a bad document names its line", out);
    hallbar_string_free(out);

    char *error = NULL;
    HallbarEngine *own = hallbar_engine_new("{\"rules\": [{\"name\": \"r.toml\", \"text\": \"x\"}]}", &error);
    expect(own == NULL && error && strstr(error, "r.toml"), "a bad rule file", error);
    hallbar_string_free(error);
    own = hallbar_engine_new("{\"no_graph\": true}", NULL);
    expect(own != NULL, "an engine without the goal graph", NULL);
    hallbar_engine_free(own);
    hallbar_engine_free(NULL);
    hallbar_string_free(NULL);

    hallbar_engine_free(engine);
    free(request);
    free(doc);
    free(text);
    return failures == 0 ? 0 : 1;
}
