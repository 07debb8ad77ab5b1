"""The device simulator without a browser: the golden layout walks, the back stack, forms, key
profiles and the demo portal, all over real HTTP."""

import http.server
import json
import threading
from urllib.parse import parse_qsl, urlsplit

import pytest

from device_sim import VirtualSTB, markup, nav, profiles
from portal.tv.keys import PROFILES, key_map_json, profile_for
from support import LAYOUTS, NavServer

NAMES = sorted(p.stem for p in LAYOUTS.glob("*.html"))
LAYOUT = "/fixtures/layouts/"


@pytest.fixture(scope="module")
def fixtures():
    server = NavServer()
    server.start()
    yield server
    server.stop()


def layout(server, name, **options):
    return VirtualSTB(server.base, **options).open(LAYOUT + name + ".html")


def expectation(stb):
    return stb.document.json_script("expect")


def here(stb):
    return urlsplit(stb.url).path.rsplit("/", 1)[-1]


# --- the golden fixtures ----------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_layout_walk(fixtures, name):
    stb = layout(fixtures, name)
    expect = expectation(stb)
    assert stb.status == 200 and stb.page == name
    assert stb.focused == expect["start"], "%s start" % name
    page = name + ".html"
    for i, step in enumerate(expect["steps"]):
        key, want = step[0], step[1]
        page = step[2] if len(step) > 2 else page
        stb.press(key)
        assert here(stb) == page, "%s step %d %s: on %s, expected %s" % (name, i, key, here(stb), page)
        assert stb.focused == want, "%s step %d %s: focus on %r, expected %r" % (name, i, key, stb.focused, want)
        assert stb.log[-1] == (key, want, stb.url)
    # arrows, digits, page turns and data-replace links never push on the back stack
    assert stb.back_stack == []


def test_unreachable_items_are_found_by_a_walk(fixtures):
    stb = layout(fixtures, "unreachable")
    seen, todo = {stb.focused}, [stb.focused]
    while todo:
        here_id = todo.pop()
        for direction in nav.DIRECTIONS:
            target = stb.move_target(here_id, direction)
            assert target is None or "id" in target
            stb.focus(here_id).press(direction)
            assert stb.focused == (target["id"] if target else here_id)
            if stb.focused not in seen:
                seen.add(stb.focused)
                todo.append(stb.focused)
    ids = {item.id for item in stb.all_items}
    assert ids - seen == set(expectation(stb)["unreachable"])


def test_form_buttons_submit_their_form_with_their_own_value(fixtures):
    stb = layout(fixtures, "form-submit").press("RIGHT").press("OK")
    assert stb.page == "paged-list-2" and stb.focused == "q1"
    assert stb.url == LAYOUT + "paged-list-2.html?q=%E6%9D%91+1&c=1&s=b&answer=no"
    assert parse_qsl(urlsplit(stb.url).query) == [("q", "村 1"), ("c", "1"), ("s", "b"), ("answer", "no")]


# --- the back stack ---------------------------------------------------------------------------

def tvback(stb):
    return [c.value for c in stb.jar if c.name == "tvback"]


def test_back_stack_is_the_engines_cookie(fixtures):
    stb = layout(fixtures, "grid-3x4").press("RIGHT").press("DOWN").press("OK")
    assert stb.page == "rows-unequal"
    assert tvback(stb) == ["%2Ffixtures%2Flayouts%2Fgrid-3x4.html!b2"]
    cookie = next(c for c in stb.jar if c.name == "tvback")
    assert cookie.path == "/" and cookie.expires is None and cookie.discard  # a session cookie
    stb.press("RIGHT").press("OK")
    assert stb.back_stack == [(LAYOUT + "grid-3x4.html", "b2"), (LAYOUT + "rows-unequal.html", "a2")]
    stb.press("BACK")
    assert stb.location.endswith(LAYOUT + "rows-unequal.html#f=a2") and stb.focused == "a2"
    stb.press("BACK")
    assert stb.page == "grid-3x4" and stb.focused == "b2" and stb.back_stack == []
    assert tvback(stb) == [""]
    stb.press("BACK")  # empty stack: body[data-back]
    assert stb.page == "home-exit-dialog" and stb.focused == "t1"


