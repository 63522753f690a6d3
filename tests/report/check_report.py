#!/usr/bin/env python3
"""check_report.py BUILD-DIR SOURCE-DIR OUT-DIR — the HTML report in a real
browser: Debian's Chromium, headless.

The examples are checked into a database and the leaky ones run with it;
`linger report` writes the page, Chromium loads it (file://, no network)
and dumps the DOM after its script ran.  Asserted on that DOM: one article
per finding and runtime-only leak with its status; a plot (inline SVG, both
axes labelled) for each growing container; a retention path chain for each
leak that lingered; the filter script ran (every finding shown), and a
#status=... view hides the rest.  A screenshot is written to OUT-DIR.  A
page with 1,000 findings renders every one of them (its load time is
bench/run_report_bench.sh's to measure)."""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

build, src, outdir = (os.path.abspath(a) for a in sys.argv[1:4])
linger = os.path.join(build, "plugin", "linger")
chromium = shutil.which("chromium") or shutil.which("chromium-browser")
if chromium is None:
    sys.exit("check_report: Chromium is not installed (scripts/setup.sh --test installs it)")
tmp = tempfile.mkdtemp(prefix="linger-report-")
fails = []


def run(args, want=0, **kw):
    p = subprocess.run(args, capture_output=True, text=True, **kw)
    if p.returncode != want:
        fails.append("%s: exit %d\n%s%s" % (" ".join(args), p.returncode, p.stdout, p.stderr[-2000:]))
    return p


def browser(extra, url):
    # a profile of its own: nothing read from or written to the user's
    return run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=" + os.path.join(tmp, "profile"), "--allow-file-access-from-files"]
               + extra + [url])


class Dom(HTMLParser):
    """The elements the assertions look at, with their attributes and text."""

    def __init__(self):
        super().__init__()
        self.articles, self.svgs, self.paths, self.stack, self.shown = [], [], 0, [], None
        self.ready = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class", "")
        if tag == "body":
            self.ready = a.get("data-ready")
        if tag == "article" and "finding" in cls.split():
            self.articles.append({"status": a.get("data-status"), "rule": a.get("data-rule"),
                                  "hidden": "hidden" in a, "text": ""})
        if tag == "svg" and "plot" in cls.split():
            self.svgs.append("")
        if tag == "ol" and "path" in cls.split():
            self.paths += 1
        self.stack.append((tag, a.get("id")))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if any(t == "svg" for t, _ in self.stack) and self.svgs:
            self.svgs[-1] += data
        if self.articles and any(t == "article" for t, _ in self.stack):
            self.articles[-1]["text"] += data
        if self.stack and self.stack[-1][1] == "shown":
            self.shown = int(data)


def load(page, view=""):
    p = browser(["--dump-dom"], "file://" + page + view)
    d = Dom()
    d.feed(p.stdout)
    return d


# ---- the examples' database
db = os.path.join(tmp, "examples.db")
run([linger, "check", "--db", db] + sorted(glob.glob(os.path.join(src, "examples", "*.c")))
    + ["--", "-I" + os.path.join(src, "runtime", "include")], want=1)
env = dict(os.environ, LINGER_DB=db)
for ex in ("cache_unbounded", "closure_big_buffer", "emitter_strong", "registry_self"):
    run([os.path.join(build, "examples", ex)], cwd=tmp, env=env)
static = json.loads(run([linger, "findings", "--db", db, "--format", "json"]).stdout or "[]")
rtonly = json.loads(run([linger, "findings", "--db", db, "--format", "json", "--runtime-only"]).stdout or "[]")
page = os.path.join(tmp, "report.html")
run([linger, "report", "--db", db, "-o", page])
html = open(page).read()
for bad in ("<script src", "<link", "http://", "https://", "@import"):
    if bad in html:
        fails.append("the page is not self-contained: %r" % bad)

d = load(page)
if len(d.articles) != len(static) + len(rtonly) or len(d.articles) < 5:
    fails.append("%d articles for %d findings and %d runtime-only" % (len(d.articles), len(static), len(rtonly)))
want_status = sorted(["confirmed" if f["confirmed"] else "unconfirmed" for f in static]
                     + ["runtime-only"] * len(rtonly))
if sorted(a["status"] for a in d.articles) != want_status:
    fails.append("statuses %s, expected %s" % (sorted(a["status"] for a in d.articles), want_status))
for a in d.articles:
    if a["status"] not in a["text"]:
        fails.append("an article does not show its status %s" % a["status"])
growing = [f for f in static + rtonly if (f.get("evidence") or {}).get("kind") == "growth"]
if len(d.svgs) != len(growing) or not growing:
    fails.append("%d plots for %d growing containers" % (len(d.svgs), len(growing)))
for s in d.svgs:
    if "entries" not in s or "runtime operations" not in s:
        fails.append("a plot's axes are not labelled: %r" % s)
if d.paths < 4:
    fails.append("%d retention path chains, expected one per leak (4 at least)" % d.paths)
if d.shown != len(d.articles) or d.ready is None:
    fails.append("the page's script did not run: shown=%r ready=%r" % (d.shown, d.ready))
v = load(page, "#status=runtime-only")
if v.shown != len(rtonly) or sum(not a["hidden"] for a in v.articles) != len(rtonly):
    fails.append("#status=runtime-only shows %r of %d" % (v.shown, len(rtonly)))
v = load(page, "#rule=unbounded-cache&status=confirmed")
want = sum(1 for f in static if f["rule"] == "unbounded-cache" and f["confirmed"])
if v.shown != want or any(not a["hidden"] and a["rule"] != "unbounded-cache" for a in v.articles):
    fails.append("#rule=unbounded-cache&status=confirmed shows %r, expected %d" % (v.shown, want))

os.makedirs(outdir, exist_ok=True)
shot = os.path.join(outdir, "report.png")
if os.path.exists(shot):
    os.remove(shot)
browser(["--screenshot=" + shot, "--window-size=1280,2400", "--hide-scrollbars"], "file://" + page)
if not os.path.exists(shot) or os.path.getsize(shot) < 10000 or open(shot, "rb").read(8) != b"\x89PNG\r\n\x1a\n":
    fails.append("no screenshot at %s" % shot)

# ---- 1,000 findings
big = os.path.join(tmp, "big.db")
shutil.copy(db, big)
run([sys.executable, os.path.join(src, "tests", "report", "many_findings.py"), big, "1000"])
bigpage = os.path.join(tmp, "big.html")
run([linger, "report", "--db", big, "-o", bigpage])
b = load(bigpage)
if sum(1 for a in b.articles if a["rule"]) < 1000 or b.shown is None or b.shown < 1000:
    fails.append("the 1,000-finding page rendered %d articles, shown %r" % (len(b.articles), b.shown))

shutil.rmtree(tmp)
for f in fails:
    print("check_report: " + f, file=sys.stderr)
if not fails:
    print("check_report: %d findings rendered by %s with their status, %d plots, %d path chains; "
          "filters; screenshot %s; 1,000-finding page rendered (ready after %s ms)"
          % (len(d.articles), os.path.basename(chromium), len(d.svgs), d.paths, shot, b.ready))
sys.exit(1 if fails else 0)
