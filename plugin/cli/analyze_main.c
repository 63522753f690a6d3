/*
 * analyze_main.c — linger-analyze, the part of `linger` that parses C with
 * libclang: `linger check`, `linger cc` and `linger lsp` exec it (main.c).
 * Run directly it takes the same COMMAND ARGS.
 */
#include "linger_cli.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    lg_workdir_remember();
    /* libclang parses on the calling thread, which has a big stack (bigstack.h) */
    setenv("LIBCLANG_NOTHREADS", "1", 0);
    const char *cmd = argc > 1 ? argv[1] : "";
    if (strcmp(cmd, "check") == 0)
        return lg_check_main(argc - 2, argv + 2);
    if (strcmp(cmd, "cc") == 0)
        return lg_cc_main(argc - 2, argv + 2);
    if (strcmp(cmd, "lsp") == 0)
        return lg_lsp_main(argc - 2, argv + 2);
    fprintf(stderr, "usage: linger-analyze check|cc|lsp ARGS... (run as 'linger check', "
            "'linger cc', 'linger lsp')\n");
    return LG_EXIT_ERROR;
}
