"""Slack refusing what a listener asks for: the request is still acknowledged, the person
is told what failed, and the log says why."""

from __future__ import annotations

import json
import logging
import time

import pytest

from handlers.commands import COMMANDS, Command
from handlers.reply import Attachment, Reply
from tests.bot.slack.test_interactions import click


def said(messages: list[dict]) -> str:
    return json.dumps(messages)


async def test_a_form_whose_modal_cannot_open_is_acked_and_explained(start_bot) -> None:
    bot = await start_bot()
    bot.fake.method_errors["views.open"] = "expired_trigger_id"
    started = time.monotonic()
    name = await bot.command("/counterexample", channel="C3")  # asserts the 200 ack
    assert time.monotonic() - started < 2  # acked at once, not after bolt's 3 s
    [message] = await bot.responses(name)
    assert message["response_type"] == "ephemeral"
    assert "could not open the form" in said([message]) and "expired_trigger_id" in said(
        [message])


async def test_a_reason_modal_that_cannot_open_is_explained(start_bot) -> None:
    bot = await start_bot()
    bot.fake.method_errors["views.open"] = "invalid_trigger_id"
    status, _ = await bot.interaction(click("lk:reject:1", "ask-reason", "U1",
                                            bot.fake.response_url("click")))
    assert status == 200
    [message] = await bot.responses("click")
    assert message["response_type"] == "ephemeral" and "invalid_trigger_id" in said([message])


@pytest.mark.parametrize(("error", "expected", "unexpected"), [
    ("invalid_arguments", "invalid_arguments", "invite me"),
    ("not_in_channel", "invite me", "invalid_arguments"),
])
async def test_a_refused_chart_upload_says_what_failed(start_bot, monkeypatch, error,
                                                       expected, unexpected) -> None:
    async def chart(ctx) -> Reply:
        return Reply(title="Chart", attachments=(Attachment("top.png", b"png", "Chart"),))

    monkeypatch.setitem(COMMANDS, "chart", Command("chart", "test only", (), chart))
    bot = await start_bot()
    bot.fake.method_errors["files.getUploadURLExternal"] = error
    _, apology = await bot.responses(await bot.command("/chart", channel="C7"), count=2)
    assert apology["response_type"] == "ephemeral"
    assert expected in apology["text"] and unexpected not in apology["text"]


async def test_a_failing_users_info_is_logged_with_its_reason_and_cached(
        start_bot, caplog) -> None:
    bot = await start_bot()
    bot.fake.html_pages["users.info"] = 503
    caplog.set_level(logging.WARNING, logger="bot.slack")
    for _ in range(3):
        await bot.responses(await bot.command("/law", "1", user="U9"))
    assert len(bot.fake.of("users.info")) == 1  # the failure is remembered briefly
    [warning] = [r.getMessage() for r in caplog.records if "users.info" in r.getMessage()]
    assert "HTTP 503" in warning and "None" not in warning
