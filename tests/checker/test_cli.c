/*
 * test_cli.c — `linger check` and `linger-cc` as users run them: exit
 * statuses, output formats, options, compile_commands.json, and every bad
 * input we handle (each gets a clear message and exit 2, never a crash or a
 * hang).
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
    int status;      /* exit status, or 128+signal */
    char out[1 << 16];
    char err[1 << 16];
} result;

static void drain(int fd, char *buf, size_t cap)
{
    size_t n = 0;
    ssize_t r;
    while ((r = read(fd, buf + n, cap - 1 - n)) > 0 && n + 1 < cap)
        n += (size_t)r;
    buf[n] = 0;
}

/* Runs argv (NULL-ended) in dir (NULL: here) and collects its output. */
static result *run(const char *dir, char *const *argv)
{
    static result r;
    int out[2], err[2];
    cr_assert_eq(pipe(out), 0);
    cr_assert_eq(pipe(err), 0);
    char tmpo[] = "/tmp/linger-cli-out-XXXXXX", tmpe[] = "/tmp/linger-cli-err-XXXXXX";
    int fo = mkstemp(tmpo), fe = mkstemp(tmpe);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fo, 1);
        dup2(fe, 2);
        if (dir != NULL && chdir(dir) != 0)
            _exit(126);
        alarm(120);                   /* a hang fails the test instead of the suite */
        execv(argv[0], argv);
        _exit(127);
    }
    close(out[0]); close(out[1]); close(err[0]); close(err[1]);
    int st;
    waitpid(pid, &st, 0);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    lseek(fo, 0, SEEK_SET);
    lseek(fe, 0, SEEK_SET);
    drain(fo, r.out, sizeof r.out);
    drain(fe, r.err, sizeof r.err);
    close(fo); close(fe);
    unlink(tmpo); unlink(tmpe);
    /* under ASan/UBSan builds the programs' own reports fail the test */
    cr_expect(strstr(r.err, "Sanitizer") == NULL && strstr(r.err, "runtime error:") == NULL,
              "%s", r.err);
    return &r;
}

#define RUN(...) run(NULL, (char *const[]){ LINGER_BIN, __VA_ARGS__, NULL })

static char tmpdir[64];

