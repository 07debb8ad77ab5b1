"""Every TV screen over a real server: content, markup for the remote, budgets, bad input."""

import re

import pytest

from portal.tv.layout import SAFE_AREA

SCREENS = [
    "/tv/", "/tv/ranking", "/tv/ranking?period=quarter&scope=town",
    "/tv/ranking?period=year&scope=county&page=7", "/tv/passbook", "/tv/passbook?page=2",
    "/tv/shop", "/tv/lists", "/tv/lists/1", "/tv/lists/2?page=3", "/tv/lists/item/1",
    "/tv/lists/item/60?tab=materials", "/tv/lists/item/200?tab=flow",
    "/tv/lists/item/325?tab=faq", "/tv/notices", "/tv/notices/1", "/tv/help", "/tv/exit",
]


def boxes(page):
    out = {}
    for element in page.focusables():
        x, y, w, h = (int(v) for v in element["data-box"].split(","))
        out[element["id"]] = (x, y, w, h)
    return out


@pytest.mark.parametrize("path", SCREENS)
def test_every_screen_is_a_tv_canvas_the_remote_can_drive(tv, path):
    page = tv.get(path)
    assert page.status == 200
    assert page.select('meta[name="page-view-size"]')[0]["content"] == "1280*720"
    items = page.focusables()
    assert items, "a screen needs something to focus"
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids))
    left, top, right, bottom = SAFE_AREA
    for item_id, (x, y, w, h) in boxes(page).items():
        assert left <= x and x + w <= right and top <= y and y + h <= bottom, item_id
        style = page.soup.find(id=item_id).get("style", "")
        assert "left:%dpx;top:%dpx;width:%dpx;height:%dpx" % (x, y, w, h) in style
    body = page.select("body")[0]
    assert body["data-back"].startswith("/tv/") and body["data-home"] == "/tv/"
    assert "var TVKEYS=" in page.text


@pytest.mark.parametrize("path", SCREENS)
def test_screens_stay_within_the_set_top_box_budgets(tv, path):
    page = tv.get(path)
    assert len(page.body) <= 30 * 1024
    assert len(page.focusables()) <= 150
    assert len(page.soup.find_all(True)) <= 1000


def test_home_greets_the_household_with_its_balance_and_tiles(tv):
    page = tv.get("/tv/")
    assert "东河镇红垭村" in page.text
    titles = [t.get_text() for t in page.select(".tile .title")]
    assert titles == ["积分排行", "我的积分存折", "积分超市", "村务清单", "通知公告", "使用说明"]
    assert [t["data-num"] for t in page.select(".tile")] == ["1", "2", "3", "4", "5", "6"]
    balance = int(page.select(".balance-line b")[0].get_text())
    passbook = tv.get("/tv/passbook")
    assert int(passbook.select(".info b")[0].get_text()) == balance
    dialog = page.select("#exit-dialog")[0]
    assert dialog.has_attr("hidden") and dialog.has_attr("data-modal")
    assert page.select("body")[0]["data-exit-dialog"] == "exit-dialog"


def test_the_box_id_is_remembered_so_later_pages_need_no_query(live_server, tv):
    assert "红垭村" in tv.get("/tv/passbook").text


def test_ranking_masks_names_and_pages_through_the_village(tv):
    first = tv.get("/tv/ranking")
    rows = first.select("[data-container=rows] .f")
    assert len(rows) == 10
    names = [r.select(".c-name")[0].get_text() for r in rows]
    assert all(re.fullmatch(r".\*+.?", name) for name in names), names
    points = [int(r.select(".c-pts")[0].get_text().split()[0]) for r in rows]
    assert points == sorted(points, reverse=True)
    container = first.select("[data-container=rows]")[0]
    assert not container.has_attr("data-prev")
    assert container["data-next"] == "/tv/ranking?period=month&scope=village&page=2"
    assert first.select('[data-key="PAGE_DOWN"]')[0]["href"] == container["data-next"]
    second = tv.get(container["data-next"])
    ranks = [int(r.select(".c-rank")[0].get_text()[1:-1]) for r in
             second.select("[data-container=rows] .f")]
    assert ranks[0] >= int(rows[-1].select(".c-rank")[0].get_text()[1:-1])
    legend = {a["data-key"]: a["href"] for a in second.select(".legend a[data-key]")}
    assert {"RED", "GREEN", "YELLOW", "BLUE", "PAGE_UP", "PAGE_DOWN"} <= set(legend)