def test_back_stack_keeps_the_newest_ten(fixtures):
    stb = layout(fixtures, "grid-3x4")
    for _ in range(12):
        stb.press("OK")  # grid-3x4 <-> rows-unequal, each push
    assert len(stb.back_stack) == 10
    assert stb.back_stack[-1] == (LAYOUT + "rows-unequal.html", "a1")
    assert len(tvback(stb)[0].split("|")) == 10


def test_key_links_push_unless_replace_and_home_clears(fixtures):
    stb = layout(fixtures, "grid-3x4").press("RIGHT").press("RED")
    assert stb.page == "nested" and stb.back_stack == [(LAYOUT + "grid-3x4.html", "a2")]
    stb.press("BACK").press("GREEN")
    assert stb.page == "2c-h-3f" and stb.back_stack == []
    stb.press("OK").press("OK")
    assert len(stb.back_stack) == 2
    stb.press("HOME")
    assert stb.page == "home-exit-dialog" and stb.back_stack == []


def test_exit_acts_as_home_off_the_home_page_and_opens_the_dialog_on_it(fixtures):
    stb = layout(fixtures, "grid-3x4").press("OK").press("EXIT")
    assert stb.page == "home-exit-dialog" and stb.back_stack == []
    stb.press("EXIT")
    assert stb.modal.id == "exit-dialog" and stb.focused == "x-cancel"
    assert [i.id for i in stb.items] == ["x-cancel", "x-ok"]
    assert [i.id for i in stb.all_items] == ["t1", "t2", "t3", "x-cancel", "x-ok"]
    stb.press("EXIT")
    assert stb.modal is None and stb.focused == "t1"


def test_modal_scope_and_digits(fixtures):
    stb = layout(fixtures, "modal-trap")
    assert stb.modal.name == "dlg" and [i.id for i in stb.items] == ["m-ok", "m-cancel"]
    assert stb.move_target("m-ok", "UP") is None
    stb.press("NUM_1")
    assert stb.focused == "m-ok"
    stb.focus("a1")  # behind the modal: the engine takes the focus back into it
    assert stb.focused == "m-ok"
    stb.press("BACK")
    assert stb.modal is None and stb.focused == "a2" and stb.page == "modal-trap"
    assert stb.document.by_id("dlg").has("hidden")
    stb.press("NUM_1")
    assert stb.focused == "a1"


def test_enter_last_memory_lives_in_data_focus(fixtures):
    stb = layout(fixtures, "2c-h-3f").press("DOWN").press("DOWN")
    left = stb.document.by_id("l1").parent
    assert left.get("data-focus") == "l3"
    assert stb.focused_item.containers[0].focus == "l3"
    assert stb.move_target("r1", "LEFT") == {"id": "l3"}
    stb.press("RIGHT").press("LEFT")
    assert stb.focused == "l3"


def test_page_turns_land_on_first_and_last(fixtures):
    stb = layout(fixtures, "paged-list")
    assert stb.move_target("p4", "DOWN") == {"url": "/fixtures/layouts/paged-list-2.html", "f": ":first"}
    stb.press("NUM_4").press("DOWN")
    assert stb.location.endswith("paged-list-2.html#f=:first") and stb.focused == "q1"
    stb.press("UP")
    assert stb.location.endswith("paged-list.html#f=:last") and stb.focused == "p4"


