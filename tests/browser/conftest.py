"""Browser fixtures: the Debian Chromium through Playwright, and a real local HTTP server.

``chromium_browser`` (session) and ``tv_page`` (a fresh 1280x720 page in its own context) are
shared with other browser tests. The ``nav_`` fixtures serve the repository's ``assets/`` at
``/assets/`` and ``device_sim/fixtures/`` at ``/fixtures/``; in fixture pages the line
``<!--TVKEYS-->`` becomes the inline key map of the desktop profile, or of ``?profile=NAME``
(``NavServer`` lives in tests/support.py, which the device simulator's tests share).
Playwright never downloads a browser here: it only drives /usr/bin/chromium.
"""

import os

import pytest

from support import ASSETS, FIXTURES, LAYOUTS, PLACEHOLDER, ROOT, NavServer, tvkeys_script

__all__ = ["ASSETS", "FIXTURES", "LAYOUTS", "PLACEHOLDER", "ROOT", "NavServer", "tvkeys_script"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


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
