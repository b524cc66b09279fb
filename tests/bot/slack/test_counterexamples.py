"""The counterexample flow through the Slack adapter: the /counterexample modal, the review
post in the moderators' channel, Approve by a moderator, a non-moderator refused, the
reject-reason modal, and the submitter told, all through bolt's signed endpoint and the
local Slack."""

from __future__ import annotations

import dataclasses
import json

import pytest

from bot.config import Config
from handlers.context import Services
from handlers.settings import CounterexamplesConfig
from storage.counterexamples import Status, get_counterexample
from tests.bot.hour_used_up import REFUSED, use_up_the_hour
from tests.bot.slack.test_interactions import click, submission

VALUES = {
    "law": "2",
    "claim": "Mixtral-8x7B is below GPT-4-0314 <!channel>",
    "models": "Mixtral-8x7b, GPT-4-0314",
    "evidence": "https://lmarena.ai",
    "snapshot": "",
}


@pytest.fixture
def config(config: Config) -> Config:
    return dataclasses.replace(
        config,
        counterexamples=CounterexamplesConfig(review_platform="slack", review_channel="CMODS"),
    )


@pytest.fixture
def services(services: Services) -> Services:
    # Filled with the adapter's deliverer once it runs, as the runtime's mapping does.
    return dataclasses.replace(services, deliverers={})


async def submit(bot, services: Services, values: dict[str, str]) -> tuple[int, str, str]:
    services.deliverers["slack"] = bot.adapter.deliverer  # type: ignore[index]
    name = await bot.command("/counterexample", user="U1", channel="C3")
    [opened] = await bot.fake.wait_for(lambda f: f.of("views.open"))
    view = opened.data["view"]
    status, body = await bot.interaction(
        submission(view["callback_id"], values, view["private_metadata"], user="U1")
    )
    return status, body, name


async def test_modal_submit_posts_for_review_and_a_moderator_approves(start_bot, services) -> None:
    bot = await start_bot(moderator_user_ids=["UMOD"])
    status, body, name = await submit(bot, services, VALUES)
    assert (status, body) == (200, "")
    [ack] = await bot.responses(name)
    assert ack["response_type"] == "ephemeral"
    assert "Counterexample #1 received" in json.dumps(ack)
    [post] = await bot.fake.wait_for(lambda f: f.of("chat.postMessage"))
    assert post.data["channel"] == "CMODS"
    posted = json.dumps(post.data["blocks"])
    assert "For review: Counterexample #1" in posted
    assert "<!channel>" not in posted  # the claim cannot ping the moderators' channel
    [buttons] = [b for b in post.data["blocks"] if b["type"] == "actions"]
    assert [(e["action_id"], e["value"]) for e in buttons["elements"]] == [
        ("lk:cx_approve:1", "run"),
        ("lk:cx_reject:1", "ask-reason"),
    ]

    status, _ = await bot.interaction(
        click("lk:cx_approve:1", "run", "UPLAIN", bot.fake.response_url("plain"))
    )
    [refused] = await bot.responses("plain")
    assert "Only moderators can review counterexamples" in json.dumps(refused)
    stored = await services.storage.call(get_counterexample, 1)
    assert stored.status is Status.PENDING and stored.reviews == ()

    await bot.interaction(click("lk:cx_approve:1", "run", "UMOD", bot.fake.response_url("ok")))
    [done] = await bot.responses("ok")
    assert "Counterexample #1 accepted" in json.dumps(done)
    stored = await services.storage.call(get_counterexample, 1)
    assert stored.status is Status.ACCEPTED
    assert (stored.reviews[0].by.platform, stored.reviews[0].by.user_id) == ("slack", "UMOD")
    told = await bot.fake.wait_for(
        lambda f: [c for c in f.of("chat.postMessage") if c.data["channel"] == "C3"]
    )
    assert "Your counterexample #1 was accepted" in json.dumps(told[0].data["blocks"])


async def test_invalid_modal_input_names_the_field_and_stores_nothing(start_bot, services) -> None:
    bot = await start_bot()
    status, body, _ = await submit(bot, services, {**VALUES, "evidence": "ftp://x.org"})
    assert status == 200
    errors = json.loads(body)["errors"]
    assert list(errors) == ["evidence"]
    assert errors["evidence"].startswith("The evidence field: 'ftp://x.org' is not an http")
    assert await services.storage.call(get_counterexample, 1) is None


async def test_reject_asks_for_a_reason_in_a_modal(start_bot, services) -> None:
    bot = await start_bot(moderator_user_ids=["UMOD"])
    await submit(bot, services, VALUES)
    await bot.interaction(
        click("lk:cx_reject:1", "ask-reason", "UMOD", bot.fake.response_url("why"))
    )
    reason_view = (
        await bot.fake.wait_for(
            lambda f: [
                c for c in f.of("views.open") if c.data["view"]["callback_id"] == "lk-reason"
            ]
        )
    )[0].data["view"]
    status, body = await bot.interaction(
        submission(
            "lk-reason",
            {"reason": "GPT-4-0314 is 9 months older, fine, but see #2"},
            reason_view["private_metadata"],
            user="UMOD",
        )
    )
    assert (status, body) == (200, "")
    stored = await services.storage.call(get_counterexample, 1)
    assert stored.status is Status.REJECTED
    assert stored.reviews[0].reason == "GPT-4-0314 is 9 months older, fine, but see #2"


async def test_a_review_button_with_a_20_digit_id_is_no_such_counterexample(
    start_bot, services
) -> None:
    bot = await start_bot(moderator_user_ids=["UMOD"])
    huge = "9" * 20
    await bot.interaction(
        click(f"lk:cx_approve:{huge}", "run", "UMOD", bot.fake.response_url("huge"))
    )
    [answer] = await bot.responses("huge")
    assert f"There is no counterexample '{huge}'." in json.dumps(answer)
    assert "Something went wrong" not in json.dumps(answer)


async def test_the_rate_limit_is_told_before_the_modal_opens(start_bot, services) -> None:
    bot = await start_bot()
    await use_up_the_hour(services.storage, "slack", "U1")
    [refused] = await bot.responses(await bot.command("/counterexample", user="U1"))
    assert refused["response_type"] == "ephemeral"
    assert REFUSED in json.dumps(refused)
    assert bot.fake.of("views.open") == []
