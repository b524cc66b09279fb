"""/my-data and /forget-me through Discord's real path: the real CommandTree and button
views, answered privately from the "thinking…" on, over the fake Discord."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from storage import Storage
from storage.counterexamples import (
    Check,
    CheckOutcome,
    Person,
    Submission,
    get_counterexample,
    insert_counterexample,
)
from tests.bot.discord.conftest import answers, interaction, member, slash
from tests.bot.discord.fake_discord import APP_ID, FakeDiscord, Recorded
from tests.bot.discord.test_interactive import press

EPHEMERAL = 64
ADA = "1500000000000000001"  # conftest.member()'s default user
BOB = "1500000000000000002"


async def seed(storage: Storage) -> None:
    def add(db: Any) -> None:
        for who, claim in (
            (Person("discord", ADA, "Ada"), "ada's claim"),
            (Person("discord", BOB, "Bob"), "bob's claim"),
        ):
            insert_counterexample(
                db,
                Submission("2", claim, "a, b", "https://e.org"),
                who,
                "1300000000000000002",
                datetime(2026, 11, 26, tzinfo=UTC),
                Check(CheckOutcome.UNCHECKABLE, "no snapshot"),
            )

    await storage.call(add)


async def private_answer(fake: FakeDiscord, payload: dict[str, Any]) -> Recorded:
    """Deferred privately, then answered privately; returns the follow-up."""
    callback, delete, follow_up = await answers(fake, payload, 3)
    assert callback.json == {"type": 5, "data": {"flags": EPHEMERAL}}
    assert (delete.method, delete.path) == (
        "DELETE",
        f"/webhooks/{APP_ID}/{payload['token']}/messages/@original",
    )
    assert follow_up.json["flags"] == EPHEMERAL
    assert follow_up.json["allowed_mentions"] == {"parse": []}
    return follow_up


async def test_my_data_then_forget_me_with_its_button(
    fake: FakeDiscord, bot, storage: Storage
) -> None:
    await seed(storage)
    mine = await private_answer(fake, interaction(2, slash("my-data")))
    [embed] = mine.json["embeds"]
    assert embed["description"] == f"What I hold under your discord id {ADA}:"
    assert embed["fields"] == [
        {
            "name": "Counterexamples you submitted",
            "inline": False,
            "value": "#1 · law 2 · pending, 2026-11-26: as Ada, from channel 1300000000000000002",
        }
    ]

    asked = await private_answer(fake, interaction(2, slash("forget-me")))
    assert asked.json["embeds"][0]["title"] == "Forget you? Please confirm"
    [[button]] = [row["components"] for row in asked.json["components"]]
    assert (button["custom_id"], button["label"], button["style"]) == (
        "lk:forget_me:confirm",
        "Forget me",
        4,
    )  # danger
    assert (await storage.call(get_counterexample, 1)).by.user_name == "Ada"

    # The click arrives on the private message the bot sent.
    click = press("lk:forget_me:confirm")
    click["message"]["flags"] = EPHEMERAL
    done = await private_answer(fake, click)
    assert done.json["embeds"][0]["title"] == "Forgotten"
    forgotten = await storage.call(get_counterexample, 1)
    assert (forgotten.by.user_id, forgotten.by.user_name, forgotten.submission.claim) == (
        "",
        "a former member",
        "ada's claim",
    )
    assert (await storage.call(get_counterexample, 2)).by == Person("discord", BOB, "Bob")

    empty = await private_answer(fake, interaction(2, slash("my-data")))
    assert empty.json["embeds"][0]["description"].startswith("I hold nothing about you")
    bobs = await private_answer(fake, interaction(2, slash("my-data"), who=member(BOB, name="bob")))
    assert bobs.json["embeds"][0]["fields"][0]["value"].startswith("#2 · law 2 · pending")
    assert ADA not in str(bobs.json)


async def test_forget_me_confirm_as_an_option(fake: FakeDiscord, bot, storage: Storage) -> None:
    [sync] = fake.calls("PUT", f"/applications/{APP_ID}/commands")
    synced = {c["name"]: c for c in sync.json}
    assert synced["my-data"].get("options", []) == []
    assert synced["forget-me"]["options"] == [
        {
            "type": 3,
            "name": "confirm",
            "required": False,
            "description": "type confirm to skip the question",
            "choices": [{"name": "confirm", "value": "confirm"}],
        }
    ]
    await seed(storage)
    done = await private_answer(fake, interaction(2, slash("forget-me", confirm="confirm")))
    assert done.json["embeds"][0]["description"].startswith(
        "Your discord id and name were removed from 1 counterexample."
    )
