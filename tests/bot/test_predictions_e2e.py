"""End to end: a prediction stated on the console of the real bot process (`main.py run`) is
resolved by the snapshot a live poll of a local feed stores next, and announced once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tests.bot.test_announce_e2e import FEED, _until, db_rows, incumbent, running
from tests.feeds.fake_feed_server import JSON, FeedServer, Reply, arena_rows

RESOLVED = "SELECT status, outcome, resolved_on FROM predictions WHERE id = 1"


def standings(day: date, *rows: tuple[str, float, str]) -> Reply:
    """The feed's answer dated `day`: rows (model, rating ± 5, licence), best first."""
    return Reply(
        body=arena_rows(day, *((m, r, r - 5, r + 5, lic) for m, r, lic in rows)), headers=JSON
    )


def test_a_poll_resolves_an_open_prediction_and_it_is_announced_once(tmp_path: Path) -> None:
    today = datetime.now(UTC).date()
    tomorrow = today + timedelta(days=1)  # the latest date a feed may carry
    leader = incumbent()
    # Until the prediction is stated, the feed shows the incumbent (proprietary) first.
    proprietary = standings(tomorrow, (leader, 1500, "Proprietary"), ("beta-1", 1490, "MIT"))
    with (
        FeedServer().in_thread() as server,
        running(tmp_path, server.serve(FEED, proprietary)) as bot,
    ):
        _until(
            lambda: (
                server.served > 0
                and db_rows(
                    tmp_path, f"SELECT count(*) FROM snapshots WHERE snapshot_date = '{tomorrow}'"
                )
                == [(1,)]
            ),
            "the first poll",
            bot,
        )
        assert bot.process.stdin is not None
        bot.process.stdin.write(
            "/predict leader leaderboard=arena openness=open "
            f"by={today + timedelta(days=30)} confidence=60\n"
        )
        bot.process.stdin.flush()
        _until(lambda: db_rows(tmp_path, RESOLVED) == [("open", None, None)], "the prediction", bot)
        # The next poll stores a snapshot with an open model first: it decides the claim.
        server.serve(
            FEED, standings(tomorrow, ("beta-1", 1520, "MIT"), (leader, 1500, "Proprietary"))
        )
        _until(
            lambda: db_rows(tmp_path, RESOLVED) == [("yes", "YES", tomorrow.isoformat())],
            "the resolution",
            bot,
        )
        _until(
            lambda: any("Prediction #1 came true" in line for line in bot.out),
            "the announcement",
            bot,
        )
        served = server.served
        _until(lambda: server.served > served + 1, "more polls of the unchanged feed", bot)
        bot.stop()
    out = "".join(bot.out)
    assert out.count("Prediction #1 came true") == 1
    assert "• Deciding snapshot: " + tomorrow.isoformat() in out
    assert db_rows(
        tmp_path, "SELECT count(*) FROM outbox_events WHERE kind = 'prediction_resolved'"
    ) == [(1,)]
