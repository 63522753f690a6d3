/*
 * check.c — `linger check`: options, the list of translation units (from the
 * command line or compile_commands.json), a pool of worker threads (one
 * libclang front end each) and the report.  Output is always in the order the
 * units were named, whatever order the workers finish in.
 *
 * Exit status: 0 no findings, 1 findings, 2 error (usage, unreadable input, a
 * unit that could not be parsed).
 */
#include "analyze.h"
#include "bigstack.h"
#include "compdb.h"
#include "linger_cli.h"
#include "keyset.h"
#include "output.h"
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    char *path;        /* what to parse */
    lg_strv flags;     /* libclang flags */
} unit;

typedef struct {
    unit *units;            /* all units */
    size_t n;               /* units */
    lg_analysis *results;   /* one per unit */
    const int *enabled;     /* rules */
    const lgm_set *models;  /* what calls do */
    size_t next;            /* next unit to take */
    size_t done;            /* units finished */
    time_t *began;          /* per unit: when its parse began; 0 before, or once done */
    size_t working;         /* workers still running */
    pthread_cond_t changed; /* signalled when a unit or a worker finishes */
    int progress;           /* print a progress line */
    pthread_mutex_t mu;     /* guards next, done, claimed and the progress line */
    lg_strv claimed;        /* the real paths of the units, and of the headers a parse
                               has taken to walk (owned) ... */
    lg_keyset claims;       /* ... as a set (borrowed from claimed) */
    int per_file;           /* each parse walks every header it meets (no claims) */
} pool;

typedef struct {
    lg_format format;       /* --format */
    const char *compdb;     /* -p */
    const char *rules;      /* --rules */
    const char *db;         /* --db */
    long jobs;              /* -j */
    int quiet;              /* --quiet */
    lg_strv models;         /* --model NAME|PATH... */
    int no_default_model;   /* --no-default-model */
    int per_file;           /* --per-file: each file judged alone, not as one program */
    lg_strv files;          /* FILE... */
    lg_strv extra;          /* after -- */
} options;

static const char usage[] =
    "usage: linger check [OPTIONS] FILE... [-- COMPILER-FLAGS...]\n"
    "       linger check [OPTIONS] -p BUILD-DIR [FILE...]\n"
    "\n"
    "Analyse C sources written against the linger object API for the leak patterns\n"
    "listener-strong-ref, unbounded-cache and closure-captured-buffer.  The files\n"
    "are one program: a removal, an unregistration, a call of a list's items or a\n"
    "closure's function in any of them counts for all.\n"
    "\n"
    "options:\n"
    "  -p DIR                 read DIR/compile_commands.json; analyse every C entry,\n"
    "                         or only the FILEs named\n"
    "  --format clang|json|sarif\n"
    "                         output format on stdout (default clang)\n"
    "  --db PATH              also store the findings in the findings database\n"
    "                         (default: $LINGER_DB when set)\n"
    "  -j N                   translation units analysed in parallel (default: cores)\n"
    "  --rules LIST           comma list; NAME enables only the named rules, -NAME\n"
    "                         disables one\n"
    "  --quiet                no progress output on stderr\n"
    "  --model NAME|PATH      add an API model: a shipped one (linger, glib, cpython:\n"
    "                         see 'linger models') or a model file; repeatable\n"
    "  --no-default-model     do not load the 'linger' model\n"
    "  --per-file             judge each file alone (as a compile through linger-cc\n"
    "                         or the clang plugin does), not the set as one program\n"
    "  -h, --help             this help\n"
    "\n"
    "Suppress one finding with a comment on its line or the line above:\n"
    "  // linger-ignore: RULE[, RULE...]\n"
    "\n"
    "environment:\n"
    "  LINGER_DB=PATH         as --db (relative paths are this directory's)\n"
    "  LINGER_MODELS=A:B      more API models, as --model; and every .linger/models/*.yaml\n"
    "                         of the project (beside compile_commands.json, or above)\n"
    "  LINGER_PARSE_TIMEOUT=S a unit still parsing after S seconds (default 300) ends\n"
    "                         the check with exit 2 (an #include of a FIFO?)\n"
    "\n"
    "exit status: 0 no findings, 1 findings, 2 error\n";

