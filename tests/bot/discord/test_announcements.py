"""Announcements end to end on Discord: a real change of leader from the bundled history is
enqueued in the outbox as the poller does, and the real DeliveryLoop delivers it through the
connected adapter's deliverer to the fake Discord."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.adapter import AdapterError
from bot.config import Config
from bot.delivery import DeliveryLoop
from bot.discord.client import DiscordAdapter
from bot.discord.render import COLOURS
from bot.discord.settings import DiscordConfig
from catalog import Catalog
from handlers.context import Services
from handlers.reply import Tone
from handlers.settings import AnnouncementsConfig
from storage import Storage
from storage.subscriptions import channel_subscriptions
from tests.bot.discord.conftest import within
from tests.bot.discord.fake_discord import FakeDiscord
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

ARENA_EMBED = {
    "type": "rich",
    "title": ARENA_TITLE,
    "description": ARENA_TEXT,
    "color": COLOURS[Tone.INFO].value,
    "flags": 0,
    "fields": [
        {"name": "New leader", "value": ARENA_NEW, "inline": True},
        {"name": "Displaced", "value": ARENA_OLD, "inline": True},
        {"name": "Margin", "value": ARENA_MARGIN, "inline": False},
        {"name": "What it means for the laws", "value": ARENA_MEANING, "inline": False},
    ],
    "footer": {"text": ARENA_FOOTER},
}


@pytest.fixture
def services(bundled_storage: Storage, bot_config: Config, real_catalog: Catalog) -> Services:
    return Services(
        storage=bundled_storage,
        config=bot_config,
        started_at=datetime.now(UTC),
        catalog=real_catalog,
    )


def posts_to(fake: FakeDiscord, channel: str) -> list:
    return fake.calls("POST", f"/channels/{channel}/messages")


async def test_two_channels_get_it_once_and_a_deleted_one_is_disabled(
    fake: FakeDiscord,
    bot: DiscordAdapter,
    bundled_storage: Storage,
    real_catalog: Catalog,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake.channel_status["2003"] = 404  # deleted
    await bundled_storage.call(subscribe_channels, "discord", ["2001", "2002", "2003"])
    event = await bundled_storage.call(announce_latest, "arena", "overall", real_catalog, 2)
    loop = DeliveryLoop(bundled_storage, [bot], AnnouncementsConfig())

    assert await loop.deliver_due() == 2
    for channel in ("2001", "2002"):
        [post] = posts_to(fake, channel)
        assert post.json["embeds"] == [ARENA_EMBED]
        assert post.json["allowed_mentions"] == {"parse": []}
    assert len(posts_to(fake, "2003")) == 1
    outcome = await bundled_storage.call(deliveries, event)
    assert {k: v[:2] for k, v in outcome.items()} == {
        ("console", "console"): ("skipped", 0),  # the console was not running
        ("discord", "2001"): ("done", 1),
        ("discord", "2002"): ("done", 1),
        ("discord", "2003"): ("gone", 0),
    }
    assert outcome[("discord", "2001")][2].isdigit()  # the Discord message id
    [gone] = await bundled_storage.call(channel_subscriptions, "discord", "2003")
    assert not gone.enabled
    assert gone.disabled_reason == "Discord channel 2003: 404 Unknown Channel"
    assert (
        "outbox: discord:2003 can no longer receive (Discord channel 2003: 404 Unknown "
        "Channel); its subscriptions are disabled"
    ) in caplog.text

    # The bot carries on; the next announcement is not even tried at the deleted channel.
    second = await bundled_storage.call(announce_latest, "open-llm-v2", "overall", real_catalog, 1)
    assert await loop.deliver_due() == 2
    assert not bot.client.is_closed()
    assert len(posts_to(fake, "2003")) == 1
    assert set(await bundled_storage.call(deliveries, second)) == {
        ("console", "console"),
        ("discord", "2001"),
        ("discord", "2002"),
    }
    embed = posts_to(fake, "2002")[1].json["embeds"][0]
    assert embed["title"] == OPEN_LLM_TITLE
    assert [f["value"] for f in embed["fields"][:3]] == [OPEN_LLM_NEW, OPEN_LLM_OLD, "+8.5 points"]


async def test_a_500_is_retried_by_discord_py_and_delivered_exactly_once(
    fake: FakeDiscord, bot: DiscordAdapter, bundled_storage: Storage, real_catalog: Catalog
) -> None:
    fake.channel_failures["2001"] = [500]
    await bundled_storage.call(subscribe_channels, "discord", ["2001"])
    event = await bundled_storage.call(announce_latest, "arena", "overall", real_catalog, 2)
    assert await DeliveryLoop(bundled_storage, [bot], AnnouncementsConfig()).deliver_due() == 1
    first, second = posts_to(fake, "2001")  # the 500, then the one that went through
    assert first.json == second.json and second.json["embeds"] == [ARENA_EMBED]
    status, attempts, message_id, _ = (await bundled_storage.call(deliveries, event))[
        ("discord", "2001")
    ]
    assert (status, attempts) == ("done", 1) and message_id.isdigit()


async def test_a_503_is_retried_by_the_outbox_and_delivered_exactly_once(
    fake: FakeDiscord, bot: DiscordAdapter, bundled_storage: Storage, real_catalog: Catalog
) -> None:
    fake.channel_failures["2001"] = [503]  # discord.py does not retry a 503 itself
    await bundled_storage.call(subscribe_channels, "discord", ["2001"])
    event = await bundled_storage.call(announce_latest, "arena", "overall", real_catalog, 2)
    loop = DeliveryLoop(bundled_storage, [bot], AnnouncementsConfig(retry_seconds=3600))
    assert await loop.deliver_due() == 0
    status, attempts, _, error = (await bundled_storage.call(deliveries, event))[
        ("discord", "2001")
    ]
    assert (status, attempts) == ("pending", 1)
    assert error.startswith("DiscordServerError: 503 Service Unavailable")
    assert await loop.deliver_due() == 0  # not before its retry time
    await bundled_storage.call(
        lambda db: db.execute(
            "UPDATE deliveries SET next_attempt_at = '2000-01-01T00:00:00+00:00' "
            "WHERE status = 'pending'"
        )
    )  # an hour later
    assert await loop.deliver_due() == 1
    assert await loop.deliver_due() == 0
    assert len(posts_to(fake, "2001")) == 2
    status, attempts, message_id, _ = (await bundled_storage.call(deliveries, event))[
        ("discord", "2001")
    ]
    assert (status, attempts) == ("done", 2) and message_id.isdigit()


async def test_deliveries_wait_until_discord_is_connected(
    fake: FakeDiscord, services: Services, bundled_storage: Storage, real_catalog: Catalog
) -> None:
    await bundled_storage.call(subscribe_channels, "discord", ["2001"])
    event = await bundled_storage.call(announce_latest, "arena", "overall", real_catalog, 2)
    offline = DiscordAdapter(services.config.platforms.settings(DiscordConfig), token="t")
    assert offline.deliverer is None  # not started: sending would fail and cost attempts
    assert await DeliveryLoop(bundled_storage, [offline], AnnouncementsConfig()).deliver_due() == 0
    assert (await bundled_storage.call(deliveries, event))[("discord", "2001")][:2] == (
        "pending",
        0,
    )
    assert fake.calls("POST", "/channels/") == []


async def test_no_deliverer_when_discord_rejects_the_token(
    fake: FakeDiscord, services: Services
) -> None:
    fake.reject_token = True
    adapter = DiscordAdapter(services.config.platforms.settings(DiscordConfig), token="revoked")
    with pytest.raises(AdapterError):
        await within(adapter.run(services))
    assert adapter.deliverer is None
