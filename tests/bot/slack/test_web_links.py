"""With `[web] public_url` set, /law N links to the web pages through bolt (a signed slash
command answered on its response_url); without it, no link and the /ledger pointer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.config import Config
from storage.settings import StorageConfig
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
    return Config(storage=StorageConfig(path=str(tmp_path / "test.db")),
                  web=WebConfig(port=0, public_url=public))


async def test_law_2_links_the_law_page_and_each_verdict(start_bot, storage) -> None:
    await storage.call(fill)
    bot = await start_bot()
    [message] = await bot.responses(await bot.command("/law", "2"))
    blocks = message["blocks"]
    assert blocks[1] == {"type": "context", "elements": [{
        "type": "mrkdwn", "verbatim": True,
        "text": f"<{PUBLIC}/law/2|On the web: the evidence, month by month>"}]}
    verdict = next(b for b in blocks if "LMArena text, 2024-09" in
                   b.get("text", {}).get("text", ""))
    assert verdict["text"]["text"].endswith(
        f"\n<{PUBLIC}/law/2/arena/overall/2024-09|Evidence and history>")
    assert f"every one, month by month, at {PUBLIC}/law/2." in json.dumps(blocks)
    assert links_in(message) == [f"{PUBLIC}/law/2", f"{PUBLIC}/law/2/arena/overall/2024-09"]


@pytest.mark.parametrize("config", [""], indirect=True)
async def test_without_a_public_url_there_is_no_link(start_bot, storage) -> None:
    await storage.call(fill)
    bot = await start_bot()
    [message] = await bot.responses(await bot.command("/law", "2"))
    assert links_in(message) == []
    assert "the button below, or /ledger 2." in json.dumps(message["blocks"])
