"""The counterexample flow through the Discord adapter: the /counterexample modal, the
review post with its buttons in the moderators' channel, Approve by a moderator, a
non-moderator refused, Reject with its reason modal, and the submitter told; all through
discord.py's real command tree, views and modals against the local Discord."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from bot.config import Config
from handlers.context import Services
from handlers.settings import CounterexamplesConfig
from storage.counterexamples import Status, get_counterexample
from tests.bot.discord.conftest import (
    CHANNEL_ID,
    answers,
    interaction,
    member,
    modal_submit,
    slash,
)
from tests.bot.discord.fake_discord import FakeDiscord
from tests.bot.discord.test_interactive import moderator, press
from tests.bot.hour_used_up import REFUSED, use_up_the_hour

MODS = "1300000000000000077"
EPHEMERAL = 64
VALUES = {
    "law": "2",
    "claim": "Mixtral is below GPT-4-0314 @everyone",
    "models": "Mixtral-8x7b, GPT-4-0314",
    "evidence": "https://lmarena.ai",
    "snapshot": "",
}


@pytest.fixture
def bot_config(bot_config: Config) -> Config:
    return dataclasses.replace(
        bot_config,
        counterexamples=CounterexamplesConfig(review_platform="discord", review_channel=MODS),
    )


@pytest.fixture
def services(services: Services) -> Services:
    # Filled with the adapter's deliverer, as the runtime's mapping finds it.
    return dataclasses.replace(services, deliverers={})


async def submit(fake: FakeDiscord, bot, services: Services, values: dict[str, str]) -> list[Any]:
    services.deliverers["discord"] = bot.deliverer  # type: ignore[index]
    [callback] = await answers(fake, interaction(2, slash("counterexample")), 1)
    assert callback.json["type"] == 9  # a modal
    modal = callback.json["data"]
    inputs = [row["components"][0] for row in modal["components"]]
    assert [i["custom_id"] for i in inputs] == ["law", "claim", "models", "evidence", "snapshot"]
    assert [i["max_length"] for i in inputs] == [1, 1000, 300, 900, 60]
    return await answers(fake, interaction(5, modal_submit(modal["custom_id"], values)), 3)


def posts_to(fake: FakeDiscord, channel: str) -> list[dict[str, Any]]:
    return [r.json for r in fake.calls("POST", f"/channels/{channel}/messages")]


async def test_submit_review_and_approve_by_a_moderator(
    fake: FakeDiscord, bot, services: Services
) -> None:
    *_, ack = await submit(fake, bot, services, VALUES)
    assert ack.json["flags"] == EPHEMERAL
    assert ack.json["embeds"][0]["title"] == "Counterexample #1 received"
    [post] = await fake.wait_for(lambda _: posts_to(fake, MODS))
    assert post["allowed_mentions"] == {"parse": []}
    assert post["embeds"][0]["title"].startswith("For review: Counterexample #1 · law 2")
    assert post["embeds"][0]["description"] == "Mixtral is below GPT-4-0314 @\u200beveryone"
    assert [b["custom_id"] for b in post["components"][0]["components"]] == [
        "lk:cx_approve:1",
        "lk:cx_reject:1:why",
    ]

    *_, refused = await answers(fake, press("lk:cx_approve:1", who=member()), 3)
    assert refused.json["flags"] == EPHEMERAL
    assert refused.json["embeds"][0]["description"] == (
        "Only moderators can review counterexamples. Nothing was changed."
    )
    stored = await services.storage.call(get_counterexample, 1)
    assert stored.status is Status.PENDING and stored.reviews == ()

    _, done = await answers(fake, press("lk:cx_approve:1", who=moderator()), 2)
    assert done.json["embeds"][0]["title"] == "Counterexample #1 accepted"
    stored = await services.storage.call(get_counterexample, 1)
    assert stored.status is Status.ACCEPTED
    assert (stored.reviews[0].by.platform, stored.reviews[0].by.user_id) == (
        "discord",
        "1500000000000000009",
    )
    told = await fake.wait_for(
        lambda _: [
            p for p in posts_to(fake, CHANNEL_ID) if "was accepted" in p["embeds"][0]["title"]
        ]
    )
    assert told[0]["embeds"][0]["title"] == "Your counterexample #1 was accepted"


async def test_invalid_modal_input_is_refused_privately_and_stores_nothing(
    fake: FakeDiscord, bot, services: Services
) -> None:
    *_, follow_up = await submit(fake, bot, services, {**VALUES, "law": "7"})
    assert follow_up.json["flags"] == EPHEMERAL
    assert follow_up.json["embeds"][0]["description"] == (
        "The law field: expected 1, 2 or 3, got '7'. Nothing was stored."
    )
    assert await services.storage.call(get_counterexample, 1) is None
    assert posts_to(fake, MODS) == []


async def test_reject_asks_for_a_reason_first(fake: FakeDiscord, bot, services: Services) -> None:
    await submit(fake, bot, services, VALUES)
    [callback] = await answers(fake, press("lk:cx_reject:1:why", who=moderator()), 1)
    assert callback.json["type"] == 9
    modal = callback.json["data"]
    reason = modal["components"][0]["components"][0]
    submitted = interaction(
        5,
        modal_submit(
            modal["custom_id"],
            {reason["custom_id"]: "GPT-4-0314 and Mixtral overlap on another board"},
        ),
        who=moderator(),
    )
    _, done = await answers(fake, submitted, 2)
    assert done.json["embeds"][0]["title"] == "Counterexample #1 rejected"
    stored = await services.storage.call(get_counterexample, 1)
    assert (stored.status, stored.reviews[0].reason) == (
        Status.REJECTED,
        "GPT-4-0314 and Mixtral overlap on another board",
    )


async def test_the_rate_limit_is_told_before_the_modal_opens(
    fake: FakeDiscord, bot, services: Services
) -> None:
    await use_up_the_hour(services.storage, "discord", member()["user"]["id"])
    [callback] = await answers(fake, interaction(2, slash("counterexample")), 1)
    assert callback.json["type"] == 4  # a message, not a modal
    assert callback.json["data"]["flags"] == EPHEMERAL
    assert REFUSED in callback.json["data"]["embeds"][0]["description"]