static int usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "linger: error: %s%s\n(see 'linger check --help')\n", what, arg);
    return LG_EXIT_ERROR;
}

/* What a value-taking option says when its value is missing. */
static int missing_value(int opt)
{
    switch (opt) {
    case 'f': return usage_error("--format needs clang, json or sarif, got: ", "nothing");
    case 'p': return usage_error("-p needs a build directory", "");
    case 'r': return usage_error("--rules needs a comma list of rules", "");
    case 'd': return usage_error("--db needs a path", "");
    case 'j': return usage_error("-j needs a number of jobs from 1 to 1024, got: ", "nothing");
    default: return usage_error("--model needs a shipped model's name or a model file", "");
    }
}

/* getopt_long over av[0, ac) (av[0] a program name): options, and FILEs,
 * which getopt permutes to the end. */
static int parse_args(int ac, char **av, options *o)
{
    static const struct option longs[] = {
        { "help", no_argument, NULL, 'h' }, { "format", required_argument, NULL, 'f' },
        { "rules", required_argument, NULL, 'r' }, { "db", required_argument, NULL, 'd' },
        { "quiet", no_argument, NULL, 'q' }, { "model", required_argument, NULL, 'm' },
        { "no-default-model", no_argument, NULL, 'M' }, { "per-file", no_argument, NULL, 'P' },
        { NULL, 0, NULL, 0 } };
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(ac, av, ":hp:j:q", longs, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'h':
            fputs(usage, stdout);
            return 1;
        case 'f':
            if (lg_format_parse(optarg, LG_FMTS_CHECK, &o->format) < 0)
                return usage_error("--format needs clang, json or sarif, got: ", optarg);
            break;
        case 'p': o->compdb = optarg; break;
        case 'r': o->rules = optarg; break;
        case 'd':
            if (!*(o->db = optarg))
                return usage_error("--db needs a path", "");
            break;
        case 'j':
            o->jobs = strtol(optarg, &end, 10);
            if (*end || end == optarg || o->jobs < 1 || o->jobs > 1024)
                return usage_error("-j needs a number of jobs from 1 to 1024, got: ", optarg);
            break;
        case 'q': o->quiet = 1; break;
        case 'm':
            if (!*optarg)
                return usage_error("--model needs a shipped model's name or a model file", "");
            lg_strv_push(&o->models, optarg);
            break;
        case 'M': o->no_default_model = 1; break;
        case 'P': o->per_file = 1; break;
        case ':':
            return missing_value(optopt);
        default:
            return usage_error("unknown option ", av[optind - 1]);
        }
    }
    for (int i = optind; i < ac; i++)
        lg_strv_push(&o->files, av[i]);
    return 0;
}

/* Parses the options before "--"; what follows "--" are compiler flags,
 * never options.  0, 1 for --help, or the exit status of a usage error. */
static int parse_options(int argc, char **argv, options *o)
{
    o->format = LG_FMT_CLANG;
    o->jobs = sysconf(_SC_NPROCESSORS_ONLN);
    if (o->jobs < 1)
        o->jobs = 1;
    int dd = 0;                               /* argv[dd] is "--", or dd == argc */
    while (dd < argc && strcmp(argv[dd], "--") != 0)
        dd++;
    for (int i = dd + 1; i < argc; i++)
        lg_strv_push(&o->extra, argv[i]);
    /* getopt permutes what it parses and wants a program name first: a copy
     * (argv itself is recorded as the run's command line) */
    char **av = calloc((size_t)dd + 2, sizeof *av);
    if (av == NULL)
        return usage_error("out of memory", "");
    av[0] = "check";
    memcpy(av + 1, argv, (size_t)dd * sizeof *av);
    int rc = parse_args(dd + 1, av, o);
    free(av);
    if (rc != 0)
        return rc;
    if (o->files.n == 0 && o->compdb == NULL)
        return usage_error("no input files (name FILEs, or -p BUILD-DIR)", "");
    return 0;
}

/* ---- units */

