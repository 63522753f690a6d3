/*
 * report.c — `linger report [--db PATH] -o FILE.html`: one self-contained
 * HTML page (no network, no external script or style) of everything the
 * findings database knows: findings grouped by rule with a code excerpt,
 * their confirmation and evidence, each growing container's series as an
 * inline SVG plot, the retention paths drawn as chains, the leaks seen only
 * at run time, and filters by rule and status.  The page is written beside
 * OUT and renamed over it: a failed run leaves the old report whole.
 */
#include "linger_cli.h"
#include "output.h"
#include "story.h"
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char report_usage[] =
    "usage: linger report [--db PATH] -o FILE.html\n"
    "\n"
    "Writes one self-contained HTML page (no network needed to open it) with every\n"
    "finding grouped by rule, a code excerpt, its run-time confirmation and\n"
    "evidence, a plot of each growing container's length over the run, the\n"
    "retention paths (who holds what lingers), the leaks seen only at run time,\n"
    "and filters by rule and status.  -o - writes it on stdout.  The database is\n"
    "--db, else $LINGER_DB, else ./linger.db; it is opened read-only.\n"
    "\n"
    "exit status: 0 written, 2 an error (usage, a database that cannot be read,\n"
    "a file that cannot be written)\n";

static const char style[] =
    "body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}"
    "header{background:#1d2330;color:#fff;padding:16px 24px}header h1{margin:0 0 4px;font-size:20px}"
    "header p{margin:0;color:#c9cfdb}main{padding:8px 24px 40px}"
    "#filters{position:sticky;top:0;background:#f6f7f9;padding:10px 0;border-bottom:1px solid #dde1e8;"
    "z-index:1}#filters label{margin-right:14px;white-space:nowrap}"
    "section.rule h2{font-size:17px;margin:22px 0 8px}"
    "article.finding{background:#fff;border:1px solid #dde1e8;border-radius:6px;margin:10px 0;"
    "padding:10px 14px}article.finding[hidden]{display:none}"
    ".loc{font-family:ui-monospace,monospace;font-weight:600}.msg{margin:4px 0}"
    ".badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;margin-left:8px}"
    ".confirmed{background:#fde2e1;color:#9b1c1c}.unconfirmed{background:#e8ecf2;color:#3b4558}"
    ".runtime-only{background:#fff1d6;color:#8a5300}"
    "pre.code{background:#f3f4f7;padding:6px 8px;overflow:auto;margin:6px 0;font-size:12.5px}"
    "pre.code .hit{background:#ffe9a8;display:block}"
    "table.ev{border-collapse:collapse;margin:6px 0;font-size:13px}"
    "table.ev td,table.ev th{border:1px solid #e3e6ec;padding:2px 8px;text-align:left}"
    "ol.path{list-style:none;padding:0;margin:4px 0 8px;display:flex;flex-wrap:wrap;"
    "align-items:center}ol.path li{display:flex;align-items:center}"
    ".root{font-style:italic;margin-right:6px}.node{border:1px solid #9aa5b8;border-radius:5px;"
    "padding:2px 7px;background:#fbfcfe}.node small{color:#5b6578;display:block}"
    ".edge{color:#5b6578;font-size:12px;margin:0 6px}.edge::before{content:'\\2192 '}"
    "svg.plot{background:#fff;border:1px solid #e3e6ec;margin:6px 0}"
    ".meta{color:#5b6578;font-size:12px}";

/* Narrows the page to the checked rules and statuses (the URL's #rule=...&
 * status=... presets them); marks the body with the milliseconds from
 * navigation to a rendered, filtered page (data-ready). */
