"""Server throughput of TV pages against static files of the same size, on a full county.

The portal runs in its own process (``benchmarks/_bench_server.py``: ``make_app`` with debug off
and ``static_path`` a temporary copy of assets/). Into that copy go ``bench/same-size.html``, the
home page's HTML byte for byte, and ``bench/same-size-ranking.html``, the county ranking's, so
each static baseline has exactly the size (and gzip work) of the page it stands for.

Load comes from this process: an asyncio HTTP/1.1 keep-alive client over raw sockets, N
connections each sending GETs back to back (no pipelining) with the cookie
``stb=STB00000001`` and ``Accept-Encoding: gzip``. Rounds alternate between targets so that
noise on a shared machine hits all of them alike; each round's req/s, the median per target and
the ratio dynamic/static (aim >= 0.5) are printed, with latency percentiles and the CPU used by
the server and by this client (to see which one limits).

Exit status: 0 if every response was a complete 200, 1 otherwise.
"""

import argparse
import asyncio
import os
import re
import shutil
import statistics
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

BOX = "STB00000001"
AIM = 0.5
# (name, path, static baseline name or None)
TARGETS = [
    ("static home-size", "/assets/bench/same-size.html", None),
    ("/tv/ home", "/tv/", "static home-size"),
    ("static ranking-size", "/assets/bench/same-size-ranking.html", None),
    ("ranking year/county", "/tv/ranking?period=year&scope=county", "static ranking-size"),
    ("ranking village", "/tv/ranking?scope=village", "static ranking-size"),
]
_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)", re.I)
_CHUNKED = re.compile(rb"\r\ntransfer-encoding:[ \t]*chunked", re.I)
_GZIP = re.compile(rb"\r\ncontent-encoding:[ \t]*gzip", re.I)


class Stats:
    def __init__(self):
        self.responses = 0
        self.statuses = {}
        self.latencies = []  # seconds
        self.gzipped = 0
        self.chunked = 0
        self.body_bytes = 0
        self.errors = []
        self.last_done = None


def parse_response(buf):
    """(length of the first complete response in buf, status, gzipped, chunked, body bytes) or
    None while incomplete. Handles Content-Length and chunked framing."""
    head_end = buf.find(b"\r\n\r\n")
    if head_end < 0:
        return None
    head = bytes(buf[:head_end + 2])
    status = int(head[9:12])
    gzipped = _GZIP.search(head) is not None
    body_start = head_end + 4
    match = _CONTENT_LENGTH.search(head)
    if match:
        end = body_start + int(match.group(1))
        return (end, status, gzipped, False, end - body_start) if len(buf) >= end else None
    if _CHUNKED.search(head):
        pos, body = body_start, 0
        while True:
            line_end = buf.find(b"\r\n", pos)
            if line_end < 0:
                return None
            size = int(bytes(buf[pos:line_end]).split(b";")[0], 16)
            if size == 0:
                trailer_end = buf.find(b"\r\n\r\n", line_end)
                if buf[line_end:line_end + 4] == b"\r\n\r\n":
                    return line_end + 4, status, gzipped, True, body
                if trailer_end < 0:
                    return None
                return trailer_end + 4, status, gzipped, True, body
            pos = line_end + 2 + size + 2
            body += size
            if len(buf) < pos:
                return None
    if status in (204, 304) or 100 <= status < 200:
        return body_start, status, gzipped, False, 0
    raise ValueError("response without Content-Length or chunked framing")


