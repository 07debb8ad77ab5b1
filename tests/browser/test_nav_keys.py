"""Key handling of the TV engine: every profile's codes, the desktop keyboard, the back stack.

Profiles: the real key codes are dispatched as synthetic events (Chromium gives synthetic
KeyboardEvents no keyCode, so ``which``/``keyCode``/``charCode`` are defined on the instance).
Desktop: Playwright's real keyboard.
"""

import gzip
import re
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from portal.tv.keys import PROFILES

pytestmark = pytest.mark.browser

JS = Path(__file__).resolve().parents[2] / "assets" / "js"
LAYOUT = "/fixtures/layouts/"

# Dispatch the synthetic key events of one press, `gap` ms apart; returns, per event, whether it
# was NOT prevented.
DISPATCH = """async ([types, code, gap]) => {
    const results = [];
    for (const type of types) {
        if (results.length && gap) await new Promise(resolve => setTimeout(resolve, gap));
        const ev = new KeyboardEvent(type, {bubbles: true, cancelable: true});
        Object.defineProperty(ev, 'keyCode', {get: () => code});
        Object.defineProperty(ev, 'which', {get: () => code});
        Object.defineProperty(ev, 'charCode', {get: () => type === 'keydown' ? 0 : code});
        results.push((document.activeElement || document).dispatchEvent(ev));
    }
    return results;
}"""

STATE = "() => [document.activeElement && document.activeElement.id, TV.focused(), TV.handled]"


def focus(page):
    return page.evaluate("document.activeElement && document.activeElement.id")


def stack(page):
    """The tvback cookie as [(url, id), ...], bottom first."""
    for cookie in page.context.cookies():
        if cookie["name"] == "tvback" and cookie["value"]:
            return [tuple(unquote(part) for part in entry.rsplit("!", 1)) for entry in cookie["value"].split("|")]
    return []


def press_and_wait(page, key, target):
    """Press a desktop key that leaves the page; wait until fixture TARGET is loaded."""
    before = page.url
    page.keyboard.press(key)
    page.wait_for_url(lambda url: url != before and urlparse(url).path.endswith(LAYOUT + target))


def record_prevented(page):
    page.evaluate("""() => { window.prevented = [];
        window.addEventListener('keydown', e => prevented.push([e.keyCode, e.defaultPrevented])); }""")


# --- every profile's real codes ---------------------------------------------------------------

def first_code(profile, logical):
    return min(code for code, key in PROFILES[profile]["keys"].items() if key == logical)


def unknown_codes(profile):
    """Codes other profiles use that mean nothing here (nor as a lower-case letter of one)."""
    keys = PROFILES[profile]["keys"]
    others = sorted({code for p in PROFILES.values() for code in p["keys"]} - set(keys))
    return [c for c in others if not (97 <= c <= 122 and c - 32 in keys)][:2] + [9999]


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_profile_codes_move_once(nav_page, profile):
    page = nav_page("grid-3x4", profile=profile)
    assert page.evaluate("[TV.profile, TVPROFILE]") == [profile, profile]
    assert page.evaluate(STATE) == ["a1", "a1", 0]
    press = ["keydown", "keypress"] + (["irkeypress"] if profile == "ipanel" else [])

    # one press = keydown + keypress (+ irkeypress on iPanel): one move, every event prevented,
    # also when a slow box delivers the twins later than the held-key throttle (150 ms apart)
    assert page.evaluate(DISPATCH, [press, first_code(profile, "DOWN"), 150]) == [False] * len(press)
    assert page.evaluate(STATE) == ["b1", "b1", 1]
    assert page.evaluate(DISPATCH, [press, first_code(profile, "RIGHT"), 0]) == [False] * len(press)
    assert page.evaluate(STATE) == ["b2", "b2", 2]
    # a keypress with no keydown before it is a press of its own
    assert page.evaluate(DISPATCH, [["keypress"], first_code(profile, "UP"), 0]) == [False]
    assert page.evaluate(STATE) == ["a2", "a2", 3]
    if profile == "ipanel":
        assert page.evaluate(DISPATCH, [["irkeypress"], first_code(profile, "LEFT"), 0]) == [False]
        assert page.evaluate(STATE) == ["a1", "a1", 4]

    # unknown codes: nothing happens and nothing is prevented
    state = page.evaluate(STATE)
    for code in unknown_codes(profile):
        assert page.evaluate(DISPATCH, [press, code, 0]) == [True] * len(press), code
    assert page.evaluate(STATE) == state


# --- desktop keyboard -------------------------------------------------------------------------

def test_back_stack_restores_page_and_focus(nav_page):
    page = nav_page("grid-3x4")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    assert focus(page) == "b2"
    press_and_wait(page, "Enter", "rows-unequal.html")  # OK follows the link and pushes
    assert stack(page) == [(LAYOUT + "grid-3x4.html", "b2")]
    page.keyboard.press("ArrowRight")
    press_and_wait(page, "Enter", "grid-3x4.html")
    assert stack(page) == [(LAYOUT + "grid-3x4.html", "b2"), (LAYOUT + "rows-unequal.html", "a2")]

    press_and_wait(page, "Escape", "rows-unequal.html")  # Escape is BACK on the desktop
    assert urlparse(page.url).fragment == "f=a2" and focus(page) == "a2"
    press_and_wait(page, "Backspace", "grid-3x4.html")
    assert urlparse(page.url).fragment == "f=b2" and focus(page) == "b2"
    assert stack(page) == []
    press_and_wait(page, "Backspace", "home-exit-dialog.html")  # empty stack: body[data-back]
    assert focus(page) == "t1"


