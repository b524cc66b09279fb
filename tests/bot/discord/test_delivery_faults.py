"""Discord answering 429 or 500 while the outbox delivers: retried, delivered once, also
when the 500 came after Discord created the message or the bot died before marking the
delivery done (the message's nonce)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.delivery import DeliveryLoop
from bot.discord.client import DiscordAdapter
from handlers.settings import AnnouncementsConfig
from storage import Storage
from storage.outbox import enqueue
from storage.subscriptions import subscribe
from tests.bot.discord.fake_discord import FakeDiscord
from tests.bot.test_delivery import VERDICT

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
CHANNEL = "901"
TITLE = "Ledger: law 2 HOLDS on arena · overall"


async def one_announcement(storage: Storage) -> None:
    def fill(db):
        subscribe(db, "discord", CHANNEL, "*", True, "mod", NOW)
        enqueue(db, "verdict_change", VERDICT, now=NOW)

    await storage.call(fill)


def delivery(db) -> tuple:
    return tuple(
        db.execute(
            "SELECT status, attempts, message_id FROM deliveries WHERE platform = 'discord'"
        ).fetchone()
    )


async def deliver(storage: Storage, bot: DiscordAdapter) -> int:
    return await DeliveryLoop(storage, [bot.deliverer], AnnouncementsConfig()).deliver_due()


def posts(fake: FakeDiscord) -> list:
    return fake.calls("POST", f"/channels/{CHANNEL}/messages")


async def test_a_429_is_waited_out_and_delivered_once(
    storage: Storage, fake: FakeDiscord, bot: DiscordAdapter
) -> None:
    await one_announcement(storage)
    fake.message_failures.append(429)
    assert await deliver(storage, bot) == 1
    assert len(posts(fake)) == 2
    [message] = fake.messages
    assert message["embeds"][0]["title"] == TITLE
    assert await storage.call(delivery) == ("done", 1, message["id"])


async def test_a_500_is_retried_and_delivered_once(
    storage: Storage, fake: FakeDiscord, bot: DiscordAdapter
) -> None:
    await one_announcement(storage)
    fake.message_failures.append(500)
    assert await deliver(storage, bot) == 1
    assert len(posts(fake)) == 2
    [message] = fake.messages
    assert await storage.call(delivery) == ("done", 1, message["id"])


async def test_a_500_after_the_message_was_created_does_not_post_it_twice(
    storage: Storage, fake: FakeDiscord, bot: DiscordAdapter
) -> None:
    await one_announcement(storage)
    fake.lose_answers = 1
    assert await deliver(storage, bot) == 1
    first, again = posts(fake)
    assert first.json["nonce"] == again.json["nonce"] and first.json["enforce_nonce"]
    [message] = fake.messages
    assert await storage.call(delivery) == ("done", 1, message["id"])


async def test_a_delivery_repeated_after_a_crash_is_posted_once(
    storage: Storage, fake: FakeDiscord, bot: DiscordAdapter
) -> None:
    await one_announcement(storage)
    assert await deliver(storage, bot) == 1
    # The bot died after Discord's answer, before the delivery was marked done.
    await storage.call(
        lambda db: db.execute(
            "UPDATE deliveries SET status = 'pending', attempts = 0, message_id = NULL"
        )
    )
    assert await deliver(storage, bot) == 1
    assert len(posts(fake)) == 2
    [message] = fake.messages
    assert await storage.call(delivery) == ("done", 1, message["id"])
