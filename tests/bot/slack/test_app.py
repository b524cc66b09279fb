"""Starting the adapter: Socket Mode against a local websocket, many workspaces through
the OAuth install flow, and which secrets start Slack at all."""

import asyncio
import dataclasses
import re

import aiohttp
import pytest

from bot.config import Config, PlatformsConfig, Secrets
from bot.platform_table import platform_named
from bot.platforms import wanted
from bot.slack.app import SlackAdapter
from bot.slack.installations import SQLiteInstallationStore
from bot.slack.settings import SlackConfig
from laws import LAWS
from tests.bot.slack.conftest import SIGNING_SECRET, slack_config


async def test_socket_mode_connects_acks_and_answers(fake_slack, services, config) -> None:
    response_url = fake_slack.response_url("socket")
    fake_slack.envelopes.append(
        {
            "envelope_id": "env-1",
            "type": "slash_commands",
            "accepts_response_payload": True,
            "payload": {
                "command": "/law",
                "text": "3",
                "user_id": "U1",
                "user_name": "ann",
                "team_id": "T1",
                "channel_id": "C1",
                "api_app_id": "A1",
                "response_url": response_url,
                "trigger_id": "t",
            },
        }
    )
    cfg = slack_config(config, mode="socket", api_base_url=fake_slack.api_url)
    adapter = SlackAdapter(
        cfg.platforms.settings(SlackConfig),
        Secrets(SLACK_BOT_TOKEN="xoxb-t", SLACK_APP_TOKEN="xapp-t"),
    )
    task = asyncio.create_task(adapter.run(dataclasses.replace(services, config=cfg)))
    try:
        [ack] = await fake_slack.wait_for(lambda f: f.of("socket-ack"))
        assert ack.data["envelope_id"] == "env-1"
        [message] = await fake_slack.wait_for(
            lambda f: [c.data for c in f.calls if c.path == "/response/socket"]
        )
        assert message["blocks"][0]["text"]["text"] == f"Law 3: {LAWS['3'].name}"
        # The app-level token is checked, then opens the socket.
        assert [c.token for c in fake_slack.of("apps.connections.open")] == ["xapp-t"] * 2
        assert adapter.ready.is_set()
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_oauth_install_then_commands_and_delivery_use_that_workspace(
    start_bot, services
) -> None:
    secrets = Secrets(
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_CLIENT_ID="111.222",
        SLACK_CLIENT_SECRET="client-secret",
    )
    bot = await start_bot(secrets)
    base = bot.url.removesuffix("/slack/events")
    async with aiohttp.ClientSession() as browser:
        async with browser.get(f"{base}/slack/install") as page:
            assert page.status == 200
            html = await page.text()
            # bolt marks its state cookie Secure; a browser on https sends it back.
            cookie = {"Cookie": "; ".join(f"{k}={v.value}" for k, v in page.cookies.items())}
        state = re.search(r"state=([\w-]+)", html).group(1)
        assert "client_id=111.222" in html and "scope=commands" in html
        redirect = f"{base}/slack/oauth_redirect?code=c0de&state={state}"
        async with browser.get(redirect, headers=cookie) as done:
            assert done.status == 200, await done.text()
        # The state is single-use.
        async with browser.get(redirect, headers=cookie) as again:
            assert again.status == 401  # bolt: invalid_state
    [exchange] = bot.fake.of("oauth.v2.access")
    assert exchange.data["code"] == "c0de"
    store = SQLiteInstallationStore(services.storage)
    stored = await store.async_find_bot(enterprise_id=None, team_id="T2")
    assert stored.bot_token == "xoxb-from-oauth" and stored.bot_user_id == "UBOT2"
    installation = await store.async_find_installation(enterprise_id=None, team_id="T2")
    assert installation.user_id == "UINSTALL"

    [message] = await bot.responses(await bot.command("/law", "1", team="T2", channel="C5"))
    assert message["blocks"][0]["text"]["text"] == f"Law 1: {LAWS['1'].name}"
    ts = await bot.adapter.deliverer.deliver("T2/C5", message_reply())
    [posted] = bot.fake.of("chat.postMessage")
    assert (posted.data["channel"], posted.token, bool(ts)) == ("C5", "xoxb-from-oauth", True)

    await store.async_delete_all(enterprise_id=None, team_id="T2")
    assert await store.async_find_bot(enterprise_id=None, team_id="T2") is None
    assert await store.async_find_installation(enterprise_id=None, team_id="T2") is None


def message_reply():
    from handlers.reply import Reply

    return Reply(title="New #1")


@pytest.mark.parametrize(
    ("mode", "secrets", "platform", "starts"),
    [
        ("socket", {"SLACK_BOT_TOKEN": "b", "SLACK_APP_TOKEN": "a"}, "auto", True),
        ("socket", {"SLACK_BOT_TOKEN": "b"}, "auto", False),
        ("socket", {"SLACK_BOT_TOKEN": "b", "SLACK_APP_TOKEN": "a"}, "off", False),
        ("http", {"SLACK_BOT_TOKEN": "b", "SLACK_SIGNING_SECRET": "s"}, "auto", True),
        ("http", {"SLACK_BOT_TOKEN": "b"}, "auto", False),
        (
            "http",
            {"SLACK_SIGNING_SECRET": "s", "SLACK_CLIENT_ID": "i", "SLACK_CLIENT_SECRET": "c"},
            "auto",
            True,
        ),
    ],
)
def test_slack_starts_only_with_the_secrets_its_mode_needs(mode, secrets, platform, starts) -> None:
    config = Config(
        platforms=PlatformsConfig(
            modes={"slack": platform}, sections={"slack": SlackConfig(mode=mode)}
        )
    )
    assert wanted(platform_named("slack"), config, Secrets(secrets)) is starts
