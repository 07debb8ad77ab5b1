import datetime

import pytest

from portal.domain.cache import VersionedCache
from portal.domain.paging import Page, wrap_pages
from portal.domain.points import Rankings, mask_name, period_containing
from portal.store import Store

ENTRY_COLUMNS = ("household_id", "rule_id", "value", "reason", "recorder", "entry_date",
                 "status", "created_at")


def tiny_county(entries, redemptions=()):
    """Two towns, three villages, six households; entries as (household, value, day, status)."""
    store = Store.memory()
    store.bulk_load([
        ("counties", ("id", "name", "code"), [(1, "旺苍县", "510821")]),
        ("towns", ("id", "county_id", "name"), [(1, 1, "东河镇"), (2, 1, "英萃镇")]),
        ("villages", ("id", "town_id", "name"), [(1, 1, "红垭村"), (2, 1, "青坪村"),
                                                  (3, 2, "雄鹰村")]),
        ("households", ("id", "village_id", "head_name", "members"), [
            (1, 1, "姚开初", 4), (2, 1, "王芳", 2), (3, 1, "欧阳青山", 3),
            (4, 2, "李德明", 5), (5, 3, "陈秀英", 1), (6, 3, "赵国华", 3)]),
        ("boxes", ("box_id", "household_id", "bound_at"),
         [("STB%08d" % n, n, "2026-01-01") for n in range(1, 7)]),
        ("point_rules", ("id", "category", "name", "value"),
         [(1, "共建共治", "参加村民大会", 2), (2, "生态宜居", "乱堆乱放", -1)]),
        ("goods", ("id", "village_id", "name", "unit", "price", "stock"),
         [(1, 1, "食用油", "桶", 85, 3)]),
        ("point_entries", ENTRY_COLUMNS, [
            (h, 1 if v > 0 else 2, v, "测试", "记分员", day, status, day)
            for h, v, day, status in entries]),
        ("redemptions", ("household_id", "goods_id", "quantity", "points", "redeemed_at"),
         [(h, 1, 1, points, day) for h, points, day in redemptions]),
    ])
    return store


def household(store, box):
    return store.household_by_box(box)


def rankings_of(store):
    cache = VersionedCache(store)
    cache.sync()
    return Rankings(store, cache)


@pytest.mark.parametrize("name, masked", [
    ("姚开初", "姚*初"), ("王芳", "王*"), ("欧阳青山", "欧**山"), ("李", "李"), ("", ""),
])
def test_names_are_masked_as_public_rankings_show_them(name, masked):
    assert mask_name(name) == masked


def test_balance_counts_approved_entries_minus_redemptions_only():
    store = tiny_county(
        entries=[(1, 10, "2026-10-03", "approved"), (1, 5, "2026-10-09", "approved"),
                 (1, -1, "2026-10-12", "approved"), (1, 20, "2026-11-02", "pending"),
                 (1, 30, "2026-10-20", "rejected")],
        redemptions=[(1, 8, "2026-10-25 10:00:00")])
    assert store.balance(1) == 10 + 5 - 1 - 8
    assert store.pending_total(1) == 20
    assert store.balance(2) == 0


def test_ranking_orders_by_points_and_shares_ranks_on_ties():
    store = tiny_county(entries=[
        (1, 10, "2026-10-03", "approved"), (2, 12, "2026-10-05", "approved"),
        (3, 10, "2026-10-07", "approved"), (4, 50, "2026-10-07", "approved"),
        (5, 3, "2026-10-08", "approved")])
    rankings = rankings_of(store)
    period = rankings.current_period("month")
    village = rankings.board(period, "village", household(store, "STB00000001"))
    assert [(s.name, s.rank, s.points) for s in village.standings] == [
        ("王芳", 1, 12), ("姚开初", 2, 10), ("欧阳青山", 2, 10)]
    town = rankings.board(period, "town", household(store, "STB00000001"))
    assert [(s.household_id, s.rank) for s in town.standings] == [(4, 1), (2, 2), (1, 3), (3, 3)]
    county = rankings.board(period, "county", household(store, "STB00000001"))
    assert [s.rank for s in county.standings] == [1, 2, 3, 3, 5, 6]
    assert county.position_of(6).points == 0  # households without points still rank, last


