import hashlib

import pytest

from portal.demo.generator import box_id, generate
from portal.store import Store


def fingerprint(store):
    digest = hashlib.sha256()
    for table in sorted(store.table_counts()):
        for row in store.db.execute("SELECT * FROM [%s] ORDER BY rowid" % table):
            digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def demo_store(demo_db):
    store = Store.open(demo_db)
    yield store
    store.close()


def test_the_same_seed_gives_the_same_county(demo_store):
    again = Store.memory()
    generate(again, "demo", seed=1)
    assert fingerprint(again) == fingerprint(demo_store)


def test_another_seed_gives_another_county(demo_store):
    other = Store.memory()
    generate(other, "demo", seed=2)
    assert fingerprint(other) != fingerprint(demo_store)


def test_demo_county_has_the_named_villages_and_full_lists(demo_store):
    counts = demo_store.table_counts()
    assert counts["villages"] == 12
    assert counts["list_categories"] == 6 and counts["list_items"] == 325
    places = {(r["town"], r["village"]) for r in demo_store.db.query(
        "SELECT t.name AS town, v.name AS village FROM villages v JOIN towns t ON t.id = v.town_id")}
    assert ("东河镇", "红垭村") in places and ("英萃镇", "雄鹰村") in places
    assert counts["households"] > 3000 and counts["boxes"] == counts["households"]


def test_the_nth_household_is_bound_to_box_stb_n(demo_store):
    assert box_id(1) == "STB00000001"
    for n in (1, 2, 1234):
        assert demo_store.household_by_box(box_id(n))["id"] == n


def test_a_year_of_reviewed_entries_with_the_last_month_pending(demo_store):
    months = dict(demo_store.db.execute(
        "SELECT substr(entry_date, 1, 7), group_concat(DISTINCT status) FROM point_entries "
        "GROUP BY 1").fetchall())
    assert len(months) == 12
    assert months.pop("2026-11") == "pending"
    assert all(set(s.split(",")) <= {"approved", "rejected"} for s in months.values())


def test_rule_values_come_from_the_village_rules(demo_store):
    values = {r["name"]: r["value"] for r in demo_store.db.query("SELECT * FROM point_rules")}
    assert values["参加村民大会"] == 2 and values["志愿服务"] == 5
    assert values["乱堆乱放"] == -1 and values["协助修复村级监控"] == 20
    bad = demo_store.db.execute(
        "SELECT count(*) FROM point_entries e JOIN point_rules r ON r.id = e.rule_id "
        "WHERE e.value <> r.value").fetchone()[0]
    assert bad == 0


def test_households_only_redeem_points_already_reviewed(demo_store):
    overdrawn = demo_store.db.execute(
        """SELECT count(*) FROM redemptions d WHERE
           (SELECT coalesce(sum(value), 0) FROM point_entries e
             WHERE e.household_id = d.household_id AND e.status = 'approved'
               AND e.reviewed_at <= d.redeemed_at)
           < (SELECT sum(points) FROM redemptions p
               WHERE p.household_id = d.household_id AND p.redeemed_at <= d.redeemed_at)"""
    ).fetchone()[0]
    assert overdrawn == 0
    assert demo_store.table_counts()["redemptions"] > 500


def test_goods_prices_are_those_of_real_points_shops(demo_store):
    prices = dict(demo_store.db.execute("SELECT DISTINCT name, price FROM goods").fetchall())
    assert prices["牙刷"] == 10 and prices["食用油"] == 85 and prices["洗手液"] == 25


def test_seeding_refuses_a_database_that_has_data(demo_store):
    with pytest.raises(ValueError):
        generate(demo_store, "demo", seed=1)


@pytest.mark.slow
def test_the_full_county_has_220_villages_and_72390_households(county_db):
    store = Store.open(county_db)
    counts = store.table_counts()
    assert (counts["towns"], counts["villages"], counts["households"]) == (20, 220, 72390)
    assert counts["point_entries"] > 1_000_000 and counts["list_items"] == 325
    assert store.household_by_box("STB00072390")["id"] == 72390
    assert store.household_by_box("STB00072391") is None
    store.close()