static const char script[] =
    "function lgFilter(){var on={};document.querySelectorAll('#filters input').forEach("
    "function(b){on[b.value]=b.checked});var shown=0;"
    "document.querySelectorAll('article.finding').forEach(function(a){"
    "var v=on['rule:'+a.dataset.rule]&&on['status:'+a.dataset.status];a.hidden=!v;if(v)shown++});"
    "document.querySelectorAll('section.rule').forEach(function(s){"
    "s.hidden=!s.querySelector('article.finding:not([hidden])')});"
    "document.getElementById('shown').textContent=shown}"
    "document.querySelectorAll('#filters input').forEach(function(b){"
    "b.addEventListener('change',lgFilter)});"
    /* #rule=a,b&status=c: only those checked (a link to a view of the page) */
    "location.hash.slice(1).split('&').forEach(function(kv){var p=kv.split('=');"
    "if(p.length!=2||(p[0]!='rule'&&p[0]!='status'))return;var keep=decodeURIComponent(p[1]).split(',');"
    "document.querySelectorAll('#filters input').forEach(function(b){var v=b.value.split(':');"
    "if(v[0]==p[0])b.checked=keep.indexOf(v.slice(1).join(':'))>=0})});"
    "lgFilter();document.body.setAttribute('data-ready',Math.round(performance.now()));";

/* text with HTML's special characters escaped */
static void esc(FILE *out, const char *text)
{
    for (const char *p = text ? text : ""; *p; p++) {
        switch (*p) {
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(*p, out);
        }
    }
}

static const char *status_of(json_t *s)
{
    if (json_is_true(json_object_get(s, "runtime_only")))
        return "runtime-only";
    return json_is_true(json_object_get(s, "confirmed")) ? "confirmed" : "unconfirmed";
}

/* ---- code excerpts: the file of the last finding kept (findings come by path) */

typedef struct {
    char path[PATH_MAX];   /* the file read */
    char *text;            /* its text, or NULL when unreadable */
    size_t len;
} source_cache;

static const char *source_of(source_cache *c, const char *path, size_t *len)
{
    if (strcmp(c->path, path) != 0) {
        free(c->text);
        c->text = NULL;
        c->len = 0;
        snprintf(c->path, sizeof c->path, "%s", path);
        FILE *f = fopen(path, "rb");
        if (f != NULL) {
            char buf[65536];
            size_t n;
            FILE *m = open_memstream(&c->text, &c->len);
            while (m != NULL && (n = fread(buf, 1, sizeof buf, f)) > 0 && c->len < (64u << 20))
                fwrite(buf, 1, n, m);
            if (m != NULL)
                fclose(m);
            fclose(f);
        }
    }
    *len = c->len;
    return c->text;
}

/* Lines line-2 .. line+2 of the finding's file, the line marked. */
static void excerpt(FILE *out, source_cache *c, const char *path, long long line)
{
    size_t len;
    const char *src = source_of(c, path, &len);
    if (src == NULL || line < 1)
        return;
    fputs("<pre class=\"code\">", out);
    long long n = 1;
    for (const char *p = src, *end = src + len; p < end && n <= line + 2; n++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (n >= line - 2) {
            char *text = strndup(p, l);
            fprintf(out, n == line ? "<span class=\"hit\">%5lld  " : "%5lld  ", n);
            esc(out, text);
            fputs(n == line ? "</span>" : "\n", out);
            free(text);
        }
        p += l + 1;
    }
    fputs("</pre>\n", out);
}

/* ---- a growth series as an inline SVG plot */

