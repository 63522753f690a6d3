/*
 * linger_cli.h — what the `linger` subcommands share: exit statuses, the
 * version, and the entry points main.c dispatches to.  Storing findings and
 * the start directory live in plugin/store/, shared with the clang plugin.
 */
#ifndef LINGER_CLI_H
#define LINGER_CLI_H

#include "analyze.h"
#include "lgdb.h"
#include "store.h"
#include "workdir.h"

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
int lg_explain_main(int argc, char **argv);
int lg_report_main(int argc, char **argv);
int lg_lsp_main(int argc, char **argv);
int lg_cc_main(int argc, char **argv);
int lg_ingest_main(int argc, char **argv);
/* The database commands' shared pieces (dbcmd.c): a usage error (exit 2);
 * the usage error after getopt_long returned '?' over argv; the database a
 * command reads (given, else $LINGER_DB, else linger.db); opening it for
 * reading, the error printed (NULL then). */
int lg_cli_usage(const char *cmd, const char *msg, const char *arg);
int lg_cli_bad_option(const char *cmd, char **argv);
const char *lg_cli_default_db(const char *given);
lg_db *lg_cli_open_reading(const char *given);
/* Every finding's story (story.h) from the database a command reads, and
 * that database's path into path; NULL with the error printed. */
struct json_t *lg_cli_read_stories(const char *given, char *path, size_t sz);
/* The whole of a file, NUL-ended (malloc'd), its length in *len (len may be
 * NULL); NULL with errno. */
char *lg_cli_read_file(const char *path, size_t *len);

#endif /* LINGER_CLI_H */
