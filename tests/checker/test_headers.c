/*
 * test_headers.c — which headers are the project's own (analysis/headers.h),
 * on a scratch tree: a version-controlled project with include/ and src/, a
 * copy of <linger/...> inside it, a library beside it, a tree without any
 * version control; and a header's unit as `linger check` makes it (walked
 * once for two files, facts marked header, findings at its lines).
 */
#include "analyze.h"
#include "headers.h"
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[PATH_MAX];   /* the scratch tree (real path) */

static void put(const char *rel, const char *text)
{
    char path[PATH_MAX + 64], dir[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    snprintf(dir, sizeof dir, "%s", path);
    for (char *s = strchr(dir + strlen(root) + 1, '/'); s != NULL; s = strchr(s + 1, '/')) {
        *s = 0;
        mkdir(dir, 0755);
        *s = '/';
    }
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    fclose(f);
}

static const char *at(const char *rel)
{
    static char buf[4][PATH_MAX + 64];
    static int k;
    char *b = buf[k++ % 4];
    snprintf(b, PATH_MAX + 64, "%s/%s", root, rel);
    return b;
}

static void setup(void)
{
    char tmpl[] = "/tmp/linger-headers-XXXXXX";
    cr_assert_not_null(mkdtemp(tmpl));
    cr_assert_not_null(realpath(tmpl, root));
    put("proj/.git/HEAD", "ref: refs/heads/main\n");
    put("proj/src/a.c", "int a;\n");
    put("proj/include/a.h", "int x;\n");
    put("proj/third/linger/linger.h", "\n");
    put("proj/third/linger/object.h", "\n");
    put("lib/include/lib.h", "\n");
    put("loose/src/main.c", "\n");
    put("loose/include/util.h", "\n");
}

static void teardown(void)
{
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(headers, .init = setup, .fini = teardown);

Test(headers, the_projects_own_are_inside_its_tree)
{
    cr_assert_eq(lga_header_own(at("proj/src/a.c"), at("proj/include/a.h"), 0), 1);
    cr_assert_eq(lga_header_own(at("proj/src/a.c"), at("proj/include/a.h"), 1), 0,
                 "a system header is never the project's");
    cr_assert_eq(lga_header_own(at("proj/src/a.c"), at("lib/include/lib.h"), 0), 0,
                 "beside the version-controlled tree, though sharing a directory");
    cr_assert_eq(lga_header_own(at("proj/src/a.c"), at("proj/third/linger/object.h"), 0), 0,
                 "the object API's own headers are the runtime's");
    cr_assert_eq(lga_header_own(at("loose/src/main.c"), at("loose/include/util.h"), 0), 1,
                 "outside version control: a shared directory");
    cr_assert_eq(lga_header_own(at("loose/src/main.c"), "/usr/include/stdio.h", 0), 0);
    cr_assert_eq(lga_header_own(at("loose/src/main.c"), "/usr/local/include/x.h", 0), 0);
    cr_assert_eq(lga_header_own(at("proj/src/nosuch.c"), at("proj/include/a.h"), 0), 0,
                 "a main file that cannot be resolved owns nothing");
    cr_assert_eq(lga_header_own(at("proj/src/a.c"), "include/a.h", 0), 0, "a relative path");
}

Test(headers, named_relative_to_the_working_directory_below_it)
{
    char cwd[PATH_MAX], name[PATH_MAX];
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    cr_assert_eq(chdir(at("proj")), 0);
    lga_header_name(at("proj/include/a.h"), name, sizeof name);
    cr_assert_str_eq(name, "include/a.h");
    lga_header_name(at("lib/include/lib.h"), name, sizeof name);
    cr_assert_str_eq(name, at("lib/include/lib.h"));
    cr_assert_eq(chdir(cwd), 0);
}

/* Two files include one header whose inline helper leaks: one unit for the
 * header (the first parse walks it, the second skips it when claimed), its
 * finding at the header's line. */
static int claims;
static int claim_once(const char *real, void *arg)
{
    (void)arg;
    cr_assert(strstr(real, "/proj/include/bus.h") != NULL, "claimed %s", real);
    return claims++ == 0;
}

Test(headers, a_header_is_walked_once_and_judged_with_its_callers)
{
    put("proj/include/bus.h",
        "#include <linger/linger.h>\n"
        "extern lg_object *g_bus;\n"
        "static inline void bus_watch(lg_object *l)\n"
        "{\n"
        "    lg_emitter_on(g_bus, l);\n"
        "}\n");
    put("proj/src/one.c", "#include \"bus.h\"\nlg_object *g_bus;\nvoid one(lg_object *v) { bus_watch(v); }\n");
    put("proj/src/two.c", "#include \"bus.h\"\nvoid two(lg_object *v) { bus_watch(v); }\n");
    char inc[PATH_MAX + 64];
    snprintf(inc, sizeof inc, "-I%s", at("proj/include"));
    const char *flags[] = { "-I" RUNTIME_INCLUDE_DIR, inc };
    lg_frontend *fe = lg_frontend_new(NULL);
    cr_assert_not_null(fe);
    lg_frontend_set_header_claim(fe, claim_once, NULL);
    size_t n = 2;
    lg_analysis *r = calloc(n, sizeof *r);
    cr_assert_eq(lg_analyze_facts(fe, at("proj/src/one.c"), flags, 2, &r[0]), 0, "%s: %s", r[0].error,
                 r[0].parse.diagnostics);
    cr_assert_eq(lg_analyze_facts(fe, at("proj/src/two.c"), flags, 2, &r[1]), 0, "%s", r[1].error);
    cr_assert_eq(claims, 2, "each parse asked once");
    cr_assert_eq(r[0].parse.nheaders, 1);
    cr_assert_eq(r[1].parse.nheaders, 0, "claimed by the first parse");
    cr_assert_eq(lg_analysis_adopt_headers(&r, &n), 0);
    cr_assert_eq(n, 3);
    cr_assert_eq(r[2].facts.header, 1);
    cr_assert_eq(r[2].facts.nfunctions, 1);
    cr_assert_str_eq(r[2].facts.functions[0].name, "bus_watch");
    lg_analysis *all[] = { &r[0], &r[1], &r[2] };
    lg_analysis_judge_compile(all, 3, NULL);
    cr_assert_eq(r[0].findings.n + r[1].findings.n, 0);
    cr_assert_eq(r[2].findings.n, 1);
    cr_assert_eq(r[2].findings.v[0].line, 5);
    cr_assert(strstr(r[2].findings.v[0].message, "(2 files analysed)") != NULL,
              "the header is not counted: %s", r[2].findings.v[0].message);
    for (size_t i = 0; i < n; i++)
        lg_analysis_free(&r[i]);
    free(r);
    lg_frontend_free(fe);
}