class Connection(asyncio.Protocol):
    """One keep-alive connection: a GET, wait for the whole response, the next GET, ..."""

    def __init__(self, request, stats):
        self.request = request
        self.stats = stats
        self.buf = bytearray()
        self.ready = asyncio.get_running_loop().create_future()
        self.finished = asyncio.get_running_loop().create_future()
        self.deadline = None
        self.sent_at = None
        self.waiting = False
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport
        self.ready.set_result(True)

    def start(self, deadline):
        self.deadline = deadline
        self._send()

    def _send(self):
        self.sent_at = time.perf_counter()
        self.waiting = True
        self.transport.write(self.request)

    def data_received(self, data):
        self.buf += data
        try:
            parsed = parse_response(self.buf)
        except ValueError as exc:
            self._fail(str(exc))
            return
        if parsed is None:
            return
        end, status, gzipped, chunked, body = parsed
        now = time.perf_counter()
        stats = self.stats
        stats.responses += 1
        stats.statuses[status] = stats.statuses.get(status, 0) + 1
        stats.latencies.append(now - self.sent_at)
        stats.gzipped += gzipped
        stats.chunked += chunked
        stats.body_bytes += body
        stats.last_done = now
        self.waiting = False
        if len(self.buf) != end:
            self._fail("unexpected bytes after a response")
            return
        self.buf.clear()
        if now < self.deadline:
            self._send()
        else:
            self.transport.close()

    def _fail(self, why):
        self.waiting = False
        self.stats.errors.append(why)
        self.transport.close()

    def connection_lost(self, exc):
        if self.waiting:
            self.waiting = False
            self.stats.errors.append("connection lost while waiting for a response: %s" % exc)
        if not self.ready.done():
            self.ready.set_exception(exc or ConnectionError("closed"))
        if not self.finished.done():
            self.finished.set_result(True)


def request_bytes(port, path):
    return ("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUser-Agent: Mozilla/5.0 (throughput)\r\n"
            "Accept-Encoding: gzip\r\nCookie: stb=%s\r\n\r\n" % (path, port, BOX)).encode()


