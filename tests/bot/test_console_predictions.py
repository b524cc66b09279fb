"""Predictions on the console: stated, listed and shown through a real `main.py console`;
resolved at the next start from snapshots stored meanwhile and printed once (a later
start prints nothing again); the field-by-field prompts of a terminal."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.console import ConsoleAdapter
from catalog import Catalog
from handlers.context import Services
from storage import Storage, connect
from tests.bot.test_console import run_console
from tests.bot.test_console_counterexamples import Terminal
from tests.handlers.predictions.realdata import claims, december, january, store


def test_state_then_resolve_at_the_next_start_and_print_it_once(tmp_path: Path) -> None:
    today = datetime.now(UTC).date()
    leader, gemini, still_open = claims(today)
    first = run_console(
        tmp_path,
        "".join(
            f"/predict {c}\n"
            for c in (
                f"leader leaderboard=arena openness=proprietary by={today + timedelta(days=30)}",
                f"leader leaderboard=arena openness=open by={today - timedelta(days=1)}",
                leader,
                gemini,
                still_open,
            )
        )
        + "/predictions\n/prediction 1\n/subscribe arena predictions\n",
    )
    assert first.returncode == 0, first.stderr
    out = first.stdout
    for n in (1, 2, 3):
        assert f"Prediction #{n} recorded" in out
    assert "Sorry: That is already true today (the #1, gemini-3-pro, is proprietary" in out
    assert f"Sorry: The by field: {today - timedelta(days=1)} is not after today" in out
    assert "• Claim as stated: " + leader in out
    assert "Buttons: [Withdraw] lk:pred_withdraw:1 · [Void] lk:pred_void:1 <reason>" in out
    assert (
        "The console is always subscribed to every announcement, verdict change and "
        "resolved prediction." in out
    )

    db = connect(tmp_path / "console.db")  # a poll stores two snapshots while it is off
    store(db, december(db, today), january(db, today))
    db.conn.close()
    second = run_console(tmp_path, "/prediction 1\n/forecasters\n")
    assert second.returncode == 0, second.stderr
    out = second.stdout
    assert out.count("Prediction #1 came true") == 1
    assert out.count("Prediction #2 did not come true") == 1
    assert "Prediction #3 came true" not in out and "Prediction #3 did not" not in out
    assert f"• Outcome: YES, decided by the data of {today + timedelta(days=45)}" in out
    assert "Prediction #1 · YES" in out
    assert "2 resolved, 1 came true; Brier score 0.565 over the 2 with a confidence" in out

    third = run_console(tmp_path, "/predictions resolved\n")
    assert third.returncode == 0, third.stderr
    assert "came true" not in third.stdout
    assert "#2 · NO" in third.stdout and "#1 · YES" in third.stdout


async def test_a_terminal_prompts_for_the_chosen_templates_fields(storage: Storage, config) -> None:
    by = datetime.now(UTC).date() + timedelta(days=100)
    typed = f"/predict lag\narena\n4\n{by}\n\nlk:pred_withdraw:1\n"
    out = io.StringIO()
    adapter = ConsoleAdapter(stdin=Terminal(typed), stdout=out)
    await adapter.run(
        Services(
            storage=storage, config=config, started_at=datetime.now(UTC), catalog=Catalog([], {})
        )
    )
    text = out.getvalue()
    prompts = [
        "Leaderboard, and category if not overall: ",
        "Observed lag at most (months): ",
        "By (YYYY-MM-DD): ",
        "Your confidence, 1-99 % (optional): ",
    ]
    positions = [text.index(p) for p in prompts]
    assert positions == sorted(positions)
    assert "Prediction #1 recorded" in text
    assert "I hold no snapshot of it yet." in text  # an empty database
    assert "Prediction #1 withdrawn" in text
