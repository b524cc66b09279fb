"""Safe and cheap: read-only (405), a CSP without script, nosniff, a per-address rate
limit (429 with Retry-After), ETag and Last-Modified on the data's version (304),
compression, HEAD; hostile names render as text, and nothing moderator-only or private
is ever shown."""

from __future__ import annotations

import gzip
import re
import zlib
from datetime import UTC, datetime
from html import unescape
from urllib.parse import quote

import pytest
from aiohttp.test_utils import TestClient, TestServer

from handlers.links import leaderboard_path, model_path, verdict_path
from handlers.text import ZERO_WIDTH_SPACE
from storage.counterexamples import Person, Status, record_review
from tests.web.seeded import (
    CHANNEL,
    EVERYONE,
    HOSTILE_CATEGORY,
    HOSTILE_MONTH,
    PERMALINK,
    SCRIPT,
    TODAY,
)
from web.app import RateLimit, build_app

PAGES = (
    "/",
    "/law/1",
    "/law/2",
    "/law/3",
    PERMALINK,
    "/leaderboards",
    "/leaderboards/arena",
    "/counterexamples",
    "/counterexamples/1",
    "/announcements",
    "/models/glm-4.6",
    "/feed.atom",
    "/feed/arena.atom",
    "/api/v1/ledger?law=2",
    "/api/v1/counterexamples",
)
HOSTILE_PAGES = (
    leaderboard_path("arena", HOSTILE_CATEGORY),
    verdict_path("2", "arena", HOSTILE_CATEGORY, HOSTILE_MONTH),
    model_path(SCRIPT),
    model_path(CHANNEL),
    "/counterexamples/1",
    "/law/2",
)
PRIVATE = (
    "1234567890",
    "C-private-channel",
    "moderator-name-private",
    "the reason is private",
    "PENDING-CLAIM-NEVER-SHOWN",
    "pending-person",
    "U77",
)


@pytest.mark.parametrize("path", [*PAGES, "/law/9", "/api/v1/ledger?law=9"])
async def test_every_answer_carries_the_security_headers(client, path: str) -> None:
    response = await client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert "'unsafe-inline'" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "aiohttp" not in response.headers["Server"]


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
@pytest.mark.parametrize("path", ["/", "/law/2", "/api/v1/ledger", "/no/such/page"])
async def test_only_get_and_head_are_answered(client, method: str, path: str) -> None:
    response = await client.request(method, path, data=b"x=1")
    assert response.status == 405
    assert response.headers["Allow"] == "GET, HEAD"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


async def test_head_has_the_headers_and_no_body(client) -> None:
    get = await client.get("/law/2")
    head = await client.head("/law/2")
    assert head.status == 200
    assert await head.read() == b""
    assert head.headers["ETag"] == get.headers["ETag"]
    assert head.headers["Content-Type"] == "text/html; charset=utf-8"


async def test_a_client_with_the_etag_gets_304_until_the_data_changes(client, web_services) -> None:
    first = await client.get("/law/1")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.headers["Cache-Control"] == "no-cache"
    again = await client.get("/law/1", headers={"If-None-Match": etag})
    assert again.status == 304 and await again.read() == b""
    assert again.headers["ETag"] == etag
    since = await client.get("/law/1", headers={"If-Modified-Since": modified})
    assert since.status == 304
    # Every page shares the version: another page is not modified either.
    assert (await client.get("/", headers={"If-None-Match": etag})).status == 304
    assert "Counterexample #2" not in await first.text()

    def accept_the_pending_one(db) -> None:
        assert record_review(
            db,
            2,
            Status.ACCEPTED,
            Person("slack", "UM", "mod"),
            "",
            datetime(2026, 2, 1, tzinfo=UTC),
        )

    await web_services.storage.call(accept_the_pending_one)
    changed = await client.get("/law/1", headers={"If-None-Match": etag})
    assert changed.status == 200
    assert changed.headers["ETag"] != etag
    assert "Counterexample #2" in await changed.text()


async def test_another_process_never_answers_304_to_an_earlier_ones_etag(
    client, web_services
) -> None:
    etag = (await client.get("/law/1")).headers["ETag"]
    async with TestClient(TestServer(build_app(web_services, today=lambda: TODAY))) as other:
        response = await other.get("/law/1", headers={"If-None-Match": etag})
        assert response.status == 200 and response.headers["ETag"] != etag