def test_ranking_scopes_widen_from_village_to_town_to_county(tv):
    sizes = []
    for scope in ("village", "town", "county"):
        info = tv.get("/tv/ranking?scope=%s" % scope).select(".info")[0].get_text()
        sizes.append(int(re.search(r"共 (\d+) 户", info).group(1)))
    assert sizes[0] < sizes[1] < sizes[2]


def test_out_of_range_page_shows_the_last_page_and_says_so(tv):
    page = tv.get("/tv/passbook?page=999")
    assert page.status == 200
    assert "没有第 999 页" in page.text
    pages = re.search(r"第 (\d+)/(\d+) 页", page.select(".pager")[0].get_text()).groups()
    assert pages[0] == pages[1]


def test_passbook_itemises_reasons_with_signed_points(tv):
    page = tv.get("/tv/passbook")
    lines = page.select("[data-container=rows] .f")
    assert lines
    for line in lines:
        assert line.select(".c-reason")[0].get_text()
        assert re.fullmatch(r"[+-]\d+", line.select(".c-pts")[0].get_text())


def test_shop_lists_goods_with_price_and_stock(tv):
    page = tv.get("/tv/shop")
    tiles = page.select(".goods")
    assert 1 <= len(tiles) <= 8
    for tile in tiles:
        assert re.fullmatch(r"\d+ 分", tile.select(".price")[0].get_text())
        assert re.search(r"库存 \d+|已兑完", tile.select(".stock")[0].get_text())


def test_lists_lead_from_six_categories_to_a_full_guide(tv):
    lists = tv.get("/tv/lists")
    categories = lists.select(".cat")
    assert len(categories) == 6
    assert sum(int(c.select(".count")[0].get_text().split()[0]) for c in categories) == 325
    items = tv.get(categories[0]["href"])
    first = items.select("[data-container=rows] .f")[0]
    guide = tv.get(first["href"])
    assert "承诺时限" in guide.text and "找谁办" in guide.text and "咨询电话" in guide.text
    flow = tv.get(first["href"] + "?tab=flow")
    assert len(flow.select(".step")) >= 2
    assert flow.select("#tab-flow")[0].has_attr("data-autofocus")


def test_notices_open_and_long_ones_page_on_the_server(tv):
    notices = tv.get("/tv/notices")
    rows = notices.select("[data-container=rows] .f")
    assert rows
    long_one = next(r for r in rows if "道路硬化" in r.get_text())
    first = tv.get(long_one["href"])
    assert first.select(".notice-title")[0].get_text().endswith("道路硬化项目实施结果公开")
    assert len(first.select(".tl")) <= 10
    assert first.select("#page-next")
    second = tv.get(first.select("#page-next")[0]["href"])
    assert second.select("#page-prev") and not second.select("#page-next")
    assert "感谢" in first.text + second.text


def test_expired_notices_are_not_shown(tv):
    assert "秋季防汛工作总结" not in tv.get("/tv/notices").text


@pytest.mark.parametrize("path", ["/tv/nothing-here", "/tv/lists/999", "/tv/lists/item/9999",
                                  "/tv/notices/99999", "/tv/lists/item/0"])
def test_unknown_pages_get_a_tv_404_screen_with_a_way_back(tv, path):
    page = tv.get(path)
    assert page.status == 404
    assert "页面不存在" in page.text
    assert page.select("#go-back")[0]["data-action"] == "back"
    assert "Traceback" not in page.text


@pytest.mark.parametrize("path", ["/tv/ranking?page=abc", "/tv/ranking?period=week",
                                  "/tv/ranking?scope=planet", "/tv/passbook?page=-1",
                                  "/tv/lists/item/1?tab=x", "/tv/notices?page=1e9",
                                  "/tv/shop?page=%C2%B2", "/tv/shop?page=%EF%BC%91",
                                  "/tv/ranking?page=%ff"])