static void mk_tmp(void)
{
    strcpy(tmpdir, "/tmp/linger-cli-XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

static void rm_tmp(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    cr_assert_eq(system(cmd), 0);
}

static const char *write_file(const char *name, const char *text, size_t len)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fwrite(text, 1, len, f);
    fclose(f);
    return path;
}

#define FIX(name) FIXTURE_DIR "/" name

TestSuite(cli, .init = mk_tmp, .fini = rm_tmp, .timeout = 300);

Test(cli, findings_exit_1_in_clang_format)
{
    result *r = RUN("check", FIX("listener_bad.c"));
    cr_expect_eq(r->status, 1, "%s", r->err);
    cr_expect(strstr(r->out, "listener_bad.c:14:5: warning: ") != NULL, "%s", r->out);
    cr_expect(strstr(r->out, "[listener-strong-ref]\n") != NULL);
    cr_expect(strstr(r->out, "    ^~~~~~~~~~~~~\n    lg_emitter_on_weak\n") != NULL, "%s", r->out);
}

/* A listener made in the function and released right after: the weak
 * registration would drop it at once, so no weak fix-it, and the note says
 * why; one also stored in its owner gets the fix-it. */
Test(cli, weak_fixit_only_where_another_owner_keeps_the_listener)
{
    result *r = RUN("check", "--format", "json", EXAMPLES_DIR "/emitter_strong.c");
    cr_expect_eq(r->status, 1, "%s", r->err);
    cr_expect(strstr(r->out, "is made here and nothing else keeps it: registered weakly "
                             "(lg_emitter_on_weak) it would go at once") != NULL, "%s", r->out);
    cr_expect(strstr(r->out, "\"fixits\": []") != NULL, "%s", r->out);
    char path[128];
    snprintf(path, sizeof path, "%s/kept.c", tmpdir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("#include <linger/linger.h>\n"
          "static struct { lg_object *events; } app;\n"
          "struct widget { lg_object *handler; };\n"
          "static lg_object *cb(lg_object *self, lg_object *arg) { (void)self; return lg_retain(arg); }\n"
          "void open_widget(struct widget *w)\n{\n"
          "    lg_object *handler = lg_closure(cb, 0);\n"
          "    w->handler = handler;\n"
          "    lg_emitter_on(app.events, handler);\n}\n", f);
    fclose(f);
    r = RUN("check", "--format", "json", path);
    cr_expect_eq(r->status, 1, "%s", r->err);
    cr_expect(strstr(r->out, "\"replacement\": \"lg_emitter_on_weak\"") != NULL, "%s", r->out);
    cr_expect(strstr(r->out, "would go at once") == NULL, "%s", r->out);
}

Test(cli, clean_file_exits_0)
{
    result *r = RUN("check", FIX("cache_good.c"));
    cr_expect_eq(r->status, 0, "%s%s", r->out, r->err);
    cr_expect_str_eq(r->out, "");
}

Test(cli, json_format)
{
    result *r = RUN("check", "--format", "json", FIX("closure_bad.c"));
    cr_expect_eq(r->status, 1);
    cr_expect(r->out[0] == '[', "%s", r->out);
    const char *keys[] = { "\"rule\"", "\"path\"", "\"line\"", "\"column\"", "\"message\"",
                           "\"severity\"", "\"fingerprint\"" };
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        cr_expect(strstr(r->out, keys[i]) != NULL, "missing %s", keys[i]);
    cr_expect(strstr(r->out, "\"closure-captured-buffer\"") != NULL);
}

Test(cli, json_for_a_clean_file_is_an_empty_array)
{
    result *r = RUN("check", "--format=json", FIX("closure_good.c"));
    cr_expect_eq(r->status, 0);
    cr_expect_str_eq(r->out, "[]\n");
}

Test(cli, sarif_format)
{
    result *r = RUN("check", "--format", "sarif", FIX("cache_bad.c"));
    cr_expect_eq(r->status, 1);
    cr_expect(strstr(r->out, "\"version\": \"2.1.0\"") != NULL);
    cr_expect(strstr(r->out, "\"columnKind\": \"utf16CodeUnits\"") != NULL);
    cr_expect(strstr(r->out, "\"ruleId\": \"unbounded-cache\"") != NULL);
}

/* Code-scanning uploads map files through %SRCROOT%: locations below the
 * directory linger ran in are relative to it, others absolute file:// URIs. */
Test(cli, sarif_locations_are_relative_to_srcroot)
{
    static const char text[] = "#include <linger/linger.h>\n"
        "static lg_object *cache;\n"
        "void put(lg_object *k, lg_object *v) { lg_dict_set(cache, k, v); }\n";
    write_file("sub dir.c", text, sizeof text - 1);
    char inc[300];
    snprintf(inc, sizeof inc, "-I%s", RUNTIME_INCLUDE_DIR);
    result *r = run(tmpdir, (char *const[]){ LINGER_BIN, "check", "--format", "sarif", "sub dir.c", "--", inc, NULL });
    cr_expect_eq(r->status, 1, "%s", r->err);
    cr_expect(strstr(r->out, "\"uri\": \"sub%20dir.c\"") != NULL, "%s", r->out);
    cr_expect(strstr(r->out, "\"uriBaseId\": \"%SRCROOT%\"") != NULL, "%s", r->out);
    char root[300];
    snprintf(root, sizeof root, "\"uri\": \"file://%s/\"", tmpdir);
    cr_expect(strstr(r->out, "\"originalUriBaseIds\"") != NULL && strstr(r->out, root) != NULL, "%s", r->out);
    r = run("/", (char *const[]){ LINGER_BIN, "check", "--format", "sarif", FIX("cache_bad.c"), NULL });
    cr_expect(strstr(r->out, "\"uri\": \"file://") != NULL, "outside the root: absolute\n%s", r->out);
}

Test(cli, rules_option)
{
    result *r = RUN("check", "--rules", "closure-captured-buffer", FIX("listener_bad.c"));
    cr_expect_eq(r->status, 0, "only the closure rule ran: %s", r->out);
    r = RUN("check", "--rules=-listener-strong-ref", FIX("listener_bad.c"));
    cr_expect_eq(r->status, 0);
    r = RUN("check", "--rules", "bogus", FIX("listener_bad.c"));
    cr_expect_eq(r->status, 2);
    cr_expect(strstr(r->err, "unknown rule 'bogus'") != NULL, "%s", r->err);
}

Test(cli, parallel_jobs_keep_the_order)
{
    result *r = RUN("check", "-j", "4", "--format", "json", FIX("listener_bad.c"), FIX("cache_bad.c"),
                    FIX("closure_bad.c"), FIX("listener_good.c"));
    cr_expect_eq(r->status, 1);
    char *a = strstr(r->out, "listener_bad.c"), *b = strstr(r->out, "cache_bad.c"),
         *c = strstr(r->out, "closure_bad.c");
    cr_expect(a && b && c && a < b && b < c, "output follows the order named");
}

Test(cli, compiler_flags_after_dashdash)
{
    const char *src = "#include \"defs.h\"\n"
                      "static lg_object *CACHE;\n"
                      "void put(lg_object *k, lg_object *v) { lg_dict_set(CACHE, k, v); }\n";
    write_file("defs.h", "#include <linger/linger.h>\n", 27);
    char inc[300];
    snprintf(inc, sizeof inc, "-I%s", tmpdir);
    const char *path = write_file("user.c", src, strlen(src));
    result *r = RUN("check", (char *)path, "--", inc, "-DUNUSED=1");
    cr_expect_eq(r->status, 1, "%s", r->err);
    cr_expect(strstr(r->out, "user.c:3:40: warning") != NULL, "%s", r->out);
}

Test(cli, help_and_version)
{
    result *r = RUN("check", "--help");
    cr_expect_eq(r->status, 0);
    cr_expect(strstr(r->out, "usage: linger check") != NULL);
    r = RUN("--version");
    cr_expect_eq(r->status, 0);
    cr_expect(strncmp(r->out, "linger ", 7) == 0);
    r = RUN("--help");
    cr_expect_eq(r->status, 0);
}

/* ---- bad input: exit 2 with a message */

Test(cli, missing_file)
{
    result *r = RUN("check", "/nonexistent/file.c");
    cr_expect_eq(r->status, 2);
    cr_expect(strstr(r->err, "/nonexistent/file.c: no such file") != NULL, "%s", r->err);
}

Test(cli, directory)
{
    result *r = RUN("check", tmpdir);
    cr_expect_eq(r->status, 2);
    cr_expect(strstr(r->err, "is a directory") != NULL, "%s", r->err);
}

Test(cli, binary_garbage)
{
    char junk[4096];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (char)((i * 7919u + 13u) % 256u);
    const char *path = write_file("junk.c", junk, sizeof junk);
    result *r = RUN("check", (char *)path);
    cr_expect_eq(r->status, 2, "%s", r->err);
    cr_expect(strstr(r->err, "junk.c") != NULL);
}

Test(cli, empty_file_is_clean)
{
    const char *path = write_file("empty.c", "", 0);
    result *r = RUN("check", (char *)path);
    cr_expect_eq(r->status, 0, "%s", r->err);
    cr_expect_str_eq(r->out, "");
}

Test(cli, broken_syntax)
{
    const char *src = "#include <linger/linger.h>\nvoid f( { lg_dict_set(\n";
    const char *path = write_file("broken.c", src, strlen(src));
    result *r = RUN("check", (char *)path);
    cr_expect(r->status == 1 || r->status == 2, "status %d", r->status);
    cr_expect(strstr(r->err, "error") != NULL, "%s", r->err);
}

Test(cli, missing_header)
{
    const char *src = "#include \"no_such_header.h\"\nint x;\n";
    const char *path = write_file("nohdr.c", src, strlen(src));
    result *r = RUN("check", (char *)path);
    cr_expect_eq(r->status, 2);
    cr_expect(strstr(r->err, "no_such_header.h") != NULL, "%s", r->err);
}

Test(cli, huge_initializer)
{
    size_t n = 200000;
    char *src = malloc(n * 8 + 256);
    size_t len = (size_t)sprintf(src, "#include <linger/linger.h>\nstatic const int table[] = {");
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(src + len, "%zu,", i % 1000);
    len += (size_t)sprintf(src + len, "};\nint get(int i) { return table[i]; }\n");
    const char *path = write_file("huge.c", src, len);
    free(src);
    result *r = RUN("check", (char *)path);
    cr_expect_eq(r->status, 0, "%s", r->err);
}

Test(cli, unknown_option)
{
    result *r = RUN("check", "--frobnicate", FIX("cache_good.c"));
    cr_expect_eq(r->status, 2);
    cr_expect(strstr(r->err, "unknown option --frobnicate") != NULL, "%s", r->err);
    r = RUN("frobnicate");
    cr_expect_eq(r->status, 2);
    r = RUN("check");
    cr_expect_eq(r->status, 2);
    cr_expect(strstr(r->err, "no input files") != NULL);
    r = RUN("check", "-j", "zero", FIX("cache_good.c"));
    cr_expect_eq(r->status, 2);
    r = RUN("check", "--format", "xml", FIX("cache_good.c"));
    cr_expect_eq(r->status, 2);
}

/* ---- compile_commands.json */

static void write_compdb(const char *json)
{
    write_file("compile_commands.json", json, strlen(json));
}

Test(cli, compdb_with_arguments_and_command)
{
    char json[4096];
    snprintf(json, sizeof json,
             "[{\"directory\": \"%s\", \"file\": \"%s\", \"arguments\": [\"gcc\", \"-c\", \"-I%s\", \"%s\", \"-o\", \"x.o\"]},"
             " {\"directory\": \".\", \"file\": \"%s\", \"command\": \"cc -c -I'%s' -MD -MF dep.d %s\"}]",
             tmpdir, FIX("listener_bad.c"), RUNTIME_INCLUDE_DIR, FIX("listener_bad.c"),
             FIX("closure_bad.c"), RUNTIME_INCLUDE_DIR, FIX("closure_bad.c"));
    write_compdb(json);
    result *r = RUN("check", "-p", tmpdir, "--format", "json");
    cr_expect_eq(r->status, 1, "%s", r->err);
    cr_expect(strstr(r->out, "listener_bad.c") && strstr(r->out, "closure_bad.c"));
    char dep[300];
    snprintf(dep, sizeof dep, "%s/dep.d", tmpdir);
    cr_expect_neq(access(dep, F_OK), 0, "no depfile written by the analysis");
    r = RUN("check", "-p", tmpdir, FIX("closure_bad.c"));
    cr_expect_eq(r->status, 1);
    cr_expect(strstr(r->out, "listener_bad.c") == NULL, "only the named file");
    r = RUN("check", "-p", tmpdir, FIX("cache_bad.c"));
    cr_expect_eq(r->status, 2, "a file not in the database");
    cr_expect(strstr(r->err, "not a C entry") != NULL, "%s", r->err);
}

Test(cli, compdb_malformed)
{
    write_compdb("[{\"directory\": \"/\", \"file\": ");
    result *r = RUN("check", "-p", tmpdir);
    cr_expect_eq(r->status, 2);
    cr_expect(strstr(r->err, "malformed JSON") != NULL, "%s", r->err);
    write_compdb("{\"not\": \"an array\"}");
    r = RUN("check", "-p", tmpdir);
    cr_expect_eq(r->status, 2);
    cr_expect(strstr(r->err, "expected a JSON array") != NULL, "%s", r->err);
    write_compdb("[{\"directory\": \"/\", \"file\": \"a.c\"}]");
    r = RUN("check", "-p", tmpdir);
    cr_expect_eq(r->status, 2);
    cr_expect(strstr(r->err, "\"arguments\"") != NULL, "%s", r->err);
    /* a command that is only an empty response file has no compiler (fuzz_compdb) */
    write_file("empty.rsp", "", 0);
    write_compdb("[{\"directory\": \".\", \"file\": \"a.c\", \"command\": \"@empty.rsp\"}]");
    r = RUN("check", "-p", tmpdir);
    cr_expect_eq(r->status, 2);
    cr_expect(strstr(r->err, "empty command (its response files hold nothing)") != NULL, "%s", r->err);
}

Test(cli, compdb_dangling_and_missing)
{
    write_compdb("[{\"directory\": \"/nonexistent\", \"file\": \"gone.c\", \"arguments\": [\"cc\", \"-c\", \"gone.c\"]}]");
    result *r = RUN("check", "-p", tmpdir);
    cr_expect_eq(r->status, 2);
    cr_expect(strstr(r->err, "gone.c: no such file") != NULL, "%s", r->err);
    r = RUN("check", "-p", "/nonexistent-build");
    cr_expect_eq(r->status, 2);
    r = RUN("check", "-p", FIXTURE_DIR);
    cr_expect_eq(r->status, 2, "no compile_commands.json there");
    cr_expect(strstr(r->err, "compile_commands.json") != NULL);
}

/* ---- linger-cc */

#define CC(...) run(tmpdir, (char *const[]){ LINGER_CC_BIN, __VA_ARGS__, NULL })

Test(cli, launcher_compiles_and_warns)
{
    char inc[300];
    snprintf(inc, sizeof inc, "-I%s", RUNTIME_INCLUDE_DIR);
    result *r = CC("cc", "-c", inc, "-MD", "-MF", "out.d", "-o", "out.o", FIX("cache_bad.c"));
    cr_expect_eq(r->status, 0, "%s", r->err);
    cr_expect(strstr(r->err, "warning: ") != NULL && strstr(r->err, "[unbounded-cache]") != NULL, "%s", r->err);
    char path[300];
    snprintf(path, sizeof path, "%s/out.o", tmpdir);
    cr_expect_eq(access(path, F_OK), 0, "object written");
    snprintf(path, sizeof path, "%s/out.d", tmpdir);
    cr_expect_eq(access(path, F_OK), 0, "depfile written by the compiler");
}

Test(cli, launcher_objects_are_identical)
{
    char inc[300];
    snprintf(inc, sizeof inc, "-I%s", RUNTIME_INCLUDE_DIR);
    result *r = CC("cc", "-c", "-O2", inc, "-o", "a.o", FIX("listener_bad.c"));
    cr_assert_eq(r->status, 0, "%s", r->err);
    r = run(tmpdir, (char *const[]){ "/usr/bin/cc", "-c", "-O2", inc, "-o", "b.o", FIX("listener_bad.c"), NULL });
    cr_assert_eq(r->status, 0);
    r = run(tmpdir, (char *const[]){ "/usr/bin/cmp", "a.o", "b.o", NULL });
    cr_expect_eq(r->status, 0, "objects differ");
}

Test(cli, launcher_passes_compile_errors_through)
{
    const char *src = "int main(void) { return undefined_name; }\n";
    const char *path = write_file("bad.c", src, strlen(src));
    result *r = CC("cc", "-c", (char *)path, "-o", "bad.o");
    cr_expect_neq(r->status, 0);
    cr_expect(strstr(r->err, "undefined_name") != NULL, "%s", r->err);
    cr_expect(strstr(r->err, "linger-cc:") == NULL, "no analysis noise on a failed compile: %s", r->err);
}

Test(cli, launcher_werror)
{
    char inc[300];
    snprintf(inc, sizeof inc, "-I%s", RUNTIME_INCLUDE_DIR);
    setenv("LINGER_WERROR", "1", 1);
    result *r = CC("cc", "-c", inc, "-o", "w.o", FIX("closure_bad.c"));
    unsetenv("LINGER_WERROR");
    cr_expect_eq(r->status, 1);
}

Test(cli, launcher_analysis_failure_is_a_note)
{
    /* GCC accepts nested functions, clang does not: the compile succeeds, the analysis fails */
    const char *src = "int outer(void) { int inner(void) { return 1; } return inner(); }\n";
    const char *path = write_file("nested.c", src, strlen(src));
    result *r = CC("gcc", "-c", (char *)path, "-o", "nested.o");
    cr_expect_eq(r->status, 0, "the build does not fail: %s", r->err);
    cr_expect(strstr(r->err, "linger-cc: note: analysis skipped for") != NULL, "%s", r->err);
}

Test(cli, launcher_passes_links_and_preprocessing_through)
{
    const char *src = "int main(void) { return 0; }\n";
    const char *path = write_file("m.c", src, strlen(src));
    result *r = CC("cc", "-E", (char *)path);
    cr_expect_eq(r->status, 0);
    cr_expect(strstr(r->out, "int main") != NULL, "preprocessed output on stdout");
    r = CC("cc", (char *)path, "-o", "m");
    cr_expect_eq(r->status, 0, "%s", r->err);
    r = CC("/nonexistent/cc", "-c", (char *)path);
    cr_expect_eq(r->status, 127);
    cr_expect(strstr(r->err, "cannot run") != NULL);
}

Test(cli, cc_subcommand_usage_and_direct_use)
{
    char inc[300];
    snprintf(inc, sizeof inc, "-I%s", RUNTIME_INCLUDE_DIR);
    result *r = RUN("cc");
    cr_expect_eq(r->status, 2, "no compiler: usage error");
    cr_expect(strstr(r->err, "usage: linger cc") != NULL, "%s", r->err);
    r = RUN("cc", "--help");
    cr_expect_eq(r->status, 0);
    cr_expect(strstr(r->out, "LINGER_WERROR") != NULL);
    r = run(tmpdir, (char *const[]){ LINGER_BIN, "cc", "cc", "-c", inc, "-o", "d.o",
                                     FIX("listener_bad.c"), NULL });
    cr_expect_eq(r->status, 0, "%s", r->err);
    cr_expect(strstr(r->err, "[listener-strong-ref]") != NULL, "%s", r->err);
    r = run(NULL, (char *const[]){ LINGER_CC_BIN, NULL });
    cr_expect_eq(r->status, 2, "linger-cc with no compiler: usage error");
    cr_expect(strstr(r->err, "usage: linger-cc") != NULL, "%s", r->err);
}

Test(cli, launcher_expands_response_files)
{
    char rsp[600];
    snprintf(rsp, sizeof rsp, "-c -I%s -o rsp.o", RUNTIME_INCLUDE_DIR);
    write_file("args.rsp", rsp, strlen(rsp));
    result *r = CC("cc", "@args.rsp", FIX("cache_bad.c"));
    cr_expect_eq(r->status, 0, "%s", r->err);
    cr_expect(strstr(r->err, "[unbounded-cache]") != NULL, "%s", r->err);
}

/* ---- the findings database from the command line */

Test(cli, check_db_then_queries)
{
    char db[300];
    snprintf(db, sizeof db, "%s/q.db", tmpdir);
    result *r = RUN("check", "--db", db, FIX("listener_bad.c"), FIX("closure_bad.c"));
    cr_assert_eq(r->status, 1, "%s", r->err);
    r = RUN("findings", "--db", db);
    cr_expect_eq(r->status, 0, "%s", r->err);
    cr_expect(strstr(r->out, "CONFIRMED") != NULL && strstr(r->out, "listener-strong-ref") != NULL, "%s", r->out);
    cr_expect(strstr(r->out, " findings, 0 confirmed at run time") != NULL, "%s", r->out);
    r = RUN("findings", "--db", db, "--rule", "closure-captured-buffer", "--format", "json");
    cr_expect_eq(r->status, 0);
    cr_expect(strstr(r->out, "\"confirmed\": false") != NULL, "%s", r->out);
    cr_expect(strstr(r->out, "\"evidence\": null") != NULL);
    cr_expect(strstr(r->out, "listener-strong-ref") == NULL, "--rule filters");
    r = RUN("findings", "--db", db, "--confirmed", "--format", "clang");
    cr_expect_eq(r->status, 0);
    cr_expect_str_eq(r->out, "");
    r = RUN("findings", "--db", db, "--format", "sarif");
    cr_expect(strstr(r->out, "\"version\": \"2.1.0\"") != NULL);
    r = RUN("sql", "--db", db, "SELECT count(*) AS n FROM findings WHERE rule = 'closure-captured-buffer'");
    cr_expect_eq(r->status, 0, "%s", r->err);
    cr_expect_str_eq(r->out, "n\n5\n");
    r = RUN("evidence", "--db", db);
    cr_expect_eq(r->status, 0);
    cr_expect(strncmp(r->out, "RUN", 3) == 0);
    /* checking the same file again replaces its findings */
    r = RUN("check", "--db", db, FIX("listener_bad.c"));
    r = RUN("sql", "--db", db, "SELECT count(*) AS n FROM findings");
    cr_expect_str_eq(r->out, "n\n12\n", "%s", r->out);
}

Test(cli, query_bad_input)
{
    char db[300];
    snprintf(db, sizeof db, "%s/q.db", tmpdir);
    result *r = RUN("findings", "--db", "/nonexistent/x.db");
    cr_expect_eq(r->status, 2);
    cr_expect(strstr(r->err, "no findings database") != NULL, "%s", r->err);
    const char *junk = write_file("junk.db", "definitely not sqlite, just words words words", 45);
    r = RUN("findings", "--db", (char *)junk);
    cr_expect_eq(r->status, 2);
    cr_expect(strstr(r->err, "not a SQLite database") != NULL, "%s", r->err);
    r = RUN("check", "--db", (char *)junk, FIX("cache_good.c"));
    cr_expect_eq(r->status, 2, "storing into a non-database is an error");
    RUN("check", "--db", db, FIX("cache_good.c"));
    r = RUN("sql", "--db", db, "DELETE FROM findings");
    cr_expect_eq(r->status, 2);
    cr_expect(strstr(r->err, "read-only") != NULL, "%s", r->err);
    r = RUN("sql", "--db", db, "SELECT nonsense FROM nowhere");
    cr_expect_eq(r->status, 2);
    cr_expect(strstr(r->err, "no such") != NULL, "%s", r->err);
    r = RUN("sql", "--db", db);
    cr_expect_eq(r->status, 2);
    r = RUN("findings", "--db", db, "--format", "yaml");
    cr_expect_eq(r->status, 2);
    r = RUN("findings", "--db", db, "--rule", "nope");
    cr_expect_eq(r->status, 2);
    r = RUN("evidence", "--db", db, "--bogus");
    cr_expect_eq(r->status, 2);
    r = RUN("check", "--db", "/proc/cannot/x.db", FIX("cache_good.c"));
    cr_expect_eq(r->status, 2);
    cr_expect(strstr(r->err, "cannot") != NULL, "%s", r->err);
}

Test(cli, launcher_stores_with_linger_db)
{
    char db[300], inc[300];
    snprintf(db, sizeof db, "%s/cc.db", tmpdir);
    snprintf(inc, sizeof inc, "-I%s", RUNTIME_INCLUDE_DIR);
    setenv("LINGER_DB", db, 1);
    result *r = CC("cc", "-c", inc, "-o", "x.o", FIX("cache_bad.c"));
    unsetenv("LINGER_DB");
    cr_expect_eq(r->status, 0, "%s", r->err);
    r = RUN("sql", "--db", db, "SELECT count(*) AS n FROM findings");
    cr_expect_str_eq(r->out, "n\n6\n", "%s%s", r->out, r->err);
    r = RUN("sql", "--db", db, "SELECT tool FROM runs");
    cr_expect_str_eq(r->out, "tool\nlinger-cc\n");
}

/* libclang's -working-directory moves the process's own: relative database
 * paths still mean the caller's directory, and the run records it. */
Test(cli, relative_db_paths_are_the_callers_directory)
{
    char build[300], json[4096], db[300];
    snprintf(build, sizeof build, "%s/build", tmpdir);
    cr_assert_eq(mkdir(build, 0755), 0);
    snprintf(json, sizeof json,
             "[{\"directory\": \"%s\", \"file\": \"%s\", \"arguments\": [\"cc\", \"-c\", \"-I%s\", \"%s\"]}]",
             build, FIX("listener_bad.c"), RUNTIME_INCLUDE_DIR, FIX("listener_bad.c"));
    write_file("build/compile_commands.json", json, strlen(json));
    result *r = run(tmpdir, (char *const[]){ LINGER_BIN, "check", "-p", "build", "--db", "rel.db", NULL });
    cr_expect_eq(r->status, 1, "%s", r->err);
    snprintf(db, sizeof db, "%s/rel.db", tmpdir);
    cr_expect_eq(access(db, F_OK), 0, "--db rel.db is the caller's ./rel.db");
    snprintf(db, sizeof db, "%s/build/rel.db", tmpdir);
    cr_expect_neq(access(db, F_OK), 0, "not the build directory's");
    setenv("LINGER_DB", "env.db", 1);
    r = run(tmpdir, (char *const[]){ LINGER_BIN, "check", "-p", "build", NULL });
    unsetenv("LINGER_DB");
    snprintf(db, sizeof db, "%s/env.db", tmpdir);
    cr_expect_eq(access(db, F_OK), 0, "LINGER_DB=env.db is the caller's ./env.db");
    r = run(tmpdir, (char *const[]){ LINGER_BIN, "sql", "--db", "rel.db", "SELECT cwd FROM runs", NULL });
    char want[300];
    snprintf(want, sizeof want, "cwd\n%s\n", tmpdir);
    cr_expect_str_eq(r->out, want, "%s", r->err);
    r = run(tmpdir, (char *const[]){ LINGER_BIN, "findings", "--db", "rel.db", NULL });
    cr_expect(strstr(r->out, "1 finding") || strstr(r->out, " findings,"), "%s", r->out);
}

Test(cli, sql_formats_stream_every_type)
{
    char db[300];
    snprintf(db, sizeof db, "%s/s.db", tmpdir);
    RUN("check", "--db", db, FIX("cache_good.c"));
    const char *q = "SELECT 1 AS a, NULL AS b, '' AS c, 'x,\"y' AS d, x'00ff' AS e, 2.5 AS f";
    result *r = RUN("sql", "--db", db, "--format", "csv", (char *)q);
    cr_expect_eq(r->status, 0, "%s", r->err);
    cr_expect_str_eq(r->out, "a,b,c,d,e,f\r\n1,,\"\",\"x,\"\"y\",00ff,2.5\r\n");
    r = RUN("sql", "--db", db, "--format", "json", (char *)q);
    cr_expect_eq(r->status, 0, "%s", r->err);
    cr_expect_str_eq(r->out, "[\n  {\"a\":1,\"b\":null,\"c\":\"\",\"d\":\"x,\\\"y\",\"e\":\"00ff\",\"f\":2.5}\n]\n");
    r = RUN("sql", "--db", db, "--format", "json", "SELECT 1 WHERE 0");
    cr_expect_str_eq(r->out, "[]\n");
    r = RUN("sql", "--db", db, "SELECT 1 AS a, NULL AS b, 'text' AS c");
    cr_expect_str_eq(r->out, "a  b  c\n1     text\n", "NULL is an empty cell, not 'NULL'");
    /* more rows than the table reads ahead: the widths of the first window hold */
    r = RUN("sql", "--db", db, "--format", "csv",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)"
            " SELECT count(*) FROM n");
    cr_expect_str_eq(r->out, "count(*)\r\n1500\r\n");
    r = RUN("sql", "--db", db,
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)"
            " SELECT i FROM n");
    cr_expect_eq(r->status, 0);
    cr_expect(strstr(r->out, "i\n1\n2\n") == r->out && strstr(r->out, "\n1500\n") != NULL, "%.40s", r->out);
}

