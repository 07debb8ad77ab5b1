"""A deterministic demo county: the same seed always gives the same data.

The county is modelled on 旺苍县: ``county`` scale has 220 villages and 72,390 households,
``demo`` scale about a dozen villages so that a newcomer's first start takes a few seconds.
The n-th household created is bound to the box ``STB`` + n zero-padded to 8 digits.
"""

import datetime
import json
import math
import random

from . import catalog, names
from .ledger_data import GOODS, NOTICES, RULES

SCALES = {
    "demo": {"towns": 3, "villages_per_town": (5, 4, 3), "households": None},
    "county": {"towns": 20, "villages": 220, "households": 72390},
}
# The last month with entries; the year of ledger ends here. Fixed, so data is reproducible.
LAST_MONTH = (2026, 11)
REFERENCE_DAY = datetime.date(2026, 12, 3)
MONTHS = 12
REVIEWER = "村评议小组"


def box_id(n):
    return "STB%08d" % n


def generate(store, scale="demo", seed=1):
    """Fill an empty store with a county. Everything is written in one transaction."""
    if scale not in SCALES:
        raise ValueError("unknown scale %r (demo or county)" % scale)
    if not store.is_empty():
        raise ValueError("数据库里已经有数据，请换一个新文件")
    rng = random.Random(seed)
    county = _Builder(rng, scale)
    store.bulk_load(county.batches())
    store.analyze()
    return county.summary()


