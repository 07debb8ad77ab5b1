"""Chromium (the real engine) and the device simulator agree, key after key.

For every layout fixture and three screens of the demo portal (home, ranking, a list of
items), a seeded random walk of 40 keys over arrows, digits, OK and BACK is pressed in both;
links are followed wherever they lead. After every key the focused id, the URL (path and query)
and the fragment must be the same in both.
"""

import contextlib
import random
import time
import zlib
from urllib.parse import urlsplit

import pytest

from device_sim import VirtualSTB
from support import LAYOUTS

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # the chromium_browser fixture skips these tests
    PlaywrightTimeout = TimeoutError

pytestmark = pytest.mark.browser

STEPS = 40
BOX = "STB00000001"
ARROWS = ("UP", "DOWN", "LEFT", "RIGHT")
DIGITS = tuple("NUM_%d" % n for n in range(10))
KEYBOARD = {"UP": "ArrowUp", "DOWN": "ArrowDown", "LEFT": "ArrowLeft", "RIGHT": "ArrowRight",
            "OK": "Enter", "BACK": "Backspace"}
KEYBOARD.update(("NUM_%d" % n, str(n)) for n in range(10))
NAVIGATION_TIMEOUT = 5000
THROTTLE = 0.13  # the engine acts on a key at most once per 120 ms
BUSY = 2.05  # after a click that loads nothing, the engine ignores keys for 2 s

WALKS = [("layout", name, "/fixtures/layouts/%s.html" % name)
         for name in sorted(p.stem for p in LAYOUTS.glob("*.html"))]
WALKS += [("portal", "home", "/tv/"), ("portal", "ranking", "/tv/ranking"),
          ("portal", "list-items", "/tv/lists/1")]

# Counts hashchange events, so a fragment navigation (no new document) can be waited for.
HASHCHANGES = "window.__hc = 0; window.addEventListener('hashchange', function () { window.__hc++; });"
STATE = """() => [window.TV && TV.focused(), document.activeElement && document.activeElement.id,
                  location.href]"""
# One round trip for a key that stays on the page: press through the engine's hook, read back.
PRESS = """k => { TV.press(k);
                  return [TV.focused(), document.activeElement && document.activeElement.id,
                          location.href]; }"""


def pick(rng, stb):
    r = rng.random()
    return (rng.choice(ARROWS) if r < 0.5 else rng.choice(DIGITS) if r < 0.7
            else "OK" if r < 0.85 else "BACK")


@contextlib.contextmanager
def landing(page, loaded, hashed):
    """Around a press: wait for the new page, or for the hashchange, the simulator saw."""
    if loaded:
        with page.expect_navigation(wait_until="domcontentloaded", timeout=NAVIGATION_TIMEOUT):
            yield
    elif hashed:
        page.evaluate("window.__hc = 0")
        yield
        page.wait_for_function("window.__hc > 0", timeout=NAVIGATION_TIMEOUT)
    else:
        yield


def split_state(state):
    focused, active, href = state
    parts = urlsplit(href)
    return focused, active, parts.path + ("?" + parts.query if parts.query else ""), parts.fragment


def assert_same(state, stb, walk):
    focused, active, url, fragment = split_state(state)
    where = "%s after %s" % (walk[0], " ".join(walk[1:]) or "loading")
    assert url == stb.url, "%s: Chromium on %s, simulator on %s" % (where, url, stb.url)
    assert fragment == urlsplit(stb.location).fragment, "%s: fragment" % where
    assert focused == stb.focused, "%s: Chromium focus %r, simulator %r" % (where, focused, stb.focused)
    assert active == focused, "%s: document.activeElement is %r" % (where, active)


@pytest.mark.parametrize("kind, name, path", WALKS, ids=["%s-%s" % (k, n) for k, n, _ in WALKS])
def test_chromium_and_simulator_agree(request, tv_page, kind, name, path):
    if kind == "layout":
        base, box = request.getfixturevalue("nav_server").base, None
    else:
        base, box = request.getfixturevalue("live_server").url, BOX
    page = tv_page
    page.add_init_script(HASHCHANGES)
    stb = VirtualSTB(base, box_id=box).open(path)
    page.goto(stb.location)
    walk = [name]
    assert_same(page.evaluate(STATE), stb, walk)

    rng = random.Random(zlib.crc32(name.encode()))
    typed, typed_at = None, 0.0  # the last key typed on this page, and when
    for _ in range(STEPS):
        key = pick(rng, stb)
        document, location = stb.document, stb.location
        stb.press(key)
        walk.append(key)
        # The keyboard for OK, BACK and every key that leaves the page; the engine's hook for
        # arrows and digits that stay (one round trip), and for a key typed on this page less
        # than 120 ms ago, which the engine would drop as held.
        hook = key == typed and time.monotonic() - typed_at < THROTTLE
        loaded = stb.document is not document
        hashed = not loaded and stb.location != location
        if not (loaded or hashed) and (hook or key not in ("OK", "BACK")):
            state = page.evaluate(PRESS, key)
        else:
            try:
                with landing(page, loaded, hashed):
                    if hook:
                        page.evaluate("k => TV.press(k)", key)
                    else:
                        page.keyboard.press(KEYBOARD[key])
                        typed, typed_at = key, time.monotonic()
            except PlaywrightTimeout:
                pytest.fail("%s after %s: the simulator went to %s, Chromium stayed on %s" % (
                    walk[0], " ".join(walk[1:]), stb.location, page.url))
            state = page.evaluate(STATE)
        if loaded:
            typed = None
        if stb.stalled:
            time.sleep(BUSY)
        assert_same(state, stb, walk)
