/*
 * fuzz_args.c — libFuzzer harness for compile commands: the input is a
 * "command" string of compile_commands.json, split as the shell would
 * (lg_split_command) and classified (lg_compile_args_parse: flags kept for
 * libclang, sources, -c/-E/-M/-x), as linger check -p and linger-cc do.
 * Response files are not expanded here (they read the disk).
 */
#include "args.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *cmd = malloc(size + 1);
    if (cmd == NULL)
        return 0;
    memcpy(cmd, data, size);
    cmd[size] = 0;
    lg_strv argv = { 0 };
    if (lg_split_command(cmd, &argv) == 0 && argv.n > 0) {
        lg_compile_args ca;
        if (lg_compile_args_parse(argv.v, argv.n, &ca) == 0) {
            for (size_t i = 0; i < ca.sources.n; i++)
                (void)lg_is_c_source(ca.sources.v[i]);
            lg_compile_args_free(&ca);
        }
    }
    lg_strv_free(&argv);
    free(cmd);
    return 0;
}