def test_backspace_never_navigates_the_browser_itself(nav_page):
    nav_page("rows-unequal")
    page = nav_page("2c-h-3f")  # browser history: rows-unequal, then this page
    record_prevented(page)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("prevented") == [[40, True]]
    before = page.url
    page.keyboard.press("Backspace")
    page.wait_for_url(lambda url: url != before)
    # the engine went to body[data-back], not to the browser's previous page
    assert urlparse(page.url).path == LAYOUT + "nested.html"
    page.go_back()
    assert urlparse(page.url).path == LAYOUT + "2c-h-3f.html"


def test_digits_focus_numbered_items(nav_page):
    page = nav_page("grid-3x4")
    record_prevented(page)
    for key, want in (("7", "b3"), ("0", "c2"), ("3", "a3"), ("9", "c1")):
        page.keyboard.press(key)
        assert focus(page) == want
    assert [p for _, p in page.evaluate("prevented")] == [True] * 4
    page = nav_page("disabled-hidden")
    page.keyboard.press("6")  # b2 is hidden
    assert focus(page) == "a1"


def test_home_clears_the_stack(nav_page):
    page = nav_page("grid-3x4")
    press_and_wait(page, "Enter", "rows-unequal.html")
    assert len(stack(page)) == 1
    press_and_wait(page, "Home", "home-exit-dialog.html")
    assert stack(page) == []
    assert focus(page) == "t1"


def test_key_links_push_unless_replace(nav_page):
    page = nav_page("grid-3x4")
    page.keyboard.press("ArrowRight")
    press_and_wait(page, "r", "nested.html")  # RED key link
    assert stack(page) == [(LAYOUT + "grid-3x4.html", "a2")]
    press_and_wait(page, "Backspace", "grid-3x4.html")
    assert focus(page) == "a2"
    press_and_wait(page, "g", "2c-h-3f.html")  # GREEN key link with data-replace
    assert stack(page) == []


def test_modal_traps_focus_and_back_closes_it(nav_page):
    page = nav_page("modal-trap")
    record_prevented(page)
    assert focus(page) == "m-ok"
    for key in ("ArrowUp", "ArrowLeft", "ArrowDown", "1"):  # a1 behind has data-num 1
        page.keyboard.press(key)
        assert focus(page) == "m-ok"
    page.keyboard.press("Backspace")
    assert page.evaluate("document.getElementById('dlg').hidden") is True
    assert focus(page) == "a2" and urlparse(page.url).path == LAYOUT + "modal-trap.html"
    assert page.evaluate("prevented").pop() == [8, True]
    page.keyboard.press("1")
    assert focus(page) == "a1"


def test_exit_dialog(nav_page):
    page = nav_page("home-exit-dialog")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Backspace")
    assert focus(page) == "x-cancel"
    assert page.evaluate("document.getElementById('exit-dialog').hidden") is False
    time.sleep(0.13)  # Escape is BACK too: a second BACK within 120 ms counts as the key held
    page.keyboard.press("Escape")
    assert focus(page) == "t2"
    assert page.evaluate("document.getElementById('exit-dialog').hidden") is True
    time.sleep(0.13)
    page.keyboard.press("Backspace")
    page.keyboard.press("ArrowRight")
    assert focus(page) == "x-ok"
    press_and_wait(page, "Enter", "unreachable.html")


def test_held_key_is_throttled(nav_page):
    page = nav_page("rows-unequal")  # a1..a5 in a row: each move is one step right
    moved = page.evaluate("""async () => {
        const t0 = Date.now();
        for (let i = 0; i < 30; i++) {
            const ev = new KeyboardEvent('keydown', {bubbles: true, cancelable: true});
            Object.defineProperty(ev, 'keyCode', {get: () => 39});
            document.activeElement.dispatchEvent(ev);
            await new Promise(r => setTimeout(r, 3));
        }
        return [Date.now() - t0, TV.handled, TV.focused()];
    }""")
    elapsed, handled, now = moved
    if elapsed <= 120:
        assert handled == 1 and now == "a2", moved
    assert handled <= 2 and now in ("a2", "a3"), moved


def test_focus_comes_back_after_a_click(nav_page):
    page = nav_page("grid-3x4")
    page.keyboard.press("ArrowDown")
    page.mouse.click(1270, 710)  # empty canvas: the body takes the focus
    page.wait_for_function("document.activeElement && document.activeElement.id === 'b1'", timeout=2000)
    page.keyboard.press("ArrowRight")
    assert focus(page) == "b2"


def test_press_hook(nav_page):
    page = nav_page("2c-h-3f")
    assert page.evaluate("[TV.press('DOWN'), TV.press('VOL_UP'), TV.focused(), TV.handled]") == [1, 0, "l2", 1]


# --- the code itself --------------------------------------------------------------------------

def test_engine_budget_and_es5():
    files = sorted(JS.glob("*.js"))
    assert [f.name for f in files] == ["nav.js", "tv.js"]
    size = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
    # The TV budget is 8 KB gzipped for all scripts: the inline key map (~250 B) and the push
    # client to come need the rest.
    assert size <= 5.5 * 1024, "nav.js + tv.js gzip to %d bytes" % size
    for f in files:
        code = re.sub(r"/\*.*?\*/|//[^\n]*", "", f.read_text(), flags=re.S)
        for banned in (r"\blet\b", r"\bconst\b", "=>", "`", r"\bclass\b", r"\bfetch\b", r"\bPromise\b",
                       r"\.forEach\b", r"\.map\(", r"\.filter\(", r"\.indexOf\(", r"\.includes\(", r"\.\.\."):
            hits = [m.group(0) for m in re.finditer(banned, code)]
            if banned == r"\.indexOf\(":
                # only String.prototype.indexOf on a string built in place
                hits = [h for h in re.findall(r"[^\n]*\.indexOf\([^\n]*", code) if "' ' +" not in h]
            assert not hits, "%s uses %s" % (f.name, banned)
