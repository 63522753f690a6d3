/*
 * lgdb.h — the findings database: the one C API through which the checker,
 * the launcher and the runtime write, and the CLI reads, static findings and
 * runtime evidence.  SQLite, WAL mode, a busy timeout set before anything
 * else, BEGIN IMMEDIATE for every write: many processes may write one file at
 * once.  The schema is versioned (PRAGMA user_version) and migrated in place;
 * a database from a newer linger is refused.  docs/database.md documents it.
 *
 * Every function returns 0 (or a row id) on success and -1 on failure with a
 * message in lg_db_errmsg(); nothing here prints or exits.
 */
#ifndef LINGER_LGDB_H
#define LINGER_LGDB_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define LG_DB_SCHEMA_VERSION 7

typedef struct lg_db lg_db;

#define LG_DB_READONLY 1u   /* open an existing database for reading only */

/* Opens (creating and migrating when writable) the database at path.
 * On failure *out is NULL and err holds the reason. */
int lg_db_open(const char *path, unsigned flags, lg_db **out, char *err, size_t errsz);
void lg_db_close(lg_db *db);
/* The last error: "PATH: cannot read|write ...: reason". */
const char *lg_db_errmsg(const lg_db *db);
/* The database's absolute path. */
const char *lg_db_path(const lg_db *db);
/* The underlying sqlite3 handle (for `linger sql`). */
void *lg_db_handle(lg_db *db);

/* ---- runs */
typedef struct {
    const char *kind;      /* "static" or "runtime" */
    const char *tool;      /* "linger check", "linger-cc", "liblinger-rt" */
    const char *version;   /* the tool's version */
    const char *const *argv; /* the command line (stored as a JSON array), or NULL */
    int argc;
    const char *cwd;       /* working directory, or NULL */
    long pid;              /* process id */
} lg_db_run;

/* A new run; its id, or -1. */
int64_t lg_db_begin_run(lg_db *db, const lg_db_run *run);

/* ---- static findings */
typedef struct {
    const char *rule, *path, *function, *place, *message, *severity, *fingerprint;
    int line, column;
    int capture;           /* closure-captured-buffer: the capture's index; -1 */
    int64_t source_mtime;  /* the source file's modification time when analysed; 0 unknown */
} lg_db_finding;

/* What a rule declares to the database: the evidence kind that confirms its
 * findings, and whether it must also be at the finding's capture index. */
typedef struct {
    const char *rule;        /* "listener-strong-ref" */
    const char *kind;        /* "kept_alive" */
    int per_capture;         /* 1: evidence.capture_index = findings.capture */
} lg_db_rule_evidence;

/* Records the declarations (rule_evidence; a rule's earlier one replaced) in
 * one transaction: the views match a finding to evidence through them. */
int lg_db_declare_rules(lg_db *db, const lg_db_rule_evidence *d, size_t n);

/* Replaces, in one transaction, the findings an earlier static run stored for
 * the translation unit `unit` (an absolute path) with these.  A finding keeps
 * the first-seen time of its fingerprint across runs. */
int lg_db_replace_findings(lg_db *db, int64_t run, const char *unit,
                           const lg_db_finding *f, size_t n);

/* ---- runtime evidence */
typedef struct {
    const char *kind;      /* kept_alive, growth, unread_capture, cycle, garbage, live_at_exit */
    const char *site_path; /* the site's __FILE__ as compiled */
    int site_line;
    const char *site_function; /* or NULL */
    const char *type;      /* the object or container type, or NULL */
    int64_t count;         /* objects (kept_alive, cycle, garbage, live), closures, containers */
    int64_t bytes;         /* bytes held now (at this flush): kept alive, in the containers, by
                              the live closures; cycle/garbage/live: bytes of those objects */
    int64_t inserts, removals, evictions, peak_len; /* growth: inserts of new entries */
    int capture_index;     /* unread_capture; -1 otherwise */
    const char *detail;    /* JSON object, or NULL */
    int64_t overwrites;    /* growth: inserts that replaced an entry (the length unchanged) */
    int64_t total_bytes;   /* bytes ever stored (growth) or held by closures, dead ones too */
    int64_t peak_bytes;    /* growth: the most bytes the site's containers held at once */
    int64_t first_tick, peak_tick, last_tick; /* growth: runtime operations (allocations and
                              inserts) at the first insert, the last new peak, this flush */
    const char *series;    /* growth: JSON [[tick, length], ...], a few dozen points, or NULL */
    int64_t site_mtime;    /* the site's source file's modification time as compiled; 0 unknown */
    const char *paths;     /* retention paths: JSON [{"root", "truncated", "nodes": [...]}, ...]
                              (docs/database.md), or NULL */
} lg_db_evidence;

/* Replaces this run's evidence with these rows, in one transaction.  cwd is
 * the process's working directory, used to resolve relative site paths. */
int lg_db_replace_evidence(lg_db *db, int64_t run, const char *cwd,
                           const lg_db_evidence *e, size_t n);

/* ---- reading */
typedef struct {
    int64_t id;
    const char *rule, *path, *function, *place, *message, *severity, *fingerprint;
    int line, column, capture;
    double first_seen, last_seen;
    int confirmed;              /* runtime evidence at the site shows the pattern */
    /* the strongest confirming (or, unconfirmed, matching) evidence; kind NULL if none */
    const char *ev_kind;
    int64_t ev_count, ev_bytes, ev_inserts, ev_removals, ev_evictions, ev_peak_len;
    int ev_capture;
    int64_t ev_runs;            /* runtime runs that recorded evidence at the site */
    int64_t ev_overwrites, ev_total_bytes, ev_peak_bytes;
    int ev_stale;               /* the evidence is from an older build of the file, and
                                   nothing says it was this call's: it does not confirm */
    int ev_moved;               /* the evidence was recorded at the line this call had in
                                   an older build (re-attached through finding_lines) */
    const char *ev_made;        /* growth: "FILE:LINE" where the containers that grew were
                                   allocated (a store site can fill several), or NULL */
    const char *ev_type;        /* the evidence's object type ("list"), or NULL */
    int runtime_only;           /* a leak the runtime saw where no static finding is */
} lg_db_finding_row;