def test_malformed_query_values_get_a_clear_tv_message(tv, path):
    page = tv.get(path)
    assert page.status == 400
    assert ("不正确" in page.text or "格式不对" in page.text) and page.select("#go-back")


def test_a_notice_for_another_village_is_not_shown(live_server, tv):
    other = tv.get("/tv/notices")
    own_ids = {a["href"] for a in other.select("[data-container=rows] .f")}
    # Village notices are numbered per village in the demo; find one that is not ours.
    from portal.store import Store
    store = Store.open(live_server.db_path)
    foreign = store.db.execute(
        "SELECT id FROM notices WHERE scope = 'village' AND scope_id <> 1 LIMIT 1").fetchone()[0]
    store.close()
    assert "/tv/notices/%d" % foreign not in own_ids
    assert tv.get("/tv/notices/%d" % foreign).status == 404


@pytest.mark.parametrize("query, expected", [
    ("?stb=STB99999999", "STB99999999"), ("", "没有收到机顶盒编号"),
    ("?stb=%3Cscript%3E", "格式不对"),
])
def test_an_unbound_box_is_told_how_to_get_bound(anonymous_tv, query, expected):
    page = anonymous_tv.get("/tv/" + query)
    assert page.status == 200
    assert "还没有绑定家庭" in page.text and expected in page.text
    assert "<script>alert" not in page.text
    assert page.select("#retry")


@pytest.mark.parametrize("agent, profile", [
    ("Mozilla/5.0 (X11; Linux x86_64) Chrome/120", "desktop"),
    ("Mozilla/5.0 (Linux; Tizen) HbbTV/1.5.1 (+DRM; Samsung)", "hbbtv"),
    ("iPanel 3.0; Linux", "ipanel"),
    ("Mozilla/5.0 Coship/2.0 Android", "coship"),
    ("Mozilla/5.0 (Linux; Android 9; MiBOX4) AppleWebKit/537.36", "android"),
    ("Mozilla/4.0 (compatible; CTC/2.0; Huawei EC6108V9)", "ctc_iptv"),
])
def test_key_profile_follows_the_box_user_agent(tv_with_agent, agent, profile):
    page = tv_with_agent(agent).get("/tv/?stb=STB00000002")
    assert 'TVPROFILE="%s"' % profile in page.text


def test_a_forced_profile_overrides_the_user_agent_and_is_remembered(anonymous_tv):
    page = anonymous_tv.get("/tv/?stb=STB00000003&profile=ipanel")
    assert 'TVPROFILE="ipanel"' in page.text and '"1":"UP"' in page.text
    assert 'TVPROFILE="ipanel"' in anonymous_tv.get("/tv/shop").text


def test_health_endpoint_answers(anonymous_tv):
    page = anonymous_tv.get("/healthz")
    assert page.status == 200 and b'"ok": true' in page.body


def test_points_recorded_by_another_process_show_on_the_next_view(demo_db, tmp_path):
    import shutil

    from portal.store import Store
    from support import LiveServer, TVClient

    copy = tmp_path / "copy.db"
    shutil.copy(demo_db, copy)
    server = LiveServer(copy).start()
    try:
        box = TVClient(server.url)
        before = box.get("/tv/?stb=STB00000001")
        balance = int(before.select(".balance-line b")[0].get_text())
        assert [row["id"] for row in box.get("/tv/ranking").select(".line.me")] != ["row-1"]
        writer = Store.open(copy)  # as the cadre console would, from another connection
        writer.bulk_load([("point_entries", (
            "household_id", "rule_id", "value", "reason", "recorder", "entry_date", "status",
            "created_at"), [(1, 13, 900, "协助修复村级监控", "记分员", "2026-10-30", "approved",
                             "2026-10-30 18:00:00")])])
        writer.close()
        after = box.get("/tv/")
        assert int(after.select(".balance-line b")[0].get_text()) == balance + 900
        assert box.get("/tv/ranking").select(".line.me")[0]["id"] == "row-1"
    finally:
        server.stop()
