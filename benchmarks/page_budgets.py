"""Every TV screen against the set-top box budgets: HTML size, focusable items, DOM nodes, JS.

Seeds a demo county into a temporary directory (unless ``--db`` names one), starts
``portal serve`` on 127.0.0.1 as a subprocess, fetches every screen as the first demo household's
box (cookie ``stb=STB00000001``) and loads each one in Chromium to count DOM nodes after load.

Budgets (per screen): HTML <= 30 KB, <= 150 focusable items (``.f``), <= 1,000 DOM nodes.
Budget (all TV JavaScript): assets/js/*.js gzipped as served plus the largest inline key-map
``<script>`` of any key profile, <= 8 KB gzipped.

Baselines measured in the same run: the "shell" (the 404 message screen, i.e. the header,
legend and scripts every screen carries) for the per-screen figures, and the same JavaScript
gzipped as one concatenated file for the JS total.

Exit status: 0 all budgets met, 1 a budget exceeded, 2 could not measure (e.g. no Chromium).
"""

import argparse
import gzip
import math
import os
import re
import sys
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

HTML_BUDGET = 30 * 1024
FOCUS_BUDGET = 150
DOM_BUDGET = 1000
JS_GZ_BUDGET = 8 * 1024
BOX = "STB00000001"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


class PageScan(HTMLParser):
    """Counts elements and ``.f`` items; collects links, script sources and inline scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = 0
        self.focusables = 0
        self.hrefs = []
        self.script_srcs = []
        self.inline_scripts = []
        self._in_inline = False
        self._buffer = []

    def handle_starttag(self, tag, attrs):
        self.elements += 1
        attrs = dict(attrs)
        if "f" in (attrs.get("class") or "").split():
            self.focusables += 1
        if attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "script":
            if attrs.get("src"):
                self.script_srcs.append(attrs["src"])
            else:
                self._in_inline, self._buffer = True, []

    def handle_endtag(self, tag):
        if tag == "script" and self._in_inline:
            self.inline_scripts.append("".join(self._buffer))
            self._in_inline = False

    def handle_data(self, data):
        if self._in_inline:
            self._buffer.append(data)


def scan(html_bytes):
    parser = PageScan()
    parser.feed(html_bytes.decode("utf-8", "replace"))
    parser.close()
    return parser


def fetch(base, path, cookie=None, gzip_ok=False):
    """(status, body bytes as sent on the wire, headers). No cookie jar: nothing sticks."""
    headers = {"User-Agent": "Mozilla/5.0 (page_budgets)",
               "Accept-Encoding": "gzip" if gzip_ok else "identity"}
    if cookie:
        headers["Cookie"] = cookie
    request = urllib.request.Request(base + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def served_gzip_size(base, path, cookie=None):
    """Bytes of the body as served to a client that accepts gzip (0 status on failure)."""
    status, body, headers = fetch(base, path, cookie, gzip_ok=True)
    encoded = headers.get("Content-Encoding", "") == "gzip"
    size = len(body) if encoded else len(gzip.compress(body, 6))
    return status, size, encoded


def pager_pages(html_bytes):
    match = re.search(r"第 (\d+)/(\d+) 页", html_bytes.decode("utf-8", "replace"))
    return int(match.group(2)) if match else 1


def screens(base):
    """[(label, path, cookie, expected status)] for every TV screen, found by following links."""
    cookie = "stb=%s" % BOX
    out = [("home", "/tv/?stb=%s" % BOX, cookie, 200)]
    for period in ("month", "quarter", "year"):
        for scope in ("village", "town", "county"):
            out.append(("ranking %s/%s" % (period, scope),
                        "/tv/ranking?period=%s&scope=%s" % (period, scope), cookie, 200))
    _, first, _ = fetch(base, "/tv/ranking?period=year&scope=county", cookie)
    pages = pager_pages(first)
    for number in sorted({max(2, math.ceil(pages / 2)), pages}):
        if number > 1:
            out.append(("ranking year/county p%d/%d" % (number, pages),
                        "/tv/ranking?period=year&scope=county&page=%d" % number, cookie, 200))
    out += [("passbook", "/tv/passbook", cookie, 200),
            ("shop", "/tv/shop", cookie, 200),
            ("lists", "/tv/lists", cookie, 200)]
    _, lists, _ = fetch(base, "/tv/lists", cookie)
    category = next(h for h in scan(lists).hrefs if re.fullmatch(r"/tv/lists/\d+", h))
    out.append(("category %s" % category.rsplit("/", 1)[1], category, cookie, 200))
    _, items, _ = fetch(base, category, cookie)
    item = next(h for h in scan(items).hrefs if re.fullmatch(r"/tv/lists/item/\d+", h))
    for tab in ("summary", "materials", "flow", "faq"):
        out.append(("guide %s %s" % (item.rsplit("/", 1)[1], tab),
                    "%s?tab=%s" % (item, tab), cookie, 200))
    out.append(("notices", "/tv/notices", cookie, 200))
    _, notices, _ = fetch(base, "/tv/notices", cookie)
    notice = next((h for h in scan(notices).hrefs if re.fullmatch(r"/tv/notices/\d+", h)), None)
    if notice:
        out.append(("notice %s" % notice.rsplit("/", 1)[1], notice, cookie, 200))
    else:
        print("note: the notices list links to no notice; no notice screen measured")
    out += [("help", "/tv/help", cookie, 200),
            ("404 page", "/tv/no-such-screen", cookie, 404),
            ("unbound box", "/tv/?stb=NOPE", None, 200)]
    return out


def dom_counts(base, shots, timeout_ms=15000):
    """{path: (DOM nodes, .f in DOM)} after load in headless Chromium, each in a fresh context."""
    from playwright.sync_api import sync_playwright

    counts = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            for _, path, cookie, _ in shots:
                context = browser.new_context(viewport={"width": 1280, "height": 720})
                context.set_default_timeout(timeout_ms)
                if cookie:
                    name, value = cookie.split("=", 1)
                    context.add_cookies([{"name": name, "value": value, "url": base + "/"}])
                page = context.new_page()
                page.goto(base + path, wait_until="load")
                counts[path] = page.evaluate(
                    "[document.getElementsByTagName('*').length,"
                    " document.querySelectorAll('.f').length]")
                context.close()
        finally:
            browser.close()
    return counts


def measure(base, use_browser):
    failures = []
    shots = screens(base)
    rows, measured = [], []
    for label, path, cookie, expected in shots:
        status, body, _ = fetch(base, path, cookie)
        gz_status, gz_size, encoded = served_gzip_size(base, path, cookie)
        page = scan(body)
        if status != expected or gz_status != expected:
            failures.append("%s: status %s (expected %s)" % (label, status, expected))
        measured.append([label, path, len(body), gz_size, encoded, page.focusables,
                         page.elements])
    doms = dom_counts(base, shots) if use_browser else {}

    shell = next(m for m in measured if m[0] == "404 page")
    shell_dom = doms.get(shell[1], [None])[0]
    for label, path, size, gz, encoded, focus, elements in measured:
        dom, dom_f = doms.get(path, (None, None))
        over = []
        if size > HTML_BUDGET:
            over.append("HTML")
        if focus > FOCUS_BUDGET:
            over.append(".f")
        if (dom is not None and dom > DOM_BUDGET) or elements > DOM_BUDGET:
            over.append("DOM")
        if dom_f is not None and dom_f != focus:
            failures.append("%s: %d .f in the markup but %d in the DOM" % (label, focus, dom_f))
        for what in over:
            failures.append("%s: %s over budget" % (label, what))
        rows.append([
            label, "%d" % size, "%.0f%%" % (100.0 * size / HTML_BUDGET),
            "%+d" % (size - shell[2]), "%d%s" % (gz, "" if encoded else "*"),
            focus, elements, "-" if dom is None else dom,
            "-" if dom is None or shell_dom is None else "%+d" % (dom - shell_dom),
            "OVER " + ",".join(over) if over else "ok"])

    print("Screens as box %s (budgets: HTML <= %d B, <= %d .f, <= %d DOM nodes)" % (
        BOX, HTML_BUDGET, FOCUS_BUDGET, DOM_BUDGET))
    print(_common.table(
        ["screen", "HTML B", "of budget", "vs shell", "gzip B", ".f", "tags", "DOM",
         "DOM vs shell", "verdict"], rows))
    print("(shell = the 404 screen: header, legend and scripts every screen carries; "
          "tags = elements in the served HTML; DOM = Chromium's count after load"
          "%s)" % ("" if use_browser else "; Chromium skipped"))
    if any(not m[4] for m in measured):
        print("* not gzipped by the server; size shown is gzip -6 of the body")

    sizes = sorted(m[2] for m in measured)
    focus = sorted(m[5] for m in measured)
    print("\nHTML bytes min/median/max: %d / %d / %d  (largest = %.0f%% of budget)" % (
        *_common.spread(sizes), 100.0 * sizes[-1] / HTML_BUDGET))
    print(".f items  min/median/max: %d / %d / %d" % _common.spread(focus))
    if doms:
        nodes = sorted(v[0] for v in doms.values())
        print("DOM nodes min/median/max: %d / %d / %d  (largest = %.0f%% of budget)" % (
            *_common.spread(nodes), 100.0 * nodes[-1] / DOM_BUDGET))
    return failures


def measure_js(base):
    failures = []
    from portal.tv.keys import PROFILES

    cookie = "stb=%s" % BOX
    _, home, _ = fetch(base, "/tv/", cookie)
    referenced = [src.split("?")[0] for src in scan(home).script_srcs]
    on_disk = ["/assets/js/%s" % p.name for p in sorted(Path(
        _static_path(), "js").glob("*.js"))]
    paths = list(dict.fromkeys(on_disk + referenced))
    rows, raw_all, served_total = [], b"", 0
    for path in paths:
        status, raw, _ = fetch(base, path)
        gz_status, gz_size, encoded = served_gzip_size(base, path)
        if status != 200 or gz_status != 200:
            failures.append("%s: status %s" % (path, status))
        raw_all += raw
        served_total += gz_size
        rows.append([path, len(raw), "%d%s" % (gz_size, "" if encoded else "*"),
                     "yes" if path in referenced else "NOT on the home page"])

    inline = []
    for name in PROFILES:
        status, body, _ = fetch(base, "/tv/?profile=%s" % name, cookie)
        scripts = scan(body).inline_scripts
        if status != 200 or not scripts:
            failures.append("profile %s: status %s, %d inline scripts" % (
                name, status, len(scripts)))
            continue
        largest = max(scripts, key=len).encode("utf-8")
        inline.append((len(gzip.compress(largest, 6)), len(largest), name, largest))
    inline.sort()
    gz_inline, raw_inline, worst, worst_text = inline[-1]
    rows.append(["inline key map (largest: %s of %d profiles)" % (worst, len(inline)),
                 raw_inline, gz_inline, "every page"])
    total = served_total + gz_inline
    bundled = len(gzip.compress(raw_all + worst_text, 6))
    print("\nTV JavaScript (budget: <= %d B gzipped in all)" % JS_GZ_BUDGET)
    print(_common.table(["script", "raw B", "gzip B", "referenced"], rows))
    print("inline key maps gzipped by profile: %s" % ", ".join(
        "%s %d" % (name, gz) for gz, _, name, _ in inline))
    print("TOTAL JS gzipped: %d B = %.0f%% of the %d B budget (%s)" % (
        total, 100.0 * total / JS_GZ_BUDGET, JS_GZ_BUDGET,
        "ok" if total <= JS_GZ_BUDGET else "OVER"))
    print("baseline, the same JS as one gzipped file: %d B (separate files cost %.2fx)" % (
        bundled, total / bundled))
    if total > JS_GZ_BUDGET:
        failures.append("TV JavaScript: %d B gzipped, over %d B" % (total, JS_GZ_BUDGET))
    return failures


def _static_path():
    from portal.settings import DEFAULTS
    return DEFAULTS["static_path"]


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Measure every TV screen (HTML bytes, gzipped bytes, focusable items, DOM "
        "nodes in Chromium) and all TV JavaScript against the set-top box budgets. Exits 1 if "
        "any budget is exceeded.")
    parser.add_argument("--db", help="an already seeded database (default: seed a demo county "
                        "into a temporary directory)")
    parser.add_argument("--no-browser", action="store_true",
                        help="skip Chromium (DOM nodes are then counted in the served HTML only)")
    args = parser.parse_args(argv)

    use_browser = not args.no_browser
    if use_browser and not os.access(CHROMIUM, os.X_OK):
        print("no Chromium at %s (use --no-browser to measure without it)" % CHROMIUM,
              file=sys.stderr)
        return 2
    if use_browser:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            print("playwright is not installed (pip install -e '.[test]'), or use --no-browser",
                  file=sys.stderr)
            return 2

    print("page_budgets: %s" % _common.env_note())
    with _common.temp_dir("page-budgets-") as tmp:
        db = args.db
        if db is None:
            _common.require_catalog()
            db = tmp / "demo.db"
            seconds = _common.seed(db, "demo")
            print("seeded a demo county into a temporary file in %.1f s" % seconds)
        elif not os.path.exists(db):
            print("no such database: %s" % db, file=sys.stderr)
            return 2
        port = _common.free_port()
        base = "http://%s:%d" % (_common.HOST, port)
        started = time.perf_counter()
        with _common.running(_common.portal_serve(db, port), base):
            print("portal serve healthy after %.1f s at %s\n" % (
                time.perf_counter() - started, base))
            failures = measure(base, use_browser)
            failures += measure_js(base)

    print()
    if failures:
        print("BUDGETS EXCEEDED or checks failed (%d):" % len(failures))
        for failure in failures:
            print("  - " + failure)
        return 1
    print("all budgets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
