import sqlite3

import pytest

from portal.store import Store, StoreError
from portal.store.migrations import migrations

TABLES = {"counties", "towns", "villages", "households", "boxes", "point_rules",
          "point_entries", "goods", "redemptions", "list_categories", "list_items",
          "list_steps", "notices"}


def test_init_creates_every_table_in_one_wal_file(tmp_path):
    path = tmp_path / "county.db"
    store = Store.open(path, create=True)
    assert TABLES <= set(store.db.table_names())
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.pending_migrations() == []
    store.close()


def test_migrations_are_applied_once_and_remembered(tmp_path):
    path = tmp_path / "county.db"
    Store.open(path, create=True).close()
    store = Store.open(path)
    applied = [m.name for m in migrations.applied(store.db)]
    assert applied == sorted(applied) and len(applied) == len(set(applied)) >= 5
    store.migrate()
    assert [m.name for m in migrations.applied(store.db)] == applied


def test_a_missing_file_is_reported_not_created(tmp_path):
    with pytest.raises(StoreError, match="不存在"):
        Store.open(tmp_path / "nope.db")
    assert not (tmp_path / "nope.db").exists()


def test_a_file_that_is_not_sqlite_is_reported(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="无法读取"):
        Store.open(path)


def test_an_uninitialised_database_is_reported(tmp_path):
    path = tmp_path / "plain.db"
    sqlite3.connect(path).execute("CREATE TABLE other (x)").connection.close()
    with pytest.raises(StoreError, match="尚未初始化"):
        Store.open(path)


def test_a_failing_bulk_load_leaves_nothing_behind():
    store = Store.memory()
    with pytest.raises(sqlite3.IntegrityError):
        store.bulk_load([
            ("counties", ("id", "name", "code"), [(1, "旺苍县", "510821")]),
            ("towns", ("id", "county_id", "name"), [(1, 1, "东河镇"), (2, 1, "东河镇")]),
        ])
    assert store.is_empty()
    assert store.table_counts()["towns"] == 0


def test_a_failed_build_leaves_no_file(tmp_path):
    path = tmp_path / "new.db"
    with pytest.raises(RuntimeError):
        with Store.building(path) as store:
            store.bulk_load([("counties", ("id", "name", "code"), [(1, "旺苍县", "510821")])])
            raise RuntimeError("generator failed")
    assert list(tmp_path.iterdir()) == []


def test_the_ledger_refuses_impossible_values():
    store = Store.memory()
    with pytest.raises(sqlite3.IntegrityError):
        store.bulk_load([("point_rules", ("category", "name", "value"), [("x", "零分规则", 0)])])