Test(cli, sql_takes_exactly_one_statement)
{
    char db[300];
    snprintf(db, sizeof db, "%s/s.db", tmpdir);
    RUN("check", "--db", db, FIX("cache_good.c"));
    const char *bad[] = { "SELECT 1; SELECT 2", "", "   ", "-- a comment only" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        result *r = RUN("sql", "--db", db, (char *)bad[i]);
        cr_expect_eq(r->status, 2, "'%s'", bad[i]);
        cr_expect_str_eq(r->out, "", "nothing on stdout for '%s'", bad[i]);
        cr_expect(strstr(r->err, "not an error") == NULL && strstr(r->err, "linger sql --help"), "%s", r->err);
    }
    result *r = RUN("sql", "--db", db, "SELECT 1;  -- trailing comment");
    cr_expect_eq(r->status, 0, "%s", r->err);
    r = RUN("sql", "--db", db, "--format", "xml", "SELECT 1");
    cr_expect_eq(r->status, 2);
    r = RUN("sql", "--db", db, "SELECT 1", "SELECT 2");
    cr_expect_eq(r->status, 2);
}

Test(cli, conflicting_options_and_errors_print_nothing_on_stdout)
{
    char db[300];
    snprintf(db, sizeof db, "%s/s.db", tmpdir);
    RUN("check", "--db", db, FIX("cache_good.c"));
    result *r = RUN("findings", "--db", db, "--confirmed", "--unconfirmed");
    cr_expect_eq(r->status, 2);
    cr_expect(strstr(r->err, "exclude each other") != NULL, "%s", r->err);
    cr_expect_str_eq(r->out, "");
    const char *junk = write_file("junk.db", "x", 1);
    const char *cmds[][3] = { { "evidence", NULL }, { "findings", NULL }, { "sql", "SELECT 1" } };
    for (size_t i = 0; i < 3; i++) {
        r = cmds[i][1] ? RUN((char *)cmds[i][0], "--db", (char *)junk, (char *)cmds[i][1])
                       : RUN((char *)cmds[i][0], "--db", (char *)junk);
        cr_expect_eq(r->status, 2, "%s", cmds[i][0]);
        cr_expect_str_eq(r->out, "", "%s printed before its error", cmds[i][0]);
        cr_expect(strstr(r->err, junk) && strstr(r->err, "cannot read"), "%s", r->err);
    }
    r = RUN("check", "--db", (char *)junk, FIX("cache_good.c"));
    cr_expect(strstr(r->err, junk) && strstr(r->err, "cannot write"), "%s", r->err);
    r = RUN("evidence", "--db", db, "stray");
    cr_expect_eq(r->status, 2);
}