def test_fragment_only_links_do_not_reload(simple_server):
    stb = VirtualSTB(simple_server.base).open("/page")
    assert stb.focused == "self" and simple_server.gets == 1
    stb.press("OK")  # href="#f=other": a hashchange, not a load; it still pushes
    assert simple_server.gets == 1 and stb.focused == "other" and not stb.stalled
    assert stb.back_stack == [("/page", "self")]
    stb.press("UP").press("OK")  # exactly where the box is: nothing loads, nothing is pushed,
    assert simple_server.gets == 1 and not stb.stalled  # and the remote keeps working
    assert stb.back_stack == [("/page", "self")]
    assert stb.focused == "self"
    stb.press("DOWN")
    assert stb.focused == "other"


def test_post_forms_and_redirects(simple_server):
    stb = VirtualSTB(simple_server.base, user_agent="Mozilla/5.0 (RocME)").open("/page")
    assert stb.profile == "rocme"
    stb.press("NUM_3").press("OK")
    assert stb.page == "posted" and stb.url == "/done"
    assert json.loads(stb.document.by_id("got").raw_text()) == {
        "note": "a b\r\nc", "pick": "2", "go": "1"}
    assert stb.back_stack == [("/page", "send")]
    assert simple_server.agents[-1] == "Mozilla/5.0 (RocME)"


# --- key profiles -----------------------------------------------------------------------------

def test_emulator_table_is_json_and_agrees_with_the_inlined_maps():
    table = profiles.emulator_table()
    assert json.loads(json.dumps(table)) == table
    assert set(table) == set(PROFILES)
    for profile, entry in table.items():
        assert profile_for(entry["ua"]) == profile, profile
        assert entry["label"] == PROFILES[profile]["label"]
        assert entry["event"] in profiles.EVENTS
        inlined = json.loads(key_map_json(profile))
        for logical, code in entry["keys"].items():
            assert inlined[str(code)] == logical, (profile, logical, code)
            assert profiles.logical_key(profile, code, entry["event"]) == logical
        assert set(entry["keys"]) == set(inlined.values())
    assert table["ipanel"]["event"] == "keypress" and table["ipanel"]["keys"]["UP"] == 1
    assert table["desktop"]["keys"]["BACK"] == 8 and table["android"]["keys"]["OK"] == 13


def test_codes_for_round_trips_through_logical_key():
    for profile in PROFILES:
        for logical in profiles.LOGICAL_KEYS:
            for code, event in profiles.codes_for(profile, logical):
                assert profiles.logical_key(profile, code, event) == logical
    assert profiles.codes_for("ipanel", "DOWN") == [(2, "keypress"), (2, "irkeypress")]
    assert profiles.codes_for("ipanel", "OK") == [(13, "keypress"), (13, "irkeypress")]
    assert profiles.codes_for("desktop", "BACK") == [(8, "keydown"), (27, "keydown")]
    assert profiles.codes_for("hisu", "EXIT") == []
    assert profiles.logical_key("desktop", 114, "keypress") == "RED"  # a lower-case letter
    assert profiles.logical_key("desktop", 114, "keydown") is None
    with pytest.raises(ValueError):
        profiles.codes_for("desktop", "JUMP")


def test_press_code_reads_the_pages_key_map(fixtures):
    stb = VirtualSTB(fixtures.base, profile="ipanel").open(LAYOUT + "grid-3x4.html?profile=ipanel")
    assert stb.document.tvkeys[1] == "ipanel"
    stb.press_code(2, "keypress")
    assert stb.focused == "b1"
    stb.press_code(4, "irkeypress").press_code(40).press_code(9999)  # 40 is no iPanel key
    assert stb.focused == "b2" and [k for k, _, _ in stb.log] == ["DOWN", "RIGHT"]
    desktop = layout(fixtures, "grid-3x4").press_code(114, "keypress")  # 'r': the RED key link
    assert desktop.page == "nested"


# --- markup -----------------------------------------------------------------------------------

