"""`portal check-nav`: walk every TV screen with the headless box and report what a resident
holding only a remote could not do.

From the start page the walker follows every link (and colour/page key) a screen offers, as a box
would: focus the item, press OK, then press BACK and check it returns to the same screen with the
same item focused. On each screen it checks that something is focused on load, that arrows
reach every item and lead back to where focus started, that items sit inside the safe area, and
that there are not too many of them. Screens of the same shape (ranking page 3 and page 4) are
sampled, not all walked.
"""

import asyncio
import collections
import contextlib
import re
import threading
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from .tv.layout import SAFE_AREA

MAX_FOCUSABLE = 150
DIRECTIONS = ("UP", "DOWN", "LEFT", "RIGHT")


@dataclass
class Finding:
    url: str
    kind: str
    detail: str


@dataclass
class Report:
    start: str
    pages: list = field(default_factory=list)
    findings: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.findings

    def render(self):
        lines = ["check-nav from %s: %d screens walked, %d problems"
                 % (self.start, len(self.pages), len(self.findings))]
        by_page = collections.OrderedDict()
        for finding in self.findings:
            by_page.setdefault(finding.url, []).append(finding)
        for url, findings in by_page.items():
            lines.append("")
            lines.append("  " + url)
            for finding in findings:
                lines.append("    %-16s %s" % (finding.kind, finding.detail))
        lines.append("")
        lines.append("OK: every screen can be reached, driven and left by the remote."
                     if self.ok else "FAILED")
        return "\n".join(lines)


def shape_of(url):
    """Screens that differ only in ids and query values share a shape: /tv/lists/N?page."""
    parts = urlsplit(url)
    path = re.sub(r"\d+", "N", parts.path)
    keys = sorted({key for key, _ in parse_qsl(parts.query) if key != "stb"})
    return path + ("?" + "&".join(keys) if keys else "")


