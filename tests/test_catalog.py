"""The six village-level lists: shape, limits and the procedures the county prescribes."""

import re
from collections import Counter

import pytest

from portal.demo import catalog

CODES = ["zizhi", "xiezhu", "fumian", "zhengming", "fuwu", "xiaowei"]
ITEM_KEYS = {
    "category", "ordinal", "name", "handling_type", "legal_basis", "conditions", "materials",
    "steps", "time_limit", "time_limit_days", "responsible_body", "responsible_person",
    "place", "hours", "fees", "consult_phone", "complaint_phone", "visits", "faq",
}
PHONE = re.compile(r"^0839-\d{7}$")

# Villages must not issue these (the domain's examples; the catalogue completes them to 20).
FORBIDDEN_CERT_KINDS = ("亲属关系", "身份", "婚姻状况", "出生", "死亡", "健在", "无犯罪记录",
                        "财产", "继承权", "残疾", "就业", "遗失")

MAJOR_DECISIONS = ("村级重大事项决策", "村集体经济项目立项", "集体资产处置", "集体资源发包",
                   "土地承包经营方案", "宅基地使用方案", "征地补偿费分配", "集体经济收益分配",
                   "村干部误工补贴标准", "村级公益事业兴办", "一事一议筹资筹劳")


@pytest.fixture(scope="module")
def items():
    return catalog.build_catalog()


def by_name(items):
    return {item["name"]: item for item in items}


def test_categories_are_the_six_lists_in_order():
    assert [c["code"] for c in catalog.CATEGORIES] == CODES
    for category in catalog.CATEGORIES:
        assert set(category) == {"code", "name", "short", "description"}
        assert all(isinstance(v, str) and v for v in category.values())
    assert catalog.HANDLING_TYPES == ("村级直办", "代办", "协办", "公开告知")


def test_exactly_325_items_spread_over_all_categories(items):
    assert len(items) == 325
    counts = Counter(item["category"] for item in items)
    assert set(counts) == set(CODES)
    assert all(counts[code] > 0 for code in CODES)
    assert sum(counts.values()) == 325


def test_ordered_by_category_then_ordinal_from_one(items):
    codes = [item["category"] for item in items]
    assert codes == sorted(codes, key=CODES.index)
    for code in CODES:
        ordinals = [item["ordinal"] for item in items if item["category"] == code]
        assert ordinals == list(range(1, len(ordinals) + 1))


def test_names_unique_and_not_filler(items):
    names = [item["name"] for item in items]
    assert len(set(names)) == len(names)
    for name in names:
        assert not re.search(r"\d+$|事项\d", name), name


def test_fields_present_typed_and_within_limits(items):
    for item in items:
        name = item["name"]
        assert set(item) == ITEM_KEYS, name
        assert item["category"] in CODES
        assert isinstance(item["ordinal"], int)
        assert isinstance(name, str) and 0 < len(name) <= 18, name
        assert item["handling_type"] in catalog.HANDLING_TYPES, name
        for key in ("legal_basis", "conditions"):
            assert isinstance(item[key], str) and 0 < len(item[key]) <= 60, (name, key)
        assert "《" in item["legal_basis"], name
        assert isinstance(item["materials"], list) and len(item["materials"]) <= 6, name
        for material in item["materials"]:
            assert isinstance(material, str) and 0 < len(material) <= 20, (name, material)
        for key in ("time_limit", "responsible_body", "responsible_person", "place", "hours",
                    "fees"):
            assert isinstance(item[key], str) and item[key], (name, key)
        days = item["time_limit_days"]
        assert days is None or (isinstance(days, int) and days > 0), name
        assert (days is not None) == bool(re.match(r"^\d+(个工作日|日)", item["time_limit"]))
        assert PHONE.match(item["consult_phone"]), name
        assert PHONE.match(item["complaint_phone"]), name
        assert item["visits"] in (0, 1, 2), name
        assert 1 <= len(item["faq"]) <= 3, name
        for qa in item["faq"]:
            assert set(qa) == {"q", "a"}, name
            assert isinstance(qa["q"], str) and 0 < len(qa["q"]) <= 30, (name, qa)
            assert isinstance(qa["a"], str) and 0 < len(qa["a"]) <= 60, (name, qa)