def test_ranking_periods_only_count_their_own_approved_entries():
    store = tiny_county(entries=[
        (1, 10, "2026-07-03", "approved"), (2, 4, "2026-10-05", "approved"),
        (1, 2, "2026-10-30", "approved"), (2, 40, "2026-11-10", "pending"),
        (2, 3, "2026-01-10", "approved")])
    rankings = rankings_of(store)
    me = household(store, "STB00000001")
    month = rankings.board(rankings.current_period("month"), "village", me)
    assert month.period.label == "2026年10月"
    assert [(s.household_id, s.points) for s in month.standings[:2]] == [(2, 4), (1, 2)]
    quarter = rankings.board(rankings.current_period("quarter"), "village", me)
    assert quarter.period.label == "2026年第四季度"
    assert quarter.position_of(1).points == 2
    year = rankings.board(rankings.current_period("year"), "village", me)
    assert [(s.household_id, s.points) for s in year.standings[:2]] == [(1, 12), (2, 7)]


def test_rankings_follow_new_approved_entries():
    store = tiny_county(entries=[(1, 5, "2026-10-03", "approved"),
                                 (2, 3, "2026-10-04", "approved")])
    rankings = rankings_of(store)
    me = household(store, "STB00000002")
    period = rankings.current_period("month")
    assert rankings.board(period, "village", me).standings[0].household_id == 1
    store.bulk_load([("point_entries", ENTRY_COLUMNS,
                      [(2, 1, 10, "补记", "记分员", "2026-10-20", "approved", "2026-10-20")])])
    rankings.cache.sync()
    assert rankings.board(period, "village", me).standings[0].household_id == 2


@pytest.mark.parametrize("kind, day, label, start, end", [
    ("month", datetime.date(2026, 12, 31), "2026年12月", "2026-12-01", "2027-01-01"),
    ("quarter", datetime.date(2026, 2, 1), "2026年第一季度", "2026-01-01", "2026-04-01"),
    ("quarter", datetime.date(2026, 11, 5), "2026年第四季度", "2026-10-01", "2027-01-01"),
    ("year", datetime.date(2026, 6, 1), "2026年", "2026-01-01", "2027-01-01"),
])
def test_periods_cover_whole_months_quarters_and_years(kind, day, label, start, end):
    period = period_containing(kind, day)
    assert (period.label, period.start, period.end) == (label, start, end)


@pytest.mark.parametrize("requested, number", [(1, 1), (3, 3), (4, 3), (0, 1), (99999, 3)])
def test_page_numbers_are_clamped_into_the_list(requested, number):
    page = Page.of(requested, 10, 25)
    assert page.number == number
    assert page.pages == 3
    assert page.offset == (number - 1) * 10
    assert page.has_prev == (number > 1) and page.has_next == (number < 3)


def test_an_empty_list_still_has_one_page():
    page = Page.of(5, 10, 0)
    assert (page.number, page.pages, page.has_next) == (1, 1, False)


def test_long_text_is_cut_into_screen_pages_without_losing_characters():
    text = "第一段" + "很长的通知内容。" * 30 + "\n\n第二段结束。"
    pages = wrap_pages(text, chars_per_line=20, lines_per_page=5)
    assert all(len(page) <= 5 for page in pages)
    assert all(len(line) <= 22 for page in pages for line in page)
    assert not any(line[0] in "。，、" for page in pages for line in page)
    joined = "".join("".join(page) for page in pages).replace("\u3000", "")
    assert joined == text.replace("\n", "")
    assert len(pages) == 3