static void plot(FILE *out, json_t *series, const char *what)
{
    size_t n = json_array_size(series), i;
    if (n == 0)
        return;
    double x0 = 0, x1 = 1, y1 = 1;
    json_t *pt;
    json_array_foreach(series, i, pt) {
        double x = (double)json_integer_value(json_array_get(pt, 0));
        double y = (double)json_integer_value(json_array_get(pt, 1));
        if (i == 0 || x < x0)
            x0 = x;
        if (x > x1)
            x1 = x;
        if (y > y1)
            y1 = y;
    }
    if (x1 <= x0)
        x1 = x0 + 1;
    const double W = 420, H = 160, L = 58, R = 12, T = 12, B = 38;
    fprintf(out, "<svg class=\"plot\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
            "role=\"img\" aria-label=\"", W, H, W, H);
    esc(out, what);
    fprintf(out, ": length over the run\">\n"
            "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#555\"/>"
            "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#555\"/>\n",
            L, T, L, H - B, L, H - B, W - R, H - B);
    fprintf(out, "<text class=\"ylabel\" x=\"12\" y=\"%.0f\" font-size=\"11\" transform=\"rotate(-90 12 %.0f)\" "
            "text-anchor=\"middle\">entries</text>\n", (T + H - B) / 2, (T + H - B) / 2);
    fprintf(out, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"10\" text-anchor=\"end\">%.0f</text>"
            "<text x=\"%.0f\" y=\"%.0f\" font-size=\"10\" text-anchor=\"end\">0</text>\n",
            L - 4, T + 8, y1, L - 4, H - B);
    fprintf(out, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"10\">%.0f</text>"
            "<text x=\"%.0f\" y=\"%.0f\" font-size=\"10\" text-anchor=\"end\">%.0f</text>\n",
            L, H - B + 13, x0, W - R, H - B + 13, x1);
    fprintf(out, "<text class=\"xlabel\" x=\"%.0f\" y=\"%.0f\" font-size=\"11\" text-anchor=\"middle\">"
            "runtime operations (allocations since recording began)</text>\n", (L + W - R) / 2, H - 6);
    fputs("<polyline fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\" points=\"", out);
    json_array_foreach(series, i, pt) {
        double x = (double)json_integer_value(json_array_get(pt, 0));
        double y = (double)json_integer_value(json_array_get(pt, 1));
        fprintf(out, "%s%.1f,%.1f", i ? " " : "", L + (x - x0) / (x1 - x0) * (W - L - R),
                H - B - y / y1 * (H - T - B));
    }
    fputs("\"/>\n</svg>\n", out);
}

/* ---- evidence and retention paths */

static void evidence_table(FILE *out, json_t *ev)
{
    if (json_array_size(ev) == 0) {
        fputs("<p class=\"meta\">No run-time evidence here: run the program with LINGER_DB set "
              "to this database.</p>\n", out);
        return;
    }
    fputs("<table class=\"ev\"><tr><th>run</th><th>kind</th><th>type</th><th>count</th>"
          "<th>bytes</th><th>inserts</th><th>removals</th><th>evictions</th><th>peak</th></tr>\n", out);
    size_t i;
    json_t *e;
    json_array_foreach(ev, i, e) {
        char bytes[32];
        lg_db_bytes(lg_story_int(e, "bytes"), bytes, sizeof bytes);
        fprintf(out, "<tr><td>%lld</td><td>", lg_story_int(e, "run"));
        esc(out, lg_story_str(e, "kind"));
        fputs("</td><td>", out);
        esc(out, lg_story_str(e, "type"));
        fprintf(out, "</td><td>%lld</td><td>%s</td><td>%lld</td><td>%lld</td><td>%lld</td>"
                "<td>%lld</td></tr>\n", lg_story_int(e, "count"), bytes, lg_story_int(e, "inserts"),
                lg_story_int(e, "removals"), lg_story_int(e, "evictions"), lg_story_int(e, "peak_len"));
    }
    fputs("</table>\n", out);
}

/* A path as a chain of nodes; place: the static finding's name for the
 * first node's holder when the runtime could not name the root, or "". */
static void path_chain(FILE *out, json_t *path, const char *place)
{
    const char *root = lg_story_str(path, "root");
    fputs("<ol class=\"path\"><li class=\"root\">", out);
    if (*root) {
        esc(out, root);
    } else if (*place) {
        fputs("'", out);
        esc(out, place);
        fputs("' (outside the object graph)", out);
    } else {
        fputs("a root outside the object graph", out);
    }
    fputs("</li>", out);
    size_t i;
    json_t *node;
    json_array_foreach(json_object_get(path, "nodes"), i, node) {
        char bytes[32];
        lg_db_bytes(lg_story_int(node, "size"), bytes, sizeof bytes);
        fputs("<li>", out);
        if (i > 0) {
            fputs("<span class=\"edge\">", out);
            esc(out, lg_story_str(node, "edge"));
            fputs("</span>", out);
        }
        fputs("<span class=\"node\"><b>", out);
        esc(out, lg_story_str(node, "type"));
        fputs("</b><small>", out);
        esc(out, lg_output_display_path(lg_story_str(node, "file")));
        fprintf(out, ":%lld &middot; %s</small></span></li>", lg_story_int(node, "line"), bytes);
    }
    fputs("</ol>\n", out);
}