def cpu_seconds(pid):
    """User + system CPU seconds of a process (Linux /proc), or None elsewhere."""
    try:
        fields = Path("/proc/%d/stat" % pid).read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def machine_busy_seconds():
    """CPU-seconds all CPUs spent busy since boot (Linux /proc/stat), or None elsewhere."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


async def load(port, path, seconds, connections, server_pid):
    """Drive ``path`` for ``seconds`` over ``connections``; return a result dict."""
    loop = asyncio.get_running_loop()
    stats = Stats()
    request = request_bytes(port, path)
    conns = []
    for _ in range(connections):
        _, proto = await loop.create_connection(lambda: Connection(request, stats),
                                                _common.HOST, port)
        conns.append(proto)
    await asyncio.gather(*(c.ready for c in conns))
    server_cpu0, client_cpu0 = cpu_seconds(server_pid), time.process_time()
    busy0 = machine_busy_seconds()
    started = time.perf_counter()
    for c in conns:
        c.start(started + seconds)
    try:
        await asyncio.wait_for(asyncio.gather(*(c.finished for c in conns)), seconds + 30)
    except asyncio.TimeoutError:
        stats.errors.append("round did not finish within %d s" % (seconds + 30))
        for c in conns:
            c.transport.close()
    ended = stats.last_done or time.perf_counter()
    wall = ended - started
    server_cpu1, client_cpu1 = cpu_seconds(server_pid), time.process_time()
    busy1 = machine_busy_seconds()
    stats.latencies.sort()
    return {
        "rps": stats.responses / wall if wall > 0 else 0.0,
        "responses": stats.responses,
        "statuses": stats.statuses,
        "latencies": stats.latencies,
        "errors": stats.errors,
        "gzipped": stats.gzipped,
        "chunked": stats.chunked,
        "body_bytes": stats.body_bytes,
        "server_cpu": (None if server_cpu0 is None or server_cpu1 is None
                       else (server_cpu1 - server_cpu0) / wall),
        # responses per CPU-second of the server: less sensitive to other work on the machine
        "per_cpu_s": (None if server_cpu0 is None or server_cpu1 in (None, server_cpu0)
                      else stats.responses / (server_cpu1 - server_cpu0)),
        "client_cpu": (client_cpu1 - client_cpu0) / wall,
        # CPU used by everything else on the machine, in cores
        "others_cpu": (None if None in (busy0, busy1, server_cpu0, server_cpu1) else max(
            0.0, (busy1 - busy0 - (server_cpu1 - server_cpu0) - (client_cpu1 - client_cpu0))
            / wall)),
    }


def fetch(base, path):
    request = urllib.request.Request(base + path, headers={
        "Cookie": "stb=%s" % BOX, "Accept-Encoding": "identity",
        "User-Agent": "Mozilla/5.0 (throughput)"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.status, response.read()


def pct(value):
    return "-" if value is None else "%.0f%%" % (100 * value)


def ms(value):
    return "-" if value is None else "%.1f" % (1000 * value)


async def benchmark(args, base, port, server_pid):
    names = [t[0] for t in TARGETS]
    results = {name: [] for name in names}
    bad = []

    print("warm-up: %.1f s of load per target" % args.warmup)
    for name, path, _ in TARGETS:
        warm = await load(port, path, args.warmup, args.connections, server_pid)
        if warm["errors"] or set(warm["statuses"]) != {200}:
            bad.append("warm-up %s: statuses %s, errors %s" % (
                name, warm["statuses"], warm["errors"][:3]))

    print("\n%d rounds x %d targets x %.1f s, %d connections each (alternating)" % (
        args.rounds, len(TARGETS), args.seconds, args.connections))
    rows, cpu_rows = [], []
    for number in range(1, args.rounds + 1):
        row = ["round %d" % number]
        cpu_row = ["round %d" % number]
        for name, path, _ in TARGETS:
            result = await load(port, path, args.seconds, args.connections, server_pid)
            results[name].append(result)
            row.append("%.0f" % result["rps"])
            cpu_row.append("%s (others %s)" % (pct(result["server_cpu"]),
                                               pct(result["others_cpu"])))
            if result["errors"] or set(result["statuses"]) != {200}:
                bad.append("round %d %s: statuses %s, errors %s" % (
                    number, name, result["statuses"], result["errors"][:3]))
        rows.append(row)
        cpu_rows.append(cpu_row)
        print("  round %d: %s req/s" % (number, ", ".join(
            "%s %s" % (n, v) for n, v in zip(names, row[1:]))), flush=True)
    print("\nreq/s per round")
    print(_common.table(["round"] + names, rows))
    print("\nserver CPU per round, share of one core (and CPU used by other processes on the "
          "machine, in cores x 100%%; the server waits for a CPU when server + client + others "
          "nears %d00%%)" % (os.cpu_count() or 1))
    print(_common.table(["round"] + names, cpu_rows))
    return results, bad


def summarize(results):
    print("\nper target over all rounds (latency pooled over rounds)")
    rows = []
    medians, per_cpu = {}, {}
    for name, path, _ in TARGETS:
        rounds = results[name]
        rps = [r["rps"] for r in rounds]
        medians[name] = statistics.median(rps)
        latencies = sorted(x for r in rounds for x in r["latencies"])
        responses = sum(r["responses"] for r in rounds)
        server = [r["server_cpu"] for r in rounds if r["server_cpu"] is not None]
        client = [r["client_cpu"] for r in rounds]
        efficiency = [r["per_cpu_s"] for r in rounds if r["per_cpu_s"] is not None]
        per_cpu[name] = statistics.median(efficiency) if efficiency else None
        statuses = {}
        for r in rounds:
            for code, count in r["statuses"].items():
                statuses[code] = statuses.get(code, 0) + count
        rows.append([
            name, "%.0f" % min(rps), "%.0f" % medians[name], "%.0f" % max(rps),
            ms(_common.percentile(latencies, 0.50)), ms(_common.percentile(latencies, 0.95)),
            "%d" % round(sum(r["body_bytes"] for r in rounds) / max(1, responses)),
            "%d/%d" % (sum(r["gzipped"] for r in rounds), responses),
            "chunked" if any(r["chunked"] for r in rounds) else "length",
            pct(statistics.median(server) if server else None),
            pct(statistics.median(client)),
            "-" if per_cpu[name] is None else "%.0f" % per_cpu[name],
            " ".join("%s:%d" % kv for kv in sorted(statuses.items())),
        ])
    print(_common.table(
        ["target", "min", "median", "max", "p50 ms", "p95 ms", "body B", "gzipped",
         "framing", "server CPU", "client CPU", "req/CPU-s", "statuses"], rows))
    print("(req/s min/median/max over rounds; body B = mean bytes on the wire; CPU = share of "
          "one core during the rounds, median; req/CPU-s = responses per CPU-second of the "
          "server, median)")

    print("\ndynamic / static of the same size (aim >= %.1f)" % AIM)
    ratio_rows = []
    below = []
    for name, _, baseline in TARGETS:
        if baseline is None:
            continue
        paired = [d["rps"] / s["rps"] for d, s in zip(results[name], results[baseline])
                  if s["rps"] > 0]
        ratio = medians[name] / medians[baseline] if medians[baseline] else 0.0
        verdict = "meets aim" if ratio >= AIM else "BELOW aim"
        if ratio < AIM:
            below.append(name)
        cpu_ratio = ("-" if per_cpu[name] is None or not per_cpu[baseline]
                     else "%.2f" % (per_cpu[name] / per_cpu[baseline]))
        ratio_rows.append([name, baseline, "%.0f" % medians[name], "%.0f" % medians[baseline],
                           "%.2f" % ratio, "%.2f / %.2f / %.2f" % _common.spread(paired),
                           cpu_ratio, verdict])
    print(_common.table(["dynamic", "static baseline", "median req/s", "baseline req/s",
                         "ratio of medians", "per-round ratio min/med/max",
                         "ratio per CPU-s", "verdict"], ratio_rows))
    print("(verdict on the ratio of median req/s; per-round ratios pair each dynamic round with "
          "the static round just before it; the per-CPU-second ratio discounts time the server "
          "spent waiting for a CPU)")
    return below


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Requests per second of the TV home and ranking pages against static files "
        "of the same size, on a full county, with a keep-alive load client in this process and "
        "the server in another. Exits 1 if any response was not a complete 200.")
    parser.add_argument("--db", help="a database seeded with 'portal seed --scale county' "
                        "(default: seed one into a temporary directory first)")
    parser.add_argument("--seconds", type=float, default=5.0,
                        help="length of each measured round per target (default %(default)s)")
    parser.add_argument("--rounds", type=int, default=5,
                        help="rounds; each round measures every target once (default %(default)s)")
    parser.add_argument("--connections", type=int, default=16,
                        help="keep-alive connections driving load (default %(default)s)")
    parser.add_argument("--warmup", type=float, default=1.0,
                        help="seconds of load per target before measuring (default %(default)s)")
    args = parser.parse_args(argv)
    if not (0 < args.seconds <= 60 and 1 <= args.rounds <= 50 and 1 <= args.connections <= 256
            and 0 <= args.warmup <= 60):
        parser.error("keep it bounded: 0 < --seconds <= 60, 1 <= --rounds <= 50, "
                     "1 <= --connections <= 256, 0 <= --warmup <= 60")

    print("throughput: %s" % _common.env_note())
    with _common.temp_dir("throughput-") as tmp:
        db = args.db
        if db is None:
            _common.require_catalog()
            db = tmp / "county.db"
            print("seeding a full county (portal seed --scale county) into a temporary file ...",
                  flush=True)
            print("seeded in %.1f s" % _common.seed(db, "county"))
        elif not os.path.exists(db):
            print("no such database: %s" % db, file=sys.stderr)
            return 1
        households = count_households(db)
        if households < 50000:
            print("note: %s has %d households; this benchmark is meant for a full county "
                  "(portal seed --scale county)" % (db, households))
        static = tmp / "assets"
        shutil.copytree(_common.ROOT / "assets", static)
        (static / "bench").mkdir()
        port = _common.free_port()
        base = "http://%s:%d" % (_common.HOST, port)
        command = [sys.executable, str(Path(__file__).resolve().parent / "_bench_server.py"),
                   "--db", str(db), "--static", str(static), "--port", str(port)]
        with _common.running(command, base, timeout=120) as server:
            print("server pid %d at %s" % (server.pid, base))
            for name, path, _ in TARGETS:
                if path.startswith("/tv/"):
                    started = time.perf_counter()
                    status, body = fetch(base, path)
                    print("first view of %-20s %d, %6d B HTML, %.3f s" % (
                        name, status, len(body), time.perf_counter() - started))
                    if status != 200:
                        print("cannot benchmark: %s answered %d" % (path, status))
                        return 1
                    if path == "/tv/":
                        (static / "bench" / "same-size.html").write_bytes(body)
                    elif "scope=county" in path:
                        (static / "bench" / "same-size-ranking.html").write_bytes(body)
            for name, path, _ in TARGETS:
                if path.startswith("/assets/"):
                    status, body = fetch(base, path)
                    print("baseline %-20s %d, %6d B HTML" % (name, status, len(body)))
                    if status != 200:
                        return 1
            sizes = {p: len(fetch(base, p)[1]) for _, p, _ in TARGETS}
            for name, path, baseline in TARGETS:
                if baseline:
                    static_path = next(p for n, p, _ in TARGETS if n == baseline)
                    print("size check: %s is %d B, its static baseline %d B (%+d)" % (
                        name, sizes[path], sizes[static_path], sizes[path] - sizes[static_path]))
            results, bad = asyncio.run(benchmark(args, base, port, server.pid))
    below = summarize(results)

    server_cpu = [r["server_cpu"] for rs in results.values() for r in rs
                  if r["server_cpu"] is not None]
    client_cpu = [r["client_cpu"] for rs in results.values() for r in rs]
    others = [r["others_cpu"] for rs in results.values() for r in rs
              if r["others_cpu"] is not None]
    print("\nwho limits: server process used %s of a core (median over all rounds), this load "
          "client %s, other processes on the machine %s (of %d00%%)" % (
              pct(statistics.median(server_cpu) if server_cpu else None),
              pct(statistics.median(client_cpu)),
              pct(statistics.median(others) if others else None), os.cpu_count() or 1))
    if others and statistics.median(others) > 0.5:
        print("NOTE: other processes kept %s of a core busy while measuring, so the server often "
              "waited for a CPU and round-to-round noise is large: trust the per-round and "
              "per-CPU-second ratios more than the ratio of medians, or rerun on a quieter "
              "machine" % pct(statistics.median(others)))
    if client_cpu and max(client_cpu) > 0.9:
        print("WARNING: the load client used > 90% of a core in some round; it may be the "
              "bottleneck there (try fewer --connections or compare with --connections 4)")
    total = sum(r["responses"] for rs in results.values() for r in rs)
    if bad:
        print("\nNOT all responses were complete 200s:")
        for line in bad:
            print("  - " + line)
        return 1
    print("\nall %d measured responses were complete 200s%s" % (
        total, "; below aim: " + ", ".join(below) if below else "; every ratio meets the aim"))
    return 0


def count_households(path):
    """Households in the file, read-only (no write, no change of journal mode)."""
    import sqlite3
    conn = sqlite3.connect("file:%s?mode=ro" % Path(path).resolve(), uri=True)
    try:
        return conn.execute("SELECT count(*) FROM households").fetchone()[0]
    finally:
        conn.close()


if __name__ == "__main__":
    sys.exit(main())
