"""/status: feeds, database size, uptime, outbox."""

import dataclasses
from datetime import timedelta

from bot.config import Config
from feeds.settings import LeaderboardConfig
from handlers.commands import run_text
from handlers.context import Context
from storage import transaction
from storage.feeds import record_error, record_success
from storage.outbox import enqueue
from storage.settings import StorageConfig
from storage.snapshots import insert_snapshot
from tests.laws.builders import entry, snapshot


async def test_status_shows_feeds_uptime_database_and_outbox(ctx: Context, tmp_path) -> None:
    config = Config(
        storage=StorageConfig(path=str(tmp_path / "test.db")),
        leaderboards={
            "arena": LeaderboardConfig(poll_minutes=30),
            "livebench": LeaderboardConfig(poll_seconds=45),
            "helm-lite": LeaderboardConfig(enabled=False),
            # on, but it has no endpoint
            "open-llm-v1": LeaderboardConfig(enabled=True),
        },
    )
    services = dataclasses.replace(
        ctx.services,
        config=config,
        started_at=ctx.now - timedelta(days=1, minutes=5),
        next_poll=lambda name: ctx.now + timedelta(minutes=12) if name == "arena" else None,
    )

    def fill(db):
        with transaction(db):
            record_success(db, "arena", ctx.now - timedelta(hours=2), "https://x", None, None)
            record_error(db, "arena", ctx.now - timedelta(minutes=30), "https://x: HTTP 503")
        enqueue(db, "verdict_change", {"law": "1"}, now=ctx.now)
        with transaction(db):  # arena overall is newer than its coding category
            insert_snapshot(db, snapshot("2025-12-11", entry("gpt-4", 1251, 3)))
            insert_snapshot(db, snapshot("2025-11-02", entry("gpt-4", 1251, 3), category="coding"))
            insert_snapshot(
                db,
                snapshot(
                    "2023-10-31",
                    entry("llama-70b", 68.9),
                    leaderboard="open-llm-v1",
                    category="overall",
                ),
            )

    await ctx.storage.call(fill)
    reply = await run_text(dataclasses.replace(ctx, services=services), "/status")
    assert reply.text.startswith("Up 1d 0h 05m (since 2026-11-25 11:55 UTC). Database ")
    assert "KB." in reply.text
    fields = {f.name: f.value for f in reply.fields}
    assert fields["LMArena text leaderboard (arena)"] == (
        "polled every 30 min; next poll: 2026-11-26 12:12 UTC\n"
        "last success: 2026-11-26 10:00 UTC\n"
        "last error: 2026-11-26 11:30 UTC: https://x: HTTP 503\n"
        "data as of 2025-12-11 (coding: 2025-11-02)"
    )
    assert fields["LiveBench (livebench)"] == (
        "polled every 45 s; next poll: not scheduled\nlast success: never\nno data stored yet"
    )
    assert fields["HELM Lite (helm-lite)"] == (
        "not polled (disabled in config); no data stored yet"
    )
    v1 = fields["Open LLM Leaderboard v1 (retired) (open-llm-v1)"]
    assert v1.startswith("not polled (no live endpoint") and v1.endswith("; data as of 2023-10-31")
    assert fields["Outbox"] == "1 pending, 0 given up after retries"
