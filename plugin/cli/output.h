/*
 * output.h — findings on stdout (or stderr for the launcher): clang-style
 * text with source lines, carets, notes and fix-its; a JSON array; SARIF 2.1.0
 * — for fresh analyses and for the database's stored findings and evidence
 * alike: every command's output is written here.
 */
#ifndef LINGER_OUTPUT_H
#define LINGER_OUTPUT_H

#include "analyze.h"
#include "lgdb.h"
#include <stdio.h>

typedef enum { LG_FMT_CLANG, LG_FMT_JSON, LG_FMT_SARIF, LG_FMT_TABLE } lg_format;

/* The formats each command takes (a mask of 1u << lg_format). */
#define LG_FMTS_CHECK ((1u << LG_FMT_CLANG) | (1u << LG_FMT_JSON) | (1u << LG_FMT_SARIF))
#define LG_FMTS_ROWS (LG_FMTS_CHECK | (1u << LG_FMT_TABLE))
#define LG_FMTS_EVIDENCE ((1u << LG_FMT_TABLE) | (1u << LG_FMT_JSON))

/* Parses "clang", "json", "sarif", "table" among the allowed; -1 otherwise. */
int lg_format_parse(const char *s, unsigned allowed, lg_format *out);

/* ---- fresh analyses (linger check, linger-cc) */
void lg_output_clang(FILE *out, const lg_analysis *a);
/* All analyses at once (an array, a SARIF log). 0, or -1 on no memory. */
int lg_output_json(FILE *out, const lg_analysis *a, size_t n);
int lg_output_sarif(FILE *out, const lg_analysis *a, size_t n, const char *version);

/* ---- stored findings (linger findings): the database's rows with their
 * evidence, as a table (paths below the start directory shown relative,
 * with a count at the end; runtime_only: the rows are runtime-only leaks),
 * a JSON array, a SARIF log or clang-style lines with the evidence as notes.
 * 0, or -1 on no memory. */
int lg_output_rows(FILE *out, lg_format fmt, const lg_db_finding_row *rows, size_t n,
                   int runtime_only);

/* p relative to the directory linger started in when it lies below it. */
const char *lg_output_display_path(const char *p);

/* One stored finding as `linger findings --format json` shows it (new
 * reference, or NULL on no memory). */
struct json_t *lg_output_row_json(const lg_db_finding_row *row);

/* ---- evidence rows (linger evidence): table or JSON, collected as they
 * are read and printed at the end. */
typedef struct lg_evidence_out lg_evidence_out;
lg_evidence_out *lg_output_evidence_new(lg_format fmt);
/* An lg_db_evidence_cb: adds *row; 0. */
int lg_output_evidence_row(const lg_db_evidence_row *row, void *out);
/* Prints what was collected on f (NULL: nothing, after an error); frees o. */
void lg_output_evidence_end(lg_evidence_out *o, FILE *f);

/* A SARIF 2.1.0 log with linger's rules around results (new reference, or NULL);
 * run.originalUriBaseIds names %SRCROOT%, the directory linger ran in. */
struct json_t;
struct json_t *lg_sarif_log(struct json_t *results, const char *version);
/* An artifactLocation for path: relative to %SRCROOT% when it lies below it
 * (or is relative), else an absolute file:// URI.  New reference. */
struct json_t *lg_sarif_artifact(const char *path);

/* "file://" and the absolute path abs, percent-encoded. */
void lg_output_file_uri(const char *abs, char *out, size_t sz);

/* 1-based UTF-16 column of byte column col on line `line` of src. */
unsigned lg_utf16_column(const char *src, size_t len, unsigned line, unsigned col);

#endif /* LINGER_OUTPUT_H */