class NavChecker:
    def __init__(self, base_url, box_id=None, start="/tv/", per_shape=3, max_pages=300,
                 stb_factory=None):
        if stb_factory is None:
            from device_sim import VirtualSTB as stb_factory
        self.base_url = base_url.rstrip("/")
        self.box_id = box_id
        self.start = start
        self.per_shape = per_shape
        self.max_pages = max_pages
        self.stb = stb_factory(self.base_url, box_id=box_id)
        self.report = Report(start=self.base_url + start)

    def find(self, url, kind, detail):
        self.report.findings.append(Finding(url, kind, detail))

    def run(self):
        stb = self.stb
        stb.open(self.start)
        home = stb.url
        queue = collections.deque([home])
        seen = {home}
        shapes = collections.Counter()
        while queue and len(self.report.pages) < self.max_pages:
            url = queue.popleft()
            shape = shape_of(url)
            if shapes[shape] >= self.per_shape:
                continue
            shapes[shape] += 1
            for child in self.check_screen(url):
                if child not in seen:
                    seen.add(child)
                    queue.append(child)
        return self.report

    def enter(self, url):
        """Open a screen afresh, with an empty back stack, as if the box had just tuned in."""
        self.stb.press("HOME")
        if self.stb.url != url:
            self.stb.open(url)

    def check_screen(self, url):
        stb = self.stb
        self.enter(url)
        self.report.pages.append(url)
        if stb.status != 200:
            self.find(url, "status", "answered HTTP %d" % stb.status)
        if stb.focused is None:
            self.find(url, "no-focus", "nothing is focused when the screen opens")
            return []
        self.check_items(url)
        self.check_arrows(url)
        if stb.body.get("data-exit-dialog"):
            self.check_exit_dialog(url)
        return self.check_ways_out(url)

    def check_items(self, url):
        items = self.stb.all_items
        if len(items) > MAX_FOCUSABLE:
            self.find(url, "too-many", "%d focusable items (at most %d)"
                      % (len(items), MAX_FOCUSABLE))
        left, top, right, bottom = SAFE_AREA
        for item in items:
            x, y, w, h = item.box
            if x < left or y < top or x + w > right or y + h > bottom:
                self.find(url, "outside-safe", "%s at %d,%d %dx%d is outside the safe area "
                          "%d,%d-%d,%d" % (item.id, x, y, w, h, left, top, right, bottom))

    def arrow_graph(self):
        ids = [item.id for item in self.stb.items]
        graph = {}
        for item_id in ids:
            graph[item_id] = set()
            for direction in DIRECTIONS:
                target = self.stb.move_target(item_id, direction)
                if target and "id" in target:
                    graph[item_id].add(target["id"])
        return ids, graph

    def check_arrows(self, url):
        start = self.stb.focused
        ids, graph = self.arrow_graph()
        reached = _closure(graph, start)
        missing = [i for i in ids if i not in reached]
        if missing:
            self.find(url, "unreachable", "no arrow sequence from %s reaches %s"
                      % (start, ", ".join(missing)))
        trapped = [i for i in sorted(reached) if start not in _closure(graph, i)]
        if trapped:
            self.find(url, "focus-trap", "from %s the arrows never lead back to %s"
                      % (", ".join(trapped), start))

    def check_exit_dialog(self, url):
        stb = self.stb
        before = stb.focused
        stb.press("BACK")
        if stb.url != url or stb.modal is None:
            self.find(url, "exit-dialog", "BACK on this screen should ask before leaving")
            self.enter(url)
            return
        if stb.focused is None or stb.focused not in {i.id for i in stb.items}:
            self.find(url, "exit-dialog", "the exit dialog opened without focus inside it")
        stb.press("BACK")
        if stb.modal is not None or stb.focused != before:
            self.find(url, "exit-dialog", "BACK did not close the dialog and restore %s" % before)

    def ways_out(self):
        """(kind, item id or key, href) for every link and key link on the screen."""
        stb = self.stb
        out = [("item", item.id, item.href) for item in stb.all_items
               if item.href and not item.href.startswith("#") and item.action is None]
        # Key links as the engine follows them: visible <a> elements with a real href.
        out += [("key", link.key, link.href) for link in stb.document.links
                if link.tag == "a" and not link.hidden and link.href
                and not link.href.startswith("#")]
        return out

    def check_ways_out(self, url):
        stb = self.stb
        children = []
        for kind, name, _ in self.ways_out():
            if stb.url != url or stb.modal is not None:
                stb.open(url)  # BACK usually brings the box here already: no request needed
            if kind == "item":
                stb.focus(name)
                stb.press("OK")
            else:
                stb.press(name)
            child, child_status = stb.url, stb.status
            if child == url:
                continue
            if child_status >= 400:
                self.find(url, "broken-link", "%s leads to %s (HTTP %d)"
                          % (name, child, child_status))
                continue
            children.append(child)
            pushed = bool(stb.back_stack)
            left_from = stb.focused
            stb.press("BACK")
            if pushed and (stb.url != url or (kind == "item" and stb.focused != name)):
                self.find(child, "back", "BACK from here went to %s (focus %s), not back to %s "
                          "(focus %s)" % (stb.url, stb.focused, url, name))
            elif stb.url == child and stb.modal is None:
                self.find(child, "back", "BACK does not leave this screen (focus stayed on %s)"
                          % left_from)
        return children


def _closure(graph, start):
    seen, todo = {start}, [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


@contextlib.contextmanager
def portal_in_thread(db_path, clock=None, **settings):
    """The portal on a free loopback port, in a thread of this process: yields its base URL.

    ``clock`` and ``settings`` go to make_app and make_settings (tests fix the clock and turn on
    strict templates)."""
    import tornado.httpserver
    import tornado.netutil

    from .app import make_app
    from .settings import make_settings
    from .store import Store

    ready = threading.Event()
    state = {}

    def run():
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            store = Store.open(db_path)
            options = {"clock": clock} if clock else {}
            app = make_app(make_settings(db=str(db_path), **settings), store=store, **options)
            sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
            server = tornado.httpserver.HTTPServer(app)
            server.add_sockets(sockets)
        except Exception as exc:  # handed to the caller's thread below
            state["error"] = exc
            ready.set()
            return
        state.update(loop=loop, port=sockets[0].getsockname()[1])
        ready.set()
        loop.run_forever()
        server.stop()
        store.close()
        loop.close()

    thread = threading.Thread(target=run, name="check-nav-portal", daemon=True)
    thread.start()
    ready.wait(30)
    if "error" in state:
        raise state["error"]
    try:
        yield "http://127.0.0.1:%d" % state["port"]
    finally:
        state["loop"].call_soon_threadsafe(state["loop"].stop)
        thread.join(10)
