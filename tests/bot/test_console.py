"""The console adapter driven through a real subprocess, as a user would pipe to it."""

import io
import subprocess
import sys
from pathlib import Path

from bot.console import ConsoleAdapter, render_text
from catalog import Catalog
from handlers.context import Services
from handlers.reply import Field, Reply
from laws import LAWS
from tests.conftest import ROOT
from tests.subprocess_env import minimal_env


def run_console(tmp_path: Path, stdin: str, *extra: str) -> subprocess.CompletedProcess[str]:
    env = minimal_env(LAWKEEPER_DB=str(tmp_path / "console.db"))
    return subprocess.run(
        [sys.executable, "main.py", *extra, "console"],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_piped_commands_print_replies_and_exit_0(tmp_path: Path) -> None:
    result = run_console(tmp_path, "/law 2\n/law 7\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert LAWS["2"].statement in out
    assert "Sorry: /law 7: there is no law '7'. Choose one of 1, 2, 3." in out
    assert out.index(LAWS["2"].statement) < out.index("Sorry:")
    assert (tmp_path / "console.db").exists()
    assert "Traceback" not in result.stderr


def test_empty_input_exits_0_without_output(tmp_path: Path) -> None:
    result = run_console(tmp_path, "")
    assert result.returncode == 0
    assert result.stdout == ""


def test_unusable_database_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "console.db").write_bytes(b"not a database" * 200)
    result = run_console(tmp_path, "/laws\n")
    assert result.returncode == 1
    assert "lawkeeper: cannot use database" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_subcommand_has_help() -> None:
    for sub in ("run", "console"):
        result = subprocess.run(
            [sys.executable, "main.py", sub, "--help"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            env=minimal_env(),
        )
        assert result.returncode == 0
        assert f"usage: main.py {sub}" in result.stdout


async def test_adapter_answers_each_line_until_end_of_input(storage, config) -> None:
    from datetime import UTC, datetime

    out = io.StringIO()
    adapter = ConsoleAdapter(stdin=io.StringIO("/laws\n\n/help law\n"), stdout=out)
    await adapter.run(
        Services(
            storage=storage, config=config, started_at=datetime.now(UTC), catalog=Catalog([], {})
        )
    )
    text = out.getvalue()
    assert text.startswith("The three laws of generative-AI model evolution\n")
    assert "/law <1|2|3>" in text


def test_render_text_indents_multiline_fields() -> None:
    text = render_text(Reply(title="T", text="body", fields=(Field("a", "x\ny"), Field("b", "z"))))
    assert text == "T\nbody\n• a\n  x\n  y\n• b: z"


def test_run_with_only_the_console_exits_at_end_of_input(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[storage]\npath = "{tmp_path / "run.db"}"\n[feeds]\npolling = false\n[web]\nport = 0\n',
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "main.py", "--config", str(config), "run"],
        cwd=ROOT,
        input="/law 2\n",
        capture_output=True,
        text=True,
        timeout=60,
        env=minimal_env(),
    )  # Ctrl-D is end of input too
    assert result.returncode == 0, result.stderr
    assert LAWS["2"].statement in result.stdout
