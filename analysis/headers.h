/*
 * headers.h — which headers are the project's own, decided once for both
 * front ends.  A function defined in a header (a `static inline` helper, a
 * macro-made accessor) is code of the program like any other: the front
 * ends walk the project's own headers' definitions into facts of their own,
 * a unit per header, so that a leak inside one is found once, at the
 * header's line, and judged with every file that calls it.  Headers of the
 * system and of installed libraries (GLib's, Python's) are not the
 * project's: their inline functions are the library's business.
 */
#ifndef LINGER_HEADERS_H
#define LINGER_HEADERS_H

#include "facts.h"
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* 1 when the header whose real path is header_real, included by the main
 * file main_path (as the compile names it), is the project's own: not a
 * system header (system: the compiler says so), not the object API's own
 * (<linger/...>: a directory linger holding linger.h), not under the
 * system's include, library and package roots (/usr/include,
 * /usr/local/include, /usr/lib, /usr/share, /opt/homebrew, /nix/store,
 * /gnu/store), and in the main file's tree: under the root of the
 * version-controlled tree it lies in (a directory with .git, .hg or .svn),
 * or, outside any, in a directory other than the root that both share. */
int lga_header_own(const char *main_path, const char *header_real, int system);

/* 1 when path (as a compile names a header, before any resolving) is under
 * one of the system's roots above: certainly not the project's — the cheap
 * test that spares resolving the paths of every header a unit includes. */
int lga_header_foreign(const char *path);

/* A header of the project's own whose function definitions a parse
 * walked: a unit of its own, its findings reported at the header's lines. */
typedef struct {
    char *path;          /* the name it is reported under (lga_header_name; malloc'd) */
    char *real;          /* its real path: one header however it was reached (malloc'd) */
    char *source;        /* its bytes (malloc'd), NUL-terminated */
    size_t source_len;
    lgf_facts facts;     /* its definitions' facts: path `path`, header 1 */
} lga_header;

/* Fills h for the header whose real path is real and text text[0, len):
 * the name, a copy of the text, facts initialised (lgf_init, header 1).
 * 0, or -1 when memory ran out (lga_header_free it either way). */
int lga_header_init(lga_header *h, const char *real, const char *text, size_t len);
void lga_header_free(lga_header *h);

/* The name a header's findings are reported under: its real path relative
 * to the working directory when it lies below it, else the real path. */
void lga_header_name(const char *header_real, char *out, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* LINGER_HEADERS_H */
