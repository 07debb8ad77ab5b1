"""Browser fixtures: the Debian Chromium through Playwright, and a real local HTTP server.

``chromium_browser`` (session) and ``tv_page`` (a fresh 1280x720 page in its own context) are
shared with other browser tests. The ``nav_`` fixtures serve the repository's ``assets/`` at
``/assets/`` and ``device_sim/fixtures/`` at ``/fixtures/``; in fixture pages the line
``<!--TVKEYS-->`` becomes the inline key map of the desktop profile, or of ``?profile=NAME``.
Playwright never downloads a browser here: it only drives /usr/bin/chromium.
"""

import asyncio
import mimetypes
import os
import threading
from pathlib import Path
from urllib.parse import quote

import pytest
import tornado.httpserver
import tornado.netutil
import tornado.web

from portal.tv.keys import DEFAULT_PROFILE, PROFILES, key_map_json

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "assets"
FIXTURES = ROOT / "device_sim" / "fixtures"
LAYOUTS = FIXTURES / "layouts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PLACEHOLDER = b"<!--TVKEYS-->"


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
    """Tornado on 127.0.0.1:<free port>, running its own event loop in a background thread."""

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


@pytest.fixture(scope="session")
def nav_server():
    server = NavServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def chromium_browser():
    if os.environ.get("CI") == "true" and not os.access(CHROMIUM, os.X_OK):
        pytest.fail("CI must run the browser tests: install Debian's chromium (see .ci/run)")
    sync_api = pytest.importorskip("playwright.sync_api")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip("no Chromium at %s (apt-get install chromium)" % CHROMIUM)
    playwright = sync_api.sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def tv_page(chromium_browser):
    """A new 1280x720 page in a new context (own cookies), closed after the test."""
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 720})
    context.set_default_timeout(10000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def nav_page(tv_page, nav_server):
    """open(name, profile=None, fragment="") loads a layout fixture into tv_page and returns it."""

    def open_layout(name, profile=None, fragment=""):
        tv_page.goto(nav_server.layout_url(name, profile) + fragment)
        return tv_page

    return open_layout
