/*
 * output.h — findings on stdout (or stderr for the launcher): clang-style
 * text with source lines, carets, notes and fix-its; a JSON array; SARIF 2.1.0.
 */
#ifndef LINGER_OUTPUT_H
#define LINGER_OUTPUT_H

#include "analyze.h"
#include <stdio.h>

typedef enum { LG_FMT_CLANG, LG_FMT_JSON, LG_FMT_SARIF } lg_format;

/* Parses "clang", "json", "sarif"; -1 when unknown. */
int lg_format_parse(const char *s, lg_format *out);

void lg_output_clang(FILE *out, const lg_analysis *a);
/* All analyses at once (an array, a SARIF log). 0, or -1 on no memory. */
int lg_output_json(FILE *out, const lg_analysis *a, size_t n);
int lg_output_sarif(FILE *out, const lg_analysis *a, size_t n, const char *version);

/* A SARIF 2.1.0 log with linger's rules around results (new reference, or NULL);
 * run.originalUriBaseIds names %SRCROOT%, the directory linger ran in. */
struct json_t;
struct json_t *lg_sarif_log(struct json_t *results, const char *version);
/* An artifactLocation for path: relative to %SRCROOT% when it lies below it
 * (or is relative), else an absolute file:// URI.  New reference. */
struct json_t *lg_sarif_artifact(const char *path);

/* 1-based UTF-16 column of byte column col on line `line` of src. */
unsigned lg_utf16_column(const char *src, size_t len, unsigned line, unsigned col);

#endif /* LINGER_OUTPUT_H */
