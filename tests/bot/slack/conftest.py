"""The Slack adapter in HTTP mode against the local Slack, and requests signed as Slack
signs them (v0 HMAC-SHA256 of "v0:{timestamp}:{body}" with the signing secret)."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest

from bot.config import Config, Secrets
from bot.slack.app import SlackAdapter
from bot.slack.settings import SlackConfig
from catalog import Catalog
from handlers.context import Services
from storage import Storage
from tests.bot.slack.fake_slack import FakeSlack, start_fake_slack

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-test-token"


def sign(body: str, timestamp: int, secret: str = SIGNING_SECRET) -> dict[str, str]:
    base = f"v0:{timestamp}:{body}".encode()
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": str(timestamp),
        "X-Slack-Signature": f"v0={digest}",
        "Content-Type": "application/x-www-form-urlencoded",
    }


@dataclass
class RunningBot:
    fake: FakeSlack
    adapter: SlackAdapter
    url: str  # the bot's events endpoint
    session: aiohttp.ClientSession

    async def post(self, body: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
        """POST a body signed now (or with the given headers); (status, response text)."""
        headers = sign(body, int(time.time())) if headers is None else headers
        async with self.session.post(self.url, data=body.encode(), headers=headers) as resp:
            return resp.status, await resp.text()

    async def command(
        self, command: str, text: str = "", user: str = "U1", channel: str = "C1", team: str = "T1"
    ) -> str:
        """Send a slash command; return the name of its response_url."""
        name = f"r{len(self.fake.calls)}-{command.strip('/')}"
        body = urlencode(
            {
                "token": "legacy",
                "team_id": team,
                "team_domain": "test",
                "channel_id": channel,
                "channel_name": "general",
                "user_id": user,
                "user_name": f"name-{user}",
                "command": command,
                "text": text,
                "api_app_id": "A1",
                "response_url": self.fake.response_url(name),
                "trigger_id": f"trigger-{name}",
            }
        )
        status, _ = await self.post(body)
        assert status == 200
        return name

    async def interaction(self, payload: dict[str, Any]) -> tuple[int, str]:
        return await self.post(urlencode({"payload": json.dumps(payload)}))

    async def responses(self, name: str, count: int = 1) -> list[dict[str, Any]]:
        """The messages posted to response_url `name`, once there are `count` of them."""
        path = f"/response/{name}"
        return await self.fake.wait_for(
            lambda f: (
                (found := [c.data for c in f.calls if c.path == path])
                and len(found) >= count
                and found
            )
        )


def slack_config(tmp_config: Config, **settings: Any) -> Config:
    base = {"mode": "http", "http_host": "127.0.0.1", "http_port": 0}
    slack = SlackConfig(**{**base, **settings})
    return dataclasses.replace(tmp_config, platforms=tmp_config.platforms.with_settings(slack))


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake, runner = await start_fake_slack()
    yield fake
    fake.release.set()  # stalled posts answer, so the server can close
    await runner.cleanup()


@pytest.fixture
def services(storage: Storage, config: Config) -> Services:
    return Services(
        storage=storage, config=config, started_at=datetime.now(UTC), catalog=Catalog([], {})
    )


@pytest.fixture
async def start_bot(
    fake_slack: FakeSlack, services: Services, config: Config
) -> AsyncIterator[Callable[..., Any]]:
    """start_bot(secrets=None, **slack_settings) → RunningBot, stopped after the test."""
    tasks: list[asyncio.Task[None]] = []
    session = aiohttp.ClientSession()

    async def start(secrets: Secrets | None = None, **settings: Any) -> RunningBot:
        cfg = slack_config(config, api_base_url=fake_slack.api_url, **settings)
        secrets = secrets or Secrets(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET)
        adapter = SlackAdapter(cfg.platforms.settings(SlackConfig), secrets)
        task = asyncio.create_task(adapter.run(dataclasses.replace(services, config=cfg)))
        tasks.append(task)
        ready = asyncio.create_task(adapter.ready.wait())
        await asyncio.wait({task, ready}, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            task.result()  # raises what stopped it
        url = f"http://127.0.0.1:{adapter.http_port}{cfg.platforms.settings(SlackConfig).http_path}"
        return RunningBot(fake_slack, adapter, url, session)

    yield start
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await session.close()
