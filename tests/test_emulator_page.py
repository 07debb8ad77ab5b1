"""The browser emulator page at /emulator/, read as HTML (no browser): it lists every key
profile straight from portal.tv.keys, carries the whole remote, and stays small and local."""

import json
import re

import pytest

from portal.tv.keys import LOGICAL_KEYS, PROFILES
from portal.tv.layout import SAFE_AREA
from portal.web.emulator import script_json
from support import TVClient


@pytest.fixture(scope="module")
def emulator(live_server):
    page = TVClient(live_server.url).get("/emulator/")
    assert page.status == 200
    return page


def config(page):
    return json.loads(page.select("script#emulator-config")[0].string)


def test_served_with_and_without_the_slash(live_server):
    page = TVClient(live_server.url).get("/emulator")
    assert page.status == 200
    assert page.headers["Content-Type"].startswith("text/html")
    assert page.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in page.headers  # a desktop tool: no box id, no profile cookie


def test_lists_every_profile_with_its_label(emulator):
    options = {o["value"]: o.get_text() for o in emulator.select("select#profile option")}
    assert list(options) == list(PROFILES)
    for name, profile in PROFILES.items():
        assert profile["label"] in options[name]


def test_key_codes_are_the_servers_own_table(emulator):
    profiles = config(emulator)["profiles"]
    assert [p["name"] for p in profiles] == list(PROFILES)
    for entry in profiles:
        table = PROFILES[entry["name"]]["keys"]
        inlined = {code: key for key, codes in entry["keys"].items() for code in codes}
        assert inlined == table, entry["name"]
        # the first code of a key is the one the remote sends: the table's first for that key
        for key, codes in entry["keys"].items():
            assert codes[0] == next(c for c, k in table.items() if k == key)
    assert config(emulator)["safeArea"] == list(SAFE_AREA)


def test_has_every_remote_button(emulator):
    buttons = [b["data-key"] for b in emulator.select("#remote button.key")]
    assert sorted(buttons) == sorted(LOGICAL_KEYS)
    for key in ("UP", "DOWN", "LEFT", "RIGHT", "OK", "BACK", "HOME", "MENU", "EXIT", "INFO",
                "PAGE_UP", "PAGE_DOWN", "RED", "GREEN", "YELLOW", "BLUE",
                "VOL_UP", "VOL_DOWN", "MUTE") + tuple("NUM_%d" % n for n in range(10)):
        assert key in buttons


def test_controls_frame_and_overlay(emulator):
    for css in ("select#canvas", "input#box", "datalist#box-presets", "input#safe",
                "input#target", "iframe#frame", "#safe-area[hidden]", "#key-log", "#event-log"):
        assert emulator.select(css), css
    assert "STB00000001" in [o["value"] for o in emulator.select("#box-presets option")]
    assert [o["value"] for o in emulator.select("select#canvas option")] == ["HD", "SD", "SD530"]


def test_small_and_without_external_requests(live_server, emulator):
    assert len(emulator.body) < 20 * 1024
    client = TVClient(live_server.url)
    total = len(emulator.body)
    for tag, attr in (("script", "src"), ("link", "href")):
        for node in emulator.select("%s[%s]" % (tag, attr)):
            url = node[attr]
            assert url.startswith(("/assets/emulator/", "data:")), url
            if url.startswith("/assets/"):
                asset = client.get(url)
                assert asset.status == 200, url
                total += len(asset.body)
                network = r"\bfetch\(|XMLHttpRequest|\bimport\(|@import|url\("
                assert not re.search(network, asset.text), url
    assert total < 64 * 1024
    assert "//" not in "".join(n.get("src", "") for n in emulator.select("[src]"))


def test_inline_json_cannot_close_the_script():
    text = script_json({"a": "</script><b>&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><b>&\u2028"}