static int unit_add(unit **units, size_t *n, const char *path, char *const *flags, size_t nflags)
{
    unit *u = realloc(*units, (*n + 1) * sizeof *u);
    if (u == NULL)
        return -1;
    *units = u;
    u = &u[(*n)++];
    memset(u, 0, sizeof *u);
    u->path = strdup(path);
    for (size_t i = 0; i < nflags; i++)
        lg_strv_push(&u->flags, flags[i]);
    return u->path ? 0 : -1;
}

static void units_free(unit *u, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(u[i].path);
        lg_strv_free(&u[i].flags);
    }
    free(u);
}

/* 1 when the named file is entry e's source. */
static int names_entry(const char *file, const lg_compdb_entry *e)
{
    char a[PATH_MAX], b[PATH_MAX];
    if (realpath(file, a) == NULL || realpath(e->file, b) == NULL)
        return strcmp(file, e->file) == 0;
    return strcmp(a, b) == 0;
}

static int units_from_compdb(const options *o, unit **units, size_t *n)
{
    lg_compdb_entry *db;
    size_t ndb;
    char err[1024];
    if (lg_compdb_load(o->compdb, &db, &ndb, err, sizeof err) < 0) {
        fprintf(stderr, "linger: error: %s\n", err);
        return -1;
    }
    int rc = 0;
    unsigned char *named = calloc(o->files.n + 1, 1);
    for (size_t i = 0; i < ndb && rc == 0; i++) {
        const lg_compdb_entry *e = &db[i];
        if (!lg_is_c_source(e->file))
            continue;
        int seen = 0;              /* a file built twice (static and shared) once */
        for (size_t k = 0; k < *n && !seen; k++)
            seen = strcmp((*units)[k].path, e->file) == 0;
        if (seen)
            continue;
        int wanted = o->files.n == 0;
        for (size_t j = 0; j < o->files.n; j++)
            if (names_entry(o->files.v[j], e))
                wanted = named[j] = 1;
        if (!wanted)
            continue;
        lg_compile_args ca;
        if (lg_compile_args_parse(e->argv.v, e->argv.n, &ca) < 0) {
            rc = -1;
            break;
        }
        lg_strv_push(&ca.flags, "-working-directory");
        lg_strv_push(&ca.flags, e->directory);
        for (size_t j = 0; j < o->extra.n; j++)
            lg_strv_push(&ca.flags, o->extra.v[j]);
        rc = unit_add(units, n, e->file, ca.flags.v, ca.flags.n);
        lg_compile_args_free(&ca);
    }
    for (size_t j = 0; j < o->files.n && rc == 0; j++) {
        if (named && !named[j]) {
            fprintf(stderr, "linger: error: %s: not a C entry of %s/compile_commands.json\n",
                    o->files.v[j], o->compdb);
            rc = -1;
        }
    }
    if (rc == 0 && *n == 0) {
        fprintf(stderr, "linger: error: %s/compile_commands.json has no C entries\n", o->compdb);
        rc = -1;
    }
    free(named);
    lg_compdb_free(db, ndb);
    return rc;
}

/* ---- the pool */

static void progress(pool *p, const char *path)
{
    fprintf(stderr, "\r\033[K[%zu/%zu] %s", p->done, p->n, path);
    fflush(stderr);
}

/* Adds real to the claims: 1 when it was not there (0 too when memory ran
 * out: the header is then left to another parse, or none). */
static int claim(pool *p, const char *real)
{
    if (lg_keyset_has(&p->claims, real) || lg_strv_push(&p->claimed, real) < 0)
        return 0;
    size_t before = p->claims.n;
    lg_keyset_add(&p->claims, p->claimed.v[p->claimed.n - 1]);
    return p->claims.n > before;
}

/* A header is walked by the first parse that meets it (lg_header_claim):
 * the project's inline functions are analysed once. */
static int claim_header(const char *real, void *arg)
{
    pool *p = arg;
    pthread_mutex_lock(&p->mu);
    int mine = claim(p, real);
    pthread_mutex_unlock(&p->mu);
    return mine;
}

