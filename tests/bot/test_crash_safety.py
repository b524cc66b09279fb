"""Crash safety: a real bot process is killed with SIGKILL at seeded random moments while
it starts, while it serves, and while Discord receives an announcement, over and over,
as a local feed's leader changes (tests/bot/crash_cycles.py). After every kill the database
passes `PRAGMA integrity_check`; at the end every announcement reached the Discord channel
exactly once, in order. `make soak` runs the same for 100+ cycles."""

from __future__ import annotations

from pathlib import Path

from tests.bot.crash_cycles import Harness

SEED = 20261126
LEADERS = 3
MIN_KILLS = 9
MAX_KILLS = 60  # a bound, so a bot that never progresses fails instead of looping
BUDGET = 900.0  # seconds; a safety net, not an assertion about speed


async def test_sigkill_at_random_moments_loses_and_repeats_no_announcement(tmp_path: Path) -> None:
    outcome = await Harness(tmp_path, LEADERS, SEED).run(MIN_KILLS, MAX_KILLS, BUDGET)
    print(outcome.summary())
    assert outcome.sent == outcome.expected  # none lost, none twice, in order
    assert outcome.statuses == {"done": LEADERS}
