"""Predictions through the Slack adapter, over the bundled real history: /predict TEMPLATE
opens that template's modal (or takes the claim inline), a bad field comes back beside it,
/prediction N with its Withdraw and Void buttons (Void asks why), and a resolution
announced once to the channel subscribed with predictions; all through bolt's signed
endpoint and the local Slack. Slack commands are dated by the clock, so the claims are
made from today."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.config import Config
from bot.delivery import DeliveryLoop
from catalog import Catalog
from handlers.context import Services
from handlers.predictions.resolution import resolve_open
from handlers.settings import AnnouncementsConfig
from storage import Storage
from storage.predictions import Status, get_prediction, list_predictions
from tests.bot.slack.test_interactions import click, submission
from tests.handlers.predictions.realdata import claims, december, january, store

HOSTILE = "<!channel> @everyone <@U2> *bold* <https://e.org|click>"


@pytest.fixture
def services(bundled_storage: Storage, config: Config, real_catalog: Catalog) -> Services:
    return Services(
        storage=bundled_storage, config=config, started_at=datetime.now(UTC), catalog=real_catalog
    )


def today() -> str:
    return datetime.now(UTC).date().isoformat()


def later(days: int) -> str:
    return (datetime.now(UTC).date() + timedelta(days=days)).isoformat()


def as_hostile(payload: dict[str, Any]) -> dict[str, Any]:
    return {**payload, "user": {**payload["user"], "username": HOSTILE}}


async def command_as(bot, text: str, user: str, user_name: str, name: str) -> None:
    """/predict TEXT from a user whose Slack name is `user_name`."""
    body = urlencode(
        {
            "token": "legacy",
            "team_id": "T1",
            "team_domain": "test",
            "channel_id": "C1",
            "channel_name": "general",
            "user_id": user,
            "user_name": user_name,
            "command": "/predict",
            "text": text,
            "api_app_id": "A1",
            "response_url": bot.fake.response_url(name),
            "trigger_id": f"trigger-{name}",
        }
    )
    assert (await bot.post(body))[0] == 200


async def open_form(bot, template: str) -> dict[str, Any]:
    await bot.command("/predict", template, user="U1", channel="C3")
    [opened] = await bot.fake.wait_for(lambda f: f.of("views.open"))
    return opened.data["view"]


async def test_the_templates_modal_states_the_claim(start_bot, services) -> None:
    bot = await start_bot()
    view = await open_form(bot, "reaches")
    assert view["callback_id"] == "lk-form:predict:reaches"
    assert [(b["block_id"], b["optional"]) for b in view["blocks"]] == [
        ("leaderboard", False),
        ("model", False),
        ("score", False),
        ("by", False),
        ("confidence", True),
    ]
    values = {
        "leaderboard": "arena coding",
        "model": "GLM 4.6",
        "score": "1500",
        "by": later(100),
        "confidence": "55",
    }
    status, body = await bot.interaction(
        as_hostile(submission(view["callback_id"], values, view["private_metadata"]))
    )
    assert (status, body) == (200, "")
    name = json.loads(view["private_metadata"])["response_url"].rsplit("/", 1)[1]
    [ack] = await bot.responses(name)
    assert ack["response_type"] == "in_channel"
    shown = json.dumps(ack)
    assert "Prediction #1 recorded" in shown
    for live in ("<!channel>", "@everyone", "<@U2>", "*bold*", "<https://"):
        assert live not in shown
    p = await services.storage.call(get_prediction, 1)
    assert (p.stated.claim, p.by.user_name, p.channel_id) == (
        f'reaches leaderboard=arena category=coding model="GLM 4.6" score=1500 '
        f"by={later(100)} confidence=55",
        HOSTILE,
        "C3",
    )


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("by", "2024-02-30", "The by field: 2024-02-30 is not a real date."),
        ("leaderboard", "arena nope", "The leaderboard field: arena has no category 'nope'"),
        ("confidence", "0", "The confidence field: expected a whole number from 1 to 99"),
    ],
)
async def test_a_bad_field_comes_back_beside_it_and_stores_nothing(
    start_bot, services, field: str, value: str, error: str
) -> None:
    bot = await start_bot()
    view = await open_form(bot, "leader")
    values = {
        "leaderboard": "arena",
        "openness": "open",
        "by": later(100),
        "confidence": "",
        field: value,
    }
    status, body = await bot.interaction(
        submission(view["callback_id"], values, view["private_metadata"])
    )
    assert status == 200
    errors = json.loads(body)["errors"]
    assert list(errors) == [field] and errors[field].startswith(error), errors
    assert await services.storage.call(list_predictions) == []


async def test_the_claim_typed_after_the_template_keeps_its_quotes(start_bot, services) -> None:
    bot = await start_bot()
    name = await bot.command(
        "/predict", f'reaches leaderboard=arena model="GLM 4.6" score=1500 by={later(100)}'
    )
    [ack] = await bot.responses(name)
    assert ack["response_type"] == "in_channel"
    assert "Prediction #1 recorded" in json.dumps(ack)
    assert bot.fake.of("views.open") == []
    [bare] = await bot.responses(await bot.command("/predict"))
    assert bare["response_type"] == "ephemeral"
    assert "/predict needs a template: one of leader, reaches" in json.dumps(bare)


async def test_withdraw_is_the_authors_and_void_asks_a_moderator_why(start_bot, services) -> None:
    bot = await start_bot(moderator_user_ids=["UMOD"])
    leader, _, _ = claims(datetime.now(UTC).date())
    await bot.responses(await bot.command("/predict", leader, user="U1"))
    [shown] = await bot.responses(await bot.command("/prediction", "1", user="U1"))
    [actions] = [b for b in shown["blocks"] if b["type"] == "actions"]
    assert [(e["action_id"], e["value"]) for e in actions["elements"]] == [
        ("lk:pred_withdraw:1", "run")
    ]
    await bot.interaction(click("lk:pred_withdraw:1", "run", "U2", bot.fake.response_url("other")))
    [refused] = await bot.responses("other")
    assert "Only its author (name-U1) can withdraw prediction #1" in json.dumps(refused)

    await bot.interaction(
        click("lk:pred_void:1", "ask-reason", "UMOD", bot.fake.response_url("why"))
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
            {"reason": "a duplicate of #0 <!here>"},
            reason_view["private_metadata"],
            user="UMOD",
        )
    )
    assert (status, body) == (200, "")
    p = await services.storage.call(get_prediction, 1)
    assert (p.status, p.void.reason, p.void.by.user_id) == (
        Status.VOIDED,
        "a duplicate of #0 <!here>",
        "UMOD",
    )


async def test_a_resolution_is_announced_once_to_the_subscribed_channel(
    start_bot, services, real_catalog: Catalog
) -> None:
    bot = await start_bot(admin_user_ids=["UADMIN"])
    storage = services.storage
    day = datetime.now(UTC).date()
    for n, claim in enumerate(claims(day)[:2]):
        await command_as(bot, claim, "U1", HOSTILE, f"state{n}")
        await bot.responses(f"state{n}")
    [subscribed] = await bot.responses(
        await bot.command("/subscribe", "arena predictions", user="UADMIN", channel="CPRED")
    )
    assert "each community prediction about it as it resolves" in json.dumps(subscribed)
    await storage.call(lambda db: store(db, december(db, day), january(db, day)))
    loop = DeliveryLoop(storage, [bot.adapter], AnnouncementsConfig())
    for _ in range(2):  # the second time as after a restart: nothing new
        await storage.call(resolve_open, real_catalog, services.config.laws, datetime.now(UTC))
        await loop.deliver_due()
    posts = [c for c in bot.fake.of("chat.postMessage") if c.data["channel"] == "CPRED"]
    headers = [
        json.loads(p.data["blocks"]) if isinstance(p.data["blocks"], str) else p.data["blocks"]
        for p in posts
    ]
    assert [h[0]["text"]["text"] for h in headers] == [
        "✅ Prediction #1 came true",
        "❌ Prediction #2 did not come true",
    ]
    shown = json.dumps(headers)
    for live in ("<!channel>", "@everyone", "<@U2>", "*bold*", "<https://"):
        assert live not in shown
    assert "&lt;\u200b!channel&gt;" in json.dumps(headers, ensure_ascii=False)
