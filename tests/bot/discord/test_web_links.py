"""With `[web] public_url` set, /law N, /prediction N and announcements link to the web
pages, through the real discord.py paths (an interaction answered, an outbox delivery);
without it they carry no link."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import Config
from bot.delivery import DeliveryLoop
from handlers.events import PREDICTION_RESOLVED, VERDICT_CHANGE
from handlers.links import Links
from handlers.settings import AnnouncementsConfig
from storage.counterexamples import Person
from storage.outbox import enqueue
from storage.settings import StorageConfig
from storage.subscriptions import ALL, subscribe
from tests.bot.discord.conftest import answers, interaction, slash
from tests.bot.discord.fake_discord import FakeDiscord
from tests.bot.stated_prediction import state_and_resolve
from tests.laws.ledger_fixture import fill
from web.settings import WebConfig

PUBLIC = "https://lawkeeper.example.org/ledger"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return Config(
        storage=StorageConfig(path=str(tmp_path / "test.db")),
        web=WebConfig(port=0, public_url=PUBLIC + "/"),
    )


async def test_law_2_links_its_title_and_each_verdict_to_the_pages(
    fake: FakeDiscord, bot, storage
) -> None:
    await storage.call(fill)
    _, follow_up = await answers(fake, interaction(2, slash("law", law="2")), 2)
    [embed] = follow_up.json["embeds"]
    assert embed["url"] == f"{PUBLIC}/law/2"
    [field] = embed["fields"]
    assert field["name"] == "LMArena text, 2024-09"
    assert field["value"].endswith(
        f"Data as of 2024-09-01.\n[Evidence and history]({PUBLIC}/law/2/arena/overall/2024-09)"
    )
    # The other leaderboard categories: a link to the law's page instead of /ledger 2.
    assert (
        f"1 more leaderboard category (such as open-llm): the button below, or every "
        f"one, month by month, at {PUBLIC}/law/2."
    ) in embed["footer"]["text"]


async def test_a_ledger_change_announcement_links_to_its_permalink(
    fake: FakeDiscord, bot, storage, config
) -> None:
    def queue(db) -> None:
        subscribe(db, "discord", "2001", ALL, laws=True, by="ada (1)", now=NOW)
        enqueue(
            db,
            VERDICT_CHANGE,
            {
                "law": "2",
                "leaderboard": "arena",
                "category": "odd/cat ?#",
                "period": "2025-12",
                "old_status": "HOLDS",
                "new_status": "BROKEN",
                "reason": "new snapshot of arena",
                "data_as_of": "2025-12-11",
            },
            now=NOW,
        )

    await storage.call(queue)
    loop = DeliveryLoop(storage, [bot], AnnouncementsConfig(), Links.of(config))
    assert await loop.deliver_due() == 1
    [post] = fake.calls("POST", "/channels/2001/messages")
    [embed] = post.json["embeds"]
    assert embed["title"] == "Ledger: law 2 BROKEN on arena · odd/cat ?#"
    # The category's reserved characters are encoded: the link names one page.
    assert embed["url"] == f"{PUBLIC}/law/2/arena/odd%2Fcat%20%3F%23/2025-12"


async def test_a_prediction_and_its_resolution_link_to_its_page(
    fake: FakeDiscord, bot, storage, config
) -> None:
    def resolved(db) -> int:
        subscribe(db, "discord", "2001", ALL, False, "ada (1)", NOW, predictions=True)
        number, payload = state_and_resolve(
            db, Person("discord", "1500000000000000001", "ada"), "2001", NOW
        )
        enqueue(db, PREDICTION_RESOLVED, payload, now=NOW)
        return number

    number = await storage.call(resolved)
    _, shown = await answers(fake, interaction(2, slash("prediction", number=str(number))), 2)
    [embed] = shown.json["embeds"]
    assert embed["title"] == f"Prediction #{number} · YES"
    assert embed["url"] == f"{PUBLIC}/predictions/{number}"

    loop = DeliveryLoop(storage, [bot], AnnouncementsConfig(), Links.of(config))
    assert await loop.deliver_due() == 1
    [post] = fake.calls("POST", "/channels/2001/messages")
    [announced] = post.json["embeds"]
    assert announced["title"] == f"Prediction #{number} came true"
    assert announced["url"] == f"{PUBLIC}/predictions/{number}"