/* Deeply nested code overflowed libclang's 8 MB parse thread (SIGSEGV, which
 * its crash recovery cannot catch): parses run on big-stack threads now.
 * Each file must give an exit status of 0, 1 or 2 — with a message for 2 —
 * never a signal. */
Test(cli, deeply_nested_code_never_crashes)
{
    static const struct { const char *name, *head, *unit, *tail; int n; } shapes[] = {
        { "minus.c", "int f(int x) { return ", "- ", "x; }\n", 10000 },
        { "casts.c", "int f(int x) { return ", "(int)", "x; }\n", 10000 },
        { "derefs.c", "int f(int *p) { return ", "*&", "*p; }\n", 10000 },
        { "sum.c", "int f(int x) { return x", " + x", "; }\n", 100000 },
    };
    for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
        size_t cap = strlen(shapes[i].head) + strlen(shapes[i].unit) * (size_t)shapes[i].n + 64, w = 0;
        char *text = malloc(cap);
        cr_assert_not_null(text);
        w += (size_t)snprintf(text + w, cap - w, "%s", shapes[i].head);
        for (int k = 0; k < shapes[i].n; k++)
            w += (size_t)snprintf(text + w, cap - w, "%s", shapes[i].unit);
        w += (size_t)snprintf(text + w, cap - w, "%s", shapes[i].tail);
        const char *path = write_file(shapes[i].name, text, w);
        free(text);
        result *r = RUN("check", (char *)path);
        cr_expect(r->status >= 0 && r->status <= 2, "%s: exit %d (a signal?)\n%s", shapes[i].name,
                  r->status, r->err);
        if (r->status == 2)
            cr_expect(strstr(r->err, "linger: error:") != NULL, "%s: %s", shapes[i].name, r->err);
    }
}

