"""Slack answering 429 or 500 while the outbox delivers: retried, delivered once."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.config import AnnouncementsConfig
from bot.delivery import DeliveryLoop
from bot.slack.client import web_client
from bot.slack.delivery import SlackDeliverer
from storage import Storage
from storage.outbox import enqueue
from storage.subscriptions import subscribe
from tests.bot.slack.conftest import BOT_TOKEN
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.test_delivery import VERDICT

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TITLE = "Ledger: law 2 HOLDS on arena · overall"


async def one_announcement(storage: Storage) -> None:
    def fill(db):
        subscribe(db, "slack", "C1", "*", True, "mod", NOW)
        enqueue(db, "verdict_change", VERDICT, now=NOW)
    await storage.call(fill)


def delivery(db) -> tuple:
    return tuple(db.execute("SELECT status, attempts, message_id, last_error FROM deliveries "
                            "WHERE platform = 'slack'").fetchone())


def loop(storage: Storage, fake: FakeSlack) -> DeliveryLoop:
    deliverer = SlackDeliverer(web_client(fake.api_url, BOT_TOKEN))
    return DeliveryLoop(storage, [deliverer], AnnouncementsConfig(retry_seconds=3600))


async def test_a_429_is_waited_out_and_delivered_once(storage: Storage,
                                                      fake_slack: FakeSlack) -> None:
    await one_announcement(storage)
    fake_slack.rate_limited["chat.postMessage"] = 1
    assert await loop(storage, fake_slack).deliver_due() == 1
    first, second = fake_slack.of("chat.postMessage")  # the 429, then the message
    assert first.data == second.data and TITLE in second.data["text"]
    status, attempts, message_id, _ = await storage.call(delivery)
    assert (status, attempts) == ("done", 1)
    assert message_id.startswith("1700000000.")


async def test_a_500_is_retried_by_the_outbox_and_delivered_once(
        storage: Storage, fake_slack: FakeSlack) -> None:
    await one_announcement(storage)
    fake_slack.server_errors["chat.postMessage"] = 1
    outbox = loop(storage, fake_slack)
    assert await outbox.deliver_due() == 0
    status, attempts, _, error = await storage.call(delivery)
    assert (status, attempts) == ("pending", 1) and "internal_error" in error
    await storage.call(lambda db: db.execute(
        "UPDATE deliveries SET next_attempt_at = '2000-01-01T00:00:00+00:00'"))  # later
    assert await outbox.deliver_due() == 1
    assert await outbox.deliver_due() == 0  # nothing left to send
    assert len(fake_slack.of("chat.postMessage")) == 2  # the 500, then the message
    status, attempts, message_id, _ = await storage.call(delivery)
    assert (status, attempts) == ("done", 2) and message_id
