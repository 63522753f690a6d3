/*
 * main.c — `linger`, the one command line: dispatches to the subcommands.
 */
#include "linger_cli.h"
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: linger COMMAND [ARGS...]\n"
    "\n"
    "commands:\n"
    "  check      analyse C sources for lingering objects (see 'linger check --help')\n"
    "  findings   list stored findings with their run-time confirmation\n"
    "  evidence   list the run-time evidence programs recorded\n"
    "  sql        run a read-only query on the findings database\n"
    "  merge      merge findings databases (other machines, CI jobs) into one\n"
    "  export     write the findings database as portable JSON\n"
    "  import     merge exported JSON into the findings database\n"
    "  lsp        a Language Server Protocol server on stdio (editors)\n"
    "  cc         run a compile and check it by re-parsing (what linger-cc falls back on)\n"
    "\n"
    "options:\n"
    "  -h, --help     this help\n"
    "  --version      print the version\n";

int main(int argc, char **argv)
{
    lg_cli_remember_cwd();
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
    if (strcmp(cmd, "check") == 0)
        return lg_check_main(argc - 2, argv + 2);
    if (strcmp(cmd, "cc") == 0)
        return lg_cc_main(argc - 2, argv + 2);
    if (strcmp(cmd, "findings") == 0)
        return lg_findings_main(argc - 2, argv + 2);
    if (strcmp(cmd, "evidence") == 0)
        return lg_evidence_main(argc - 2, argv + 2);
    if (strcmp(cmd, "sql") == 0)
        return lg_sql_main(argc - 2, argv + 2);
    if (strcmp(cmd, "merge") == 0)
        return lg_merge_main(argc - 2, argv + 2);
    if (strcmp(cmd, "export") == 0)
        return lg_export_main(argc - 2, argv + 2);
    if (strcmp(cmd, "import") == 0)
        return lg_import_main(argc - 2, argv + 2);
    if (strcmp(cmd, "lsp") == 0)
        return lg_lsp_main(argc - 2, argv + 2);
    fprintf(stderr, "linger: error: unknown command '%s'\n%s", cmd, usage);
    return LG_EXIT_ERROR;
}
