"""A real portal server in a thread, an HTTP client that behaves like a box, and the layout
fixture server (``NavServer``) shared by the browser tests and the device simulator's tests."""

import asyncio
import http.cookiejar
import mimetypes
import threading
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import tornado.httpserver
import tornado.netutil
import tornado.web
from bs4 import BeautifulSoup

from portal.checknav import portal_in_thread
from portal.tv.keys import DEFAULT_PROFILE, PROFILES, key_map_json

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "assets"
FIXTURES = ROOT / "device_sim" / "fixtures"
LAYOUTS = FIXTURES / "layouts"
PLACEHOLDER = b"<!--TVKEYS-->"

# A fixed clock: the demo county's notices are dated around this day.
DEMO_NOW = "2026-12-03 12:00:00"


class LiveServer:
    """The portal app on 127.0.0.1 in its own thread and event loop, with its own Store, strict
    templates and a fixed clock: the same runner ``portal check-nav --db`` uses."""

    def __init__(self, db_path, clock=lambda: DEMO_NOW, **settings):
        self.db_path = db_path
        self._running = portal_in_thread(db_path, clock=clock, strict_templates=True, **settings)
        self.url = None

    def start(self):
        self.url = self._running.__enter__()
        return self

    def stop(self):
        self._running.__exit__(None, None, None)


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




# --- layout fixtures ------------------------------------------------------------------------

def tvkeys_script(profile=DEFAULT_PROFILE):
    """The inline script the server puts before the engine for a profile."""
    return '<script>var TVKEYS=%s,TVPROFILE="%s";</script>' % (key_map_json(profile), profile)


class _FixtureHandler(tornado.web.RequestHandler):
    def get(self, path):
        full = (FIXTURES / path).resolve()
        if FIXTURES.resolve() not in full.parents or not full.is_file():
            raise tornado.web.HTTPError(404)
        data = full.read_bytes()
        if full.suffix == ".html":
            profile = self.get_argument("profile", DEFAULT_PROFILE)
            if profile not in PROFILES:
                raise tornado.web.HTTPError(400, "unknown profile")
            data = data.replace(PLACEHOLDER, tvkeys_script(profile).encode())
            self.set_header("Content-Type", "text/html; charset=utf-8")
        else:
            self.set_header("Content-Type", mimetypes.guess_type(full.name)[0] or "application/octet-stream")
        self.set_header("Cache-Control", "no-store")
        self.write(data)


class _AssetHandler(tornado.web.StaticFileHandler):
    def set_extra_headers(self, path):
        self.set_header("Cache-Control", "no-store")


class NavServer:
    """Tornado on 127.0.0.1:<free port>, running its own event loop in a background thread.

    Serves the repository's ``assets/`` at ``/assets/`` and ``device_sim/fixtures/`` at
    ``/fixtures/``; in fixture pages the line ``<!--TVKEYS-->`` becomes the inline key map of
    the desktop profile, or of ``?profile=NAME``.
    """

    def __init__(self):
        self.app = tornado.web.Application([
            (r"/assets/(.*)", _AssetHandler, {"path": str(ASSETS)}),
            (r"/fixtures/(.*)", _FixtureHandler),
        ], log_function=lambda handler: None)
        self._sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
        self.port = self._sockets[0].getsockname()[1]
        self.base = "http://127.0.0.1:%d" % self.port
        self._ready = threading.Event()
        self._thread = threading.Thread(target=asyncio.run, args=(self._main(),), name="nav-server", daemon=True)

    async def _main(self):
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        server = tornado.httpserver.HTTPServer(self.app)
        server.add_sockets(self._sockets)
        self._ready.set()
        await self._stop.wait()
        server.stop()
        await asyncio.wait_for(server.close_all_connections(), 5)

    def start(self):
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("fixture server did not start")

    def stop(self):
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)

    def url(self, path):
        return self.base + path

    def layout_url(self, name, profile=None):
        """URL of device_sim/fixtures/layouts/NAME.html, optionally for another key profile."""
        url = self.url("/fixtures/layouts/%s.html" % quote(name))
        return url + ("?profile=%s" % profile if profile else "")
