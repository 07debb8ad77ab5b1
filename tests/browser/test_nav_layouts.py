"""Golden layout fixtures driven by real key presses in Chromium.

Each page in device_sim/fixtures/layouts/ embeds its expected walk as
``<script type="application/json" id="expect">{"start": ID, "steps": [[KEY, ID(, PAGE)], ...]}``:
after each logical KEY, ``document.activeElement`` must be item ID (on fixture page PAGE when
the key turns or leaves the page).
"""

import json
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

LAYOUTS = Path(__file__).resolve().parents[2] / "device_sim" / "fixtures" / "layouts"
NAMES = sorted(p.stem for p in LAYOUTS.glob("*.html"))

# Logical key -> Playwright key name on the desktop profile (portal.tv.keys "desktop").
DESKTOP_KEYS = {"UP": "ArrowUp", "DOWN": "ArrowDown", "LEFT": "ArrowLeft", "RIGHT": "ArrowRight",
                "OK": "Enter", "BACK": "Backspace", "PAGE_UP": "PageUp", "PAGE_DOWN": "PageDown",
                "HOME": "Home", "RED": "r", "GREEN": "g", "YELLOW": "y", "BLUE": "b", "MENU": "m", "INFO": "i"}
DESKTOP_KEYS.update(("NUM_%d" % n, str(n)) for n in range(10))

# The engine drops a repeat of the same key within 120 ms (held-key throttle).
THROTTLE = 0.13

FOCUSED = "() => [document.activeElement && document.activeElement.id, window.TV && TV.focused()]"


def expectation(page):
    return json.loads(page.eval_on_selector("#expect", "e => e.textContent"))


def page_name(page):
    return urlparse(page.url).path.rsplit("/", 1)[-1]


def assert_focus(page, want, where):
    active, engine = page.evaluate(FOCUSED)
    assert active == want, "%s: focus on %r, expected %r" % (where, active, want)
    assert engine == want, "%s: TV.focused() is %r" % (where, engine)


def test_fixture_set_is_complete():
    for shape in ("grid-3x4", "rows-unequal", "2c-h-3f", "nested", "block-exit", "disabled-hidden",
                  "modal-trap", "paged-list", "paged-list-2", "unreachable", "home-exit-dialog"):
        assert shape in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_layout_walk(nav_page, name):
    page = nav_page(name)
    expect = expectation(page)
    # the markup is self-consistent: each visible item's data-box is where its style puts it
    boxes = page.evaluate("""() => Array.prototype.map.call(document.querySelectorAll('.f'), e => {
        const r = e.getBoundingClientRect();
        return [e.id, e.getAttribute('data-box'), [r.left, r.top, r.width, r.height]];
    })""")
    assert boxes
    for item_id, box, rect in boxes:
        assert item_id and box, "every .f needs an id and a data-box"
        if rect[2] or rect[3]:
            assert [int(v) for v in box.split(",")] == [round(v) for v in rect], item_id
    assert_focus(page, expect["start"], "%s start" % name)

    previous_key, pressed_at, here = None, 0.0, name + ".html"
    for i, step in enumerate(expect["steps"]):
        key, want = step[0], step[1]
        target = step[2] if len(step) > 2 else None
        if key == previous_key:
            time.sleep(max(0.0, THROTTLE - (time.monotonic() - pressed_at)))
        before = page.url
        page.keyboard.press(DESKTOP_KEYS[key])
        pressed_at, previous_key = time.monotonic(), key
        if target:
            page.wait_for_url(lambda url: url != before and urlparse(url).path.endswith("/" + target))
            here = target
        assert page_name(page) == here, "step %d %s: on %s, expected %s" % (i, key, page_name(page), here)
        assert_focus(page, want, "%s step %d %s" % (name, i, key))

    # arrows, digits, page turns and data-replace key links never push on the back stack
    assert "tvback=%" not in page.evaluate("document.cookie")


def test_unreachable_item_is_unreachable(nav_page):
    """From every item, no arrow leads to the items listed as unreachable (breadth-first walk)."""
    page = nav_page("unreachable")
    expect = expectation(page)
    seen = page.evaluate("""() => {
        const ids = Array.prototype.map.call(document.querySelectorAll('.f'), e => e.id);
        const seen = {}, todo = [TV.focused()];
        seen[todo[0]] = 1;
        while (todo.length) {
            const from = todo.shift();
            for (const dir of ['UP', 'DOWN', 'LEFT', 'RIGHT']) {
                document.getElementById(from).focus();
                TV.press(dir);
                const to = TV.focused();
                if (!seen[to]) { seen[to] = 1; todo.push(to); }
            }
        }
        return [ids, Object.keys(seen)];
    }""")
    ids, reached = seen
    assert set(expect["unreachable"]) == set(ids) - set(reached)
