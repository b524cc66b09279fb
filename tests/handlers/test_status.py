"""/status: feeds, database size, uptime, outbox."""

import dataclasses
from datetime import timedelta

from bot.config import Config, LeaderboardConfig, StorageConfig
from handlers.commands import run_text
from handlers.context import Context
from storage.outbox import enqueue


async def test_status_shows_uptime_database_outbox_and_feeds(ctx: Context, tmp_path) -> None:
    config = Config(storage=StorageConfig(path=str(tmp_path / "test.db")),
                    leaderboards={"arena": LeaderboardConfig(poll_minutes=30),
                                  "helm": LeaderboardConfig(enabled=False)})
    services = dataclasses.replace(
        ctx.services, config=config, started_at=ctx.now - timedelta(days=1, minutes=5),
        next_poll=lambda name: ctx.now + timedelta(minutes=12) if name == "arena" else None)
    await ctx.storage.call(lambda db: enqueue(db, "verdict_change", {"law": "1"}, now=ctx.now))
    reply = await run_text(dataclasses.replace(ctx, services=services), "/status")
    assert reply.text.startswith("Up 1d 0h 05m (since 2026-11-25 11:55 UTC). Database ")
    assert "KB." in reply.text
    fields = {f.name: f.value for f in reply.fields}
    assert fields["arena"] == "polled every 30 min; next poll: 2026-11-26 12:12 UTC"
    assert fields["helm"] == "not polled (disabled in config)"
    assert fields["Outbox"] == "1 pending, 0 given up after retries"