def test_steps_form_a_short_flowchart(items):
    for item in items:
        steps = item["steps"]
        assert isinstance(steps, list) and 2 <= len(steps) <= 7, item["name"]
        for step in steps:
            assert set(step) == {"actor", "action", "time_limit"}, item["name"]
            assert 0 < len(step["actor"]) <= 10, (item["name"], step)
            assert 0 < len(step["action"]) <= 24, (item["name"], step)
            assert 0 < len(step["time_limit"]) <= 10, (item["name"], step)
            assert "{" not in step["actor"] + step["action"] + step["time_limit"]


def _siyi_positions(steps):
    """Index of each 四议两公开 stage in the steps, in stage order (None if missing)."""
    positions = []
    for prefix in catalog.SIYI_PREFIXES:
        hits = [i for i, step in enumerate(steps) if step["action"].startswith(prefix)]
        positions.append(hits[0] if hits else None)
    return positions


def test_major_decisions_follow_four_deliberations_two_publicities(items):
    named = by_name(items)
    for name in MAJOR_DECISIONS:
        positions = _siyi_positions(named[name]["steps"])
        assert None not in positions, name
        assert positions == sorted(positions), name
        actors = [named[name]["steps"][i]["actor"] for i in positions]
        assert actors[:4] == ["村党支部", "村两委会", "党员大会", "村民(代表)会议"], name
    # Any item that starts the procedure must run it through to the end.
    started = [i for i in items if any(s["action"].startswith("提议：") for s in i["steps"])]
    for item in started:
        positions = _siyi_positions(item["steps"])
        assert None not in positions and positions == sorted(positions), item["name"]
    assert sum(1 for i in started if i["category"] == "xiaowei") >= 15


def test_subsistence_allowance_follows_the_county_flow(items):
    steps = by_name(items)["低保申请初审"]["steps"]
    actors = [s["actor"] for s in steps]
    assert actors == ["申请人", "村民委员会", "村民委员会", "乡镇人民政府", "县民政局", "县民政局"]
    assert "公示" in steps[2]["action"] and steps[2]["time_limit"] == "7日"
    assert steps[3]["time_limit"] == "3日"
    assert steps[4]["time_limit"] == "15日"
    assert "季度" in steps[5]["action"] and "银行卡" in steps[5]["action"]


def test_negative_list_holds_twenty_certificates_villages_must_not_issue(items):
    certs = [i for i in items
             if i["category"] == "fumian" and re.match(r"^不得出具.+证明$", i["name"])]
    assert len(certs) == 20
    assert not [i for i in items if i["category"] != "fumian" and i["name"].startswith("不得")]
    for item in certs:
        assert item["handling_type"] == "公开告知", item["name"]
        assert item["materials"] == [], item["name"]
        # The guide sends the villager to the office that handles it instead.
        elsewhere = [s["actor"] for s in item["steps"] if not s["actor"].startswith("村")]
        assert elsewhere, item["name"]
    joined = "".join(i["name"] for i in certs)
    for kind in FORBIDDEN_CERT_KINDS:
        assert kind in joined, kind
    others = [i for i in items if i["category"] == "fumian" and i not in certs]
    assert others and all(i["name"].startswith("不得") for i in others)


def test_certificate_list_does_not_overlap_the_negative_list(items):
    issued = [i for i in items if i["category"] == "zhengming"]
    assert issued and all(i["name"].endswith(("证明", "意见")) for i in issued)
    assert all(i["handling_type"] == "村级直办" for i in issued)


def test_build_catalog_is_deterministic(items):
    assert catalog.build_catalog() == items
    assert catalog.build_catalog() == catalog.build_catalog()


def test_build_catalog_returns_fresh_dicts():
    first = catalog.build_catalog()
    snapshot = catalog.build_catalog()
    first[0]["name"] = "改掉"
    first[0]["materials"].append("多余材料")
    first[0]["steps"][0]["action"] = "改掉"
    first[0]["faq"][0]["a"] = "改掉"
    first.pop()
    assert catalog.build_catalog() == snapshot
