"""All SQL of the portal lives here: one SQLite file (WAL) through sqlite-utils.

Threading model: one Store per thread. The Tornado server runs on one thread and its reads are
short indexed queries, so they run inline; every write is one transaction.
"""

import contextlib
import json
import os
import sqlite3

import sqlite_utils

from .migrations import migrations


class StoreError(Exception):
    """A database file that cannot be used: missing, not SQLite, or not initialised."""


class Store:
    def __init__(self, db):
        self.db = db
        self._writes = 0

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, path, create=False):
        """Open the file at ``path``; with ``create`` make and migrate it if needed."""
        path = str(path)
        if not create and not os.path.exists(path):
            raise StoreError("数据库文件不存在: %s (先运行 portal init --db %s)" % (path, path))
        if os.path.isdir(path):
            raise StoreError("这是一个目录，不是数据库文件: %s" % path)
        try:
            conn = sqlite3.connect(path)
            conn.execute("PRAGMA foreign_keys = ON")
            store = cls(sqlite_utils.Database(conn))
            store.db.enable_wal()
            store.db.execute("PRAGMA synchronous = NORMAL")
            store.db.execute("PRAGMA busy_timeout = 5000")
            if create:
                store.migrate()
            elif store.pending_migrations():
                raise StoreError("数据库尚未初始化或版本过旧: %s (先运行 portal init --db %s)"
                                 % (path, path))
        except sqlite3.DatabaseError as exc:
            raise StoreError("无法读取数据库文件 %s: %s" % (path, exc)) from None
        return store

    @classmethod
    @contextlib.contextmanager
    def building(cls, path):
        """A new database file built beside ``path`` and moved onto it only when complete.

        While building there is no journal at all (a failed build is thrown away whole), which
        makes loading a county of millions of rows several times quicker.
        """
        path = str(path)
        temporary = path + ".building"
        for leftover in (temporary, temporary + "-journal"):
            if os.path.exists(leftover):
                os.remove(leftover)
        try:
            store = cls(sqlite_utils.Database(sqlite3.connect(temporary)))
            store.db.execute("PRAGMA journal_mode = OFF")
            store.db.execute("PRAGMA synchronous = OFF")
            store.migrate()
        except (sqlite3.DatabaseError, OSError) as exc:
            raise StoreError("无法创建数据库文件 %s: %s" % (temporary, exc)) from None
        try:
            yield store
            store.db.execute("PRAGMA journal_mode = WAL")
        except BaseException:
            store.close()
            os.remove(temporary)
            raise
        store.close()
        os.replace(temporary, path)

    @classmethod
    def memory(cls):
        store = cls(sqlite_utils.Database(memory=True))
        store.db.execute("PRAGMA foreign_keys = ON")
        store.migrate()
        return store

    def close(self):
        self.db.close()

    def migrate(self):
        migrations.apply(self.db)

    def pending_migrations(self):
        return [m.name for m in migrations.pending(self.db)]

    def data_version(self):
        """Changes whenever any connection commits: the key for derived caches."""
        other = self.db.execute("PRAGMA data_version").fetchone()[0]
        return (other, self._writes)

    def _one(self, sql, params=()):
        rows = list(self.db.query(sql, params))
        return rows[0] if rows else None

    def _scalar(self, sql, params=()):
        return self.db.execute(sql, params).fetchone()[0]

    # -- bulk loading (demo generator, imports) ------------------------------------------

    def bulk_load(self, batches):
        """Insert ``[(table, columns, rows), ...]`` in one transaction: all or nothing.

        ``point_entries`` may come as ``("point_entries", "compact", (months, rows, reviewer))``:
        see ``_load_compact_entries``.
        """
        tables = set(self.db.table_names())
        # Sorting for index builds and the staging tables stay in memory, not temp files.
        self.db.execute("PRAGMA temp_store = MEMORY")
        self.db.execute("PRAGMA cache_size = -262144")
        with self.db.atomic():
            for table, columns, rows in batches:
                if table not in tables:
                    raise StoreError("unknown table %s" % table)
                with self._indexes_rebuilt_if_empty(table):
                    if columns == "compact":
                        self._load_compact_entries(*rows)
                        continue
                    sql = "INSERT INTO [%s] (%s) VALUES (%s)" % (
                        table, ", ".join("[%s]" % c for c in columns),
                        ", ".join("?" for _ in columns))
                    self.db.conn.executemany(sql, rows)
        self._writes += 1

    @contextlib.contextmanager
    def _indexes_rebuilt_if_empty(self, table):
        """Loading millions of rows into an empty table is far quicker with its indexes
        built once afterwards (sorted) than maintained row by row."""
        if self._scalar("SELECT EXISTS (SELECT 1 FROM [%s])" % table):
            yield
            return
        indexes = self.db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL", (table,)).fetchall()
        for name, _ in indexes:
            self.db.execute("DROP INDEX [%s]" % name)
        yield
        for _, sql in indexes:
            self.db.execute(sql)

    def _load_compact_entries(self, months, rows, reviewer):
        """Millions of ledger entries from small integer tuples, expanded inside SQLite.

        ``months``: ``[(month_index, year, month, [reason per rule id 1..n])]``;
        ``rows``: ``(id, household_id, rule_id, month_index, day, status)`` with status
        0 pending, 1 approved, 2 rejected. Binding eleven text columns per row from Python
        costs several times more than these six integers.
        """
        conn = self.db.conn
        conn.execute("CREATE TEMP TABLE seed_months (month INTEGER, rule_id INTEGER, "
                     "year INTEGER, mon INTEGER, reason TEXT, PRIMARY KEY (month, rule_id))")
        conn.execute("CREATE TEMP TABLE seed_entries (id INTEGER PRIMARY KEY, household_id "
                     "INTEGER, rule_id INTEGER, month INTEGER, dom INTEGER, status INTEGER)")
        conn.executemany("INSERT INTO seed_months VALUES (?, ?, ?, ?, ?)", [
            (index, rule_id, year, month, reason)
            for index, year, month, reasons in months
            for rule_id, reason in enumerate(reasons, start=1)])
        conn.executemany("INSERT INTO seed_entries VALUES (?, ?, ?, ?, ?, ?)", rows)
        conn.execute(
            """
            INSERT INTO point_entries (id, household_id, rule_id, value, reason, recorder,
                entry_date, status, reviewed_by, reviewed_at, created_at)
            SELECT s.id, s.household_id, s.rule_id, r.value, m.reason, v.recorder,
                printf('%04d-%02d-%02d', m.year, m.mon, s.dom),
                CASE s.status WHEN 0 THEN 'pending' WHEN 1 THEN 'approved' ELSE 'rejected' END,
                CASE WHEN s.status = 0 THEN NULL ELSE :reviewer END,
                CASE WHEN s.status = 0 THEN NULL ELSE
                    printf('%04d-%02d-01 10:00:00', m.year + m.mon / 12, m.mon % 12 + 1) END,
                printf('%04d-%02d-%02d 18:00:00', m.year, m.mon, s.dom)
            FROM seed_entries s
            JOIN seed_months m ON m.month = s.month AND m.rule_id = s.rule_id
            JOIN point_rules r ON r.id = s.rule_id
            JOIN households h ON h.id = s.household_id
            JOIN villages v ON v.id = h.village_id
            ORDER BY s.id
            """,
            {"reviewer": reviewer},
        )
        conn.execute("DROP TABLE temp.seed_entries")
        conn.execute("DROP TABLE temp.seed_months")

    def is_empty(self):
        return self._scalar("SELECT count(*) FROM counties") == 0

    def table_counts(self):
        return {name: self._scalar("SELECT count(*) FROM [%s]" % name)
                for name in ("counties", "towns", "villages", "households", "boxes",
                             "point_rules", "point_entries", "goods", "redemptions",
                             "list_categories", "list_items", "list_steps", "notices")}

    def analyze(self):
        # A sample is enough for the planner and keeps this quick on millions of rows.
        self.db.execute("PRAGMA analysis_limit = 1000")
        self.db.execute("ANALYZE")

    # -- places and households -----------------------------------------------------------

    def county(self):
        return self._one("SELECT * FROM counties ORDER BY id LIMIT 1")

    def household_by_box(self, box_id):
        return self._one(
            """
            SELECT h.id, h.head_name, h.members, h.phone, h.group_no,
                   v.id AS village_id, v.name AS village_name, v.phone AS village_phone,
                   t.id AS town_id, t.name AS town_name, t.phone AS town_phone,
                   c.id AS county_id, c.name AS county_name, b.box_id
            FROM boxes b
            JOIN households h ON h.id = b.household_id
            JOIN villages v ON v.id = h.village_id
            JOIN towns t ON t.id = v.town_id
            JOIN counties c ON c.id = t.county_id
            WHERE b.box_id = ?
            """,
            (box_id,),
        )

    def household_directory(self):
        """Every household with its village and town: id -> row (for rankings)."""
        rows = self.db.execute(
            """
            SELECT h.id, h.head_name, v.id, v.name, t.id, t.name
            FROM households h JOIN villages v ON v.id = h.village_id
            JOIN towns t ON t.id = v.town_id
            """
        )
        return {r[0]: r for r in rows}

    # -- points ledger -------------------------------------------------------------------

    def balance(self, household_id):
        earned = self._scalar(
            "SELECT coalesce(sum(value), 0) FROM point_entries "
            "WHERE household_id = ? AND status = 'approved'", (household_id,))
        spent = self._scalar(
            "SELECT coalesce(sum(points), 0) FROM redemptions WHERE household_id = ?",
            (household_id,))
        return earned - spent

    def period_totals(self, start, end):
        """Approved points per household with entry_date in [start, end): [(id, total)]."""
        return self.db.execute(
            "SELECT household_id, sum(value) FROM point_entries "
            "WHERE status = 'approved' AND entry_date >= ? AND entry_date < ? "
            "GROUP BY household_id",
            (start, end),
        ).fetchall()

    def latest_approved_date(self):
        return self._scalar(
            "SELECT max(entry_date) FROM point_entries WHERE status = 'approved'")

    def passbook_count(self, household_id):
        return self._scalar(
            "SELECT (SELECT count(*) FROM point_entries WHERE household_id = ?)"
            " + (SELECT count(*) FROM redemptions WHERE household_id = ?)",
            (household_id, household_id))

    def passbook_lines(self, household_id, offset, limit):
        """Ledger lines newest first: entries (any status) and redemptions."""
        return list(self.db.query(
            """
            SELECT * FROM (
                SELECT 'entry' AS kind, e.id, e.entry_date AS day, e.value,
                       e.reason, r.name AS title, e.status, e.recorder AS who
                FROM point_entries e JOIN point_rules r ON r.id = e.rule_id
                WHERE e.household_id = :h
                UNION ALL
                SELECT 'redemption', d.id, substr(d.redeemed_at, 1, 10), -d.points,
                       '兑换 ' || g.name || ' ×' || d.quantity, '积分超市兑换',
                       'approved', d.handled_by
                FROM redemptions d JOIN goods g ON g.id = d.goods_id
                WHERE d.household_id = :h
            ) ORDER BY day DESC, kind, id DESC LIMIT :limit OFFSET :offset
            """,
            {"h": household_id, "limit": limit, "offset": offset},
        ))

    def pending_total(self, household_id):
        return self._scalar(
            "SELECT coalesce(sum(value), 0) FROM point_entries "
            "WHERE household_id = ? AND status = 'pending'", (household_id,))

    # -- points shop ---------------------------------------------------------------------

    def goods_count(self, village_id):
        return self._scalar("SELECT count(*) FROM goods WHERE village_id = ?", (village_id,))

    def goods_page(self, village_id, offset, limit):
        return list(self.db.query(
            "SELECT * FROM goods WHERE village_id = ? ORDER BY ordinal, id LIMIT ? OFFSET ?",
            (village_id, limit, offset)))

    # -- village-matter lists ------------------------------------------------------------

    def list_categories(self):
        return list(self.db.query(
            """
            SELECT c.*, (SELECT count(*) FROM list_items i WHERE i.category_id = c.id) AS item_count
            FROM list_categories c ORDER BY c.ordinal
            """))

    def list_category(self, category_id):
        return self._one("SELECT * FROM list_categories WHERE id = ?", (category_id,))

    def list_items_count(self, category_id):
        return self._scalar("SELECT count(*) FROM list_items WHERE category_id = ?",
                            (category_id,))

    def list_items_page(self, category_id, offset, limit):
        return list(self.db.query(
            "SELECT id, ordinal, name, handling_type, time_limit FROM list_items "
            "WHERE category_id = ? ORDER BY ordinal LIMIT ? OFFSET ?",
            (category_id, limit, offset)))

    def list_item(self, item_id):
        item = self._one("SELECT * FROM list_items WHERE id = ?", (item_id,))
        if item is None:
            return None
        item["materials"] = json.loads(item["materials"])
        item["faq"] = json.loads(item["faq"])
        item["steps"] = list(self.db.query(
            "SELECT ordinal, actor, action, time_limit FROM list_steps "
            "WHERE item_id = ? ORDER BY ordinal", (item_id,)))
        return item

    # -- notices -------------------------------------------------------------------------

    _NOTICE_AUDIENCE = """
        ((scope = 'county' AND scope_id = :county) OR (scope = 'town' AND scope_id = :town)
         OR (scope = 'village' AND scope_id = :village))
        AND publish_at <= :now AND (expire_at IS NULL OR expire_at > :now)
    """

    def notices_count(self, county_id, town_id, village_id, now):
        return self._scalar(
            "SELECT count(*) FROM notices WHERE" + self._NOTICE_AUDIENCE,
            {"county": county_id, "town": town_id, "village": village_id, "now": now})

    def notices_page(self, county_id, town_id, village_id, now, offset, limit):
        return list(self.db.query(
            "SELECT id, scope, category, title, publisher, publish_at FROM notices WHERE"
            + self._NOTICE_AUDIENCE
            + " ORDER BY publish_at DESC, id DESC LIMIT :limit OFFSET :offset",
            {"county": county_id, "town": town_id, "village": village_id, "now": now,
             "limit": limit, "offset": offset}))

    def notice_for(self, notice_id, county_id, town_id, village_id, now):
        """A notice only if it is addressed to this household's places and is live."""
        return self._one(
            "SELECT * FROM notices WHERE id = :id AND" + self._NOTICE_AUDIENCE,
            {"id": notice_id, "county": county_id, "town": town_id, "village": village_id,
             "now": now})