def test_markup_reads_items_containers_links_and_text():
    page = markup.parse(
        '<body data-page="p" data-back="/b"><div data-container="outer" data-enter="last" '
        'data-focus="y"><p>Hello <b>big</b>&amp; world</p><div data-container="in" data-next="/n" '
        'data-block-exit="up left"><a class="f x" id="x" href="/x" data-box="1, 2,3,4" data-num="7" '
        'data-replace data-key="RED"><span>X</span><span>ray</span></a>'
        '<button class="f" id="y" data-box="5,6,7" disabled data-action="close">Y</button></div>'
        '</div><div hidden><a class="f" id="z" data-box="0,0,1,1" data-autofocus>Zed</a></div>'
        '<a class="ff" id="no">no</a><script>var TVKEYS={"38":"UP"},TVPROFILE="desktop";</script>'
        '<script src="/assets/js/nav.js?v=1"></script><script src="/assets/js/tv.js?v=1"></script>')
    assert page.body == {"data-page": "p", "data-back": "/b"}
    x, y, z = page.items
    assert (x.id, x.box, x.href, x.num, x.replace, x.key, x.text) == ("x", (1, 2, 3, 4), "/x", 7, True, "RED", "X ray")
    assert [c.name for c in x.containers] == ["outer", "in"] and x.containers[1].blocked == {"up", "left"}
    assert x.containers[0].enter == "last" and x.containers[0].focus == "y" and x.containers[1].next == "/n"
    assert y.disabled and y.action == "close" and y.tag == "button" and y.box[:3] == (5, 6, 7)
    assert y.box[3] != y.box[3]  # NaN, as +undefined in JavaScript
    assert z.hidden and z.autofocus and not z.focusable and z.containers == []
    assert [i.id for i in page.focusable] == ["x"]
    assert [(link.key, link.href) for link in page.links] == [("RED", "/x")]
    assert page.text == "Hello big& world\nX ray Y\nno"
    assert page.has_engine and page.tvkeys == ({38: "UP"}, "desktop")
    assert markup.js_number(" 0x10 ") == 16 and markup.js_number("") == 0
    assert markup.js_number("12px") != markup.js_number("12px")


def test_nav_ties_prefer_overlap_then_document_order():
    row = {"block": "", "enter": None, "focus": None, "next": None, "prev": None, "modal": False}
    items = [{"id": i, "box": box, "c": [row]} for i, box in (
        ("a", [200, 200, 300, 160]), ("b", [500, 200, 300, 160]), ("d", [500, 420, 300, 160]),
        ("e", [500, 420, 300, 160]))]
    assert nav.move(items, "d", "UP") == {"id": "b"}  # a only touches d's span
    assert nav.move(items, "a", "DOWN") == {"id": "d"}  # d and e tie: document order
    assert nav.trap(items) is items
    row["modal"] = True
    assert nav.trap(items).modal is row and nav.move(items, "a", "UP") is None


# --- the demo portal --------------------------------------------------------------------------

@pytest.fixture
def stb(live_server):
    return VirtualSTB(live_server.url, box_id="STB00000001").open("/tv/")


@pytest.mark.parametrize("digit, screen", [
    ("1", "ranking"), ("2", "passbook"), ("3", "shop"), ("4", "lists"), ("5", "notices"),
    ("6", "help"),
])
def test_each_tile_opens_by_digit_and_ok_and_back_restores_it(stb, digit, screen):
    assert stb.url == "/tv/?stb=STB00000001" and stb.page == "home"
    stb.press("NUM_" + digit)
    tile = stb.focused
    assert stb.focused_item.num == int(digit)
    stb.press("OK")
    assert stb.page == screen and stb.status == 200 and stb.focused
    assert stb.back_stack == [("/tv/?stb=STB00000001", tile)]
    stb.press("BACK")
    assert stb.page == "home" and stb.focused == tile and stb.back_stack == []


def test_ranking_pages_by_moving_past_the_last_row(stb):
    stb.press("OK")
    assert stb.page == "ranking" and stb.focused == "row-1"
    for _ in range(9):
        stb.press("DOWN")
    assert stb.focused == "row-10"
    stb.press("DOWN")
    assert "page=2" in stb.url and stb.focused == "row-1"
    stb.press("UP")
    assert "page=1" in stb.url and stb.focused == "row-10"
    stb.press("PAGE_DOWN").press("PAGE_DOWN")
    assert "page=3" in stb.url and stb.focused == "row-1"
    stb.press("BACK")  # paging pushed nothing
    assert stb.page == "home" and stb.focused == "tile-ranking"