static void *worker(void *arg)
{
    pool *p = arg;
    lg_frontend *fe = lg_frontend_new(p->models);
    if (fe != NULL && !p->per_file)
        lg_frontend_set_header_claim(fe, claim_header, p);
    for (;;) {
        pthread_mutex_lock(&p->mu);
        size_t i = p->next < p->n ? p->next++ : p->n;
        pthread_mutex_unlock(&p->mu);
        if (i == p->n)
            break;
        unit *u = &p->units[i];
        pthread_mutex_lock(&p->mu);
        p->began[i] = time(NULL);
        pthread_mutex_unlock(&p->mu);
        if (fe == NULL) {
            memset(&p->results[i], 0, sizeof p->results[i]);
            p->results[i].path = strdup(u->path);
            p->results[i].failed = 1;
            p->results[i].error = strdup("cannot create a libclang index");
        } else {
            lg_analyze_facts(fe, u->path, (const char *const *)u->flags.v, (int)u->flags.n,
                             &p->results[i]);
        }
        pthread_mutex_lock(&p->mu);
        p->began[i] = 0;
        p->done++;
        if (p->progress)
            progress(p, u->path);
        pthread_cond_signal(&p->changed);
        pthread_mutex_unlock(&p->mu);
    }
    lg_frontend_free(fe);
    pthread_mutex_lock(&p->mu);
    p->working--;
    pthread_cond_signal(&p->changed);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Seconds a unit may parse (LINGER_PARSE_TIMEOUT, default 300): an
 * #include of a FIFO with no writer blocks libclang for ever. */
static long parse_timeout(void)
{
    const char *v = getenv("LINGER_PARSE_TIMEOUT");
    long t = v != NULL ? strtol(v, NULL, 10) : 0;
    return t > 0 ? t : 300;
}

/* Waits for the workers; a unit past the timeout ends the check (exit 2):
 * a blocked parse cannot be cancelled, and the process's exit ends it. */
static void watch(pool *p)
{
    long limit = parse_timeout();
    pthread_mutex_lock(&p->mu);
    while (p->working > 0) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += 1;
        pthread_cond_timedwait(&p->changed, &p->mu, &ts);
        time_t now = time(NULL);
        for (size_t i = 0; i < p->n; i++) {
            if (p->began[i] != 0 && now - p->began[i] > limit) {
                if (p->progress)
                    fputs("\r\033[K", stderr);
                fprintf(stderr, "linger: error: %s: still parsing after %ld s: does it include a FIFO "
                        "or a device (which libclang reads for ever)? (LINGER_PARSE_TIMEOUT)\n",
                        p->units[i].path, limit);
                fflush(stderr);
                _exit(LG_EXIT_ERROR);
            }
        }
    }
    pthread_mutex_unlock(&p->mu);
}

/* Every worker is a thread with a big stack (bigstack.h); the main thread
 * waits, or works itself when no thread could be made. */
static void run_pool(pool *p, long jobs)
{
    if ((size_t)jobs > p->n)
        jobs = (long)p->n;
    pthread_t *t = calloc((size_t)jobs, sizeof *t);
    pthread_attr_t attr;
    lg_big_stack_attr(&attr);
    long started = 0;
    for (long i = 0; t != NULL && i < jobs; i++) {
        pthread_mutex_lock(&p->mu);
        p->working++;                 /* counted before it can finish */
        pthread_mutex_unlock(&p->mu);
        if (pthread_create(&t[started], &attr, worker, p) == 0) {
            started++;
        } else {
            pthread_mutex_lock(&p->mu);
            p->working--;
            pthread_mutex_unlock(&p->mu);
        }
    }
    pthread_attr_destroy(&attr);
    if (started == 0) {
        p->working = 1;
        worker(p);
    } else {
        watch(p);
    }
    for (long i = 0; i < started; i++)
        pthread_join(t[i], NULL);
    free(t);
    if (p->progress)
        fputs("\r\033[K", stderr);
}

/* ---- the project: every unit judged with the others' facts */

/* --per-file: each file judged as its compile sees it — with the headers
 * its parse walked (they follow the translation units in r, each one's in
 * turn: count[i] of unit i's) — and alone otherwise.  A header many files
 * include keeps the findings judged with the first; the others' copies are
 * dropped (*n shrinks). */
