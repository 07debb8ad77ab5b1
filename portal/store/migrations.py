"""The schema, as numbered migrations. Append new ones; never edit an applied one."""

from sqlite_utils.migrations import Migrations

migrations = Migrations("portal")


def _run(db, script):
    # executescript() would COMMIT the migration's transaction first; run statement by statement.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migrations(name="0001_places_and_households")
def m0001(db):
    _run(db, 
        """
        CREATE TABLE counties (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            code TEXT NOT NULL UNIQUE
        );
        CREATE TABLE towns (
            id INTEGER PRIMARY KEY,
            county_id INTEGER NOT NULL REFERENCES counties(id),
            name TEXT NOT NULL,
            phone TEXT NOT NULL DEFAULT '',
            UNIQUE (county_id, name)
        );
        CREATE TABLE villages (
            id INTEGER PRIMARY KEY,
            town_id INTEGER NOT NULL REFERENCES towns(id),
            name TEXT NOT NULL,
            phone TEXT NOT NULL DEFAULT '',
            recorder TEXT NOT NULL DEFAULT '',
            UNIQUE (town_id, name)
        );
        CREATE TABLE households (
            id INTEGER PRIMARY KEY,
            village_id INTEGER NOT NULL REFERENCES villages(id),
            head_name TEXT NOT NULL,
            members INTEGER NOT NULL CHECK (members > 0),
            phone TEXT NOT NULL DEFAULT '',
            group_no INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX households_village ON households(village_id);
        CREATE TABLE boxes (
            box_id TEXT PRIMARY KEY,
            household_id INTEGER NOT NULL REFERENCES households(id),
            bound_at TEXT NOT NULL
        );
        CREATE INDEX boxes_household ON boxes(household_id);
        """
    )


@migrations(name="0002_points_ledger")
def m0002(db):
    _run(db, 
        """
        CREATE TABLE point_rules (
            id INTEGER PRIMARY KEY,
            category TEXT NOT NULL,
            name TEXT NOT NULL UNIQUE,
            value INTEGER NOT NULL CHECK (value <> 0),
            unit TEXT NOT NULL DEFAULT '次',
            description TEXT NOT NULL DEFAULT ''
        );
        -- Append-only: a correction is a new entry that names the one it corrects.
        CREATE TABLE point_entries (
            id INTEGER PRIMARY KEY,
            household_id INTEGER NOT NULL REFERENCES households(id),
            rule_id INTEGER NOT NULL REFERENCES point_rules(id),
            value INTEGER NOT NULL,
            reason TEXT NOT NULL,
            recorder TEXT NOT NULL,
            entry_date TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'approved', 'rejected')),
            reviewed_by TEXT,
            reviewed_at TEXT,
            corrects_id INTEGER REFERENCES point_entries(id),
            created_at TEXT NOT NULL
        );
        CREATE INDEX point_entries_household ON point_entries(household_id, entry_date);
        CREATE INDEX point_entries_period
            ON point_entries(status, entry_date, household_id, value);
        """
    )


@migrations(name="0003_points_shop")
def m0003(db):
    _run(db, 
        """
        CREATE TABLE goods (
            id INTEGER PRIMARY KEY,
            village_id INTEGER NOT NULL REFERENCES villages(id),
            name TEXT NOT NULL,
            unit TEXT NOT NULL,
            price INTEGER NOT NULL CHECK (price > 0),
            stock INTEGER NOT NULL CHECK (stock >= 0),
            ordinal INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX goods_village ON goods(village_id, ordinal);
        CREATE TABLE redemptions (
            id INTEGER PRIMARY KEY,
            household_id INTEGER NOT NULL REFERENCES households(id),
            goods_id INTEGER NOT NULL REFERENCES goods(id),
            quantity INTEGER NOT NULL CHECK (quantity > 0),
            points INTEGER NOT NULL CHECK (points > 0),
            redeemed_at TEXT NOT NULL,
            handled_by TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX redemptions_household ON redemptions(household_id, redeemed_at);
        """
    )


@migrations(name="0004_village_matter_lists")
def m0004(db):
    _run(db, 
        """
        CREATE TABLE list_categories (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            short TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            ordinal INTEGER NOT NULL
        );
        CREATE TABLE list_items (
            id INTEGER PRIMARY KEY,
            category_id INTEGER NOT NULL REFERENCES list_categories(id),
            ordinal INTEGER NOT NULL,
            name TEXT NOT NULL,
            handling_type TEXT NOT NULL
                CHECK (handling_type IN ('村级直办', '代办', '协办', '公开告知')),
            legal_basis TEXT NOT NULL DEFAULT '',
            conditions TEXT NOT NULL DEFAULT '',
            materials TEXT NOT NULL DEFAULT '[]',
            time_limit TEXT NOT NULL DEFAULT '',
            time_limit_days INTEGER,
            responsible_body TEXT NOT NULL DEFAULT '',
            responsible_person TEXT NOT NULL DEFAULT '',
            place TEXT NOT NULL DEFAULT '',
            hours TEXT NOT NULL DEFAULT '',
            fees TEXT NOT NULL DEFAULT '',
            consult_phone TEXT NOT NULL DEFAULT '',
            complaint_phone TEXT NOT NULL DEFAULT '',
            visits INTEGER NOT NULL DEFAULT 1,
            faq TEXT NOT NULL DEFAULT '[]',
            UNIQUE (category_id, ordinal)
        );
        CREATE TABLE list_steps (
            id INTEGER PRIMARY KEY,
            item_id INTEGER NOT NULL REFERENCES list_items(id),
            ordinal INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            time_limit TEXT NOT NULL DEFAULT '',
            UNIQUE (item_id, ordinal)
        );
        """
    )


@migrations(name="0005_notices")
def m0005(db):
    _run(db, 
        """
        CREATE TABLE notices (
            id INTEGER PRIMARY KEY,
            scope TEXT NOT NULL CHECK (scope IN ('county', 'town', 'village')),
            scope_id INTEGER NOT NULL,
            category TEXT NOT NULL,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            publisher TEXT NOT NULL DEFAULT '',
            publish_at TEXT NOT NULL,
            expire_at TEXT
        );
        CREATE INDEX notices_scope ON notices(scope, scope_id, publish_at);
        """
    )
