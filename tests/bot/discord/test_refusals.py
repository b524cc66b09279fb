"""When Discord refuses the bot's deferral or follow-up, the user still gets an answer where
the interaction takes one, and the log says why; READY is logged in one line."""

from __future__ import annotations

import asyncio
import itertools
import logging

import pytest

from bot.discord.client import DiscordAdapter
from handlers.context import Services
from tests.bot.discord.conftest import answers, interaction, running, slash, within
from tests.bot.discord.fake_discord import FakeDiscord


async def test_a_refused_deferral_is_logged_and_answered_directly(
    fake: FakeDiscord, bot: DiscordAdapter, caplog: pytest.LogCaptureFixture
) -> None:
    fake.callback_failures = [400]  # (5xx are retried by discord.py itself)
    refused, direct = await answers(fake, interaction(2, slash("help")), 2)
    assert refused.json["type"] == 5  # the deferral Discord refused
    assert direct.path == refused.path and direct.json["type"] == 4  # the answer itself
    assert direct.json["data"]["embeds"]
    assert "Discord refused to defer /help (400 Invalid Form Body)" in caplog.text
    assert "Traceback" not in caplog.text


async def test_a_refused_follow_up_turns_the_thinking_message_into_an_apology(
    fake: FakeDiscord, bot: DiscordAdapter, caplog: pytest.LogCaptureFixture
) -> None:
    fake.followup_failures = [400]  # an answer Discord finds invalid
    deferral, refused, edit = await answers(fake, interaction(2, slash("help")), 3)
    assert deferral.json["type"] == 5 and refused.method == "POST"
    assert edit.method == "PATCH" and edit.path.endswith("/messages/@original")
    assert "Discord refused this answer" in edit.json["content"] and edit.json["embeds"] == []
    assert "Discord refused the answer to /help (400 Invalid Form Body)" in caplog.text


async def test_an_expired_interaction_is_logged_without_a_traceback(
    fake: FakeDiscord, bot: DiscordAdapter, caplog: pytest.LogCaptureFixture
) -> None:
    fake.callback_failures = [404, 404, 404]  # Discord no longer knows the interaction
    await answers(fake, interaction(2, slash("help")), 3)
    await within(_logged(caplog, "Could not tell the user of /help either (404"))
    assert "Traceback" not in caplog.text and "Ignoring exception" not in caplog.text


async def _logged(caplog: pytest.LogCaptureFixture, start: str) -> str:
    """The first record starting with `start`, once logged (caplog has nothing to await)."""
    for _ in itertools.count():
        found = [r.getMessage() for r in caplog.records if r.getMessage().startswith(start)]
        if found:
            break
        await asyncio.sleep(0.01)
    return found[0]


async def test_ready_is_logged_in_one_line(
    fake: FakeDiscord, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.discord")
    async with running(fake, services):
        assert await within(_logged(caplog, "Discord ready")) == (
            "Discord ready as Lawkeeper (id 1100000000000000001): 1 guild(s), 1 shard(s)"
        )