static void evidence_views(FILE *out, json_t *ev, const char *place)
{
    size_t i;
    json_t *e;
    int plotted = 0, pathed = 0;
    json_array_foreach(ev, i, e) {
        if (!plotted && strcmp(lg_story_str(e, "kind"), "growth") == 0
            && json_array_size(json_object_get(e, "series")) > 0) {
            plot(out, json_object_get(e, "series"), *lg_story_str(e, "type") ? lg_story_str(e, "type") : "container");
            plotted = 1;
        }
        json_t *paths = json_object_get(e, "paths");
        if (!pathed && json_array_size(paths) > 0) {
            fputs("<div class=\"paths\"><div class=\"meta\">Why it is still alive (shortest paths "
                  "from a root):</div>\n", out);
            size_t k;
            json_t *p;
            json_array_foreach(paths, k, p)
                path_chain(out, p, place);
            fputs("</div>\n", out);
            pathed = 1;
        }
    }
}

static void finding(FILE *out, json_t *s, source_cache *c)
{
    const char *status = status_of(s);
    fputs("<article class=\"finding\" data-rule=\"", out);
    esc(out, lg_story_str(s, "rule"));
    fprintf(out, "\" data-status=\"%s\" id=\"f-", status);
    esc(out, lg_story_str(s, "fingerprint"));
    fputs("\">\n<div><span class=\"loc\">", out);
    esc(out, lg_output_display_path(lg_story_str(s, "path")));
    fprintf(out, ":%lld", lg_story_int(s, "line"));
    if (lg_story_int(s, "column") > 0)
        fprintf(out, ":%lld", lg_story_int(s, "column"));
    fprintf(out, "</span><span class=\"badge %s\">%s</span></div>\n<p class=\"msg\">", status, status);
    esc(out, lg_story_str(s, "message"));
    fputs("</p>\n<p class=\"meta status\">", out);
    esc(out, lg_story_str(s, "status"));
    fputs("</p>\n", out);
    excerpt(out, c, lg_story_str(s, "path"), lg_story_int(s, "line"));
    evidence_table(out, json_object_get(s, "evidence"));
    evidence_views(out, json_object_get(s, "evidence"), lg_story_str(s, "holder"));
    fputs("<p class=\"meta\">fingerprint ", out);
    esc(out, lg_story_str(s, "fingerprint"));
    char when[64];
    if (lg_story_first_seen(s, when, sizeof when))
        fprintf(out, " &middot; first seen %s", when);
    fputs("</p>\n</article>\n", out);
}

/* The rules in the order first met. */
static json_t *rules_of(json_t *all)
{
    json_t *rules = json_array();
    size_t i, j;
    json_t *s, *r;
    json_array_foreach(all, i, s) {
        int seen = 0;
        json_array_foreach(rules, j, r)
            seen |= strcmp(json_string_value(r), lg_story_str(s, "rule")) == 0;
        if (!seen)
            json_array_append_new(rules, json_string(lg_story_str(s, "rule")));
    }
    return rules;
}

