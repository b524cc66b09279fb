"""Every neutral command through Discord's real path, over the bundled real history:
INTERACTION_CREATE through discord.py's gateway parser and the real CommandTree, deferral
then follow-up (or an immediate private error), exact payloads on the fake Discord.

Each embed is checked against the neutral handler's own Reply for the same question, plus
real figures from the data (the latest Arena snapshot, 2025-12-11)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import discord
import pytest

from bot.config import DEFAULT_CONFIG, load_config
from bot.discord.render import COLOURS
from bot.discord.settings import DiscordConfig
from catalog import Catalog
from feeds.registry import LEADERBOARD_IDS, SOURCES
from handlers.commands import run_command
from handlers.commands.subscriptions import NOT_ALLOWED
from handlers.context import Context, Invoker, Services
from handlers.reply import Reply, Tone
from storage import Storage
from storage.subscriptions import channel_subscriptions
from tests.bot.discord.conftest import (
    CHANNEL_ID,
    MANAGE_CHANNELS,
    answers,
    interaction,
    member,
    slash,
)
from tests.bot.discord.fake_discord import APP_ID, FakeDiscord, Recorded
from tests.bot.discord.test_interactive import press

NO_PINGS = {"parse": []}
EPHEMERAL = 64
DEFERRED = {"type": 5}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MANAGER = member("1500000000000000009", name="mia", permissions=MANAGE_CHANNELS)


@pytest.fixture
def services(
    bundled_storage: Storage, discord_settings: DiscordConfig, real_catalog: Catalog
) -> Services:
    """The shipped config.toml (its leaderboards, retired ones disabled), the fake's
    endpoints, the real catalog and the bundled history."""
    shipped = load_config(DEFAULT_CONFIG, env={})
    return Services(
        storage=bundled_storage,
        config=dataclasses.replace(
            shipped, platforms=shipped.platforms.with_settings(discord_settings)
        ),
        started_at=datetime.now(UTC),
        catalog=real_catalog,
    )


async def neutral(services: Services, name: str, /, **arguments: str) -> Reply:
    """What the platform-neutral handler answers to the same question."""
    invoker = Invoker("discord", "1500000000000000001", "Ada", CHANNEL_ID)
    return await run_command(Context(services, invoker, datetime.now(UTC)), name, dict(arguments))


def embed_of(reply: Reply) -> dict[str, Any]:
    """The embed render() makes of a short Reply, as Discord receives it."""
    embed: dict[str, Any] = {
        "type": "rich",
        "title": reply.title,
        "color": COLOURS[reply.tone].value,
        "flags": 0,
    }
    if reply.text:
        embed["description"] = reply.text
    if reply.fields:
        embed["fields"] = [
            {"name": f.name, "value": f.value, "inline": f.inline} for f in reply.fields
        ]
    if reply.footer:
        embed["footer"] = {"text": reply.footer}
    return embed


async def run(
    fake: FakeDiscord, name: str, /, who: dict[str, Any] | None = None, **options: str
) -> tuple[Recorded, Recorded]:
    """A command that defers and then follows up publicly."""
    payload = interaction(2, slash(name, **options), who=who)
    callback, follow_up = await answers(fake, payload, 2)
    assert callback.path == f"/interactions/{payload['id']}/{payload['token']}/callback"
    assert callback.json == DEFERRED
    assert follow_up.method == "POST"
    assert follow_up.path == f"/webhooks/{APP_ID}/{payload['token']}"
    assert follow_up.json["allowed_mentions"] == NO_PINGS
    assert not follow_up.json.get("flags", 0) & EPHEMERAL
    return callback, follow_up


async def refused_after_deferral(
    fake: FakeDiscord, name: str, /, who: dict[str, Any] | None = None, **options: str
) -> dict[str, Any]:
    """An error found while running: the public "thinking…" is deleted, the error
    follows up privately. Returns the error embed."""
    payload = interaction(2, slash(name, **options), who=who)
    callback, delete, follow_up = await answers(fake, payload, 3)
    assert callback.json == DEFERRED
    assert (delete.method, delete.path) == (
        "DELETE",
        f"/webhooks/{APP_ID}/{payload['token']}/messages/@original",
    )
    assert follow_up.json["flags"] == EPHEMERAL
    assert follow_up.json["allowed_mentions"] == NO_PINGS
    [embed] = follow_up.json["embeds"]
    assert embed["title"] == "Sorry, I can't do that"
    assert embed["color"] == COLOURS[Tone.ERROR].value
    return embed


async def refused_at_once(fake: FakeDiscord, name: str, **options: str) -> dict[str, Any]:
    """Bad options: answered at once, privately, with no deferral."""
    [callback] = await answers(fake, interaction(2, slash(name, **options)), 1)
    assert callback.json["type"] == 4
    data = callback.json["data"]
    assert data["flags"] == EPHEMERAL and data["allowed_mentions"] == NO_PINGS
    [embed] = data["embeds"]
    assert embed["title"] == "Sorry, I can't do that"
    return embed


# --- /top -----------------------------------------------------------------------------


async def test_top_shows_the_latest_arena_top_10(fake: FakeDiscord, bot, services) -> None:
    _, follow_up = await run(fake, "top")
    [embed] = follow_up.json["embeds"]
    assert embed == embed_of(await neutral(services, "top"))
    assert embed["title"] == "LMArena text leaderboard · overall · 2025-12-11"
    lines = embed["description"].split("\n")
    assert len(lines) == 10
    # arena-catalog leaderboard-text_2025-12-11.json, `full`: gemini-3-pro 1486.60.
    assert lines[0] == "1. gemini-3-pro — 1487 · proprietary · size unknown"
    assert lines[8] == "9. glm-4.6 — 1441 · open source (OSI) · size unknown"


async def test_top_with_a_leaderboard_and_category(fake: FakeDiscord, bot, services) -> None:
    _, follow_up = await run(fake, "top", leaderboard="arena", category="coding")
    [embed] = follow_up.json["embeds"]
    assert embed == embed_of(await neutral(services, "top", leaderboard="arena", category="coding"))
    assert embed["description"].startswith(
        "1. claude-opus-4-5-20251101-thinking-32k — 1515 · proprietary"
    )


async def test_top_with_a_bad_leaderboard_is_a_private_error_at_once(
    fake: FakeDiscord, bot
) -> None:
    embed = await refused_at_once(fake, "top", leaderboard="nope")
    assert embed["description"] == (
        f"/top nope: there is no leaderboard 'nope'. Choose one of {', '.join(LEADERBOARD_IDS)}."
    )


async def test_top_with_a_bad_category_is_a_private_error(fake: FakeDiscord, bot) -> None:
    embed = await refused_after_deferral(fake, "top", leaderboard="livebench", category="vibes")
    assert embed["description"] == "Livebench has no category 'vibes'. Categories: overall."


async def test_top_leaderboard_autocompletes_the_enabled_leaderboards(
    fake: FakeDiscord, bot
) -> None:
    # Discord refuses an option with both choices and autocomplete: the synced /top
    # offers autocomplete alone.
    [sync] = fake.calls("PUT", f"/applications/{APP_ID}/commands")
    [top] = [c for c in sync.json if c["name"] == "top"]
    assert top["options"][0] == {
        "type": 3,
        "name": "leaderboard",
        "required": False,
        "description": "which leaderboard (default arena)",
        "autocomplete": True,
    }

    def typed(text: str) -> dict[str, Any]:
        return {
            **slash("top"),
            "options": [{"name": "leaderboard", "type": 3, "value": text, "focused": True}],
        }

    [callback] = await answers(fake, interaction(4, typed("")), 1)
    # config.toml disables the retired Open LLM leaderboards.
    assert callback.json == {
        "type": 8,
        "data": {
            "choices": [
                {"name": n, "value": n}
                for n in ("arena", "epoch-eci", "mmlu", "livebench", "helm-lite")
            ]
        },
    }
    [callback] = await answers(fake, interaction(4, typed("L")), 1)
    assert [c["value"] for c in callback.json["data"]["choices"]] == [
        "mmlu",
        "livebench",
        "helm-lite",
    ]


# --- /ledger, /status -----------------------------------------------------------------


async def test_ledger_has_one_field_per_law_part(fake: FakeDiscord, bot, services) -> None:
    _, follow_up = await run(fake, "ledger")
    [embed] = follow_up.json["embeds"]
    assert embed == embed_of(await neutral(services, "ledger"))
    assert [f["name"].split(":")[0] for f in embed["fields"]] == [
        "Law 1",
        "Law 2",
        "Law 3a",
        "Law 3b",
        "Data as of",
    ]
    assert embed["fields"][-1]["value"].startswith("LMArena: data as of 2025-12-11")
    law_2 = embed["fields"][1]["value"]
    assert law_2.startswith("BROKEN (") and "deciding leaderboard categories" in law_2


async def test_status_lists_every_feed_and_the_outbox(fake: FakeDiscord, bot) -> None:
    payload = interaction(2, slash("status"))
    # Discord's ids carry their time; the handler's `now` is the interaction's.
    payload["id"] = str(discord.utils.time_snowflake(datetime.now(UTC)))
    callback, follow_up = await answers(fake, payload, 2)
    assert callback.json == DEFERRED
    [embed] = follow_up.json["embeds"]
    assert embed["title"] == "Lawkeeper status"
    assert embed["description"].startswith("Up 0h 0")
    assert " MB." in embed["description"]  # the bundled history's database
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert list(fields) == [f"{s.title} ({s.leaderboard})" for s in SOURCES.values()] + [
        "Outbox",
        "Web pages",
    ]
    assert fields["Open LLM Leaderboard v1 (retired) (open-llm-v1)"] == (
        "not polled (disabled in config); data as of 2023-10-31"
    )
    assert fields["LMArena text leaderboard (arena)"].startswith(
        "polled every 60 min; next poll: not scheduled\nlast success: never\ndata as of 2025-12-11"
    )
    assert fields["Outbox"] == "0 pending, 0 given up after retries"
    # The adapter alone, without the runtime of `main.py run`: no pages.
    assert fields["Web pages"] == "not served by this command (main.py run serves them)"


# --- /subscribe, /unsubscribe, /subscriptions ------------------------------------------


async def subscriptions_here(storage: Storage) -> list[tuple[str, str, str, bool, bool]]:
    return [
        (s.platform, s.channel_id, s.leaderboard, s.laws, s.enabled)
        for s in await storage.call(channel_subscriptions, "discord", CHANNEL_ID)
    ]


async def test_a_member_without_manage_channels_is_refused_and_nothing_changes(
    fake: FakeDiscord, bot, bundled_storage: Storage
) -> None:
    embed = await refused_after_deferral(fake, "subscribe", leaderboard="arena")
    assert embed["description"] == NOT_ALLOWED
    assert await subscriptions_here(bundled_storage) == []


async def test_subscribe_list_and_unsubscribe(
    fake: FakeDiscord, bot, bundled_storage: Storage
) -> None:
    _, follow_up = await run(fake, "subscribe", who=MANAGER, leaderboard="arena", laws="laws")
    [embed] = follow_up.json["embeds"]
    assert (embed["title"], embed["description"]) == (
        "Subscribed",
        "This channel will be told of each new #1 on arena, and of every "
        "change in the laws ledger. /unsubscribe stops it.",
    )
    assert await subscriptions_here(bundled_storage) == [
        ("discord", CHANNEL_ID, "arena", True, True)
    ]
    by = await bundled_storage.call(
        lambda db: db.execute("SELECT created_by FROM subscriptions").fetchone()[0]
    )
    assert by == "Mia (1500000000000000009)"

    # Anyone may look.
    _, follow_up = await run(fake, "subscriptions")
    [embed] = follow_up.json["embeds"]
    assert embed["fields"] == [
        {"name": "arena", "inline": False, "value": "new #1 models and changes in the laws ledger"}
    ]

    # Only a manager may stop it.
    embed = await refused_after_deferral(fake, "unsubscribe", leaderboard="arena")
    assert embed["description"] == NOT_ALLOWED
    assert len(await subscriptions_here(bundled_storage)) == 1
    _, follow_up = await run(fake, "unsubscribe", who=MANAGER, leaderboard="arena")
    assert follow_up.json["embeds"][0]["description"] == (
        "This channel will no longer be told of arena."
    )
    assert await subscriptions_here(bundled_storage) == []

    _, follow_up = await run(fake, "subscriptions")
    assert follow_up.json["embeds"][0]["description"].startswith(
        "This channel is not subscribed to anything."
    )


async def test_subscribe_to_an_unknown_leaderboard_stores_nothing(
    fake: FakeDiscord, bot, bundled_storage: Storage
) -> None:
    embed = await refused_after_deferral(fake, "subscribe", who=MANAGER, leaderboard="nope")
    assert embed["description"] == (
        f"There is no leaderboard 'nope'. Choose one of {', '.join([*LEADERBOARD_IDS, 'all'])}."
    )
    assert await subscriptions_here(bundled_storage) == []


# --- /law -----------------------------------------------------------------------------


async def test_law_with_verdicts_attaches_its_chart(fake: FakeDiscord, bot, services) -> None:
    _, follow_up = await run(fake, "law", law="2")
    expected = await neutral(services, "law", law="2")
    [(part, filename, png)] = follow_up.files
    assert (part, filename) == ("files[0]", "law-2.png")
    assert png.startswith(PNG_SIGNATURE) and len(png) > 1000
    assert follow_up.json["attachments"] == [
        {"id": 0, "filename": "law-2.png", "description": "Law 2 over time, from the ledger"}
    ]
    [embed] = follow_up.json["embeds"]
    assert embed == {**embed_of(expected), "image": {"url": "attachment://law-2.png"}}
    assert embed["color"] == COLOURS[Tone.BROKEN].value  # some scope breaks it
    # One sentence per main leaderboard, LMArena text first; the others behind a button.
    assert len(embed["fields"]) == 7
    assert embed["fields"][0]["name"].startswith("LMArena text, ")
    assert "lk:law_scopes:2" in str(follow_up.json["components"])


async def test_law_with_a_bad_detail_is_a_private_error_at_once(fake: FakeDiscord, bot) -> None:
    embed = await refused_at_once(fake, "law", law="2", detail="everything")
    assert embed["description"] == (
        "/law everything: there is no detail 'everything'. Choose one of explain."
    )


# --- /model ---------------------------------------------------------------------------


async def test_model_shows_the_catalog_card(fake: FakeDiscord, bot, services) -> None:
    _, follow_up = await run(fake, "model", name="Meta-Llama/Meta-Llama-3-70B-Instruct")
    [embed] = follow_up.json["embeds"]
    assert embed == embed_of(
        await neutral(services, "model", name="Meta-Llama/Meta-Llama-3-70B-Instruct")
    )
    assert embed["title"] == "Llama-3-70b-Instruct"
    fields = {f["name"].split(" (")[0]: f["value"] for f in embed["fields"]}
    assert fields["Openness"].startswith("open weights (")
    assert fields["Parameters"].startswith("70B (disclosed by ")


async def test_model_unknown_is_a_private_error_naming_the_closest(fake: FakeDiscord, bot) -> None:
    embed = await refused_after_deferral(fake, "model", name="gpt4o-2024-05-13 @everyone")
    assert embed["description"].startswith(
        "I don't know a model called “gpt4o-2024-05-13 @\u200beveryone”. Closest matches: "
    )


async def test_model_name_autocompletes_catalog_models(fake: FakeDiscord, bot) -> None:
    [sync] = fake.calls("PUT", f"/applications/{APP_ID}/commands")
    [model] = [c for c in sync.json if c["name"] == "model"]
    assert model["options"] == [
        {
            "type": 3,
            "name": "name",
            "required": True,
            "description": "a model name or alias as a leaderboard lists it",
            "autocomplete": True,
        }
    ]

    def typed(text: str) -> dict[str, Any]:
        return {
            **slash("model"),
            "options": [{"name": "name", "type": 3, "value": text, "focused": True}],
        }

    [callback] = await answers(fake, interaction(4, typed("LLAMA-3-70b")), 1)
    assert callback.json["type"] == 8
    choices = callback.json["data"]["choices"]
    assert 0 < len(choices) <= 25
    assert {"name": "Llama-3-70b-Instruct", "value": "llama-3-70b-instruct"} in choices
    assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
    [callback] = await answers(fake, interaction(4, typed("")), 1)
    assert len(callback.json["data"]["choices"]) == 25
    [callback] = await answers(fake, interaction(4, typed("qqqqqqqqqqqq")), 1)
    assert callback.json == {"type": 8, "data": {"choices": []}}


async def test_the_law_button_lists_every_category_to_whoever_pressed_it(
    fake: FakeDiscord, bot
) -> None:
    *_, answer = await answers(fake, press("lk:law_scopes:2"), 3)
    assert answer.json["flags"] == EPHEMERAL
    [embed, *more] = answer.json["embeds"]
    assert embed["title"] == "Law 2: every leaderboard category"
    text = "\n".join([embed["description"], *(e.get("description") or "" for e in more)])
    assert text.startswith("LMArena text: ")
    assert "LMArena coding: " in text and "data as of 2025-12-11" in text
