"""The browser emulator (/emulator/) in Chromium: for every key profile, its on-screen remote
moves focus in the framed portal with that profile's real codes and event types; the page's
keyboard, the box selector and the safe-area overlay work; the layout fits common windows."""

import pytest

from portal.tv.keys import PROFILES

pytestmark = pytest.mark.browser

# The framed portal, read from the emulator page (same origin).
FRAME = "document.getElementById('frame').contentWindow"
SCREEN = """([page, profile, box]) => {
    try {
        const w = %s, d = w.document;
        return !!(w.TV && d.body && d.body.getAttribute('data-page') === page
            && (!profile || w.TVPROFILE === profile)
            && (!box || new URLSearchParams(w.location.search).get('stb') === box)
            && d.activeElement && d.activeElement.id);
    } catch (e) { return false; }
}""" % FRAME
FOCUSED = "() => %s.document.activeElement.id" % FRAME
LAST_KEY = "() => Object.assign({}, document.querySelector('#key-log tr').dataset)"


def first_code(profile, key):
    """The code the emulator sends: the first the profile's table lists for the key."""
    return next(code for code, k in PROFILES[profile]["keys"].items() if k == key)


def event_types(profile, code):
    if profile == "ipanel":
        return "keypress irkeypress"
    printable = code in (13, 32) or 48 <= code <= 57 or 65 <= code <= 90
    return "keydown keypress" if printable else "keydown"


@pytest.fixture
def emulator(chromium_browser, live_server):
    def open_at(width=1440, height=900, profile="desktop"):
        context = chromium_browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(10000)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(error))
        contexts.append(context)
        page.goto(live_server.url + "/emulator/?profile=" + profile)
        wait_screen(page, "home", profile, "STB00000001")
        return page

    errors, contexts = [], []
    yield open_at
    for context in contexts:
        context.close()
    assert not errors


def wait_screen(page, name, profile=None, box=None):
    page.wait_for_function(SCREEN, arg=[name, profile, box])


def focused(page):
    return page.evaluate(FOCUSED)


def remote(page, key, then_focus=None):
    page.click('#remote .key[data-key="%s"]' % key)
    if then_focus:
        page.wait_for_function("id => (%s)() === id" % FOCUSED, arg=then_focus)


def test_every_profile_drives_the_portal_with_its_own_codes(emulator):
    page = emulator()
    for profile in PROFILES:
        page.select_option("#profile", profile)
        wait_screen(page, "home", profile, "STB00000001")
        assert focused(page) == "tile-ranking", profile

        remote(page, "RIGHT", then_focus="tile-passbook")
        code = first_code(profile, "RIGHT")
        assert page.evaluate(LAST_KEY) == {"key": "RIGHT", "code": str(code), "profile": profile,
                                           "events": event_types(profile, code), "source": "遥控器"}
        remote(page, "DOWN", then_focus="tile-notices")

        remote(page, "OK")
        wait_screen(page, "notices")
        assert page.evaluate(LAST_KEY)["events"] == event_types(profile, first_code(profile, "OK"))
        remote(page, "BACK")
        wait_screen(page, "home")
        assert focused(page) == "tile-notices", profile

    assert page.evaluate(LAST_KEY)["profile"] == "android"
    ipanel = page.locator('#key-log tr[data-profile="ipanel"][data-key="RIGHT"]')
    assert ipanel.get_attribute("data-code") == "4"
    assert ipanel.get_attribute("data-events") == "keypress irkeypress"
    assert "已处理" in ipanel.inner_text()
    # the event log saw the frame navigate and the focus move
    navigations = page.locator('#event-log tr[data-kind="nav"][data-page="notices"]')
    assert navigations.count() == len(PROFILES)
    moves = page.locator('#event-log tr[data-kind="focus"][data-id="tile-passbook"]')
    assert moves.count() >= len(PROFILES)


def test_keyboard_on_the_page_and_in_the_frame(emulator):
    page = emulator(profile="ipanel")
    # the emulator page has the focus: its keyboard is the remote
    page.focus("#safe")
    assert page.evaluate("document.activeElement.id") == "safe"
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => (%s)() === 'tile-passbook'" % FOCUSED)
    assert page.evaluate(LAST_KEY) == {"key": "RIGHT", "code": "4", "profile": "ipanel",
                                       "events": "keypress irkeypress", "source": "键盘"}
    # the frame has the focus: physical keys still go out as the iPanel remote's
    page.locator("#frame").focus()
    page.frame(name="tv").focus("#tile-passbook")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("() => (%s)() === 'tile-notices'" % FOCUSED)
    assert page.evaluate(LAST_KEY)["source"] == "键盘（画面内）"
    assert page.evaluate(LAST_KEY)["code"] == "2"


def test_box_selector_switches_the_household(emulator):
    page = emulator()
    who = page.frame(name="tv").inner_text(".who")
    # typed as a person would: the framed engine must not take the focus back from the field
    page.click("#box")
    page.keyboard.press("Control+A")
    page.keyboard.type("STB00000002")
    page.keyboard.press("Enter")
    wait_screen(page, "home", "desktop", "STB00000002")
    other = page.frame(name="tv").inner_text(".who")
    assert other and other != who
    # the emulator's status line follows once the frame has fired its load event
    page.wait_for_function("who => document.getElementById('st-who').textContent === who",
                           arg=other)
    assert "stb=STB00000002" in page.url  # kept in the emulator's own address


def test_safe_area_overlay_toggles_over_the_frame(emulator):
    page = emulator()
    overlay = page.locator("#safe-area")
    assert not overlay.is_visible()
    page.check("#safe")
    assert overlay.is_visible()
    frame, safe = page.locator("#frame").bounding_box(), overlay.bounding_box()
    scale = frame["width"] / 1280
    assert safe["x"] - frame["x"] == pytest.approx(64 * scale, abs=2)
    assert safe["y"] - frame["y"] == pytest.approx(36 * scale, abs=2)
    assert safe["width"] == pytest.approx(1152 * scale, abs=2)
    page.uncheck("#safe")
    assert not overlay.is_visible()


@pytest.mark.parametrize("width, height", [(1440, 900), (1920, 1080)])
def test_layout_fits_the_window(emulator, width, height):
    page = emulator(width, height)
    boxes = {css: page.locator(css).bounding_box()
             for css in ("#bezel", ".remote-body", ".logs", ".bar")}
    for css, box in boxes.items():
        assert box["x"] >= 0 and box["y"] >= 0, css
        assert box["x"] + box["width"] <= width and box["y"] + box["height"] <= height, css
    tv, remote_body, logs = boxes["#bezel"], boxes[".remote-body"], boxes[".logs"]
    assert tv["x"] + tv["width"] <= remote_body["x"]
    assert tv["y"] + tv["height"] <= logs["y"]
    assert tv["width"] / tv["height"] == pytest.approx(1280 / 720, abs=0.01)
    assert tv["width"] >= 0.6 * 1280  # large enough to read
    page.select_option("#canvas", "SD530")
    assert page.locator("#frame").evaluate("f => [f.clientWidth, f.clientHeight]") == [640, 530]
