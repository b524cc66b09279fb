"""Starting with credentials Slack refuses, with Slack out of reach, and with only some of
Slack's variables set."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import sys

import pytest

from bot.adapter import AdapterError
from bot.config import Config, PlatformsConfig, Secrets
from bot.platforms import incomplete
from bot.slack.app import SlackAdapter
from bot.slack.settings import SlackConfig
from main import main
from tests.bot.slack.conftest import BOT_TOKEN, SIGNING_SECRET, slack_config
from tests.conftest import ROOT

SOCKET = Secrets(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN="xapp-t")
HTTP = Secrets(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET)


async def run(fake, services, config, mode: str, secrets: Secrets) -> SlackAdapter:
    cfg = slack_config(config, mode=mode, api_base_url=fake.api_url)
    adapter = SlackAdapter(cfg.platforms.settings(SlackConfig), secrets, first_retry=0.05)
    async with asyncio.timeout(5):
        await adapter.run(dataclasses.replace(services, config=cfg))
    return adapter


@pytest.mark.parametrize(
    ("mode", "secrets", "method", "variable"),
    [
        ("socket", SOCKET, "auth.test", "SLACK_BOT_TOKEN"),
        ("socket", SOCKET, "apps.connections.open", "SLACK_APP_TOKEN"),
        ("http", HTTP, "auth.test", "SLACK_BOT_TOKEN"),
    ],
)
async def test_a_refused_token_stops_slack_with_one_line(
    fake_slack, services, config, caplog, mode, secrets, method, variable
) -> None:
    fake_slack.method_errors[method] = "invalid_auth"
    caplog.set_level(logging.DEBUG)
    with pytest.raises(AdapterError) as stopped:
        await run(fake_slack, services, config, mode, secrets)
    assert str(stopped.value).startswith(f"Slack rejected {variable} (invalid_auth)")
    assert "\n" not in str(stopped.value)
    assert len(fake_slack.of(method)) == 1  # no retry
    assert not [r for r in caplog.records if r.exc_info]  # no traceback


async def test_unreachable_slack_is_retried_one_line_per_attempt(
    fake_slack, services, config, caplog
) -> None:
    fake_slack.server_errors["auth.test"] = 2
    caplog.set_level(logging.DEBUG)
    cfg = slack_config(config, api_base_url=fake_slack.api_url)
    adapter = SlackAdapter(cfg.platforms.settings(SlackConfig), HTTP, first_retry=0.05)
    task = asyncio.create_task(adapter.run(dataclasses.replace(services, config=cfg)))
    try:
        async with asyncio.timeout(5):
            await adapter.ready.wait()
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert len(fake_slack.of("auth.test")) == 3
    retries = [r.getMessage() for r in caplog.records if "retrying" in r.getMessage()]
    assert retries == [
        "Cannot reach Slack (internal_error); retrying in 0.05 s (attempt 1)",
        "Cannot reach Slack (internal_error); retrying in 0.1 s (attempt 2)",
    ]
    assert not [r for r in caplog.records if r.exc_info]


@pytest.mark.parametrize(
    ("mode", "secrets", "missing"),
    [
        ("socket", {"SLACK_BOT_TOKEN": "b"}, "SLACK_APP_TOKEN"),
        ("socket", {"SLACK_APP_TOKEN": "a"}, "SLACK_BOT_TOKEN"),
        ("http", {"SLACK_BOT_TOKEN": "b"}, "SLACK_SIGNING_SECRET"),
        ("http", {"SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN"),
        ("http", {"SLACK_SIGNING_SECRET": "s", "SLACK_CLIENT_ID": "i"}, "SLACK_CLIENT_SECRET"),
    ],
)
def test_some_slack_variables_without_the_others_name_the_missing_one(
    mode, secrets, missing
) -> None:
    config = Config(platforms=PlatformsConfig(sections={"slack": SlackConfig(mode=mode)}))
    said = incomplete(config, Secrets(secrets))
    assert said is not None and missing in said


@pytest.mark.parametrize(
    ("platform", "secrets"),
    [
        ("auto", {}),
        ("auto", {"SLACK_BOT_TOKEN": "b", "SLACK_APP_TOKEN": "a"}),
        ("off", {"SLACK_BOT_TOKEN": "b"}),
    ],
)
def test_complete_absent_or_switched_off_slack_is_not_incomplete(platform, secrets) -> None:
    config = Config(platforms=PlatformsConfig(modes={"slack": platform}))
    assert incomplete(config, Secrets(secrets)) is None


def test_run_with_only_the_bot_token_names_the_missing_variable(
    monkeypatch, tmp_path, capsys
) -> None:
    for name in (
        "SLACK_APP_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_CLIENT_ID",
        "SLACK_CLIENT_SECRET",
        "DISCORD_TOKEN",
        "LAWKEEPER_CONFIG",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-only-this")
    monkeypatch.setenv("LAWKEEPER_DB", str(tmp_path / "lawkeeper.db"))
    assert main(["run"]) == 2  # not the console, quietly
    err = capsys.readouterr().err
    assert "SLACK_APP_TOKEN missing" in err and "xoxb-only-this" not in err
    assert not (tmp_path / "lawkeeper.db").exists()


class Retries(logging.Handler):
    """The start-up retry lines, and an event set once there are two of them."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.two = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if "retrying in" in record.getMessage():
            self.lines.append(record.getMessage())
            if len(self.lines) >= 2:
                self.two.set()


async def test_no_slack_at_all_is_retried_without_tracebacks(services, config, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    retries = Retries()
    logging.getLogger("bot.slack").addHandler(retries)
    cfg = slack_config(config, api_base_url="http://127.0.0.1:9/api/")  # nothing listens
    adapter = SlackAdapter(cfg.platforms.settings(SlackConfig), HTTP, first_retry=0.05)
    task = asyncio.create_task(adapter.run(dataclasses.replace(services, config=cfg)))
    try:
        async with asyncio.timeout(10):
            await retries.two.wait()
    finally:
        logging.getLogger("bot.slack").removeHandler(retries)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert "Cannot reach Slack (ClientConnectorError" in retries.lines[0]
    assert not adapter.ready.is_set()
    assert not [r for r in caplog.records if r.exc_info]


async def test_main_run_with_a_refused_slack_token_exits_1_with_one_line(
    fake_slack, tmp_path
) -> None:
    fake_slack.method_errors["auth.test"] = "invalid_auth"
    config_file = tmp_path / "config.toml"
    config_file.write_text(
        f'[slack]\napi_base_url = "{fake_slack.api_url}"\n'
        "[feeds]\npolling = false\n[web]\nport = 0\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    env |= {
        "SLACK_BOT_TOKEN": "xoxb-refused",
        "SLACK_APP_TOKEN": "xapp-unused",
        "LAWKEEPER_CONFIG": str(config_file),
        "LAWKEEPER_DB": str(tmp_path / "bot.db"),
        "PYTHONPATH": str(ROOT),
    }
    bot = await asyncio.create_subprocess_exec(
        sys.executable,
        str(ROOT / "main.py"),
        "run",
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )
    _, err = await asyncio.wait_for(bot.communicate(), 120)
    said = err.decode()
    assert bot.returncode == 1, said
    assert (
        said.strip()
        .splitlines()[-1]
        .startswith("lawkeeper: Slack rejected SLACK_BOT_TOKEN (invalid_auth)")
    )
    assert "Traceback" not in said and "xoxb-refused" not in said
    assert len(fake_slack.of("auth.test")) == 1
