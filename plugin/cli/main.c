/*
 * main.c — `linger`, the one command line: dispatches to the subcommands.
 *
 * The database commands run here; `check`, `cc` and `lsp` parse C with
 * libclang, which is linked into a program of its own, linger-analyze
 * (beside linger in the build tree, LIBEXECDIR/linger once installed), that
 * linger execs.  So `linger sql` over a million rows does not first map and
 * relocate libLLVM (57 MB resident before main).
 */
#include "linger_cli.h"
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: linger COMMAND [ARGS...]\n"
    "\n"
    "commands:\n"
    "  check      analyse C sources for lingering objects (see 'linger check --help')\n"
    "  findings   list stored findings with their run-time confirmation\n"
    "  evidence   list the run-time evidence programs recorded\n"
    "  explain    a finding with its evidence and retention paths: who holds what lingers\n"
    "  report     write a self-contained HTML report of the findings database\n"
    "  sql        run a read-only query on the findings database\n"
    "  merge      merge findings databases (other machines, CI jobs) into one\n"
    "  export     write the findings database as portable JSON\n"
    "  import     merge exported JSON into the findings database\n"
    "  prune      remove old runs and the findings of files that no longer exist\n"
    "  ingest     store the summaries remote compiles wrote beside their outputs (LINGER_SIDECAR)\n"
    "  models     list the shipped API models, or validate model files (--check)\n"
    "  lsp        a Language Server Protocol server on stdio (editors)\n"
    "  cc         run a compile and check it by re-parsing (what linger-cc falls back on)\n"
    "\n"
    "options:\n"
    "  -h, --help     this help\n"
    "  --version      print the version\n";

/* Runs linger-analyze COMMAND ARGS...: beside this program (the build tree),
 * else where it is installed relative to it. */
static int exec_analyzer(char **argv)
{
    char self[PATH_MAX], cand[2][PATH_MAX + 64];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    self[n > 0 ? n : 0] = 0;
    char *slash = strrchr(self, '/');
    if (slash != NULL)
        *slash = 0;
    snprintf(cand[0], sizeof cand[0], "%s/linger-analyze", self);
    snprintf(cand[1], sizeof cand[1], "%s/%s", self, LINGER_ANALYZE_INSTALL_REL);
    for (int i = 0; i < 2; i++) {
        if (access(cand[i], X_OK) != 0)
            continue;
        argv[0] = cand[i];
        execv(cand[i], argv);
        fprintf(stderr, "linger: error: cannot run %s: %s\n", cand[i], strerror(errno));
        return LG_EXIT_ERROR;
    }
    fprintf(stderr, "linger: error: linger-analyze (which '%s' needs) is neither at %s nor at %s: "
            "reinstall linger\n", argv[1], cand[0], cand[1]);
    return LG_EXIT_ERROR;
}

int main(int argc, char **argv)
{
    lg_workdir_remember();
    if (argc < 2) {
        fputs(usage, stderr);
        return LG_EXIT_ERROR;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return LG_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("linger %s\n", LINGER_VERSION_STRING);
        return LG_EXIT_OK;
    }
    if (strcmp(cmd, "check") == 0 || strcmp(cmd, "cc") == 0 || strcmp(cmd, "lsp") == 0)
        return exec_analyzer(argv);
    if (strcmp(cmd, "findings") == 0)
        return lg_findings_main(argc - 2, argv + 2);
    if (strcmp(cmd, "evidence") == 0)
        return lg_evidence_main(argc - 2, argv + 2);
    if (strcmp(cmd, "explain") == 0)
        return lg_explain_main(argc - 2, argv + 2);
    if (strcmp(cmd, "report") == 0)
        return lg_report_main(argc - 2, argv + 2);
    if (strcmp(cmd, "sql") == 0)
        return lg_sql_main(argc - 2, argv + 2);
    if (strcmp(cmd, "merge") == 0)
        return lg_merge_main(argc - 2, argv + 2);
    if (strcmp(cmd, "export") == 0)
        return lg_export_main(argc - 2, argv + 2);
    if (strcmp(cmd, "import") == 0)
        return lg_import_main(argc - 2, argv + 2);
    if (strcmp(cmd, "prune") == 0)
        return lg_prune_main(argc - 2, argv + 2);
    if (strcmp(cmd, "ingest") == 0)
        return lg_ingest_main(argc - 1, argv + 1);
    if (strcmp(cmd, "models") == 0)
        return lg_models_main(argc - 2, argv + 2);
    fprintf(stderr, "linger: error: unknown command '%s'\n%s", cmd, usage);
    return LG_EXIT_ERROR;
}
