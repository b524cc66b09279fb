"""/my-data and /forget-me through Slack's real path in HTTP mode: signed slash commands and
a signed button click through bolt's verification, answers on the response_url, ephemeral."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from storage import Storage
from storage.counterexamples import (
    Check,
    CheckOutcome,
    Person,
    Submission,
    get_counterexample,
    insert_counterexample,
)
from storage.personal_data import held_about
from storage.slack_installations import find_bot, save_installation
from tests.bot.slack.conftest import sign
from tests.bot.slack.test_interactions import click


async def seed(storage: Storage) -> None:
    def add(db: Any) -> None:
        for who in (Person("slack", "U1", "name-U1"), Person("slack", "U2", "name-U2")):
            insert_counterexample(
                db,
                Submission("1", f"{who.user_id}'s claim", "a, b", "https://e.org"),
                who,
                "C1",
                datetime(2026, 11, 26, tzinfo=UTC),
                Check(CheckOutcome.UNCHECKABLE, "no snapshot"),
            )
        save_installation(db, "", "T1", "U1", 1.0, {"user_id": "U1"}, {"bot_token": "xoxb-1"})

    await storage.call(add)


def fields(message: dict[str, Any]) -> str:
    return json.dumps(message["blocks"], ensure_ascii=False)


async def test_my_data_and_forget_me_with_a_signed_click(start_bot, storage: Storage) -> None:
    await seed(storage)
    bot = await start_bot()
    [mine] = await bot.responses(await bot.command("/my-data"))
    assert mine["response_type"] == "ephemeral"
    assert "What I hold under your slack id U1:" in fields(mine)
    assert "#1 · law 1 · pending, 2026-11-26: as name-U1, from channel C1" in fields(mine)
    assert "workspace T1" in fields(mine) and "name-U2" not in fields(mine)

    [asked] = await bot.responses(await bot.command("/forget-me"))
    assert asked["response_type"] == "ephemeral"
    [actions] = [b for b in asked["blocks"] if b["type"] == "actions"]
    [button] = actions["elements"]
    assert (button["action_id"], button["style"]) == ("lk:forget_me:confirm", "danger")
    assert (await storage.call(get_counterexample, 1)).by.user_name == "name-U1"

    # A click whose signature does not verify runs nothing.
    forged = urlencode(
        {
            "payload": json.dumps(
                click("lk:forget_me:confirm", "run", "U1", bot.fake.response_url("forged"))
            )
        }
    )
    status, _ = await bot.post(forged, sign(forged, int(time.time()), secret="wrong"))
    assert status == 401
    assert not (await storage.call(held_about, "slack", "U1")).empty

    status, _ = await bot.interaction(
        click("lk:forget_me:confirm", "run", "U1", bot.fake.response_url("clicked"))
    )
    assert status == 200
    [done] = await bot.responses("clicked")
    assert done["response_type"] == "ephemeral"
    assert (
        "Your slack id and name were removed from 1 counterexample, 1 Slack installation."
        in fields(done)
    )
    assert (await storage.call(get_counterexample, 1)).by.user_name == "a former member"
    assert (await storage.call(get_counterexample, 2)).by.user_name == "name-U2"
    assert (await storage.call(find_bot, "", "T1"))["bot_token"] == "xoxb-1"

    [after] = await bot.responses(await bot.command("/my-data"))
    assert "I hold nothing about you" in fields(after)
    [theirs] = await bot.responses(await bot.command("/my-data", user="U2"))
    assert "as name-U2" in fields(theirs)
