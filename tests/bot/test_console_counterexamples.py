"""The whole counterexample flow on the console: piped one-line forms through a real
subprocess, and the field-by-field prompts of an interactive terminal."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from bot.console import ConsoleAdapter
from catalog import Catalog
from handlers.context import Services
from storage import connect
from tests.bot.hour_used_up import REFUSED, use_up_the_hour
from tests.bot.test_console import run_console
from tests.conftest import ROOT
from tests.subprocess_env import minimal_env

SUBMIT = (
    '/counterexample law=2 claim="Mixtral is below GPT-4 <!channel> @everyone" '
    'models="Mixtral-8x7b-Instruct-v0.1, GPT-4-0314" evidence="https://lmarena.ai/x" '
    'snapshot="arena 2024-06-19"\n'
)


def test_whole_flow_piped_through_a_subprocess(tmp_path: Path) -> None:
    stdin = (
        SUBMIT + "/counterexamples pending\n/counterexample-show 1\n"
        "lk:cx_reject:1\nlk:cx_approve:1\n/law 2\n/counterexample law=9\n"
    )
    result = run_console(tmp_path, stdin)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Counterexample #1 received" in out
    # the console is the moderators' channel by default: the review post is printed there
    assert out.index("For review: Counterexample #1 · law 2 · pending") < out.index(
        "Counterexample #1 received"
    )
    assert "Your counterexample #1 was accepted" in out  # the submitter (here) is told
    # Checked against the Arena snapshot of 2024-06-19 in the bundled history.
    assert (
        "Supported by the data: Mixtral-8x7b-Instruct-v0.1 (open) is below GPT-4-0314 "
        "(proprietary, 9 months older) beyond the intervals."
    ) in out
    assert "GPT-4-0314: rank 17, score 1186 (95% CI 1183–1189)" in out
    assert "#1 · law 2 · pending" in out
    assert "Buttons: [Approve] lk:cx_approve:1 · [Reject] lk:cx_reject:1 <reason>" in out
    assert "Sorry: Rejecting needs a reason" in out
    assert "Counterexample #1 accepted" in out
    assert "• Community counterexamples: BROKEN by counterexample #1 (credited to " in out
    assert "Sorry: The law field: expected 1, 2 or 3, got '9'. Nothing was stored." in out
    assert "@everyone" not in out and "<!channel>" not in out
    assert "Mixtral is below GPT-4 <\u200b!channel> @\u200beveryone" in out
    assert "Traceback" not in result.stderr


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


async def test_interactive_console_prompts_each_field(storage, config) -> None:
    from datetime import UTC, datetime

    typed = (
        "/counterexample\n2\nOpen is behind @here\nLlama-2-70b-chat, GPT-4-0314\n"
        "https://lmarena.ai\n\nlk:cx_approve:1\n/law 2\n"
    )
    out = io.StringIO()
    adapter = ConsoleAdapter(stdin=Terminal(typed), stdout=out)
    await adapter.run(
        Services(
            storage=storage, config=config, started_at=datetime.now(UTC), catalog=Catalog([], {})
        )
    )
    text = out.getvalue()
    prompts = [
        "Law (1, 2 or 3): ",
        "How the law breaks: ",
        "Models involved (comma-separated): ",
        "Evidence links (http/https, up to 3): ",
        "Snapshot: leaderboard and/or date (optional): ",
    ]
    positions = [text.index(p) for p in prompts]
    assert positions == sorted(positions)
    assert "Counterexample #1 received" in text
    assert "Counterexample #1 accepted" in text
    assert "BROKEN by counterexample #1" in text
    assert "@here" not in text


def test_interactive_console_in_a_real_terminal(tmp_path: Path) -> None:
    """Through a pseudo-terminal, as a person at a keyboard would use it."""
    env = minimal_env(LAWKEEPER_DB=str(tmp_path / "tty.db"))
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "main.py", "console"],
        cwd=ROOT,
        env=env,
        stdin=follower,
        stdout=follower,
        stderr=subprocess.DEVNULL,
    )
    os.close(follower)
    seen = b""

    def wait_for(marker: bytes) -> None:
        nonlocal seen
        deadline = time.monotonic() + 30  # a hang guard only, not a speed assertion
        while marker not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.5)
            if ready:
                seen += os.read(leader, 4096)
        assert marker in seen, seen.decode(errors="replace")

    try:
        wait_for(b"lawkeeper> ")
        for answer, prompt in [
            ("/counterexample", b"Law (1, 2 or 3): "),
            ("3", b"How the law breaks: "),
            ("Smaller beats bigger", b"Models involved"),
            ("a, b", b"Evidence links"),
            ("https://example.org", b"Snapshot: leaderboard"),
            ("", b"Counterexample #1 received"),
        ]:
            os.write(leader, answer.encode() + b"\n")
            wait_for(prompt)
        os.write(leader, b"\x04")  # Ctrl-D
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(leader)


async def test_interactive_console_tells_the_rate_limit_before_the_prompts(storage, config) -> None:
    from datetime import UTC, datetime

    out = io.StringIO()
    adapter = ConsoleAdapter(stdin=Terminal("/counterexample\n"), stdout=out)
    await use_up_the_hour(storage, "console", adapter.invoker.user_id)
    await adapter.run(
        Services(
            storage=storage, config=config, started_at=datetime.now(UTC), catalog=Catalog([], {})
        )
    )
    text = out.getvalue()
    assert REFUSED in text
    assert "Law (1, 2 or 3): " not in text


async def test_end_of_input_inside_a_form_ends_the_console(storage, config) -> None:
    """Ctrl-D at a field's prompt stores nothing and leaves, as it does at the command
    prompt (it used to wait for input forever)."""
    import asyncio
    from datetime import UTC, datetime

    adapter = ConsoleAdapter(stdin=Terminal("/counterexample\n2\n"), stdout=io.StringIO())
    async with asyncio.timeout(10):
        await adapter.run(
            Services(
                storage=storage,
                config=config,
                started_at=datetime.now(UTC),
                catalog=Catalog([], {}),
            )
        )


def test_an_acceptance_is_printed_by_the_console_that_saw_it_and_never_later(
    tmp_path: Path,
) -> None:
    """The acceptance goes to the outbox for the console too: `main.py console` prints it
    while it runs, and a console (or run) started later does not print it again."""
    first = run_console(tmp_path, SUBMIT + "lk:cx_approve:1\n")
    assert first.returncode == 0, first.stderr
    assert first.stdout.count("Law 2 BROKEN by counterexample #1") == 1
    db = connect(tmp_path / "console.db")
    pending = db.execute(
        "SELECT count(*) FROM deliveries WHERE platform = 'console' AND status = 'pending'"
    ).fetchone()[0]
    db.conn.close()
    assert pending == 0
    later = run_console(tmp_path, "/law 2\n")
    assert later.returncode == 0, later.stderr
    assert "Law 2 BROKEN by counterexample #1" not in later.stdout