def test_pressing_the_current_tab_again_changes_nothing(stb):
    stb.press("OK").press("LEFT")
    assert stb.focused == "tab-month"
    stb.press("OK")
    assert stb.location.endswith("/tv/ranking?period=month&scope=village#f=tab-month")
    assert not stb.stalled and stb.focused == "tab-month"
    stb.press("OK")  # exactly where the box is: no load, and the remote is not held up
    assert not stb.stalled and stb.url == "/tv/ranking?period=month&scope=village"
    assert stb.back_stack == [("/tv/?stb=STB00000001", "tile-ranking")]
    stb.press("DOWN")
    assert stb.focused == "tab-quarter"


def test_back_at_home_opens_the_exit_dialog(stb):
    stb.press("BACK")
    assert stb.modal.id == "exit-dialog" and stb.focused == "exit-cancel"
    assert "要退出旺乡村吗" in stb.text
    stb.press("DOWN").press("LEFT")
    assert stb.focused == "exit-cancel"
    stb.press("OK")
    assert stb.modal is None and stb.focused == "tile-ranking" and "要退出旺乡村吗" not in stb.text
    stb.press("BACK").press("RIGHT").press("OK")
    assert stb.page == "exit" and stb.url == "/tv/exit"


def test_an_ipanel_box_moves_with_its_own_codes(live_server):
    stb = VirtualSTB(live_server.url, box_id="STB00000001", profile="ipanel").open("/tv/")
    assert stb.document.tvkeys[1] == "ipanel"
    stb.press_code(2, "keypress")
    assert stb.focused == "tile-lists"
    stb.press_code(39)  # a desktop arrow means nothing here
    assert stb.focused == "tile-lists"


def test_an_unknown_box_shows_the_unbound_screen(live_server):
    stb = VirtualSTB(live_server.url, box_id="NOSUCHBOX").open("/tv/")
    assert stb.page == "unbound" and stb.focused == "retry"
    assert "NOSUCHBOX" in stb.text and "还没有绑定" in stb.text


def test_a_404_screen_is_left_with_back(stb):
    stb.open("/tv/lists/item/99999")
    assert stb.status == 404 and stb.page == "not-found" and stb.focused == "go-back"
    stb.press("OK")  # data-action="back"
    assert stb.page == "home"


# --- a small server for what the fixtures cannot show (POST, request counts) ------------------

PAGE = """<!DOCTYPE html><html><body class="tv" data-page="page" data-back="/page" data-home="/page">
<a class="f" id="self" href="#f=other" data-box="100,100,200,100">self</a>
<a class="f" id="other" href="#f=other" data-box="100,300,200,100">other</a>
<form method="post" action="/post"><textarea name="note" hidden>
a b
c</textarea><select name="pick"><option>1</option><option selected>2</option></select>
<button class="f" id="send" name="go" value="1" data-num="3" data-box="400,100,200,100">send</button>
</form>
<script src="/nav.js"></script><script src="/tv.js"></script></body></html>"""
POSTED = """<!DOCTYPE html><html><body data-page="posted"><pre id="got">%s</pre>
<script src="/nav.js"></script><script src="/tv.js"></script></body></html>"""


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.gets += 1
        self.server.agents.append(self.headers.get("User-Agent"))
        self._send(200, PAGE if self.path == "/page" else POSTED % json.dumps(self.server.posted))

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.server.posted = dict(parse_qsl(body, keep_blank_values=True))
        self.send_response(303)
        self.send_header("Location", "/done")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status, text):
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def simple_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.gets, server.agents, server.posted = 0, [], {}
    server.base = "http://127.0.0.1:%d" % server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(10)