@pytest.mark.parametrize(
    ("accept", "encoding"),
    [
        ("gzip, deflate, br", "gzip"),
        ("deflate", "deflate"),
        ("gzip;q=0, deflate", "deflate"),
        ("identity", None),
        ("", None),
    ],
)
async def test_answers_are_compressed_when_the_client_accepts_it(
    client, accept: str, encoding: str | None
) -> None:
    plain = await (
        await client.get("/law/2", headers={"Accept-Encoding": "identity"}, auto_decompress=False)
    ).read()
    response = await client.get(
        "/law/2", headers={"Accept-Encoding": accept}, auto_decompress=False
    )
    body = await response.read()
    assert response.headers.get("Content-Encoding") == encoding
    assert response.headers["Vary"] == "Accept-Encoding"
    if encoding == "gzip":
        assert gzip.decompress(body) == plain and len(body) < len(plain) / 5
    elif encoding == "deflate":
        assert zlib.decompress(body) == plain
    else:
        assert body == plain


async def test_an_address_past_its_rate_gets_429_with_retry_after(web_services) -> None:
    now = [0.0]
    app = build_app(web_services, limiter=RateLimit(4, clock=lambda: now[0]), today=lambda: TODAY)
    async with TestClient(TestServer(app)) as client:
        assert [(await client.get("/law/2")).status for _ in range(2)] == [200, 200]
        refused = await client.get("/law/2")
        assert refused.status == 429
        assert refused.headers["Retry-After"] == "15"  # 4 a minute: a token each 15 s
        assert "try again in 15 s" in await refused.text()
        now[0] += 15
        assert (await client.get("/law/2")).status == 200
        assert (await client.get("/law/2")).status == 429


@pytest.mark.parametrize("path", HOSTILE_PAGES)
async def test_hostile_names_render_as_text(client, path: str) -> None:
    response = await client.get(path)
    assert response.status == 200, path
    # What chat shows of a name (the model card, a credit) has its mentions broken by a
    # zero-width space, as in chat; either way it is text.
    html = (await response.text()).replace(ZERO_WIDTH_SPACE, "")
    assert "<script" not in html.lower()  # the pages have none, and none gets in
    assert "<!channel>" not in html and "<b>cat</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "&lt;!channel&gt;" in html


async def test_the_hostile_category_has_its_own_pages_and_links(client) -> None:
    html = await (await client.get("/law/2")).text()
    encoded = quote(HOSTILE_CATEGORY, safe="")
    assert f'href="/law/2/arena/{encoded}/{HOSTILE_MONTH}"' in html
    assert "LMArena odd/&lt;b&gt;cat&lt;/b&gt; ?#%" in html
    page = await (await client.get(f"/law/2/arena/{encoded}/{HOSTILE_MONTH}")).text()
    # The open model named like a script leads the proprietary one named like a ping.
    assert "HOLDS" in page and "@everyone" not in page.split("<main", 1)[0]
    assert f'href="{model_path(SCRIPT)}"' in page


async def test_a_counterexamples_evidence_links_only_to_the_web(client) -> None:
    html = (await (await client.get("/counterexamples/1")).text()).replace(ZERO_WIDTH_SPACE, "")
    assert 'href="https://example.org/evidence?a=1&amp;b=&lt;2&gt;"' in html
    assert "javascript:alert(1)" in html and 'href="javascript' not in html
    assert f"credited to {EVERYONE} {CHANNEL}".replace("<", "&lt;").replace(">", "&gt;") in html


@pytest.mark.parametrize("path", [*PAGES, "/counterexamples/2", "/api/v1/announcements"])
async def test_nothing_moderator_only_or_private_is_shown(client, path: str) -> None:
    body = await (await client.get(path)).text()
    for private in PRIVATE:
        assert private not in body, (path, private)


async def test_pending_counterexamples_are_not_found(client) -> None:
    response = await client.get("/counterexamples/2")
    assert response.status == 404
    assert "There is no accepted counterexample '2'." in unescape(await response.text())


async def test_links_on_the_main_pages_lead_somewhere(client) -> None:
    """Every link of the home page, and a sample of each law page's grid, answers 200."""
    seen: set[str] = set()
    for page in ("/", "/law/1", "/law/2", "/law/3", "/leaderboards", PERMALINK):
        html = await (await client.get(page)).text()
        links = sorted(set(re.findall(r'href="(/[^"]*)"', html)))
        permalinks = [x for x in links if x.count("/") == 5]
        others = [x for x in links if x.count("/") != 5]
        for link in [*others, *permalinks[::25]]:
            if link in seen:
                continue
            seen.add(link)
            target = link.replace("&amp;", "&")
            assert (await client.get(target)).status == 200, (page, link)
    assert len(seen) > 40
