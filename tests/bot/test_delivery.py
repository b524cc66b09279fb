"""The delivery loop against deliverers that record, fail, or report a gone channel."""

import asyncio
import logging
from datetime import UTC, datetime

from bot.delivery import DeliveryLoop
from handlers.delivery import DestinationGone
from handlers.reply import Reply
from handlers.settings import AnnouncementsConfig
from storage.outbox import delivery_counts, enqueue
from storage.subscriptions import channel_subscriptions, subscribe

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
VERDICT = {
    "law": "2",
    "leaderboard": "arena",
    "category": "overall",
    "period": "2024-07",
    "old_status": "TIED",
    "new_status": "HOLDS",
    "reason": "r",
}


class Recorder:
    def __init__(self, platform: str, failures: dict[str, Exception] | None = None) -> None:
        self.platform = platform
        self.sent: list[tuple[str, str]] = []
        self.failures = failures or {}

    async def deliver(self, channel_id: str, message: Reply) -> str:
        if channel_id in self.failures:
            raise self.failures[channel_id]
        self.sent.append((channel_id, message.title))
        return f"m{len(self.sent)}"


async def setup(storage, *channels: str) -> None:
    def fill(db):
        for channel in channels:
            subscribe(db, "discord", channel, "*", True, "mod", NOW)
        enqueue(db, "verdict_change", VERDICT, now=NOW)

    await storage.call(fill)


async def test_delivers_each_pending_item_once_and_a_restart_repeats_nothing(storage) -> None:
    await setup(storage, "c1", "c2")
    discord, console = Recorder("discord"), Recorder("console")
    loop = DeliveryLoop(storage, [discord, console], AnnouncementsConfig())
    assert await loop.deliver_due() == 3
    title = "Ledger: law 2 HOLDS on arena · overall"
    assert discord.sent == [("c1", title), ("c2", title)]
    assert console.sent == [("console", title)]
    again = DeliveryLoop(storage, [Recorder("discord"), Recorder("console")], AnnouncementsConfig())
    assert await again.deliver_due() == 0
    rows = await storage.call(
        lambda db: db.execute(
            "SELECT channel_id, status, message_id FROM deliveries ORDER BY id"
        ).fetchall()
    )
    assert [tuple(r) for r in rows] == [
        ("console", "done", "m1"),
        ("c1", "done", "m1"),
        ("c2", "done", "m2"),
    ]


async def test_failures_are_retried_later_and_given_up_with_the_reason(storage) -> None:
    await setup(storage, "c1", "c2")
    discord = Recorder("discord", {"c1": RuntimeError("HTTP 503")})
    settings = AnnouncementsConfig(retry_seconds=3600, max_attempts=2)
    loop = DeliveryLoop(storage, [discord, Recorder("console")], settings)
    assert await loop.deliver_due() == 2  # c1 failed, retried in an hour: not again now
    assert await storage.call(delivery_counts) == {"done": 2, "pending": 1}
    await storage.call(
        lambda db: db.execute(
            "UPDATE deliveries SET next_attempt_at = '2000-01-01T00:00:00+00:00' "
            "WHERE status = 'pending'"
        )
    )  # an hour later
    assert await loop.deliver_due() == 0
    row = await storage.call(
        lambda db: db.execute(
            "SELECT status, attempts, last_error FROM deliveries WHERE channel_id = 'c1'"
        ).fetchone()
    )
    assert tuple(row) == ("failed", 2, "RuntimeError: HTTP 503")


class GoneOnce(Recorder):
    """Counts attempts: after the first 'gone', nothing more should be tried there."""

    async def deliver(self, channel_id: str, message: Reply) -> str:
        self.sent.append((channel_id, "attempt"))
        raise DestinationGone("Unknown Channel")


async def test_a_gone_channel_disables_its_subscription(storage, caplog) -> None:
    await setup(storage, "c1")
    await storage.call(lambda db: enqueue(db, "verdict_change", VERDICT, now=NOW))
    discord = GoneOnce("discord")
    await DeliveryLoop(storage, [discord, Recorder("console")], AnnouncementsConfig()).deliver_due()
    assert discord.sent == [("c1", "attempt")]  # the second event was not tried
    (sub,) = await storage.call(channel_subscriptions, "discord", "c1")
    assert not sub.enabled and sub.disabled_reason == "Unknown Channel"
    assert "discord:c1 can no longer receive (Unknown Channel)" in caplog.text
    assert await storage.call(delivery_counts) == {"done": 2, "gone": 2}


async def test_platforms_not_running_wait_and_the_console_is_skipped(storage) -> None:
    await setup(storage, "c1")
    slack_only = DeliveryLoop(storage, [Recorder("slack")], AnnouncementsConfig())
    assert await slack_only.deliver_due() == 0
    assert await storage.call(delivery_counts) == {"pending": 1, "skipped": 1}
    discord = Recorder("discord")
    assert await DeliveryLoop(storage, [discord], AnnouncementsConfig()).deliver_due() == 1
    assert discord.sent[0][0] == "c1"


