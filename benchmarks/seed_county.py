"""How long ``portal seed --scale county`` takes, against the floor of loading its ledger.

Times ``portal seed --db TMP --scale county --seed 1`` as a subprocess (wall clock, including
interpreter start-up; ``--runs`` fresh files, min/median/max), then counts the rows of every
table with sqlite3 and derives rows per second.

Baseline, measured in the same run: inserting as many 6-integer tuples as the county has ledger
entries (``point_entries``) with ``executemany`` into a plain table of an in-memory SQLite
database, in one transaction, the tuples built beforehand and not timed. That is the least
loading the ledger could cost from Python, whatever the seeder does; the ratio says how far the
whole seed is above it.
"""

import argparse
import random
import re
import sqlite3
import subprocess
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402


def table_counts(db):
    conn = sqlite3.connect("file:%s?mode=ro" % Path(db).resolve(), uri=True)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]
        return {name: conn.execute("SELECT count(*) FROM [%s]" % name).fetchone()[0]
                for name in names}
    finally:
        conn.close()


def seed_once(tmp, scale, seed_value, number):
    db = tmp / ("county-%d.db" % number)
    command = _common.PORTAL + ["seed", "--db", str(db), "--scale", scale,
                                "--seed", str(seed_value)]

    started = time.perf_counter()
    done = subprocess.run(command, cwd=_common.ROOT, capture_output=True, text=True,
                          timeout=1800)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit("portal seed failed (exit %d): %s" % (
            done.returncode, (done.stderr or done.stdout).strip()[-2000:]))
    reported = re.search(r"\(([\d.]+) 秒\)", done.stdout)
    counts = table_counts(db)
    size = db.stat().st_size
    for leftover in tmp.glob(db.name + "*"):
        leftover.unlink()
    return wall, float(reported.group(1)) if reported else None, counts, size


def ledger_like_rows(n, households, rules, rng):
    """n tuples (id, household, rule, month, day, status) shaped like the compact ledger."""
    hh = rng.choices(range(1, households + 1), k=n)
    rule = rng.choices(range(1, rules + 1), k=n)
    month = rng.choices(range(12), k=n)
    day = rng.choices(range(1, 29), k=n)
    status = rng.choices((0, 1, 2), weights=(8, 88, 4), k=n)
    return list(zip(range(1, n + 1), hh, rule, month, day, status))


def baseline_once(rows):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE ledger (id INTEGER, household_id INTEGER, rule_id INTEGER, "
                 "month INTEGER, day INTEGER, status INTEGER)")
    started = time.perf_counter()
    with conn:
        conn.executemany("INSERT INTO ledger VALUES (?, ?, ?, ?, ?, ?)", rows)
    elapsed = time.perf_counter() - started
    assert conn.execute("SELECT count(*) FROM ledger").fetchone()[0] == len(rows)
    conn.close()
    return elapsed


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Time 'portal seed' of a county (wall clock, as a subprocess) and compare "
        "with inserting the same number of 6-integer rows into in-memory SQLite.")
    parser.add_argument("--runs", type=int, default=1,
                        help="fresh seeds to time (default %(default)s)")
    parser.add_argument("--scale", choices=("demo", "county"), default="county",
                        help="county size to seed (default %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default %(default)s)")
    parser.add_argument("--baseline-runs", type=int, default=3,
                        help="repetitions of the in-memory baseline (default %(default)s)")
    args = parser.parse_args(argv)
    if not (1 <= args.runs <= 20 and 1 <= args.baseline_runs <= 20):
        parser.error("keep it bounded: 1 <= --runs, --baseline-runs <= 20")
    _common.require_catalog()

    print("seed_county: %s" % _common.env_note())
    command = "portal seed --db TMP --scale %s --seed %d" % (args.scale, args.seed)
    walls, reported, counts, sizes = [], [], None, []
    with _common.temp_dir("seed-county-") as tmp:
        for number in range(1, args.runs + 1):
            wall, own, run_counts, size = seed_once(tmp, args.scale, args.seed, number)
            walls.append(wall)
            sizes.append(size)
            if own is not None:
                reported.append(own)
            print("run %d: %s  %.2f s wall%s" % (
                number, command, wall, "" if own is None else " (the command reports %.1f s)"
                % own), flush=True)
            if counts is not None and run_counts != counts:
                print("WARNING: run %d produced different row counts: not deterministic" % number)
            counts = run_counts

    total = sum(counts.values())
    entries = counts.get("point_entries", 0)
    low, median, high = _common.spread(walls)
    print("\nrows per table")
    print(_common.table(["table", "rows"], [[name, "{:,}".format(n)]
                                            for name, n in counts.items()] +
                        [["TOTAL", "{:,}".format(total)]]))
    print("database file: %.1f MB" % (statistics.median(sizes) / 1e6))

    rules = max(1, counts.get("point_rules", 1))
    households = max(1, counts.get("households", 1))
    print("\nbaseline: building %s ledger-shaped 6-integer tuples (not timed) ..." %
          "{:,}".format(entries), flush=True)
    rows = ledger_like_rows(entries, households, rules, random.Random(args.seed))
    base_times = []
    for number in range(1, args.baseline_runs + 1):
        base_times.append(baseline_once(rows))
        print("baseline run %d: executemany of %s rows into :memory: %.2f s" % (
            number, "{:,}".format(entries), base_times[-1]), flush=True)
    del rows
    b_low, b_median, b_high = _common.spread(base_times)

    print("\nsummary (%d seed run(s), %d baseline run(s))" % (args.runs, args.baseline_runs))
    print(_common.table(
        ["measure", "min s", "median s", "max s", "rows", "rows/s (median)", "us/ledger row"],
        [["portal seed, wall", "%.2f" % low, "%.2f" % median, "%.2f" % high,
          "{:,}".format(total), "{:,.0f}".format(total / median),
          "%.2f" % (1e6 * median / entries) if entries else "-"],
         ["portal seed, ledger rows per wall s", "", "", "", "{:,}".format(entries),
          "{:,.0f}".format(entries / median), ""],
         ["baseline executemany :memory:", "%.2f" % b_low, "%.2f" % b_median, "%.2f" % b_high,
          "{:,}".format(entries), "{:,.0f}".format(entries / b_median) if b_median else "-",
          "%.2f" % (1e6 * b_median / entries) if entries else "-"]]))
    if reported:
        print("the command's own figure (without interpreter start-up): median %.1f s" %
              statistics.median(reported))
    print("ratio: portal seed median / baseline median = %.2fx" % (median / b_median))
    return 0


if __name__ == "__main__":
    sys.exit(main())