static void judge_per_file(lg_analysis *r, size_t units, size_t *n, const size_t *count,
                           const int *enabled)
{
    lg_analysis **group = calloc(*n + 1, sizeof *group);
    for (size_t i = 0, at = units; i < units; at += count[i++]) {
        if (group == NULL) {                 /* memory out: each alone */
            lg_analysis_judge(&r[i], enabled, NULL);
            for (size_t j = 0; j < count[i]; j++)
                lg_analysis_judge(&r[at + j], enabled, NULL);
            continue;
        }
        size_t k = 0;
        group[k++] = &r[i];
        for (size_t j = 0; j < count[i]; j++)
            group[k++] = &r[at + j];
        lg_analysis_judge_compile(group, k, enabled);
    }
    free(group);
    size_t kept = units;
    for (size_t i = units; i < *n; i++) {
        int seen = 0;
        for (size_t j = units; j < kept && !seen; j++)
            seen = strcmp(r[j].path, r[i].path) == 0;
        if (seen)
            lg_analysis_free(&r[i]);
        else
            r[kept++] = r[i];
    }
    *n = kept;
}

/* The set is one program: a removal, an unregistration, an invocation or a
 * closure's function in any unit counts for every unit. */
static void judge(lg_analysis *r, size_t n, const int *enabled, int per_file)
{
    const lgf_facts **units = calloc(n + 1, sizeof *units);
    lgf_project proj = { units, 0, 0, 0, lgf_memo_new() };
    for (size_t i = 0; units != NULL && i < n; i++) {
        if (r[i].have_facts)             /* (a file with errors: what could be seen of it) */
            units[proj.n++] = &r[i].facts;
        proj.unanalysed += r[i].failed != 0;
        proj.files += !(r[i].have_facts && r[i].facts.header);
    }
    for (size_t i = 0; i < n; i++)
        lg_analysis_judge(&r[i], enabled, units != NULL && proj.n > 1 && !per_file ? &proj : NULL);
    lgf_memo_free(proj.memo);
    free(units);
}

/* ---- report */

/* Stores the analysed units' findings (a unit that failed is left as it was
 * in the database); 0, or -1 with err. */
static int store(const char *db, int argc, char **argv, lg_analysis *r, size_t n, char *err,
                 size_t errsz)
{
    lg_store_unit *u = calloc(n + 1, sizeof *u);
    if (u == NULL) {
        snprintf(err, errsz, "out of memory storing findings");
        return -1;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!r[i].failed)
            u[k++] = (lg_store_unit){ r[i].path, &r[i].findings, r[i].have_facts ? &r[i].facts : NULL,
                                      r[i].parse.source, r[i].parse.source_len };
    int rc = lg_store_findings(db, "linger check", argc, argv, u, k, err, errsz);
    free(u);
    return rc;
}

static int report(const options *o, lg_analysis *r, size_t n, int argc, char **argv)
{
    int failed = 0, findings = 0;
    char err[600];
    if (o->db != NULL && store(o->db, argc, argv, r, n, err, sizeof err) < 0) {
        fprintf(stderr, "linger: error: %s\n", err);
        failed = 1;
    }
    for (size_t i = 0; i < n; i++) {
        if (r[i].failed) {
            failed = 1;
            if (r[i].parse.diagnostics)
                fputs(r[i].parse.diagnostics, stderr);
            fprintf(stderr, "linger: error: %s\n", r[i].error);
        }
        findings += (int)r[i].findings.n > 0;
    }
    if (o->format == LG_FMT_CLANG) {
        for (size_t i = 0; i < n; i++)
            lg_output_clang(stdout, &r[i]);
    } else if (o->format == LG_FMT_JSON) {
        lg_output_json(stdout, r, n);
    } else {
        lg_output_sarif(stdout, r, n, LINGER_VERSION_STRING);
    }
    fflush(stdout);
    return failed ? LG_EXIT_ERROR : findings ? LG_EXIT_FINDINGS : LG_EXIT_OK;
}

