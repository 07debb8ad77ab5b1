"""How long `portal check-nav` takes to walk the demo county.

Runs the command as a user would (`portal check-nav --db FILE`, the portal started in-process)
several times and reports the wall time. Baseline in the same run: against a portal served by
`portal serve`, one plain HTTP GET of every screen the walk visited, so the ratio says what the
pressing (every link followed and undone with BACK, every arrow tried) costs over merely
loading the screens once.
"""

import argparse
import statistics
import subprocess
import sys
import time
import urllib.request

from _common import HOST, PORTAL, ROOT, env_note, free_port, portal_serve, require_catalog, \
    running, seed, spread, table, temp_dir


def walk_once(db):
    started = time.perf_counter()
    done = subprocess.run(PORTAL + ["check-nav", "--db", str(db)], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit("check-nav failed:\n" + done.stdout[-3000:] + done.stderr[-2000:])
    walked = int(done.stdout.split("screens walked")[0].split(":")[-1])
    return elapsed, walked


def visited_screens(base):
    sys.path.insert(0, str(ROOT))
    from portal.checknav import NavChecker

    return NavChecker(base, box_id="STB00000001").run().pages


def fetch_all(base, pages):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    opener.open(base + "/tv/?stb=STB00000001").read()
    started = time.perf_counter()
    for page in pages:
        opener.open(base + page).read()
    return time.perf_counter() - started


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="a seeded database (default: a demo county in a temp dir)")
    parser.add_argument("--runs", type=int, default=3, help="walks to time (default 3)")
    args = parser.parse_args(argv)
    print("check_nav:", env_note())
    with temp_dir("check-nav-") as tmp:
        db = args.db
        if not db:
            require_catalog()
            db = tmp / "demo.db"
            print("seeded a demo county in %.1f s" % seed(db))
        walks = [walk_once(db) for _ in range(args.runs)]
        port = free_port()
        base = "http://%s:%d" % (HOST, port)
        with running(portal_serve(db, port), base):
            pages = visited_screens(base)
            fetches = [fetch_all(base, pages) for _ in range(args.runs)]
    seconds = [w for w, _ in walks]
    rows = [["portal check-nav --db (whole command)", "%.1f / %.1f / %.1f" % spread(seconds),
             walks[0][1]],
            ["baseline: one GET per walked screen", "%.2f / %.2f / %.2f" % spread(fetches),
             len(pages)]]
    print()
    print(table(["what", "seconds min / median / max", "screens"], rows))
    print()
    print("check-nav walks %d screens in %.1f s (median); %.0fx the time of fetching them once"
          % (walks[0][1], statistics.median(seconds),
             statistics.median(seconds) / statistics.median(fetches)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
