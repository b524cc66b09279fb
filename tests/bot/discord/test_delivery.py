"""Delivering announcements to channels through discord.py's REST client."""

from __future__ import annotations

import discord
import pytest

from bot.discord.client import DiscordAdapter
from bot.discord.render import COLOURS
from handlers.delivery import DestinationGone
from handlers.reply import Attachment, Field, Reply, Tone
from tests.bot.discord.fake_discord import FakeDiscord

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))  # the bytes are passed through untouched

ANNOUNCEMENT = Reply(
    title="New #1 on arena · overall: @everyone-model",
    text="It took the top spot from gpt-4o. @here",
    fields=(Field("Score", "1301 (95% CI 1295–1307)", inline=True),),
    tone=Tone.HOLDS,
    attachments=(Attachment("top.png", PNG, "Arena scores over time"),),
    footer="Lawkeeper",
)


async def test_announcement_reaches_two_channels_and_a_deleted_one_is_gone(
    fake: FakeDiscord, bot: DiscordAdapter
) -> None:
    fake.channel_status.update({"903": 404, "904": 403})
    deliverer = bot.deliverer
    assert deliverer.platform == "discord"

    first = await deliverer.deliver("901", ANNOUNCEMENT)
    second = await deliverer.deliver("902", ANNOUNCEMENT)
    with pytest.raises(DestinationGone, match="903: 404 Unknown Channel"):
        await deliverer.deliver("903", ANNOUNCEMENT)
    with pytest.raises(DestinationGone, match="904: 403 Missing Access"):
        await deliverer.deliver("904", ANNOUNCEMENT)
    # the client carries on
    third = await deliverer.deliver("902", Reply(title="Still here"))

    posts = fake.calls("POST", "/channels/")
    assert [p.path for p in posts] == [
        f"/channels/{c}/messages" for c in ("901", "902", "903", "904", "902")
    ]
    assert len({first, second, third}) == 3
    assert first == str(int(first))  # a Discord message id

    sent = posts[0]
    assert sent.files == [("files[0]", "top.png", PNG)]
    assert sent.json["allowed_mentions"] == {"parse": []}
    assert sent.json["attachments"] == [
        {"id": 0, "filename": "top.png", "description": "Arena scores over time"}
    ]
    [embed] = sent.json["embeds"]
    assert embed == {
        "type": "rich",
        "title": "New #1 on arena · overall: @\u200beveryone-model",
        "description": "It took the top spot from gpt-4o. @\u200bhere",
        "color": COLOURS[Tone.HOLDS].value,
        "fields": [{"name": "Score", "value": "1301 (95% CI 1295–1307)", "inline": True}],
        "image": {"url": "attachment://top.png"},
        "footer": {"text": "Lawkeeper"},
        "flags": 0,
    }


async def test_other_errors_propagate_for_the_outbox_to_retry(
    fake: FakeDiscord, bot: DiscordAdapter
) -> None:
    fake.channel_status["905"] = 400
    with pytest.raises(discord.HTTPException) as raised:
        await bot.deliverer.deliver("905", Reply(title="x"))
    assert not isinstance(raised.value, DestinationGone)
    assert raised.value.status == 400
