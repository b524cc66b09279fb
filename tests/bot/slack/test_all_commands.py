"""Every neutral command through Slack's real path in HTTP mode, over the bundled real
history: signed slash-command requests through bolt's verification, ack, then the answer
on the response_url (and charts through files_upload_v2) of the local Slack.

Each answer is checked against the neutral handler's own Reply rendered as Block Kit, plus
real figures from the data (the latest Arena snapshot, 2025-12-11)."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.config import DEFAULT_CONFIG, Config, load_config
from bot.slack.blocks import render
from catalog import Catalog
from feeds.registry import LEADERBOARD_IDS, SOURCES
from handlers.commands import run_text
from handlers.commands.subscriptions import NOT_ALLOWED
from handlers.context import Context, Invoker, Services
from handlers.reply import Reply
from storage import Storage
from storage.settings import StorageConfig
from storage.subscriptions import channel_subscriptions

ADMIN = "UADMIN"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def config(tmp_path: Path) -> Config:
    """The shipped config.toml: its leaderboards, the retired ones disabled."""
    shipped = load_config(DEFAULT_CONFIG, env={})
    return dataclasses.replace(shipped, storage=StorageConfig(path=str(tmp_path / "x.db")))


@pytest.fixture
def services(bundled_storage: Storage, config: Config, real_catalog: Catalog) -> Services:
    return Services(
        storage=bundled_storage, config=config, started_at=datetime.now(UTC), catalog=real_catalog
    )


async def neutral(services: Services, line: str) -> Reply:
    """What the platform-neutral handler answers to the same line."""
    invoker = Invoker("slack", "U1", "name-U1", "C1")
    reply = await run_text(Context(services, invoker, datetime.now(UTC)), line)
    assert reply is not None
    return reply


def as_received(reply: Reply) -> dict[str, Any]:
    """How `reply` arrives at the response_url (one message)."""
    [message] = render(reply)
    return {
        **message,
        "response_type": "ephemeral" if reply.ephemeral else "in_channel",
        "replace_original": False,
    }


async def answer(bot: Any, command: str, text: str = "", user: str = "U1") -> dict[str, Any]:
    [message] = await bot.responses(await bot.command(command, text, user=user))
    return message


def error_text(message: dict[str, Any]) -> str:
    assert message["response_type"] == "ephemeral"
    assert message["blocks"][0]["text"]["text"] == "⚠️ Sorry, I can't do that"
    return str(message["blocks"][1]["text"]["text"])


# --- /top -----------------------------------------------------------------------------


async def test_top_shows_the_latest_arena_top_10(start_bot, services) -> None:
    bot = await start_bot()
    message = await answer(bot, "/top")
    assert message == as_received(await neutral(services, "/top"))
    assert message["blocks"][0]["text"]["text"] == (
        "LMArena text leaderboard · overall · 2025-12-11"
    )
    lines = message["blocks"][1]["text"]["text"].split("\n")
    assert len(lines) == 10
    # arena-catalog leaderboard-text_2025-12-11.json, `full`: gemini-3-pro 1486.60.
    assert lines[0] == "1. gemini-3-pro — 1487 · proprietary · size unknown"


async def test_top_with_a_leaderboard_and_category(start_bot, services) -> None:
    bot = await start_bot()
    message = await answer(bot, "/top", "arena coding")
    assert message == as_received(await neutral(services, "/top arena coding"))
    assert message["blocks"][1]["text"]["text"].startswith(
        "1. claude-opus-4-5-20251101-thinking-32k — 1515 · proprietary"
    )


async def test_top_with_a_bad_leaderboard_or_category_is_an_ephemeral_error(start_bot) -> None:
    bot = await start_bot()
    assert error_text(await answer(bot, "/top", "nope")) == (
        f"/top nope: there is no leaderboard 'nope'. Choose one of {', '.join(LEADERBOARD_IDS)}."
    )
    assert error_text(await answer(bot, "/top", "livebench vibes")) == (
        "Livebench has no category 'vibes'. Categories: overall."
    )


# --- /ledger, /status -----------------------------------------------------------------


async def test_ledger_has_one_section_per_law_part(start_bot, services) -> None:
    bot = await start_bot()
    message = await answer(bot, "/ledger")
    assert message == as_received(await neutral(services, "/ledger"))
    sections = [b["text"]["text"] for b in message["blocks"][2:6]]
    assert [s.split(":")[0] for s in sections] == ["*Law 1", "*Law 2", "*Law 3a", "*Law 3b"]
    assert sections[1].split("\n")[1].startswith("BROKEN (")


async def test_status_lists_every_feed_and_the_outbox(start_bot) -> None:
    bot = await start_bot()
    message = await answer(bot, "/status")
    assert message["response_type"] == "in_channel"
    blocks = message["blocks"]
    assert blocks[0]["text"]["text"] == "Lawkeeper status"
    assert blocks[1]["text"]["text"].startswith("Up 0h 0")
    fields = [b["text"]["text"] for b in blocks[2:]]
    assert [f.split("\n")[0] for f in fields] == [
        f"*{s.title} ({s.leaderboard})*" for s in SOURCES.values()
    ] + ["*Outbox*", "*Web pages*"]
    assert (
        fields[1] == "*Open LLM Leaderboard v1 (retired) (open-llm-v1)*\nnot polled "
        "(disabled in config); data as of 2023-10-31"
    )
    assert fields[-2] == "*Outbox*\n0 pending, 0 given up after retries"
    assert fields[-1] == "*Web pages*\nnot served by this command (main.py run serves them)"


# --- /subscribe, /unsubscribe, /subscriptions ------------------------------------------


async def rows(storage: Storage, channel: str = "C1") -> list[tuple[str, str, str, bool]]:
    return [
        (s.platform, s.channel_id, s.leaderboard, s.laws)
        for s in await storage.call(channel_subscriptions, "slack", channel)
    ]


async def test_a_non_admin_is_refused_and_nothing_changes(start_bot, bundled_storage) -> None:
    bot = await start_bot(admin_user_ids=[ADMIN])
    assert error_text(await answer(bot, "/subscribe", "arena")) == NOT_ALLOWED
    assert await rows(bundled_storage) == []


async def test_an_admin_subscribes_lists_and_unsubscribes(start_bot, bundled_storage) -> None:
    bot = await start_bot(admin_user_ids=[ADMIN])
    message = await answer(bot, "/subscribe", "arena laws", user=ADMIN)
    assert message["response_type"] == "in_channel"
    assert message["blocks"][1]["text"]["text"] == (
        "This channel will be told of each new #1 on arena, and of every change in the laws "
        "ledger. /unsubscribe stops it."
    )
    assert await rows(bundled_storage) == [("slack", "C1", "arena", True)]

    listed = await answer(bot, "/subscriptions")  # anyone may look
    assert listed["blocks"][2]["text"]["text"] == (
        "*arena*\nnew #1 models and changes in the laws ledger"
    )

    assert error_text(await answer(bot, "/unsubscribe", "arena")) == NOT_ALLOWED
    assert len(await rows(bundled_storage)) == 1
    done = await answer(bot, "/unsubscribe", "arena", user=ADMIN)
    assert done["blocks"][1]["text"]["text"] == "This channel will no longer be told of arena."
    assert await rows(bundled_storage) == []


async def test_subscribe_to_an_unknown_leaderboard_stores_nothing(
    start_bot, bundled_storage
) -> None:
    bot = await start_bot(admin_user_ids=[ADMIN])
    assert error_text(await answer(bot, "/subscribe", "nope", user=ADMIN)) == (
        f"There is no leaderboard 'nope'. Choose one of {', '.join([*LEADERBOARD_IDS, 'all'])}."
    )
    assert await rows(bundled_storage) == []


# --- /law -----------------------------------------------------------------------------


async def test_law_with_verdicts_uploads_its_chart(start_bot, services) -> None:
    bot = await start_bot()
    message = await answer(bot, "/law", "2")
    assert message == as_received(await neutral(services, "/law 2"))
    assert message["blocks"][0]["text"]["text"].startswith("❌ Law 2:")  # some scope breaks it
    complete = await bot.fake.wait_for(lambda f: f.of("files.completeUploadExternal"))
    [asked] = bot.fake.of("files.getUploadURLExternal")
    assert asked.data["filename"] == "law-2.png"
    assert asked.data["alt_txt"] == "Law 2 over time, from the ledger"
    [uploaded] = bot.fake.of("upload")
    assert uploaded.raw.startswith(PNG_SIGNATURE) and int(asked.data["length"]) == len(uploaded.raw)
    assert complete[0].data["channel_id"] == "C1"
    files = complete[0].data["files"]
    assert (json.loads(files) if isinstance(files, str) else files) == [
        {"id": "F1", "title": "law-2.png"}
    ]
    assert uploaded.path == "/upload/F1"


async def test_law_with_a_bad_value_is_an_ephemeral_error(start_bot) -> None:
    bot = await start_bot()
    assert error_text(await answer(bot, "/law", "2 everything")) == (
        "/law everything: there is no detail 'everything'. Choose one of explain."
    )
    assert bot.fake.of("files.getUploadURLExternal") == []


# --- /model ---------------------------------------------------------------------------


async def test_model_shows_the_catalog_card(start_bot, services) -> None:
    bot = await start_bot()
    message = await answer(bot, "/model", "GPT-4o-2024-05-13")
    assert message == as_received(await neutral(services, "/model GPT-4o-2024-05-13"))
    assert message["response_type"] == "in_channel"
    assert message["blocks"][0]["text"]["text"] == "GPT-4o-2024-05-13"
    shown = json.dumps(message["blocks"])
    assert "*Openness*\\nproprietary (" in shown


async def test_model_unknown_is_an_ephemeral_error_that_cannot_ping(start_bot) -> None:
    bot = await start_bot()
    text = error_text(await answer(bot, "/model", "<!channel> gpt4o"))
    assert text.startswith("I don't know a model called “&lt;\u200b!channel&gt; gpt4o”")
    assert "<!channel>" not in text