typedef int (*lg_db_finding_cb)(const lg_db_finding_row *row, void *arg);
/* Calls cb for each stored finding (rule NULL: every rule; confirmed -1: all,
 * 0: unconfirmed only, 1: confirmed only), by path and line.  A non-zero
 * return from cb stops the walk. */
int lg_db_each_finding(lg_db *db, const char *rule, int confirmed, lg_db_finding_cb cb, void *arg);

/* Calls cb for each leak the runtime saw at a site with no static finding
 * (the runtime_only view), one row per site, kind and capture, with the
 * strongest evidence: rule (inferred from the kind), path, line (column 0),
 * message, a fingerprint of its own, confirmed 1, runtime_only 1. */
int lg_db_each_runtime_only(lg_db *db, lg_db_finding_cb cb, void *arg);

typedef struct {
    int64_t run;
    const char *kind, *site_path, *site_abs, *site_function, *type, *detail;
    int site_line, capture_index;
    int64_t count, bytes, inserts, removals, evictions, peak_len;
    int64_t overwrites, total_bytes, peak_bytes, first_tick, peak_tick, last_tick;
    const char *series;
    const char *paths;     /* retention paths (JSON), or NULL */
    int64_t id;            /* the row's id */
} lg_db_evidence_row;

typedef int (*lg_db_evidence_cb)(const lg_db_evidence_row *row, void *arg);
int lg_db_each_evidence(lg_db *db, lg_db_evidence_cb cb, void *arg);
/* Calls cb for the evidence rows matched to finding id (the strongest first:
 * confirming, then newest run) — or, finding_id 0, for the rows recorded at
 * (site_base, line): a file of that base name — with retention paths only
 * when with_paths; a non-zero return stops. */
int lg_db_each_evidence_of(lg_db *db, int64_t finding_id, const char *site_base, int line,
                           int with_paths, lg_db_evidence_cb cb, void *arg);

/* Calls cb(line, base name, arg) once for each line of a file that has a
 * static finding (the runtime's retention paths are steered by these). */
int lg_db_each_finding_site(lg_db *db, int (*cb)(int line, const char *base, void *arg),
                            void *arg);

/* "confirmed: 500 objects, 2.1 MB kept alive only by this list" and the like,
 * into buf; "" when the row has no evidence. */
void lg_db_summary(const lg_db_finding_row *row, char *buf, size_t sz);
/* "2.1 MB", "512 bytes" */
void lg_db_bytes(int64_t bytes, char *buf, size_t sz);

/* ---- transactions: several writes as one */
/* Begins a write transaction that the writes above then join (their own
 * transactions become part of it): reading the project index, judging and
 * writing summaries and findings is one step.  lg_db_end commits (commit 1)
 * or rolls back; a write that failed inside makes the commit roll back. */
int lg_db_begin(lg_db *db);
int lg_db_end(lg_db *db, int commit);

/* ---- the project index: each translation unit's summary (summary.h) */
typedef struct {
    const char *unit;      /* the unit (an absolute path) */
    int format;            /* the summary's format version */
    const char *text;      /* the summary (JSON), len bytes */
    size_t len;
    int64_t source_mtime;  /* the source's modification time when analysed */
} lg_db_summary_row;

/* Stores (replacing) unit's summary, made by run (0: none recorded). */
int lg_db_put_summary(lg_db *db, int64_t run, const char *unit, int format, const char *text,
                      int64_t source_mtime);
typedef int (*lg_db_summary_cb)(const lg_db_summary_row *row, void *arg);
/* Calls cb for every stored summary, by unit; a non-zero return stops. */
int lg_db_each_summary(lg_db *db, lg_db_summary_cb cb, void *arg);

/* ---- bringing databases together (merge.c) */
typedef struct {
    int64_t runs;          /* runs added */
    int64_t units;         /* units whose findings came from the input */
    int64_t evidence;      /* evidence rows added */
} lg_db_merge_stats;

/* Merges the database at in_path (read only, never written; an older
 * schema is upgraded in a scratch copy) into db, in one transaction.
 * Runs are identified by their uuid, a unit's findings are its latest
 * run's, first-seen times the earliest: merging an input twice changes
 * nothing. */
int lg_db_merge(lg_db *db, const char *in_path, lg_db_merge_stats *stats);
/* The whole database as one JSON object (format "linger-export", version 1),
 * streamed to out. */
int lg_db_export(lg_db *db, FILE *out);
/* Merges an export's text (name is for messages) into db, as lg_db_merge. */
int lg_db_import(lg_db *db, const char *json_text, const char *name, lg_db_merge_stats *stats);

/* ---- pruning (prune.c) */
typedef struct {
    int64_t runs, evidence, findings, units;   /* rows removed */
    int64_t summaries;                         /* ... and units' summaries (the project index) */
} lg_db_prune_stats;

/* Removes, in one transaction, the runtime runs started more than
 * older_than_days ago (negative: none) with their evidence, and static runs
 * as old that nothing refers to; with missing_files, the findings, units and
 * summaries of files that no longer exist.  The latest findings of existing units and
 * every first-seen time are kept. */
int lg_db_prune(lg_db *db, double older_than_days, int missing_files, lg_db_prune_stats *st);

#endif /* LINGER_LGDB_H */
