"""The Atom feeds: valid Atom 1.0 (parsed back), ids that stay the same across servers and
restarts, every entry linking to a permalink that answers, and text that cannot ping."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from aiohttp.test_utils import TestClient, TestServer

from catalog import Catalog
from handlers.text import ZERO_WIDTH_SPACE
from tests.web.seeded import SCRIPT, services_over, site_app

A = "{http://www.w3.org/2005/Atom}"


def parse(xml: bytes) -> ET.Element:
    feed = ET.fromstring(xml)
    assert feed.tag == f"{A}feed"
    return feed


def entries(feed: ET.Element) -> list[dict[str, str]]:
    return [
        {
            "id": e.findtext(f"{A}id"),
            "title": e.findtext(f"{A}title"),
            "updated": e.findtext(f"{A}updated"),
            "content": e.findtext(f"{A}content"),
            "link": e.find(f"{A}link").get("href"),
        }
        for e in feed.findall(f"{A}entry")
    ]


def assert_valid_atom(feed: ET.Element, self_url: str) -> None:
    """RFC 4287's must-haves: the feed's id, title, updated and author (or every entry's),
    each entry's id, title, updated, and here a link and content; a rel=self link."""
    for child in ("id", "title", "updated"):
        assert feed.findtext(f"{A}{child}"), child
    assert feed.find(f"{A}author/{A}name").text == "Lawkeeper"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")}
    assert links["self"] == self_url
    datetime.fromisoformat(feed.findtext(f"{A}updated"))
    found = entries(feed)
    assert found
    assert len({e["id"] for e in found}) == len(found), "entry ids are unique"
    for e in found:
        assert e["id"].startswith("urn:uuid:") and e["title"] and e["content"]
        assert datetime.fromisoformat(e["updated"]).tzinfo is not None
        assert e["link"].startswith(("http://", "https://"))


async def fetch(client: TestClient, path: str) -> ET.Element:
    response = await client.get(path)
    assert response.status == 200, await response.text()
    assert response.content_type == "application/atom+xml"
    return parse(await response.read())


async def test_the_main_feed_is_valid_atom_linking_to_permalinks(client) -> None:
    feed = await fetch(client, "/feed.atom")
    origin = f"http://{client.host}:{client.port}"
    assert_valid_atom(feed, f"{origin}/feed.atom")
    found = entries(feed)
    titles = [e["title"] for e in found]
    # A new leader of LMArena text, by the rule announcements follow, from the history.
    assert "New #1 on LMArena text leaderboard · overall: gemini-3-pro" in titles
    # A change of the ledger's status on a main leaderboard.
    assert any(t.startswith("Law 2 on LMArena text: ") and "(was " in t for t in titles)
    assert "Law 2 BROKEN by counterexample #1" in titles
    for e in found:  # every entry's page answers
        url = urlsplit(e["link"])
        assert f"{url.scheme}://{url.netloc}" == origin
        path = url.path + (f"?{url.query}" if url.query else "")
        assert (await client.get(path)).status == 200, e["link"]


async def test_entry_text_is_text_that_cannot_ping(client) -> None:
    [credit] = [
        e
        for e in entries(await fetch(client, "/feed.atom"))
        if e["title"].startswith("Law 2 BROKEN by counterexample")
    ]
    assert SCRIPT in credit["content"]  # a text construct: the reader shows it as text
    assert f"@{ZERO_WIDTH_SPACE}everyone" in credit["content"]
    assert f"<{ZERO_WIDTH_SPACE}!channel>" in credit["content"]
    assert "moderator-name-private" not in credit["content"]


async def test_ids_are_the_same_on_another_server_and_after_a_restart(
    web_db: Path, web_catalog: Catalog, client
) -> None:
    first = {e["id"]: e["title"] for e in entries(await fetch(client, "/feed/arena.atom"))}
    async with (
        services_over(web_db, web_catalog, "https://lawkeeper.example.org") as other,
        TestClient(TestServer(site_app(other))) as again,
    ):
        feed = await fetch(again, "/feed/arena.atom")
        second = {e["id"]: e["title"] for e in entries(feed)}
        assert_valid_atom(feed, "https://lawkeeper.example.org/feed/arena.atom")
        assert all(e["link"].startswith("https://lawkeeper.example.org/") for e in entries(feed))
    assert first == second


async def test_a_leaderboard_feed_covers_its_categories_only(client) -> None:
    found = entries(await fetch(client, "/feed/livebench.atom"))
    assert found
    assert all("LiveBench" in e["title"] for e in found)
    assert all("/livebench" in e["link"] for e in found)


@pytest.mark.parametrize("path", ["/feed/nowhere.atom", "/feed.atom?x=1"])
async def test_a_bad_feed_address_is_refused_politely(client, path: str) -> None:
    response = await client.get(path)
    assert response.status in (400, 404)
    assert "text/html" in response.headers["Content-Type"]
