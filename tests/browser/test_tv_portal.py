"""The real portal in Chromium, driven by the keyboard as a remote: every screen is reachable
from home and Back returns to where the resident was."""

import pytest

pytestmark = pytest.mark.browser


class Remote:
    KEYS = {"UP": "ArrowUp", "DOWN": "ArrowDown", "LEFT": "ArrowLeft", "RIGHT": "ArrowRight",
            "OK": "Enter", "BACK": "Backspace", "PAGE_DOWN": "PageDown", "PAGE_UP": "PageUp",
            "RED": "r", "GREEN": "g", "YELLOW": "y", "BLUE": "b"}

    def __init__(self, page, base):
        self.page = page
        self.base = base

    def open(self, path):
        self.page.goto(self.base + path)
        self.page.wait_for_function("window.TV && document.activeElement && document.activeElement.id")
        return self

    def press(self, key, navigates=False):
        name = self.KEYS.get(key, key)
        if navigates:
            with self.page.expect_navigation():
                self.page.keyboard.press(name)
            self.page.wait_for_function("document.activeElement && document.activeElement.id")
        else:
            self.page.keyboard.press(name)
            self.page.wait_for_timeout(130)  # past the held-key throttle
        return self

    @property
    def screen(self):
        return self.page.evaluate("document.body.getAttribute('data-page')")

    @property
    def focused(self):
        return self.page.evaluate("document.activeElement.id")

    @property
    def path(self):
        url = self.page.url.split("://", 1)[1]
        return url[url.index("/"):].split("#")[0]


@pytest.fixture
def remote(tv_page, live_server):
    return Remote(tv_page, live_server.url).open("/tv/?stb=STB00000001")


@pytest.mark.parametrize("digit, screen", [
    ("1", "ranking"), ("2", "passbook"), ("3", "shop"), ("4", "lists"), ("5", "notices"),
    ("6", "help"),
])
def test_each_tile_opens_by_digit_and_ok_and_back_restores_the_tile(remote, digit, screen):
    remote.press(digit)
    tile = remote.focused
    assert remote.page.evaluate("document.activeElement.getAttribute('data-num')") == digit
    remote.press("OK", navigates=True)
    assert remote.screen == screen
    assert remote.page.evaluate("document.activeElement.className").startswith("f")
    remote.press("BACK", navigates=True)
    assert remote.screen == "home"
    assert remote.focused == tile


def test_arrows_move_across_the_home_tiles(remote):
    assert remote.focused == "tile-ranking"
    remote.press("RIGHT").press("RIGHT")
    assert remote.focused == "tile-shop"
    remote.press("DOWN")
    assert remote.focused == "tile-help"
    remote.press("LEFT")
    assert remote.focused == "tile-notices"
    remote.press("UP")
    assert remote.focused == "tile-passbook"


def test_ranking_pages_by_moving_past_the_last_row_and_back_by_moving_above_the_first(remote):
    remote.press("OK", navigates=True)
    assert remote.screen == "ranking" and remote.focused == "row-1"
    for _ in range(9):
        remote.press("DOWN")
    assert remote.focused == "row-10"
    remote.press("DOWN", navigates=True)
    assert "page=2" in remote.path and remote.focused == "row-1"
    remote.press("UP", navigates=True)
    assert "page=2" not in remote.path and remote.focused == "row-10"
    remote.press("PAGE_DOWN", navigates=True)
    remote.press("PAGE_DOWN", navigates=True)
    assert "page=3" in remote.path
    remote.press("BACK", navigates=True)  # paging pushed nothing: Back leaves the ranking
    assert remote.screen == "home" and remote.focused == "tile-ranking"


def test_colour_keys_switch_period_and_scope_as_the_legend_says(remote):
    remote.press("OK", navigates=True)
    legend = remote.page.inner_text(".legend")
    assert "红键" in legend and "蓝键" in legend
    remote.press("BLUE", navigates=True)
    assert "scope=town" in remote.path
    remote.press("YELLOW", navigates=True)
    assert "period=year" in remote.path and "scope=town" in remote.path
    assert "年榜" in remote.page.inner_text(".info")
    remote.press("LEFT")
    assert remote.focused.startswith("tab-")


def test_lists_lead_to_a_guide_with_a_flowchart_and_back_retraces_every_step(remote):
    remote.press("4").press("OK", navigates=True)
    assert remote.screen == "lists"
    remote.press("RIGHT").press("OK", navigates=True)
    assert remote.screen == "list-items"
    remote.press("DOWN").press("DOWN")
    item = remote.focused
    remote.press("OK", navigates=True)
    assert remote.screen == "list-item" and remote.focused == "tab-summary"
    assert "承诺时限" in remote.page.inner_text(".guide")
    remote.press("3").press("OK", navigates=True)
    assert "tab=flow" in remote.path and remote.focused == "tab-flow"
    assert remote.page.locator(".step").count() >= 2
    remote.press("BACK", navigates=True)
    assert remote.screen == "list-items" and remote.focused == item
    remote.press("BACK", navigates=True)
    assert remote.screen == "lists" and remote.focused == "cat-2"
    remote.press("BACK", navigates=True)
    assert remote.screen == "home" and remote.focused == "tile-lists"