/* Response files that refer to themselves 8 times each would expand to
 * 16.7 million arguments; a FIFO as a response file would block for ever. */
Test(cli, response_file_bombs_and_fifos_are_clear_errors)
{
    char json[4096], fifo[300];
    for (int level = 1; level <= 8; level++) {     /* level k refers to level k+1 eight times */
        char name[32], text[256] = "";
        snprintf(name, sizeof name, "level%d.rsp", level);
        for (int k = 0; k < 8 && level < 8; k++)
            snprintf(text + strlen(text), sizeof text - strlen(text), "@level%d.rsp ", level + 1);
        if (level == 8)
            snprintf(text, sizeof text, "-DX");
        write_file(name, text, strlen(text));
    }
    snprintf(json, sizeof json,
             "[{\"directory\": \"%s\", \"file\": \"%s\", \"arguments\": [\"cc\", \"@level1.rsp\", \"-c\", \"%s\"]}]",
             tmpdir, FIX("cache_bad.c"), FIX("cache_bad.c"));
    write_compdb(json);
    result *r = RUN("check", "-p", tmpdir);
    cr_expect_eq(r->status, 2, "%s", r->err);
    cr_expect(strstr(r->err, "response file") != NULL, "%s", r->err);
    snprintf(fifo, sizeof fifo, "%s/pipe.rsp", tmpdir);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    snprintf(json, sizeof json,
             "[{\"directory\": \"%s\", \"file\": \"%s\", \"arguments\": [\"cc\", \"@pipe.rsp\", \"-c\", \"%s\"]}]",
             tmpdir, FIX("cache_bad.c"), FIX("cache_bad.c"));
    write_compdb(json);
    r = RUN("check", "-p", tmpdir);
    cr_expect_eq(r->status, 2, "a FIFO response file: exit %d\n%s", r->status, r->err);
    cr_expect(strstr(r->err, "not a regular file") != NULL, "%s", r->err);
}

