"""Points: name masking, ranking periods and scopes, rankings derived from the ledger.

Balances and rankings are never stored as typed-in numbers: they are sums over approved
entries (minus redemptions, for balances). Rankings are cached per database version, so a
county of 72k households is summed once per change, not once per page view.
"""

import datetime
from dataclasses import dataclass

PERIODS = ("month", "quarter", "year")
SCOPES = ("village", "town", "county")
PERIOD_LABELS = {"month": "月榜", "quarter": "季榜", "year": "年榜"}
SCOPE_LABELS = {"village": "本村", "town": "本镇", "county": "全县"}
_QUARTER_NAMES = "一二三四"


def mask_name(name):
    """Mask a name as public rankings do: 姚开初 -> 姚*初, 王芳 -> 王*, 欧阳青山 -> 欧**山."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


@dataclass(frozen=True)
class Period:
    kind: str
    start: str  # inclusive ISO date
    end: str  # exclusive ISO date
    label: str


def period_containing(kind, day):
    """The month, quarter or year that contains ``day`` (a date)."""
    if kind not in PERIODS:
        raise ValueError("unknown period %r" % kind)
    if kind == "month":
        start = day.replace(day=1)
        end = _add_months(start, 1)
        label = "%d年%d月" % (start.year, start.month)
    elif kind == "quarter":
        quarter = (day.month - 1) // 3
        start = datetime.date(day.year, quarter * 3 + 1, 1)
        end = _add_months(start, 3)
        label = "%d年第%s季度" % (start.year, _QUARTER_NAMES[quarter])
    else:
        start = datetime.date(day.year, 1, 1)
        end = datetime.date(day.year + 1, 1, 1)
        label = "%d年" % day.year
    return Period(kind, start.isoformat(), end.isoformat(), label)


def _add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Standing:
    rank: int
    household_id: int
    name: str
    village: str
    town: str
    points: int


@dataclass(frozen=True)
class Board:
    period: Period
    scope: str
    scope_name: str
    standings: tuple  # of Standing, best first
    positions: dict  # household id -> index in standings

    def position_of(self, household_id):
        index = self.positions.get(household_id)
        return None if index is None else self.standings[index]


class Rankings:
    """Ranking boards for any period and scope, cached until the database changes."""

    def __init__(self, store, cache):
        self.store = store
        self.cache = cache

    def current_period(self, kind, today=None):
        """The latest reviewed period: the one holding the newest approved entry."""
        latest = self.cache.get("latest-approved", self.store.latest_approved_date)
        if latest:
            day = datetime.date.fromisoformat(latest[:10])
        else:
            day = today or datetime.date.today()
        return period_containing(kind, day)

    def board(self, period, scope, household):
        """The board of ``scope`` (village/town/county) around ``household`` (a row dict)."""
        if scope not in SCOPES:
            raise ValueError("unknown scope %r" % scope)
        scope_id = {"village": household["village_id"], "town": household["town_id"],
                    "county": household["county_id"]}[scope]
        return self.cache.get(("board", period, scope, scope_id),
                              lambda: self._build(period, scope, scope_id, household))

    def _build(self, period, scope, scope_id, household):
        directory = self.cache.get("directory", self.store.household_directory)
        totals = self.cache.get(("totals", period), lambda: dict(
            self.store.period_totals(period.start, period.end)))
        if scope == "village":
            members = [r for r in directory.values() if r[2] == scope_id]
            scope_name = household["village_name"]
        elif scope == "town":
            members = [r for r in directory.values() if r[4] == scope_id]
            scope_name = household["town_name"]
        else:
            members = list(directory.values())
            scope_name = household["county_name"]
        scored = sorted(((totals.get(r[0], 0), r) for r in members),
                        key=lambda pair: (-pair[0], pair[1][0]))
        standings, rank, previous = [], 0, None
        for index, (points, row) in enumerate(scored, start=1):
            if points != previous:
                rank, previous = index, points
            standings.append(Standing(rank, row[0], row[1], row[3], row[5], points))
        positions = {s.household_id: i for i, s in enumerate(standings)}
        return Board(period, scope, scope_name, tuple(standings), positions)
