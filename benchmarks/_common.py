"""Helpers shared by the benchmark scripts: seeding, starting a server, waiting, statistics.

Everything here uses the project's own commands (``python -m portal ...``, the same code as the
``portal`` command) and the standard library. Servers listen on 127.0.0.1 only.
"""

import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PORTAL = [sys.executable, "-m", "portal"]


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def seed(db, scale="demo", seed_value=1, timeout=900):
    """Run ``portal seed`` as a subprocess; return its wall-clock seconds."""
    command = PORTAL + ["seed", "--db", str(db), "--scale", scale, "--seed", str(seed_value)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit("portal seed failed (exit %d): %s" % (
            done.returncode, (done.stderr or done.stdout).strip()[-2000:]))
    return elapsed


@contextlib.contextmanager
def temp_dir(prefix):
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def wait_healthy(base, process, timeout=60, log=None):
    """Poll ``GET /healthz`` until it answers ok; fail early if the server process died."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("server exited with %s before it was healthy:\n%s" % (
                process.returncode, log_tail(log)))
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200 and b'"ok": true' in response.read():
                    return
        except (urllib.error.URLError, ConnectionError, OSError) as exc:
            last = exc
        time.sleep(0.1)
    raise SystemExit("server at %s not healthy after %ds (%s)" % (base, timeout, last))


def log_tail(log, chars=3000):
    if log is None:
        return ""
    try:
        return Path(log).read_text(errors="replace")[-chars:]
    except OSError:
        return ""


@contextlib.contextmanager
def running(command, base, timeout=60):
    """Start ``command`` (a server) as a subprocess, wait for /healthz, stop it afterwards.

    Its output goes to a temporary log file (never an unread pipe, which could fill up and
    stall the server); if the server dies during the benchmark, its exit status and the end of
    that log are printed.
    """
    log_fd, log = tempfile.mkstemp(prefix="bench-server-", suffix=".log")
    process = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log_fd,
                               stderr=subprocess.STDOUT)
    os.close(log_fd)
    try:
        wait_healthy(base, process, timeout, log)
        yield process
    except BaseException:
        if process.poll() is not None:
            print("the server process ended with status %s; its output:\n%s" % (
                process.returncode, log_tail(log)), file=sys.stderr)
        raise
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        os.remove(log)


def portal_serve(db, port):
    return PORTAL + ["serve", "--db", str(db), "--host", HOST, "--port", str(port)]


def spread(values):
    """(min, median, max) of a non-empty sequence."""
    values = list(values)
    return min(values), statistics.median(values), max(values)


def percentile(sorted_values, fraction):
    """Nearest-rank percentile of an already sorted list (None if empty)."""
    if not sorted_values:
        return None
    index = max(0, min(len(sorted_values) - 1, int(round(fraction * len(sorted_values))) - 1))
    return sorted_values[index]


def table(headers, rows, align=None):
    """Render rows as a plain-text table; numbers right-aligned unless ``align`` says otherwise."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    if align is None:
        align = ["<"] + [">"] * (len(headers) - 1)
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(("{:%s%d}" % (align[i], widths[i])).format(c)
                               for i, c in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def require_catalog():
    """The demo generator imports portal.demo.catalog; say so plainly if it is missing."""
    try:
        import portal.demo.catalog  # noqa: F401
    except ImportError as exc:
        raise SystemExit("cannot seed: %s (portal.demo.catalog is needed by portal seed)" % exc)


def env_note():
    """Interpreter, CPUs and load average: a shared machine's other work shows here."""
    note = "python %s, %d CPUs" % (sys.version.split()[0], os.cpu_count() or 0)
    try:
        note += ", load average %.2f %.2f %.2f" % os.getloadavg()
    except (AttributeError, OSError):
        pass
    return note
