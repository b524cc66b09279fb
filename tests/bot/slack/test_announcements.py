"""Announcements end to end on Slack: a real change of leader from the bundled history is
enqueued in the outbox as the poller does, and the real DeliveryLoop delivers it through the
running adapter's deliverer (HTTP mode) to the local Slack."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from slack_sdk.http_retry import builtin_async_handlers

from bot.config import Config
from bot.delivery import DeliveryLoop
from catalog import Catalog
from handlers.context import Services
from handlers.settings import AnnouncementsConfig
from storage import Storage
from storage.subscriptions import channel_subscriptions
from tests.bot.real_announcements import (
    ARENA_FOOTER,
    ARENA_MARGIN,
    ARENA_MEANING,
    ARENA_NEW,
    ARENA_OLD,
    ARENA_TEXT,
    ARENA_TITLE,
    OPEN_LLM_NEW,
    OPEN_LLM_OLD,
    OPEN_LLM_TITLE,
    announce_latest,
    deliveries,
    subscribe_channels,
)
from tests.bot.slack.fake_slack import is_ts


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


ARENA_BLOCKS = [
    {"type": "header", "text": {"type": "plain_text", "text": ARENA_TITLE, "emoji": True}},
    {"type": "section", "text": mrkdwn(ARENA_TEXT)},
    {
        "type": "section",
        "fields": [mrkdwn(f"*New leader*\n{ARENA_NEW}"), mrkdwn(f"*Displaced*\n{ARENA_OLD}")],
    },
    {"type": "section", "text": mrkdwn(f"*Margin*\n{ARENA_MARGIN}")},
    {"type": "section", "text": mrkdwn(f"*What it means for the laws*\n{ARENA_MEANING}")},
    {"type": "context", "elements": [mrkdwn(ARENA_FOOTER)]},
]


@pytest.fixture
def services(bundled_storage: Storage, config: Config, real_catalog: Catalog) -> Services:
    return Services(
        storage=bundled_storage, config=config, started_at=datetime.now(UTC), catalog=real_catalog
    )


def posts_to(fake: Any, channel: str) -> list[Any]:
    return [c for c in fake.of("chat.postMessage") if c.data["channel"] == channel]


def blocks_of(call: Any) -> list[dict[str, Any]]:
    blocks = call.data["blocks"]
    return json.loads(blocks) if isinstance(blocks, str) else blocks


async def test_two_channels_get_it_once_and_an_archived_one_is_disabled(
    start_bot, bundled_storage: Storage, real_catalog: Catalog, caplog: pytest.LogCaptureFixture
) -> None:
    bot = await start_bot()
    bot.fake.channel_errors["CARCHIVED"] = "is_archived"
    await bundled_storage.call(subscribe_channels, "slack", ["C1", "C2", "CARCHIVED"])
    event = await bundled_storage.call(announce_latest, "arena", "overall", real_catalog, 2)
    loop = DeliveryLoop(bundled_storage, [bot.adapter], AnnouncementsConfig())

    assert await loop.deliver_due() == 2
    for channel in ("C1", "C2"):
        [post] = posts_to(bot.fake, channel)
        assert blocks_of(post) == ARENA_BLOCKS
        assert post.data["text"].startswith(ARENA_TITLE)
        assert post.token == "xoxb-test-token"
    assert len(posts_to(bot.fake, "CARCHIVED")) == 1
    outcome = await bundled_storage.call(deliveries, event)
    assert {k: v[:2] for k, v in outcome.items()} == {
        ("console", "console"): ("skipped", 0),
        ("slack", "C1"): ("done", 1),
        ("slack", "C2"): ("done", 1),
        ("slack", "CARCHIVED"): ("gone", 0),
    }
    assert is_ts(outcome[("slack", "C1")][2])  # the message ts
    [gone] = await bundled_storage.call(channel_subscriptions, "slack", "CARCHIVED")
    assert not gone.enabled and gone.disabled_reason == "Slack channel CARCHIVED: is_archived"
    assert (
        "outbox: slack:CARCHIVED can no longer receive (Slack channel CARCHIVED: "
        "is_archived); its subscriptions are disabled"
    ) in caplog.text

    # The bot carries on: it still answers, and the next announcement skips the archived
    # channel altogether.
    await bot.responses(await bot.command("/laws"))
    second = await bundled_storage.call(announce_latest, "open-llm-v2", "overall", real_catalog, 1)
    assert await loop.deliver_due() == 2
    assert len(posts_to(bot.fake, "CARCHIVED")) == 1
    assert set(await bundled_storage.call(deliveries, second)) == {
        ("console", "console"),
        ("slack", "C1"),
        ("slack", "C2"),
    }
    blocks = blocks_of(posts_to(bot.fake, "C2")[1])
    assert blocks[0]["text"]["text"] == OPEN_LLM_TITLE
    assert [f["text"] for f in blocks[2]["fields"]] == [
        f"*New leader*\n{OPEN_LLM_NEW}",
        f"*Displaced*\n{OPEN_LLM_OLD}",
    ]


async def test_a_500_is_retried_by_the_outbox_and_delivered_exactly_once(
    start_bot, bundled_storage: Storage, real_catalog: Catalog
) -> None:
    bot = await start_bot()
    bot.fake.server_errors["chat.postMessage"] = 1
    await bundled_storage.call(subscribe_channels, "slack", ["C1"])
    event = await bundled_storage.call(announce_latest, "arena", "overall", real_catalog, 2)
    loop = DeliveryLoop(bundled_storage, [bot.adapter], AnnouncementsConfig(retry_seconds=60))
    assert await loop.deliver_due() == 0
    status, attempts, _, error = (await bundled_storage.call(deliveries, event))[("slack", "C1")]
    assert (status, attempts) == ("pending", 1) and "internal_error" in error
    await bundled_storage.call(
        lambda db: db.execute(
            "UPDATE deliveries SET next_attempt_at = '2000-01-01T00:00:00+00:00' "
            "WHERE status = 'pending'"
        )
    )  # a minute later
    assert await loop.deliver_due() == 1
    assert await loop.deliver_due() == 0
    first, second = posts_to(bot.fake, "C1")
    assert blocks_of(first) == blocks_of(second) == ARENA_BLOCKS
    status, attempts, ts, _ = (await bundled_storage.call(deliveries, event))[("slack", "C1")]
    assert (status, attempts) == ("done", 2) and is_ts(ts)


async def test_a_429_waits_its_retry_after_then_delivers_once(
    start_bot, bundled_storage: Storage, real_catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []
    real_sleep = asyncio.sleep

    async def recording_sleep(delay: float, *args: Any, **kwargs: Any) -> Any:
        slept.append(delay)
        return await real_sleep(delay, *args, **kwargs)

    # Records how long slack_sdk's rate-limit handler asks to wait (it still waits).
    monkeypatch.setattr(builtin_async_handlers.asyncio, "sleep", recording_sleep)
    bot = await start_bot()
    bot.fake.rate_limited["chat.postMessage"] = 1
    bot.fake.retry_after = "2"
    await bundled_storage.call(subscribe_channels, "slack", ["C1"])
    event = await bundled_storage.call(announce_latest, "arena", "overall", real_catalog, 2)
    assert (
        await DeliveryLoop(bundled_storage, [bot.adapter], AnnouncementsConfig()).deliver_due() == 1
    )
    assert any(2 <= d < 3 for d in slept)  # Retry-After 2, plus slack_sdk's jitter below 1
    first, second = posts_to(bot.fake, "C1")
    assert blocks_of(first) == blocks_of(second) == ARENA_BLOCKS
    status, attempts, ts, _ = (await bundled_storage.call(deliveries, event))[("slack", "C1")]
    assert (status, attempts) == ("done", 1) and is_ts(ts)