static void options_free(options *o)
{
    lg_strv_free(&o->files);
    lg_strv_free(&o->extra);
    lg_strv_free(&o->models);
}

/* Where the project's .linger/models is looked for: the build directory of
 * -p, else the first file's directory (and upward from either). */
static const char *project_start(const options *o, char *buf, size_t size)
{
    const char *from = o->compdb ? o->compdb : o->files.n ? o->files.v[0] : ".";
    lg_workdir_absolute(from, buf, size);
    if (o->compdb == NULL) {
        char *slash = strrchr(buf, '/');
        if (slash != NULL && slash != buf)
            *slash = 0;
    }
    return buf;
}

int lg_check_main(int argc, char **argv)
{
    options o;
    memset(&o, 0, sizeof o);
    int rc = parse_options(argc, argv, &o);
    if (rc != 0) {
        options_free(&o);
        return rc == 1 ? LG_EXIT_OK : rc;
    }
    if (o.db == NULL && getenv("LINGER_DB") && *getenv("LINGER_DB"))
        o.db = getenv("LINGER_DB");
    int enabled[16];
    char err[256];
    if (lg_rules_select(o.rules, enabled, err, sizeof err) < 0) {
        options_free(&o);
        return usage_error("--rules: ", err);
    }
    char where[PATH_MAX], merr[1024];
    lgm_set *models = lgm_set_standard(o.no_default_model, (const char *const *)o.models.v,
                                       o.models.n, project_start(&o, where, sizeof where), merr,
                                       sizeof merr);
    if (models == NULL) {
        fprintf(stderr, "linger: error: %s\n", merr);
        options_free(&o);
        return LG_EXIT_ERROR;
    }
    lg_fallback_includes();                    /* computed before threads start */
    unit *units = NULL;
    size_t n = 0;
    rc = 0;
    if (o.compdb != NULL) {
        rc = units_from_compdb(&o, &units, &n);
    } else {
        for (size_t i = 0; i < o.files.n && rc == 0; i++)
            rc = unit_add(&units, &n, o.files.v[i], o.extra.v, o.extra.n);
    }
    int status = LG_EXIT_ERROR;
    if (rc == 0) {
        pool p;
        memset(&p, 0, sizeof p);
        p.units = units;
        p.n = n;
        p.results = calloc(n, sizeof *p.results);
        p.began = calloc(n, sizeof *p.began);
        p.enabled = enabled;
        p.models = models;
        p.progress = !o.quiet && n > 1 && isatty(2);
        p.per_file = o.per_file;
        for (size_t i = 0; i < n; i++) {       /* a header named as a unit is that unit */
            char real[PATH_MAX];
            if (realpath(units[i].path, real) != NULL)
                claim(&p, real);
        }
        pthread_mutex_init(&p.mu, NULL);
        pthread_cond_init(&p.changed, NULL);
        if (p.results != NULL && p.began != NULL) {
            run_pool(&p, o.jobs);
            size_t *count = calloc(n + 1, sizeof *count);    /* each unit's headers */
            for (size_t i = 0; count != NULL && i < n; i++)
                count[i] = p.results[i].parse.nheaders;
            if (count == NULL || lg_analysis_adopt_headers(&p.results, &n) < 0) {
                fprintf(stderr, "linger: warning: out of memory: the headers' functions are left out\n");
                for (size_t i = 0; count != NULL && i < n; i++)
                    count[i] = 0;                              /* (none adopted) */
            }
            if (o.per_file && count != NULL)
                judge_per_file(p.results, p.n, &n, count, p.enabled);
            else
                judge(p.results, n, p.enabled, o.per_file);
            free(count);
            status = report(&o, p.results, n, argc, argv);
            for (size_t i = 0; i < n; i++)
                lg_analysis_free(&p.results[i]);
        }
        free(p.results);
        free(p.began);
        pthread_cond_destroy(&p.changed);
        pthread_mutex_destroy(&p.mu);
        lg_keyset_free(&p.claims);
        lg_strv_free(&p.claimed);
        n = p.n;
    }
    units_free(units, n);
    lgm_set_free(models);
    options_free(&o);
    return status;
}