class _Builder:
    def __init__(self, rng, scale):
        self.rng = rng
        self.scale = scale
        self.towns = []  # (id, name, phone)
        self.villages = []  # (id, town_id, name, phone, recorder)
        self.households = []  # (id, village_id, head, members, phone, group)
        self.goods_by_village = {}
        self.redemptions = []
        self._plan_places()

    # -- places and people --------------------------------------------------------------

    def _plan_places(self):
        rng = self.rng
        spec = SCALES[self.scale]
        town_names = names.TOWNS[:spec["towns"]]
        if "villages_per_town" in spec:
            per_town = list(spec["villages_per_town"])
        else:
            per_town = _spread(spec["villages"], len(town_names), rng, low=0.6)
        used = set()
        for t, town in enumerate(town_names, start=1):
            self.towns.append((t, town, "0839-72%05d" % rng.randrange(100000)))
            fixed = list(names.NAMED_VILLAGES.get(town, ()))
            for k in range(per_town[t - 1]):
                name = fixed[k] if k < len(fixed) else self._village_name(used)
                used.add(name)
                self.villages.append((len(self.villages) + 1, t, name,
                                      "0839-72%05d" % rng.randrange(100000),
                                      self.person_name()))
        total = spec["households"] or 329 * len(self.villages)
        sizes = _spread(total, len(self.villages), rng, low=0.55)
        for village, size in zip(self.villages, sizes):
            for _ in range(size):
                self.households.append((
                    len(self.households) + 1, village[0], self.person_name(),
                    rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5, 6)),
                    "1%d%09d" % (rng.choice((3, 5, 8)), rng.randrange(10 ** 9)),
                    rng.randint(1, 8),
                ))

    def _village_name(self, used):
        while True:
            name = (self.rng.choice(names.VILLAGE_HEADS) + self.rng.choice(names.VILLAGE_TAILS)
                    + "村")
            if name not in used:
                return name

    def person_name(self):
        rng = self.rng
        pool = names.MALE_GIVEN if rng.random() < 0.7 else names.FEMALE_GIVEN
        given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.8 else "")
        return rng.choice(names.SURNAMES) + given

    # -- rows ---------------------------------------------------------------------------

    def batches(self):
        yield ("counties", ("id", "name", "code"), [(1, names.COUNTY["name"],
                                                     names.COUNTY["code"])])
        yield ("towns", ("id", "county_id", "name", "phone"),
               [(t, 1, name, phone) for t, name, phone in self.towns])
        yield ("villages", ("id", "town_id", "name", "phone", "recorder"), self.villages)
        yield ("households", ("id", "village_id", "head_name", "members", "phone", "group_no"),
               self.households)
        bound = (REFERENCE_DAY - datetime.timedelta(days=400)).isoformat() + " 09:00:00"
        yield ("boxes", ("box_id", "household_id", "bound_at"),
               [(box_id(h[0]), h[0], bound) for h in self.households])
        yield ("point_rules", ("id", "category", "name", "value", "unit", "description"),
               [(i, r[0], r[1], r[2], r[3], "每%s%+d分" % (r[3], r[2]))
                for i, r in enumerate(RULES, start=1)])
        yield ("goods", ("id", "village_id", "name", "unit", "price", "stock", "ordinal"),
               self._goods())
        yield ("point_entries", "compact", (self.ledger_months(), self._ledger(), REVIEWER))
        # Filled while the entries above stream into the store.
        yield ("redemptions", ("id", "household_id", "goods_id", "quantity", "points",
                               "redeemed_at", "handled_by"), self.redemptions)
        yield from self._lists()
        yield ("notices", ("id", "scope", "scope_id", "category", "title", "body", "publisher",
                           "publish_at", "expire_at"), self._notices())

    def _goods(self):
        rows = []
        for village in self.villages:
            picked = self.rng.sample(GOODS, self.rng.randint(10, len(GOODS)))
            picked.sort(key=lambda g: g[2])
            self.goods_by_village[village[0]] = []
            for ordinal, (name, unit, price) in enumerate(picked, start=1):
                stock = 0 if self.rng.random() < 0.08 else self.rng.randint(3, 80)
                gid = len(rows) + 1
                rows.append((gid, village[0], name, unit, price, stock, ordinal))
                self.goods_by_village[village[0]].append((gid, price))
        return rows

    def _ledger(self):
        """A year of monthly entries per household, streamed in the store's compact form.

        Each rule's events are drawn by geometric skipping over the household's months, so the
        cost follows the number of events, not households × months × rules.
        """
        random = self.rng.random
        log = math.log
        months = _months_back(LAST_MONTH, MONTHS)
        count = len(months)
        last_index = count - 1
        rule_values = [r[2] for r in RULES]
        rule_chances = [(i, abs(r[4]) * 2, r[4] > 0) for i, r in enumerate(RULES)]
        entry_id = 0
        for household in self.households:
            hid, vid = household[0], household[1]
            diligence = random() ** 0.7
            events = []
            for rule_index, base, earns in rule_chances:
                chance = min(0.95, base * (diligence if earns else 1 - diligence))
                if chance <= 0:
                    continue
                # Geometric gaps between months with an event.
                scale = 1.0 / log(1.0 - chance)
                month = int(log(1.0 - random()) * scale)
                while month < count:
                    events.append((month, rule_index))
                    month += 1 + int(log(1.0 - random()) * scale)
            events.sort()
            balance = 0
            cursor = 0
            for month_index, (year, month) in enumerate(months):
                # 季兑换: early in a quarter, once last month's entries have been reviewed.
                if month in (1, 4, 7, 10) and month_index > 0:
                    balance -= self._redeem(hid, vid, balance, year, month)
                while cursor < len(events) and events[cursor][0] == month_index:
                    rule_index = events[cursor][1]
                    cursor += 1
                    if month_index == last_index:
                        status = 0  # the last month is still under review
                    else:
                        status = 2 if random() < 0.015 else 1
                        if status == 1:
                            balance += rule_values[rule_index]
                    entry_id += 1
                    yield (entry_id, hid, rule_index + 1, month_index, 1 + int(random() * 28),
                           status)

    def ledger_months(self):
        """(month index, year, month, reason per rule) for the store to expand entries."""
        return [(i, year, month, [r[5].format(m=month) for r in RULES])
                for i, (year, month) in enumerate(_months_back(LAST_MONTH, MONTHS))]

    def _redeem(self, hid, vid, balance, year, month):
        """Some households spend part of their reviewed balance at the points shop."""
        if balance < 20 or self.rng.random() > 0.45:
            return 0
        spent = 0
        for _ in range(self.rng.randint(1, 3)):
            goods_id, price = self.rng.choice(self.goods_by_village[vid])
            quantity = self.rng.choice((1, 1, 1, 2))
            cost = price * quantity
            if spent + cost > balance:
                continue
            spent += cost
            day = datetime.date(year, month, self.rng.randint(5, 15))
            self.redemptions.append((len(self.redemptions) + 1, hid, goods_id, quantity, cost,
                                "%s 10:%02d:00" % (day.isoformat(), self.rng.randrange(60)),
                                "积分超市管理员"))
        return spent

    def _lists(self):
        categories = catalog.CATEGORIES
        ids = {c["code"]: i for i, c in enumerate(categories, start=1)}
        yield ("list_categories", ("id", "code", "name", "short", "description", "ordinal"),
               [(i, c["code"], c["name"], c["short"], c["description"], i)
                for i, c in enumerate(categories, start=1)])
        items, steps = [], []
        for item_id, item in enumerate(catalog.build_catalog(), start=1):
            items.append((
                item_id, ids[item["category"]], item["ordinal"], item["name"],
                item["handling_type"], item["legal_basis"], item["conditions"],
                json.dumps(item["materials"], ensure_ascii=False), item["time_limit"],
                item["time_limit_days"], item["responsible_body"], item["responsible_person"],
                item["place"], item["hours"], item["fees"], item["consult_phone"],
                item["complaint_phone"], item["visits"],
                json.dumps(item["faq"], ensure_ascii=False),
            ))
            for ordinal, step in enumerate(item["steps"], start=1):
                steps.append((len(steps) + 1, item_id, ordinal, step["actor"], step["action"],
                              step["time_limit"]))
        yield ("list_items", (
            "id", "category_id", "ordinal", "name", "handling_type", "legal_basis", "conditions",
            "materials", "time_limit", "time_limit_days", "responsible_body",
            "responsible_person", "place", "hours", "fees", "consult_phone", "complaint_phone",
            "visits", "faq"), items)
        yield ("list_steps", ("id", "item_id", "ordinal", "actor", "action", "time_limit"),
               steps)

    def _notices(self):
        rows = []
        towns = {t[0]: t[1] for t in self.towns}

        def add(scope, scope_id, notice, publisher, place):
            _, category, title, paragraphs, age, live = notice
            published = REFERENCE_DAY - datetime.timedelta(days=age + self.rng.randint(0, 3))
            expire = None if live is None else published + datetime.timedelta(days=live)
            rows.append((len(rows) + 1, scope, scope_id, category, title.format(**place),
                         "\n".join(paragraphs), publisher,
                         published.isoformat() + " 08:30:00",
                         expire and expire.isoformat() + " 00:00:00"))

        for notice in NOTICES:
            if notice[0] == "county":
                add("county", 1, notice, "旺苍县人民政府", {})
            elif notice[0] == "town":
                for t, name in towns.items():
                    add("town", t, notice, name + "人民政府", {"town": name})
            else:
                for village in self.villages:
                    add("village", village[0], notice, village[2] + "村民委员会",
                        {"village": village[2]})
        return rows

    def summary(self):
        return {"towns": len(self.towns), "villages": len(self.villages),
                "households": len(self.households)}


def _spread(total, parts, rng, low):
    """``total`` split into ``parts`` random but similar sizes that add up exactly."""
    weights = [low + rng.random() * (2 - 2 * low) for _ in range(parts)]
    scale = total / sum(weights)
    sizes = [max(1, int(w * scale)) for w in weights]
    for i in range(total - sum(sizes)):
        sizes[i % parts] += 1
    return sizes


def _months_back(last, count):
    year, month = last
    out = []
    for _ in range(count):
        out.append((year, month))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]


def _add_month(year, month):
    return datetime.date(year + month // 12, month % 12 + 1, 1)
