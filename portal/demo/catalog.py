"""The county's six village-level lists (清单制): 325 items, each with its service guide.

Pure data, deterministic and standard-library only: the demo-data generator and the TV
screens both call ``build_catalog()``. The rows live in ``catalog_data``; this module turns
them into complete guide dicts (see that module's docstring for the row format).
"""

import re

from .catalog_data import KINDS, LAWS, PLACE_HOURS, ROWS, VILLAGE_HOURS

CATEGORIES = [
    {"code": "zizhi", "name": "村民委员会依法自治事项清单", "short": "自治事项",
     "description": "村民会议、村民代表会议依法决定和村民委员会自主办理的村内事务。"},
    {"code": "xiezhu", "name": "依法协助政府工作事项清单", "short": "协助政府",
     "description": "村民委员会依法协助乡镇人民政府和县级部门开展的工作。"},
    {"code": "fumian", "name": "工作负面事项清单", "short": "负面清单",
     "description": "村级组织不得办理的事项，含20项不应由村出具的证明及去哪里办。"},
    {"code": "zhengming", "name": "村级组织依法出具证明事项清单", "short": "出具证明",
     "description": "村级组织可以依法出具的证明，写明依据、用途、流程和时限。"},
    {"code": "fuwu", "name": "村级组织管理服务事项清单", "short": "便民服务",
     "description": "村便民服务室提供的代办、咨询和公共服务，能在村里办的不让群众多跑。"},
    {"code": "xiaowei", "name": "村级组织小微权力清单", "short": "小微权力",
     "description": "村级重大决策、集体“三资”、财务和用章等小微权力的运行规范。"},
]

HANDLING_TYPES = ("村级直办", "代办", "协办", "公开告知")

# The six step prefixes of 四议两公开, in order; the tests and the flowchart rely on them.
SIYI_PREFIXES = ("提议：", "商议：", "审议：", "决议：", "决议公开：", "结果公开：")

# Fictional county-wide lines: the discipline line takes complaints about the lists that
# restrain village officials, the service line everything else.
COMPLAINT_PHONE = "0839-7212345"
DISCIPLINE_PHONE = "0839-7212388"
_DISCIPLINE_CATEGORIES = ("fumian", "xiaowei")

_DAYS = re.compile(r"^(\d+)(?:个工作日|日)")


def build_catalog() -> list[dict]:
    """Return the 325 items as new dicts, ordered by category then ordinal."""
    items = []
    for index, category in enumerate(CATEGORIES):
        for ordinal, row in enumerate(ROWS[category["code"]], start=1):
            items.append(_build_item(index, category["code"], ordinal, row))
    return items


def _build_item(index, code, ordinal, row):
    name, kind, basis, conditions, materials, faq = row[:6]
    extra = row[6] if len(row) > 6 else {}
    spec = dict(KINDS[kind])
    spec.update(extra)
    fill = dict(spec, obj=spec.get("obj", name))
    limit = spec["limit"].format_map(fill)
    place = spec["place"]
    faqs = (faq,) if isinstance(faq, str) else tuple(faq)
    faqs += tuple(q.format_map(fill) for q in spec.get("faq", ()))
    return {
        "category": code,
        "ordinal": ordinal,
        "name": name,
        "handling_type": spec["handling"],
        "legal_basis": basis.format_map(LAWS),
        "conditions": conditions,
        "materials": materials.split("|") if materials else [],
        "steps": [
            {"actor": actor.format_map(fill), "action": action.format_map(fill),
             "time_limit": time.format_map(fill)}
            for actor, action, time in spec["steps"]
        ],
        "time_limit": limit,
        "time_limit_days": _days(limit),
        "responsible_body": spec["body"],
        "responsible_person": spec["person"],
        "place": place,
        "hours": spec.get("hours") or PLACE_HOURS.get(place, VILLAGE_HOURS),
        "fees": spec.get("fees", "不收费"),
        "consult_phone": "0839-72%02d%03d" % (21 + index, ordinal),
        "complaint_phone": (DISCIPLINE_PHONE if code in _DISCIPLINE_CATEGORIES
                            else COMPLAINT_PHONE),
        "visits": spec["visits"],
        "faq": [_qa(text) for text in faqs[:3]],
    }


def _days(limit):
    match = _DAYS.match(limit)
    return int(match.group(1)) if match else None


def _qa(text):
    question, answer = text.split("？", 1)
    return {"q": question + "？", "a": answer}
