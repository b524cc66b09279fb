"""Predictions through the Discord adapter, over the bundled real history: /predict opens the
chosen template's modal (or takes the claim inline), /prediction N with its Withdraw and
Void buttons (Void asks for a reason), and a resolution announced once to the channel
subscribed with predictions; all through discord.py's real command tree, views and modals
against the local Discord."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import discord
import pytest

from bot.config import Config
from bot.delivery import DeliveryLoop
from bot.discord.client import DiscordAdapter
from bot.discord.render import COLOURS
from catalog import Catalog
from handlers.context import Services
from handlers.predictions.resolution import resolve_open
from handlers.reply import Tone
from handlers.settings import AnnouncementsConfig, PredictionsConfig
from storage import Storage
from storage.predictions import Status, get_prediction, list_predictions
from storage.subscriptions import ALL, subscribe
from tests.bot.discord.conftest import answers, interaction, member, modal_submit, slash
from tests.bot.discord.fake_discord import FakeDiscord
from tests.bot.discord.test_interactive import moderator, press
from tests.handlers.predictions.realdata import (
    GEMINI_1550,
    LEADER_OPEN,
    STATED,
    december,
    january,
    store,
)

EPHEMERAL = 64
NO_PINGS = {"parse": []}
HOSTILE = "@everyone <@1500000000000000009> **Ada**"
_late = itertools.count(1)


@pytest.fixture
def bot_config(bot_config: Config) -> Config:
    return dataclasses.replace(bot_config, predictions=PredictionsConfig(max_per_hour=2))


@pytest.fixture
def services(bundled_storage: Storage, bot_config: Config, real_catalog: Catalog) -> Services:
    return Services(
        storage=bundled_storage,
        config=bot_config,
        started_at=datetime.now(UTC),
        catalog=real_catalog,
    )


def at(payload: dict[str, Any], when: datetime = STATED) -> dict[str, Any]:
    """The interaction made at `when`: discord.py dates it by its snowflake id."""
    snowflake = str(discord.utils.time_snowflake(when) + next(_late))
    return {**payload, "id": snowflake, "token": f"token-{snowflake}"}


def hostile() -> dict[str, Any]:
    ada = member()
    return {**ada, "user": {**ada["user"], "global_name": HOSTILE}}


async def test_the_templates_modal_states_the_claim(
    fake: FakeDiscord, bot, services: Services
) -> None:
    [callback] = await answers(fake, at(interaction(2, slash("predict", template="leader"))), 1)
    assert callback.json["type"] == 9  # the modal, as the response
    modal = callback.json["data"]
    assert modal["title"] == "Predict: a kind of model leads"
    inputs = [row["components"][0] for row in modal["components"]]
    assert [(i["custom_id"], i["label"], i["max_length"], i["required"]) for i in inputs] == [
        ("leaderboard", "Leaderboard, and category if not overall", 120, True),
        ("openness", "Openness of the #1", 12, True),
        ("by", "By (YYYY-MM-DD)", 10, True),
        ("confidence", "Your confidence, 1-99 % (optional)", 2, False),
    ]
    values = {"leaderboard": "arena", "openness": "open", "by": "2027-06-30", "confidence": "30"}
    deferred, ack = await answers(
        fake, at(interaction(5, modal_submit(modal["custom_id"], values), who=hostile())), 2
    )
    assert deferred.json == {"type": 5}
    [embed] = ack.json["embeds"]
    assert embed["title"] == "Prediction #1 recorded"
    assert embed["description"] == (
        "An open model will be #1 on LMArena text by 2027-06-30 (confidence 30%)."
    )
    assert ack.json["allowed_mentions"] == NO_PINGS
    assert embed["fields"][0]["value"] == (
        "by @\u200beveryone <\u200b@\u200b1500000000000000009> \u2217\u2217Ada\u2217\u2217 on "
        "discord, 2026-11-26 12:00 UTC"
    )
    p = await services.storage.call(get_prediction, 1)
    assert (p.stated.claim, p.by.user_name, p.by.user_id, p.stated_at) == (
        "leader leaderboard=arena openness=open by=2027-06-30 confidence=30",
        HOSTILE,
        "1500000000000000001",
        STATED,
    )


async def test_the_claim_typed_inline_needs_no_modal(
    fake: FakeDiscord, bot, services: Services
) -> None:
    payload = at(
        interaction(
            2,
            slash(
                "predict",
                template="reaches",
                claim=('leaderboard=arena model="GLM 4.6" score=1500 by=2027-06-30'),
            ),
        )
    )
    deferred, ack = await answers(fake, payload, 2)
    assert deferred.json["type"] == 5
    assert ack.json["embeds"][0]["title"] == "Prediction #1 recorded"
    assert ack.json["embeds"][0]["description"].lower() == (
        "glm-4.6 will score 1500 or more on lmarena text by 2027-06-30."
    )


async def test_a_bad_field_is_refused_privately_and_stores_nothing(
    fake: FakeDiscord, bot, services: Services
) -> None:
    [callback] = await answers(fake, at(interaction(2, slash("predict", template="above"))), 1)
    modal = callback.json["data"]
    values = {
        "leaderboard": "arena",
        "model": "glm-4.6",
        "other": "gemini-3-pro",
        "on": "2027-02-30",
        "confidence": "",
    }
    *_, error = await answers(fake, at(interaction(5, modal_submit(modal["custom_id"], values))), 3)
    assert error.json["flags"] == EPHEMERAL
    assert error.json["embeds"][0]["description"] == (
        "The on field: 2027-02-30 is not a real date. Nothing was stored."
    )
    assert await services.storage.call(list_predictions) == []


async def test_the_hourly_limit_is_told_before_the_modal_opens(
    fake: FakeDiscord, bot, services: Services
) -> None:
    for claim in (LEADER_OPEN, GEMINI_1550):
        template, _, rest = claim.partition(" ")
        await answers(fake, at(interaction(2, slash("predict", template=template, claim=rest))), 2)
    later = STATED + timedelta(minutes=5)
    [callback] = await answers(fake, at(interaction(2, slash("predict", template="lag")), later), 1)
    assert callback.json["type"] == 4  # a message, not a modal
    assert callback.json["data"]["flags"] == EPHEMERAL
    assert callback.json["data"]["embeds"][0]["description"] == (
        "You have sent 2 predictions in the last hour; the limit is 2. Try again after "
        "13:00 UTC (in 55 minutes)."
    )


async def test_withdraw_is_the_authors_and_void_asks_a_moderator_why(
    fake: FakeDiscord, bot, services: Services
) -> None:
    template, _, rest = LEADER_OPEN.partition(" ")
    await answers(fake, at(interaction(2, slash("predict", template=template, claim=rest))), 2)
    _, shown = await answers(fake, at(interaction(2, slash("prediction", number="1"))), 2)
    assert [b["custom_id"] for b in shown.json["components"][0]["components"]] == [
        "lk:pred_withdraw:1"
    ]  # the author is no moderator: no Void

    *_, refused = await answers(fake, at(press("lk:pred_withdraw:1", who=moderator())), 3)
    assert refused.json["flags"] == EPHEMERAL
    assert refused.json["embeds"][0]["description"] == (
        "Only its author (Ada) can withdraw prediction #1. Nothing was changed."
    )

    [asked] = await answers(fake, at(press("lk:pred_void:1:why", who=moderator())), 1)
    assert asked.json["type"] == 9
    reason_input = asked.json["data"]["components"][0]["components"][0]
    submitted = at(
        interaction(
            5,
            modal_submit(
                asked.json["data"]["custom_id"],
                {reason_input["custom_id"]: "stated @everyone twice"},
            ),
            who=moderator(),
        )
    )
    _, done = await answers(fake, submitted, 2)
    assert done.json["embeds"][0]["title"] == "Prediction #1 voided"
    assert done.json["allowed_mentions"] == NO_PINGS
    p = await services.storage.call(get_prediction, 1)
    assert (p.status, p.void.reason, p.void.by.user_id) == (
        Status.VOIDED,
        "stated @everyone twice",
        "1500000000000000009",
    )


async def test_a_resolution_is_announced_once_to_the_subscribed_channel(
    fake: FakeDiscord, bot: DiscordAdapter, services: Services, real_catalog: Catalog
) -> None:
    storage = services.storage
    for claim in (LEADER_OPEN, GEMINI_1550):
        template, _, rest = claim.partition(" ")
        await answers(
            fake,
            at(interaction(2, slash("predict", template=template, claim=rest), who=hostile())),
            2,
        )
    await storage.call(subscribe, "discord", "2001", ALL, False, "mod", STATED, True)
    await storage.call(subscribe, "discord", "2002", ALL, True, "mod", STATED)  # laws only
    await storage.call(lambda db: store(db, december(db), january(db)))
    loop = DeliveryLoop(storage, [bot], AnnouncementsConfig())
    for _ in range(2):  # the second time as after a restart: nothing new
        await storage.call(resolve_open, real_catalog, services.config.laws, datetime.now(UTC))
        await loop.deliver_due()
    posts = [r.json for r in fake.calls("POST", "/channels/2001/messages")]
    assert [p["embeds"][0]["title"] for p in posts] == [
        "Prediction #1 came true",
        "Prediction #2 did not come true",
    ]
    assert fake.calls("POST", "/channels/2002/messages") == []
    yes = posts[0]
    assert yes["allowed_mentions"] == NO_PINGS
    assert yes["embeds"][0]["color"] == COLOURS[Tone.HOLDS].value
    fields = {f["name"]: f["value"] for f in yes["embeds"][0]["fields"]}
    assert fields["Deciding snapshot"] == ("2027-01-10: leaderboard-text_2027-01-10.json (test)")
    # Discord's own escape_mentions breaks the user mention once more.
    assert fields["Stated by"] == (
        "@\u200beveryone <\u200b@\u200b1500000000000000009> "
        "\u2217\u2217Ada\u2217\u2217 on discord, 2026-11-26, at 30%"
    )
