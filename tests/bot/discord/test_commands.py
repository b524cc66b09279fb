"""Slash commands through discord.py's own gateway parsing and command tree, answered over
the fake Discord's REST: exact callback and follow-up payloads."""

from __future__ import annotations

import json

from bot.discord.render import COLOURS
from handlers.commands import COMMANDS
from handlers.reply import Tone
from laws import LAWS
from tests.bot.discord.conftest import answers, interaction, slash
from tests.bot.discord.fake_discord import APP_ID, FakeDiscord

NO_PINGS = {"parse": []}
EPHEMERAL = 64


def _verdict(db, law: str, period: str, status: str) -> None:
    db.execute(
        "INSERT INTO verdicts (law, leaderboard, category, period, status, evidence, "
        "computed_at) VALUES (?, 'arena', 'overall', ?, ?, ?, '2026-01-01')",
        [law, period, status, json.dumps({"snapshot_date": "2024-04-20"})],
    )


async def test_law_2_defers_then_follows_up_with_the_embed(fake: FakeDiscord, bot) -> None:
    payload = interaction(2, slash("law", law="2"))
    callback, follow_up = await answers(fake, payload, 2)

    assert callback.method == "POST"
    assert callback.path == f"/interactions/{payload['id']}/{payload['token']}/callback"
    assert callback.json == {"type": 5}  # deferred, public

    assert follow_up.path == f"/webhooks/{APP_ID}/{payload['token']}"
    assert follow_up.query["wait"] == "1"  # the message comes back (its id)
    assert follow_up.json["allowed_mentions"] == NO_PINGS
    assert "flags" not in follow_up.json or not follow_up.json["flags"] & EPHEMERAL
    [embed] = follow_up.json["embeds"]
    law = LAWS["2"]
    assert embed["title"] == f"Law 2: {law.name}"
    assert embed["description"].startswith(f"> {law.statement}\n— Xavier Amatriain")
    assert "No verdicts yet" in embed["description"]
    assert embed["color"] == COLOURS[Tone.INFO].value
    assert "fields" not in embed or embed["fields"] == []


async def test_law_with_verdicts_shows_fields_in_the_verdict_colour(
    fake: FakeDiscord, bot, storage
) -> None:
    def fill(db) -> None:
        _verdict(db, "2", "2024-03", "BROKEN")
        _verdict(db, "2", "2024-04", "HOLDS")

    await storage.call(fill)
    _, follow_up = await answers(fake, interaction(2, slash("law", law="2")), 2)
    [embed] = follow_up.json["embeds"]
    assert embed["color"] == COLOURS[Tone.HOLDS].value == 0x2ECC71
    assert embed["fields"] == [
        {
            "name": "LMArena text, 2024-04",
            "value": "HOLDS. Data as of 2024-04-20.",
            "inline": False,
        }
    ]


async def test_law_with_a_bad_value_is_a_private_error_at_once(fake: FakeDiscord, bot) -> None:
    # Discord only offers 1, 2, 3; a stale client or a crafted request can still send "7".
    [callback] = await answers(fake, interaction(2, slash("law", law="7")), 1)
    assert callback.json["type"] == 4  # answered directly, no deferral
    data = callback.json["data"]
    assert data["flags"] == EPHEMERAL
    assert data["allowed_mentions"] == NO_PINGS
    [embed] = data["embeds"]
    assert embed["title"] == "Sorry, I can't do that"
    assert embed["description"] == "/law 7: there is no law '7'. Choose one of 1, 2, 3."
    assert embed["color"] == COLOURS[Tone.ERROR].value


async def test_laws_lists_the_three_laws(fake: FakeDiscord, bot) -> None:
    callback, follow_up = await answers(fake, interaction(2, slash("laws")), 2)
    assert callback.json == {"type": 5}
    [embed] = follow_up.json["embeds"]
    assert embed["title"] == "The three laws of generative-AI model evolution"
    assert [f["name"] for f in embed["fields"]] == [f"Law {i}: {LAWS[i].name}" for i in "123"]
    assert all(f["value"].endswith("No verdicts yet.") for f in embed["fields"])
    assert follow_up.json["allowed_mentions"] == NO_PINGS


async def test_help_lists_every_declared_command(fake: FakeDiscord, bot) -> None:
    _, follow_up = await answers(fake, interaction(2, slash("help")), 2)
    [embed] = follow_up.json["embeds"]
    assert [f["name"] for f in embed["fields"]] == [c.usage for c in COMMANDS.values()]

    _, one = await answers(fake, interaction(2, slash("help", command="law")), 2)
    assert one.json["embeds"][0]["title"] == "/law <1|2|3> [explain]"


async def test_every_declared_command_is_synced_with_its_options(fake: FakeDiscord, bot) -> None:
    [sync] = fake.calls("PUT", f"/applications/{APP_ID}/commands")
    by_name = {c["name"]: c for c in sync.json}
    assert set(by_name) == set(COMMANDS)
    law = by_name["law"]["options"]
    assert law[0] == {
        "type": 3,
        "name": "law",
        "description": "which law",
        "required": True,
        "choices": [{"name": n, "value": n} for n in ("1", "2", "3")],
    }
    assert law[1]["name"] == "detail" and law[1]["required"] is False
    assert law[1]["choices"] == [{"name": "explain", "value": "explain"}]
    assert by_name["help"]["options"][0]["required"] is False
