"""The README is the newcomer's first contact: keep it true."""

import re
from pathlib import Path

from portal.cli import build_parser
from portal.settings import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_commands():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_is_two_commands_a_demo_and_the_tests():
    commands = quick_start_commands()
    assert len(commands) == 2
    assert commands[0].endswith("portal demo")
    assert "pytest" in commands[1]


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start_commands()[1] in ci.splitlines()


def test_every_setting_is_documented():
    for setting in SETTINGS:
        assert "| `%s` |" % setting.name in README, setting.name


def test_every_command_is_documented():
    commands = build_parser()._subparsers._group_actions[0].choices
    for command in commands:
        assert "portal %s" % command in README, command