class Signalling(Recorder):
    def __init__(self, platform: str) -> None:
        super().__init__(platform)
        self.arrived = asyncio.Event()

    async def deliver(self, channel_id: str, message: Reply) -> str:
        self.arrived.set()
        return await super().deliver(channel_id, message)


async def test_the_running_loop_delivers_when_woken_and_holds_when_paused(storage) -> None:
    console = Signalling("console")
    loop = DeliveryLoop(storage, [console], AnnouncementsConfig(check_seconds=3600))
    task = asyncio.create_task(loop.run())
    try:
        await storage.call(lambda db: enqueue(db, "verdict_change", VERDICT, now=NOW))
        loop.wake()  # an hour before the next check
        await asyncio.wait_for(console.arrived.wait(), 30)
        # The loop submitted mark_delivered before yielding; the storage thread runs calls
        # in order, so this one sees it.
        assert await storage.call(delivery_counts) == {"done": 1}
        assert console.sent == [("console", "Ledger: law 2 HOLDS on arena · overall")]
    finally:
        task.cancel()
    held = Signalling("console")
    await DeliveryLoop(storage, [held], AnnouncementsConfig(paused=True)).run()  # returns
    await storage.call(lambda db: enqueue(db, "verdict_change", VERDICT, now=NOW))
    assert held.sent == []
    assert (await storage.call(delivery_counts)).get("pending") == 1


async def test_a_failing_database_is_logged_once_a_minute_not_every_round(storage, caplog) -> None:
    started, rounds = asyncio.Event(), asyncio.Event()

    class MakesReadOnly(Recorder):
        async def deliver(self, channel_id: str, message: Reply) -> str:
            await storage.call(lambda db: db.execute("PRAGMA query_only = 1"))
            if len(self.sent) == 4:
                rounds.set()
            return await super().deliver(channel_id, message)

    class Started(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "delivered at start" in record.getMessage():
                started.set()

    caplog.set_level(logging.INFO, logger="bot.delivery")
    logging.getLogger("bot.delivery").addHandler(handler := Started())
    console = MakesReadOnly("console")
    loop = DeliveryLoop(storage, [console], AnnouncementsConfig(check_seconds=0.02))
    task = asyncio.create_task(loop.run())
    try:  # the rounds after the start
        await asyncio.wait_for(started.wait(), 10)
        await storage.call(lambda db: enqueue(db, "verdict_change", VERDICT, now=NOW))
        loop.wake()
        await asyncio.wait_for(rounds.wait(), 10)  # each round delivers, cannot mark it
    finally:
        task.cancel()
        logging.getLogger("bot.delivery").removeHandler(handler)
    assert storage.failure is not None
    loud = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage() for r in loud] == [
        f"database {storage.path} is failing: {storage.failure.reason}"
    ]


async def test_a_database_failing_as_deliveries_start_does_not_end_them(storage) -> None:
    """The first round at start fails (the outbox cannot be read); the loop goes on and
    delivers once the database answers again."""
    await storage.call(lambda db: enqueue(db, "verdict_change", VERDICT, now=NOW))
    await storage.call(lambda db: db.execute("ALTER TABLE deliveries RENAME TO held"))
    console = Recorder("console")
    loop = DeliveryLoop(storage, [console], AnnouncementsConfig(check_seconds=0.02))
    task = asyncio.create_task(loop.run())
    try:
        await asyncio.sleep(0.1)
        assert not task.done() and console.sent == []
        await storage.call(lambda db: db.execute("ALTER TABLE held RENAME TO deliveries"))
        for _ in range(200):
            if console.sent:
                break
            await asyncio.sleep(0.02)
    finally:
        task.cancel()
    assert len(console.sent) == 1


class CancelsTheLoop(Recorder):
    """Cancels the delivery loop's task the moment it has sent a message: the stop comes
    between sending it and recording it as sent."""

    task: asyncio.Task[None] | None = None

    async def deliver(self, channel_id: str, message: Reply) -> str:
        sent = await super().deliver(channel_id, message)
        assert self.task is not None
        self.task.cancel()
        return sent


async def test_a_loop_stopped_mid_delivery_records_what_it_sent(storage) -> None:
    """A stop (the console's input ending) while a message is on its way: the message is
    recorded as sent before the loop ends, so the console's final flush does not print it
    again."""
    console = CancelsTheLoop("console")
    loop = DeliveryLoop(storage, [console], AnnouncementsConfig(check_seconds=3600))
    await storage.call(lambda db: enqueue(db, "verdict_change", VERDICT, now=NOW))
    console.task = asyncio.create_task(loop.run())
    await asyncio.gather(console.task, return_exceptions=True)
    assert console.task.cancelled()
    await loop.console_stops(flush=True)
    assert console.sent == [("console", "Ledger: law 2 HOLDS on arena · overall")]
    assert await storage.call(delivery_counts) == {"done": 1}
