"""Slack refusing what a listener asks for: the request is still acknowledged, the person
is told what failed, and the log says why."""

from __future__ import annotations

import json
import logging
import time
from urllib.parse import urlencode

import pytest

from bot.config import Secrets
from bot.slack.app import build_app
from bot.slack.settings import SlackConfig
from handlers.commands import COMMANDS, Command
from handlers.reply import Attachment, Reply
from tests.bot.slack.conftest import BOT_TOKEN, SIGNING_SECRET, sign, slack_config
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
    assert "could not open the form" in said([message]) and "expired_trigger_id" in said([message])


async def test_a_reason_modal_that_cannot_open_is_explained(start_bot) -> None:
    bot = await start_bot()
    bot.fake.method_errors["views.open"] = "invalid_trigger_id"
    status, _ = await bot.interaction(
        click("lk:reject:1", "ask-reason", "U1", bot.fake.response_url("click"))
    )
    assert status == 200
    [message] = await bot.responses("click")
    assert message["response_type"] == "ephemeral" and "invalid_trigger_id" in said([message])


@pytest.mark.parametrize(
    ("error", "expected", "unexpected"),
    [
        ("invalid_arguments", "invalid_arguments", "invite me"),
        ("not_in_channel", "invite me", "invalid_arguments"),
    ],
)
async def test_a_refused_chart_upload_says_what_failed(
    start_bot, monkeypatch, error, expected, unexpected
) -> None:
    async def chart(ctx) -> Reply:
        return Reply(title="Chart", attachments=(Attachment("top.png", b"png", "Chart"),))

    monkeypatch.setitem(COMMANDS, "chart", Command("chart", "test only", (), chart))
    bot = await start_bot()
    bot.fake.method_errors["files.getUploadURLExternal"] = error
    _, apology = await bot.responses(await bot.command("/chart", channel="C7"), count=2)
    assert apology["response_type"] == "ephemeral"
    assert expected in apology["text"] and unexpected not in apology["text"]


async def test_a_failing_users_info_is_logged_with_its_reason_and_cached(start_bot, caplog) -> None:
    bot = await start_bot()
    bot.fake.html_pages["users.info"] = 503
    caplog.set_level(logging.WARNING, logger="bot.slack")
    for _ in range(3):
        await bot.responses(await bot.command("/law", "1", user="U9"))
    assert len(bot.fake.of("users.info")) == 1  # the failure is remembered briefly
    [warning] = [r.getMessage() for r in caplog.records if "users.info" in r.getMessage()]
    assert "HTTP 503" in warning and "None" not in warning


@pytest.mark.parametrize(
    ("age", "secret", "why"),
    [
        (0, "not-the-secret", "wrong signature"),
        (600, SIGNING_SECRET, "stale timestamp"),
    ],
)
async def test_a_rejected_request_is_logged_in_one_short_line(
    start_bot, caplog, age, secret, why
) -> None:
    bot = await start_bot()
    caplog.set_level(logging.DEBUG)
    body = urlencode({"command": "/law", "text": "x" * 200_000, "user_id": "U1"})
    status, _ = await bot.post(body, sign(body, int(time.time()) - age, secret))
    assert status == 401
    lines = [r.getMessage() for r in caplog.records]
    assert max(map(len, lines)) < 300  # never the body
    [line] = [m for m in lines if "rejected" in m]
    assert f"{len(body)} bytes" in line and why in line


@pytest.mark.parametrize("mode", ["http", "socket"])
async def test_bolt_is_built_without_warnings(
    fake_slack, services, config, monkeypatch, caplog, mode
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)  # where `main.py run` finds it
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    caplog.set_level(logging.DEBUG)
    cfg = slack_config(config, mode=mode, api_base_url=fake_slack.api_url)
    secrets = Secrets(
        SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN="xapp-t", SLACK_SIGNING_SECRET=SIGNING_SECRET
    )
    app = build_app(cfg.platforms.settings(SlackConfig), secrets, services)
    assert str(app.client.base_url) == fake_slack.api_url and app.client.token == BOT_TOKEN
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
