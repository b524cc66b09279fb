"""The rules lint holds (pyproject's ruff settings), shown to fire: a platform library or
`bot` imported below bot/ is refused by ruff's banned-api (TID251), and a public function
without a docstring outside tests by pydocstyle (D103); the same code is accepted where
the rules allow it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

BELOW_BOT = (
    "handlers/example.py",
    "laws/example.py",
    "storage/example.py",
    "feeds/example.py",
    "web/example.py",
    "predictions/example.py",
)


def ruff(code: str, path: str) -> str:
    """ruff's findings for `code` as if it were the file at `path` of this project."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--output-format",
            "concise",
            "--stdin-filename",
            path,
            "-",
        ],
        input=code,
        text=True,
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    return done.stdout


@pytest.mark.parametrize("path", BELOW_BOT)
@pytest.mark.parametrize(
    "statement",
    [
        "import discord",
        "from slack_bolt import App",
        "import slack_sdk.web",
        "from bot.config import Config",
    ],
)
def test_platform_libraries_and_bot_are_banned_below_bot(statement: str, path: str) -> None:
    assert "TID251" in ruff(f'"""A module."""\n\n{statement}\n', path)


@pytest.mark.parametrize(
    "path",
    [
        "bot/discord/example.py",
        "main.py",
        "scripts/example.py",
        "bench/example.py",
        "tests/example.py",
    ],
)
def test_they_are_allowed_where_the_platforms_live(path: str) -> None:
    assert "TID251" not in ruff('"""A module."""\n\nimport discord\n\nprint(discord)\n', path)


def test_public_functions_need_a_docstring_outside_tests() -> None:
    code = '"""A module."""\n\n\ndef shown(x: int) -> int:\n    return x\n'
    assert "D103" in ruff(code, "handlers/example.py")
    assert "D103" not in ruff(code, "tests/example.py")
    assert "D103" not in ruff(code.replace("def shown", "def _hidden"), "handlers/example.py")
