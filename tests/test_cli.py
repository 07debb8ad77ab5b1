import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from portal.cli import build_parser, main

COMMANDS = ["init", "seed", "serve", "demo", "check-nav"]


def run(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "portal", *args], capture_output=True,
                          text=True, timeout=timeout)


@pytest.mark.parametrize("command", [None] + COMMANDS)
def test_every_command_has_help(command):
    result = run(*([command] if command else []), "--help")
    assert result.returncode == 0
    assert "usage: portal" in result.stdout


def test_the_parser_knows_exactly_the_documented_commands():
    parser = build_parser()
    choices = parser._subparsers._group_actions[0].choices
    assert sorted(choices) == sorted(COMMANDS)


@pytest.mark.parametrize("args, message", [
    (["serve", "--db", "missing.db"], "不存在"),
    (["serve", "--db", "junk.db"], "无法读取"),
    (["seed", "--db", "x.db", "--scale", "galaxy"], "invalid choice"),
    (["serve", "--db", "x.db", "--port", "http"], "端口必须是数字"),
    (["serve", "--db", "x.db", "--port", "70000"], "1-65535"),
    (["seed", "--db", "x.db", "--seed", "abc"], "必须是整数"),
])
def test_bad_arguments_and_files_give_one_line_and_no_traceback(tmp_path, args, message):
    (tmp_path / "junk.db").write_bytes(b"not sqlite at all" * 64)
    result = subprocess.run([sys.executable, "-m", "portal", *args], capture_output=True,
                            text=True, cwd=tmp_path, timeout=60)
    assert result.returncode != 0
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_init_then_seed_then_refuse_to_seed_twice(tmp_path, capsys):
    db = str(tmp_path / "c.db")
    assert main(["init", "--db", db]) == 0
    assert main(["init", "--db", db]) == 0  # migrating an up-to-date file is harmless
    assert main(["seed", "--db", db]) == 0
    assert "12 个村" in capsys.readouterr().out
    assert main(["seed", "--db", db]) == 1
    assert "已经有数据" in capsys.readouterr().err


def test_serve_refuses_an_empty_database(tmp_path, capsys):
    db = str(tmp_path / "empty.db")
    main(["init", "--db", db])
    assert main(["serve", "--db", db, "--port", "1"]) == 1
    assert "还没有数据" in capsys.readouterr().err


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_demo_seeds_a_county_serves_it_and_prints_the_urls(tmp_path):
    port = free_port()
    db = tmp_path / "demo.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "portal", "demo", "--db", str(db), "--host", "127.0.0.1",
         "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        deadline = time.time() + 120
        while time.time() < deadline:
            line = process.stdout.readline()
            lines.append(line)
            if "Ctrl+C" in line or not line:
                break
        output = "".join(lines)
        assert "http://127.0.0.1:%d/tv/?stb=STB00000001" % port in output
        with urllib.request.urlopen("http://127.0.0.1:%d/tv/?stb=STB00000001" % port,
                                    timeout=30) as response:
            assert "积分排行" in response.read().decode()
        assert db.exists()
    finally:
        process.terminate()
        process.wait(30)
        process.stdout.close()
        process.stderr.close()


def test_a_busy_port_is_reported_in_one_line(demo_db):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--db", str(demo_db), "--host", "127.0.0.1", "--port", str(port),
                     timeout=60)
    assert result.returncode == 1
    assert "无法监听" in result.stderr and "Traceback" not in result.stderr
    assert os.path.exists(demo_db)
