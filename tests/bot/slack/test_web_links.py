"""With `[web] public_url` set, /law N, /prediction N and a resolved prediction's
announcement link to the web pages through bolt (a signed slash command answered on its
response_url) and the delivery loop; without it, no link (and the /ledger pointer)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import Config
from bot.delivery import DeliveryLoop
from handlers.events import PREDICTION_RESOLVED
from handlers.links import Links
from handlers.settings import AnnouncementsConfig
from storage.counterexamples import Person
from storage.outbox import enqueue
from storage.settings import StorageConfig
from storage.subscriptions import ALL, subscribe
from tests.bot.stated_prediction import state_and_resolve
from tests.laws.ledger_fixture import fill
from web.settings import WebConfig

PUBLIC = "https://lawkeeper.example.org"


def links_in(message: dict) -> list[str]:
    """Every mrkdwn link's target in a message."""
    text = json.dumps(message["blocks"], ensure_ascii=False)
    return [part.split("|", 1)[0] for part in text.split("<")[1:] if "|" in part]


@pytest.fixture
def config(tmp_path: Path, request: pytest.FixtureRequest) -> Config:
    public = getattr(request, "param", PUBLIC)
    return Config(
        storage=StorageConfig(path=str(tmp_path / "test.db")),
        web=WebConfig(port=0, public_url=public),
    )


async def test_law_2_links_the_law_page_and_each_verdict(start_bot, storage) -> None:
    await storage.call(fill)
    bot = await start_bot()
    [message] = await bot.responses(await bot.command("/law", "2"))
    blocks = message["blocks"]
    assert blocks[1] == {
        "type": "context",
        "elements": [
            {
                "type": "mrkdwn",
                "verbatim": True,
                "text": f"<{PUBLIC}/law/2|On the web: the evidence, month by month>",
            }
        ],
    }
    verdict = next(
        b for b in blocks if "LMArena text, 2024-09" in b.get("text", {}).get("text", "")
    )
    assert verdict["text"]["text"].endswith(
        f"\n<{PUBLIC}/law/2/arena/overall/2024-09|Evidence and history>"
    )
    assert f"every one, month by month, at {PUBLIC}/law/2." in json.dumps(blocks)
    assert links_in(message) == [f"{PUBLIC}/law/2", f"{PUBLIC}/law/2/arena/overall/2024-09"]


@pytest.mark.parametrize("config", [""], indirect=True)
async def test_without_a_public_url_there_is_no_link(start_bot, storage) -> None:
    await storage.call(fill)
    bot = await start_bot()
    [message] = await bot.responses(await bot.command("/law", "2"))
    assert links_in(message) == []
    assert "the button below, or /ledger 2." in json.dumps(message["blocks"])


def resolved_and_announced(db) -> int:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    subscribe(db, "slack", "CPRED", ALL, False, "ada (U1)", now, predictions=True)
    number, payload = state_and_resolve(db, Person("slack", "U1", "ada"), "C1", now)
    enqueue(db, PREDICTION_RESOLVED, payload, now=now)
    return number


@pytest.mark.parametrize("config", [PUBLIC, ""], indirect=True)
async def test_a_prediction_and_its_resolution_link_to_its_page(start_bot, storage, config) -> None:
    number = await storage.call(resolved_and_announced)
    bot = await start_bot()
    [message] = await bot.responses(await bot.command("/prediction", str(number)))
    page = f"{PUBLIC}/predictions/{number}"
    assert links_in(message) == ([page] if config.web.public_url else [])

    loop = DeliveryLoop(storage, [bot.adapter], AnnouncementsConfig(), Links.of(config))
    assert await loop.deliver_due() == 1
    [post] = [c for c in bot.fake.of("chat.postMessage") if c.data["channel"] == "CPRED"]
    blocks = post.data["blocks"]
    announced = {"blocks": json.loads(blocks) if isinstance(blocks, str) else blocks}
    assert "Prediction #1 came true" in json.dumps(announced, ensure_ascii=False)
    assert links_in(announced) == ([page] if config.web.public_url else [])