static void page(FILE *out, json_t *all, const char *dbpath)
{
    json_t *rules = rules_of(all), *s, *r;
    size_t i, j, counts[3] = { 0, 0, 0 };
    json_array_foreach(all, i, s) {
        const char *st = status_of(s);
        counts[strcmp(st, "confirmed") == 0 ? 0 : strcmp(st, "unconfirmed") == 0 ? 1 : 2]++;
    }
    time_t now = time(NULL);
    char when[64];
    strftime(when, sizeof when, "%Y-%m-%d %H:%M", localtime(&now));
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width\">\n<title>linger report</title>\n"
            "<style>%s</style></head>\n<body>\n<header><h1>linger report</h1><p>", style);
    esc(out, dbpath);
    fprintf(out, " &middot; %s &middot; <span id=\"count\">%zu</span> findings: %zu confirmed at run "
            "time, %zu not confirmed, %zu seen only at run time</p></header>\n<main>\n",
            when, json_array_size(all), counts[0], counts[1], counts[2]);
    fputs("<div id=\"filters\"><b>Show</b> ", out);
    json_array_foreach(rules, j, r) {
        fputs("<label><input type=\"checkbox\" checked value=\"rule:", out);
        esc(out, json_string_value(r));
        fputs("\"> ", out);
        esc(out, json_string_value(r));
        fputs("</label>", out);
    }
    static const char *const statuses[] = { "confirmed", "unconfirmed", "runtime-only" };
    for (i = 0; i < 3; i++)
        fprintf(out, "<label><input type=\"checkbox\" checked value=\"status:%s\"> %s</label>",
                statuses[i], statuses[i]);
    fputs(" &middot; <span id=\"shown\"></span> shown</div>\n", out);
    if (json_array_size(all) == 0)
        fputs("<p id=\"empty\">No findings in this database.</p>\n", out);
    source_cache cache = { "", NULL, 0 };
    json_array_foreach(rules, j, r) {
        size_t n = 0;
        json_array_foreach(all, i, s)
            n += strcmp(lg_story_str(s, "rule"), json_string_value(r)) == 0;
        fputs("<section class=\"rule\" data-rule=\"", out);
        esc(out, json_string_value(r));
        fputs("\"><h2>", out);
        esc(out, json_string_value(r));
        fprintf(out, " <span class=\"meta\">(%zu)</span></h2>\n", n);
        json_array_foreach(all, i, s)
            if (strcmp(lg_story_str(s, "rule"), json_string_value(r)) == 0)
                finding(out, s, &cache);
        fputs("</section>\n", out);
    }
    free(cache.text);
    fprintf(out, "</main>\n<script>%s</script>\n</body></html>\n", script);
    json_decref(rules);
}

/* Writes the page to path through a temporary file renamed over it. */
static int write_report(const char *path, json_t *all, const char *dbpath)
{
    if (strcmp(path, "-") == 0) {
        page(stdout, all, dbpath);
        return fflush(stdout) == 0 && !ferror(stdout) ? 0 : -1;
    }
    char abs[PATH_MAX], tmp[PATH_MAX + 32];
    lg_workdir_absolute(path, abs, sizeof abs);
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", abs, (long)getpid());
    FILE *out = fopen(tmp, "w");
    if (out == NULL) {
        fprintf(stderr, "linger: error: %s: cannot write the report: %s\n", abs, strerror(errno));
        return -1;
    }
    page(out, all, dbpath);
    int bad = ferror(out);
    bad |= fclose(out) != 0;
    if (bad || rename(tmp, abs) != 0) {
        fprintf(stderr, "linger: error: %s: cannot write the report: %s\n", abs, strerror(errno));
        remove(tmp);
        return -1;
    }
    return 0;
}

int lg_report_main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "db", required_argument, NULL, 'd' }, { "output", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
    const char *dbpath = NULL, *outpath = NULL;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc + 1, argv - 1, "ho:", opts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(report_usage, stdout); return LG_EXIT_OK;
        case 'd':
            if (!*(dbpath = optarg))
                return lg_cli_usage("report", "--db needs a path", "");
            break;
        case 'o':
            if (!*(outpath = optarg))
                return lg_cli_usage("report", "-o needs a file", "");
            break;
        default: return lg_cli_bad_option("report", argv - 1);
        }
    }
    if (optind <= argc)
        return lg_cli_usage("report", "unexpected argument ", argv[optind - 1]);
    if (outpath == NULL)
        return lg_cli_usage("report", "name the page to write: -o FILE.html", "");
    char shown[PATH_MAX];
    json_t *all = lg_cli_read_stories(dbpath, shown, sizeof shown);
    if (all == NULL)
        return LG_EXIT_ERROR;
    int rc = write_report(outpath, all, shown);
    if (rc == 0 && strcmp(outpath, "-") != 0)
        fprintf(stderr, "linger: wrote %s (%zu findings)\n", outpath, json_array_size(all));
    json_decref(all);
    return rc == 0 ? LG_EXIT_OK : LG_EXIT_ERROR;
}
