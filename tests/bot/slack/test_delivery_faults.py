"""Slack answering 429 or 500, or the bot dying before Slack's answer, while the outbox
delivers: retried, delivered once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from bot.delivery import DeliveryLoop
from bot.slack.client import web_client
from bot.slack.delivery import SlackDeliverer
from handlers.reply import Field, Reply
from handlers.settings import AnnouncementsConfig
from storage import Storage
from storage.outbox import enqueue
from storage.subscriptions import subscribe
from tests.bot.slack.conftest import BOT_TOKEN
from tests.bot.slack.fake_slack import FakeSlack, is_ts
from tests.bot.test_delivery import VERDICT

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TITLE = "Ledger: law 2 HOLDS on arena · overall"


async def one_announcement(storage: Storage) -> None:
    def fill(db):
        subscribe(db, "slack", "C1", "*", True, "mod", NOW)
        enqueue(db, "verdict_change", VERDICT, now=NOW)

    await storage.call(fill)


def delivery(db) -> tuple:
    return tuple(
        db.execute(
            "SELECT status, attempts, message_id, last_error FROM deliveries "
            "WHERE platform = 'slack'"
        ).fetchone()
    )


def loop(storage: Storage, fake: FakeSlack) -> DeliveryLoop:
    deliverer = SlackDeliverer(web_client(fake.api_url, BOT_TOKEN))
    return DeliveryLoop(storage, [deliverer], AnnouncementsConfig(retry_seconds=3600))


async def test_a_429_is_waited_out_and_delivered_once(
    storage: Storage, fake_slack: FakeSlack
) -> None:
    await one_announcement(storage)
    fake_slack.rate_limited["chat.postMessage"] = 1
    assert await loop(storage, fake_slack).deliver_due() == 1
    first, second = fake_slack.of("chat.postMessage")  # the 429, then the message
    assert first.data == second.data and TITLE in second.data["text"]
    status, attempts, message_id, _ = await storage.call(delivery)
    assert (status, attempts) == ("done", 1)
    assert is_ts(message_id)
    assert not fake_slack.of("conversations.history")  # a first attempt looks for nothing


async def test_a_500_is_retried_by_the_outbox_and_delivered_once(
    storage: Storage, fake_slack: FakeSlack
) -> None:
    await one_announcement(storage)
    fake_slack.server_errors["chat.postMessage"] = 1
    outbox = loop(storage, fake_slack)
    assert await outbox.deliver_due() == 0
    status, attempts, _, error = await storage.call(delivery)
    assert (status, attempts) == ("pending", 1) and "internal_error" in error
    await storage.call(
        lambda db: db.execute("UPDATE deliveries SET next_attempt_at = '2000-01-01T00:00:00+00:00'")
    )  # later
    assert await outbox.deliver_due() == 1
    assert await outbox.deliver_due() == 0  # nothing left to send
    assert len(fake_slack.of("chat.postMessage")) == 2  # the 500, then the message
    status, attempts, message_id, _ = await storage.call(delivery)
    assert (status, attempts) == ("done", 2) and message_id


async def test_a_post_that_reached_slack_but_was_not_marked_is_not_posted_again(
    storage: Storage, fake_slack: FakeSlack
) -> None:
    await one_announcement(storage)
    fake_slack.stalled_posts = {1}  # Slack keeps the message; the bot never hears back
    first = asyncio.create_task(loop(storage, fake_slack).deliver_due())
    await fake_slack.wait_for(lambda f: f.of("chat.postMessage"))
    first.cancel()  # the bot is killed between Slack's answer and the database write
    await asyncio.gather(first, return_exceptions=True)
    assert (await storage.call(delivery))[:2] == ("pending", 0)

    assert await loop(storage, fake_slack).deliver_due() == 1  # the restarted bot
    [posted] = fake_slack.of("chat.postMessage")
    [message] = fake_slack.messages["C1"]
    assert posted.data["metadata"]["event_type"] == "lawkeeper_delivery"
    status, _, message_id, _ = await storage.call(delivery)
    assert (status, message_id) == ("done", message["ts"])
    [looked] = fake_slack.of("conversations.history")
    assert looked.data["channel"] == "C1" and looked.data["include_all_metadata"] == "1"


async def test_a_long_delivery_cut_short_posts_only_its_missing_parts(fake_slack) -> None:
    reply = Reply(title="Ledger", fields=tuple(Field(f"scope {i}", "HOLDS") for i in range(80)))
    deliverer = SlackDeliverer(web_client(fake_slack.api_url, BOT_TOKEN))
    fake_slack.stalled_posts = {2}  # the first part is answered, the second never is
    began = datetime.now(UTC)
    first = asyncio.create_task(deliverer.deliver_once("C1", reply, "delivery-7", None))
    await fake_slack.wait_for(lambda f: len(f.of("chat.postMessage")) == 2)
    first.cancel()
    await asyncio.gather(first, return_exceptions=True)
    del fake_slack.messages["C1"][1]  # ... and the second never reached Slack after all

    ts = await deliverer.deliver_once("C1", reply, "delivery-7", began)
    assert len(fake_slack.of("chat.postMessage")) == 3  # only the missing part again
    assert [m["metadata"]["event_payload"] for m in fake_slack.messages["C1"]] == [
        {"delivery": "delivery-7", "part": 0},
        {"delivery": "delivery-7", "part": 1},
    ]
    assert ts == fake_slack.messages["C1"][0]["ts"]
    await deliverer.deliver_once("C1", reply, "delivery-8", began)  # another delivery
    assert len(fake_slack.of("chat.postMessage")) == 5
