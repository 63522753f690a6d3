/*
 * linger_cli.h — what the `linger` subcommands share: exit statuses, the
 * version, and the entry points main.c dispatches to.
 */
#ifndef LINGER_CLI_H
#define LINGER_CLI_H

#include "analyze.h"
#include "lgdb.h"

#define LG_EXIT_OK 0        /* no findings */
#define LG_EXIT_FINDINGS 1  /* findings */
#define LG_EXIT_ERROR 2     /* usage, input or parse error */

#ifndef LINGER_VERSION_STRING
#define LINGER_VERSION_STRING "0.1.0"
#endif

int lg_check_main(int argc, char **argv);
int lg_findings_main(int argc, char **argv);
int lg_evidence_main(int argc, char **argv);
int lg_sql_main(int argc, char **argv);
int lg_merge_main(int argc, char **argv);
int lg_export_main(int argc, char **argv);
int lg_import_main(int argc, char **argv);
int lg_prune_main(int argc, char **argv);
int lg_models_main(int argc, char **argv);
int lg_lsp_main(int argc, char **argv);
int lg_cc_main(int argc, char **argv);
/* Gives the findings that database row r describes (same fingerprint, rule
 * and capture: wherever the call now is) r's evidence summary; strip_head
 * drops "confirmed: ". */
void lg_cli_mark(lg_findings *fs, const lg_db_finding_row *r, int strip_head);
/* Stores the analyses' findings in the findings database at path (replacing
 * each unit's earlier findings; argv is the command recorded for the run),
 * then marks each finding with the run-time evidence the database holds for
 * it.  0, or -1 with the reason in err. */
/* Remembers the working directory the process started in (call first thing:
 * libclang's -working-directory moves the process's own). */
void lg_cli_remember_cwd(void);
/* That directory, or NULL when it could not be read. */
const char *lg_cli_cwd(void);
/* path resolved against it (the user's relative --db, LINGER_DB, -p). */
void lg_cli_absolute(const char *path, char *out, size_t sz);
/* The database commands' shared pieces (dbcmd.c): a usage error (exit 2);
 * the usage error after getopt_long returned '?' over argv; the database a
 * command reads (given, else $LINGER_DB, else linger.db); opening it for
 * reading, the error printed (NULL then). */
int lg_cli_usage(const char *cmd, const char *msg, const char *arg);
int lg_cli_bad_option(const char *cmd, char **argv);
const char *lg_cli_default_db(const char *given);
lg_db *lg_cli_open_reading(const char *given);
int lg_cli_store(const char *path, const char *tool, int argc, char **argv, lg_analysis *a,
                 size_t n, char *err, size_t errsz);

#endif /* LINGER_CLI_H */