/* A response file that names itself, a symlink loop and /dev/zero as
 * response files: each a clear error, none a hang. */
Test(cli, self_including_looping_and_device_response_files)
{
    char json[4096], p[300];
    write_file("self.rsp", "-DSELF @self.rsp", 16);
    snprintf(p, sizeof p, "%s/loop.rsp", tmpdir);
    cr_assert_eq(symlink("loop.rsp", p), 0);
    snprintf(p, sizeof p, "%s/zero.rsp", tmpdir);
    cr_assert_eq(symlink("/dev/zero", p), 0);
    static const char *const cases[][2] = {
        { "@self.rsp", "nested too deeply" },
        { "@loop.rsp", "cannot read response file" },
        { "@zero.rsp", "not a regular file" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(json, sizeof json,
                 "[{\"directory\": \"%s\", \"file\": \"%s\", \"arguments\": [\"cc\", \"%s\", \"-c\", \"%s\"]}]",
                 tmpdir, FIX("cache_bad.c"), cases[i][0], FIX("cache_bad.c"));
        write_compdb(json);
        result *r = RUN("check", "-p", tmpdir);
        cr_expect_eq(r->status, 2, "%s: exit %d\n%s", cases[i][0], r->status, r->err);
        cr_expect(strstr(r->err, cases[i][1]) != NULL, "%s: %s", cases[i][0], r->err);
    }
}

/* An #include of a FIFO with no writer blocks libclang for ever: the
 * watchdog ends the check with a message naming the unit. */
Test(cli, an_include_of_a_fifo_times_out_with_a_message)
{
    char fifo[300];
    snprintf(fifo, sizeof fifo, "%s/hang.h", tmpdir);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    const char *src = write_file("fifo.c", "#include \"hang.h\"\nint x;\n", 25);
    setenv("LINGER_PARSE_TIMEOUT", "2", 1);
    result *r = RUN("check", (char *)src);
    unsetenv("LINGER_PARSE_TIMEOUT");
    cr_expect_eq(r->status, 2, "exit %d\n%s", r->status, r->err);
    cr_expect(strstr(r->err, "fifo.c: still parsing after 2 s") != NULL, "%s", r->err);
}

/* A flag clang does not know is the command line's fault, not the file's. */
Test(cli, a_bad_compiler_flag_is_reported_as_a_flag)
{
    result *r = RUN("check", FIX("cache_good.c"), "--", "-fno-such-flag-anywhere");
    cr_expect_eq(r->status, 2);
    cr_expect(strstr(r->err, "bad compiler flags: unknown argument: '-fno-such-flag-anywhere'") != NULL,
              "%s", r->err);
    cr_expect(strstr(r->err, "the file has errors") == NULL, "%s", r->err);
}

/* A project's header of inline helpers: its leaks reported once, at the
 * header's lines, whichever files include it — also when the header is
 * named among the files itself. */
static size_t warnings_in(const char *out, const char *file)
{
    size_t n = 0;
    for (const char *line = out; line != NULL && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        const char *w = strstr(line, ": warning: ");
        const char *f = strstr(line, file);
        n += w != NULL && f != NULL && f < w && (size_t)(w - line) < len;
    }
    return n;
}

Test(cli, a_headers_leaks_once_at_its_lines)
{
    /* bus_watch, memo_put, seen_put (prune.c not among them), reg_add (g_plugins) */
    result *r = RUN("check", PROJECTS_DIR "/inline/load.c", PROJECTS_DIR "/inline/jobs.c",
                    PROJECTS_DIR "/inline/memo.c", "--", "-I" RUNTIME_INCLUDE_DIR);
    cr_expect_eq(r->status, 1, "%s", r->err);
    cr_expect_eq(warnings_in(r->out, "inline.h:"), 4, "%s", r->out);
    cr_expect_eq(warnings_in(r->out, "memo.c:"), 2, "%s", r->out);
    r = RUN("check", PROJECTS_DIR "/inline/load.c", PROJECTS_DIR "/inline/inline.h",
            PROJECTS_DIR "/inline/jobs.c", PROJECTS_DIR "/inline/memo.c", "--", "-I" RUNTIME_INCLUDE_DIR);
    cr_expect_eq(r->status, 1, "%s", r->err);
    cr_expect_eq(warnings_in(r->out, "inline.h:"), 4, "named among the files: still once: %s", r->out);
}

/* A build through linger-cc stores a header's unit with the compile; when
 * the header's last inline function goes, the next compile's empty unit for
 * it replaces the old one: its finding is no longer listed. */
Test(cli, a_headers_finding_goes_with_its_function)
{
    char db[300], inc[300];
    snprintf(db, sizeof db, "%s/h.db", tmpdir);
    snprintf(inc, sizeof inc, "-I%s", RUNTIME_INCLUDE_DIR);
    static const char leaky[] =
        "#include <linger/linger.h>\n"
        "extern lg_object *g_bus;\n"
        "static inline void bus_watch(lg_object *l)\n"
        "{\n"
        "    lg_emitter_on(g_bus, l);\n"
        "}\n";
    static const char fixed[] =
        "#include <linger/linger.h>\n"
        "extern lg_object *g_bus;\n";
    static const char src[] =
        "#include \"bus.h\"\n"
        "lg_object *g_bus;\n"
        "void watch(lg_object *v) { (void)v; }\n";
    write_file("bus.h", leaky, sizeof leaky - 1);
    write_file("a.c", src, sizeof src - 1);
    setenv("LINGER_DB", db, 1);
    result *r = CC("cc", "-c", inc, "-o", "a.o", "a.c");
    cr_expect_eq(r->status, 0, "%s", r->err);
    cr_expect(strstr(r->err, "bus.h:5:5: warning:") != NULL, "the header's leak in the log: %s", r->err);
    r = RUN("sql", "--db", db, "SELECT base || ':' || line AS at FROM findings");
    cr_expect_str_eq(r->out, "at\nbus.h:5\n", "%s%s", r->out, r->err);
    write_file("bus.h", fixed, sizeof fixed - 1);
    r = CC("cc", "-c", inc, "-o", "a.o", "a.c");
    unsetenv("LINGER_DB");
    cr_expect_eq(r->status, 0, "%s", r->err);
    r = RUN("sql", "--db", db, "SELECT count(*) AS n FROM findings");
    cr_expect_str_eq(r->out, "n\n0\n", "the deleted function's finding is still listed: %s%s", r->out, r->err);
    r = RUN("sql", "--db", db, "SELECT count(*) AS n FROM summaries WHERE unit LIKE '%/bus.h'");
    cr_expect_str_eq(r->out, "n\n1\n", "%s%s", r->out, r->err);
}
