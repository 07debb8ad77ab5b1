"""A real portal server in a thread, and an HTTP client that behaves like a box."""

import asyncio
import http.cookiejar
import threading
import urllib.error
import urllib.request

import tornado.httpserver
import tornado.netutil
from bs4 import BeautifulSoup

from portal.app import make_app
from portal.settings import make_settings
from portal.store import Store

# A fixed clock: the demo county's notices are dated around this day.
DEMO_NOW = "2026-12-03 12:00:00"


class LiveServer:
    """The portal app on 127.0.0.1 in its own thread and event loop, with its own Store."""

    def __init__(self, db_path, clock=lambda: DEMO_NOW, **settings):
        self.db_path = db_path
        self.clock = clock
        self.settings = make_settings(db=str(db_path), strict_templates=True, **settings)
        self.ready = threading.Event()
        self.error = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self.thread.start()
        self.ready.wait(30)
        if self.error:
            raise self.error
        return self

    def _run(self):
        try:
            self.loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self.loop)
            self.store = Store.open(self.db_path)
            app = make_app(self.settings, store=self.store, clock=self.clock)
            sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
            self.port = sockets[0].getsockname()[1]
            self.server = tornado.httpserver.HTTPServer(app)
            self.server.add_sockets(sockets)
        except Exception as exc:  # surfaced to the test thread by start()
            self.error = exc
            self.ready.set()
            return
        self.ready.set()
        self.loop.run_forever()
        self.server.stop()
        self.store.close()
        self.loop.close()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def stop(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


class Response:
    def __init__(self, status, body, headers):
        self.status = status
        self.body = body
        self.headers = headers
        self.text = body.decode("utf-8", "replace")
        self._soup = None

    @property
    def soup(self):
        if self._soup is None:
            self._soup = BeautifulSoup(self.text, "html.parser")
        return self._soup

    def select(self, css):
        return self.soup.select(css)

    def focusables(self):
        return self.soup.select(".f")


class TVClient:
    """A box talking HTTP to the portal: it keeps cookies, as a set-top box's browser does."""

    def __init__(self, base, user_agent="Mozilla/5.0"):
        self.base = base
        self.user_agent = user_agent
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        request = urllib.request.Request(self.base + path,
                                         headers={"User-Agent": self.user_agent})
        try:
            with self.opener.open(request, timeout=30) as response:
                return Response(response.status, response.read(), response.headers)
        except urllib.error.HTTPError as error:
            return Response(error.code, error.read(), error.headers)


