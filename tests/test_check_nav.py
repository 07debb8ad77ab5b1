"""`portal check-nav` passes the demo county and fails, clearly, on screens built to be broken."""

import subprocess
import sys

import pytest

from support import NavServer


def check_nav(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "portal", "check-nav", *args],
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def fixture_server():
    server = NavServer()
    server.start()
    yield server
    server.stop()


def test_the_demo_county_can_be_driven_entirely_by_remote(demo_db):
    result = check_nav("--db", str(demo_db))
    assert result.returncode == 0, result.stdout
    assert "0 problems" in result.stdout
    walked = int(result.stdout.split("screens walked")[0].split(":")[-1])
    assert walked >= 20  # home, every tile, tabs, list guides, notices, paging


def test_a_running_portal_can_be_checked_by_url(live_server):
    result = check_nav("--url", live_server.url, "--per-shape", "1")
    assert result.returncode == 0, result.stdout


def test_broken_screens_fail_with_a_readable_report(fixture_server):
    result = check_nav("--url", fixture_server.base, "--start", "/fixtures/broken/index.html")
    assert result.returncode == 1
    report = result.stdout
    expected = {
        "/fixtures/broken/no-focus.html": "no-focus",
        "/fixtures/broken/unreachable.html": "unreachable      no arrow sequence from a reaches u",
        "/fixtures/broken/outside.html": "outside-safe     b at 10,400",
        "/fixtures/broken/crowded.html": "too-many         160 focusable items",
        "/fixtures/broken/no-back.html": "back             BACK does not leave this screen",
        "/fixtures/broken/trap.html": "focus-trap       from b, c the arrows never lead back to a",
    }
    for page, line in expected.items():
        section = report.split(page, 1)[1].split("\n\n", 1)[0]
        assert line in section, (page, report)
    assert "6 problems" in report and report.rstrip().endswith(")")
    assert "/fixtures/broken/index.html\n" not in report  # the sound start page has no problems


@pytest.mark.parametrize("args, message", [
    (["--url", "http://127.0.0.1:9"], "无法连接"),
    (["--url", "ftp://example"], "http://"),
    (["--db", "missing.db"], "不存在"),
    ([], "one of the arguments --url --db is required"),
    (["--db", "x.db", "--per-shape", "0"], "正整数"),
])
def test_bad_targets_give_one_line(tmp_path, args, message):
    result = subprocess.run([sys.executable, "-m", "portal", "check-nav", *args],
                            capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode != 0
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
