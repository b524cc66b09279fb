"""The web server runs in the bot's own process and loop: started by the runtime beside
the adapters, on the configured address (port 0: a free one), which the start-up log line
and /status give; a port in use costs the pages, not the bot."""

from __future__ import annotations

import io
import logging
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from bot.config import Config, Secrets
from bot.console import ConsoleAdapter
from bot.runtime import Runtime
from feeds.settings import FeedsConfig
from handlers.context import Services
from storage.settings import StorageConfig
from tests.conftest import ROOT
from tests.subprocess_env import minimal_env
from web.settings import WebConfig


class Browser:
    """An adapter that, once the runtime runs it, reads pages from the web server."""

    name = "browser"

    def __init__(self, *paths: str) -> None:
        self.paths = paths
        self.pages: dict[str, tuple[int, str]] = {}
        self.address = ""

    async def run(self, services: Services) -> None:
        self.address = services.web.local
        async with aiohttp.ClientSession() as session:
            for path in self.paths:
                async with session.get(self.address.rstrip("/") + path) as response:
                    self.pages[path] = (response.status, await response.text())


def config_for(db: Path, **web: object) -> Config:
    return Config(
        storage=StorageConfig(path=str(db)),
        feeds=FeedsConfig(polling=False),
        web=WebConfig(**{"port": 0, **web}),
    )


async def test_the_runtime_serves_the_pages_in_its_own_loop(
    web_db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    browser = Browser("/law/2", "/api/v1/ledger?law=2&leaderboard=arena&category=overall")
    caplog.set_level(logging.INFO, logger="bot.runtime")
    await Runtime(config_for(web_db), Secrets()).serve(
        [browser], until_adapters_finish=True, web=True
    )
    assert browser.address.startswith("http://127.0.0.1:")
    assert not browser.address.endswith(":0/") and not browser.address.endswith(":8080/")
    status, html = browser.pages["/law/2"]
    assert status == 200 and "LMArena text, 2025-12: BROKEN" in html
    assert browser.pages["/api/v1/ledger?law=2&leaderboard=arena&category=overall"][0] == 200
    started = [r.getMessage() for r in caplog.records if "Lawkeeper started" in r.getMessage()]
    assert started == [
        f"Lawkeeper started (browser; database {web_db}; web pages at {browser.address})"
    ]


async def test_status_gives_the_address_and_a_port_in_use_costs_only_the_pages(
    web_db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = io.StringIO()
        console = ConsoleAdapter(stdin=io.StringIO("/status\n"), stdout=out)
        await Runtime(config_for(web_db, port=port), Secrets()).serve(
            [console], until_adapters_finish=True, web=True
        )
    assert f"Web pages: not served: cannot listen on 127.0.0.1:{port}" in out.getvalue()
    assert any(
        r.levelno == logging.ERROR and "web pages not served" in r.getMessage()
        for r in caplog.records
    )


async def test_pages_switched_off_are_not_served(web_db: Path) -> None:
    out = io.StringIO()
    console = ConsoleAdapter(stdin=io.StringIO("/status\n"), stdout=out)
    await Runtime(config_for(web_db, enabled=False), Secrets()).serve(
        [console], until_adapters_finish=True, web=True
    )
    assert "Web pages: not served: off ([web] enabled = false)" in out.getvalue()


def test_main_py_run_prints_the_address(web_db: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[storage]\npath = "{web_db}"\n[feeds]\npolling = false\n'
        '[web]\nport = 0\npublic_url = "https://lawkeeper.example.org"\n',
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "main.py", "--config", str(config), "run"],
        cwd=ROOT,
        input="/status\n",
        capture_output=True,
        text=True,
        timeout=120,
        env=minimal_env(),
    )
    assert done.returncode == 0, done.stderr
    [line] = [x for x in done.stderr.splitlines() if "INFO bot.runtime: web pages at " in x]
    address = line.split("web pages at ", 1)[1].split(" ", 1)[0]
    assert address.startswith("http://127.0.0.1:")
    assert line.endswith("(public address https://lawkeeper.example.org)")
    assert (
        f"Web pages: {address} (public address https://lawkeeper.example.org; chat "
        "replies link there)"
    ) in done.stdout


async def test_the_console_command_serves_no_pages(web_db: Path) -> None:
    out = io.StringIO()
    console = ConsoleAdapter(stdin=io.StringIO("/status\n"), stdout=out)
    await Runtime(config_for(web_db), Secrets()).serve([console], until_adapters_finish=True)
    assert "Web pages: not served by this command (main.py run serves them)" in out.getvalue()