def test_a_long_notice_turns_pages_on_the_server(remote):
    remote.press("5").press("OK", navigates=True)
    rows = remote.page.locator("[data-container=rows] .f")
    titles = [rows.nth(i).inner_text() for i in range(rows.count())]
    target = next(i for i, t in enumerate(titles) if "道路硬化" in t) + 1
    remote.press(str(target)).press("OK", navigates=True)
    assert remote.screen == "notice"
    first = remote.page.inner_text(".notice-body")
    remote.press("PAGE_DOWN", navigates=True)
    assert "page=2" in remote.path and remote.page.inner_text(".notice-body") != first
    remote.press("BACK", navigates=True)
    assert remote.screen == "notices" and remote.focused == "notice-%d" % target


def test_back_on_home_asks_before_leaving(remote):
    remote.press("BACK")
    assert remote.page.is_visible("#exit-dialog") and remote.focused == "exit-cancel"
    remote.press("DOWN").press("LEFT")
    assert remote.focused == "exit-cancel"  # focus stays inside the dialog
    remote.press("OK")
    assert not remote.page.is_visible("#exit-dialog") and remote.focused == "tile-ranking"
    remote.press("BACK").press("RIGHT")
    assert remote.focused == "exit-confirm"
    remote.press("OK", navigates=True)
    assert remote.screen == "exit"


def test_back_leaves_a_404_screen(remote):
    remote.open("/tv/lists/item/99999")
    assert remote.screen == "not-found" and remote.focused == "go-back"
    remote.press("BACK", navigates=True)
    assert remote.screen == "home"


def test_the_focused_item_is_unmistakable(remote):
    style = remote.page.evaluate(
        "(function(){var s=getComputedStyle(document.activeElement);"
        "return [s.borderTopWidth, s.borderTopColor, s.backgroundColor]})()")
    other = remote.page.evaluate(
        "(function(){var s=getComputedStyle(document.getElementById('tile-shop'));"
        "return [s.borderTopWidth, s.borderTopColor, s.backgroundColor]})()")
    assert float(style[0].rstrip("px")) >= 3
    assert style[1] != other[1] and style[2] != other[2]


def test_body_text_is_large_enough_for_the_sofa(remote):
    for path in ("/tv/", "/tv/ranking", "/tv/passbook", "/tv/lists/item/3", "/tv/notices/1"):
        remote.open(path)
        smallest = remote.page.evaluate(
            "(function(){var m=99,a=document.querySelectorAll('.canvas *');"
            "for(var i=0;i<a.length;i++){if(a[i].childNodes.length&&a[i].textContent.trim()){"
            "var f=parseFloat(getComputedStyle(a[i]).fontSize);if(f<m)m=f;}}return m})()")
        assert smallest >= 24, path


def test_an_ipanel_box_moves_with_its_own_key_codes(tv_page, live_server):
    remote = Remote(tv_page, live_server.url).open("/tv/?stb=STB00000001&profile=ipanel")
    tv_page.evaluate(
        "(function(){var e=document.createEvent('Event');e.initEvent('keypress',true,true);"
        "e.which=4;e.keyCode=4;document.dispatchEvent(e);})()")
    assert remote.focused == "tile-passbook"
    remote.press("ArrowRight")  # a desktop arrow means nothing on an iPanel box
    assert remote.focused == "tile-passbook"


@pytest.mark.slow
def test_with_the_full_county_every_screen_is_reachable_and_left_by_the_remote(tv_page,
                                                                               county_server):
    remote = Remote(tv_page, county_server.url).open("/tv/?stb=STB00072390")
    for digit in "123456":
        remote.press(digit)
        tile = remote.focused
        remote.press("OK", navigates=True)
        assert remote.screen != "home"
        if remote.screen == "ranking":
            remote.press("BLUE", navigates=True).press("BLUE", navigates=True)
            assert "scope=county" in remote.path
            assert "共 72390 户" in remote.page.inner_text(".info")
            remote.press("PAGE_DOWN", navigates=True)
        depth = {"lists": 2, "notices": 1}.get(remote.screen, 0)
        for _ in range(depth):
            remote.press("OK", navigates=True)
        if depth:
            assert remote.screen in ("list-item", "notice")
        for _ in range(depth):
            remote.press("BACK", navigates=True)
        remote.press("BACK", navigates=True)
        assert remote.screen == "home" and remote.focused == tile
