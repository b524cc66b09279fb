"""A database for the web tests (and the browser tests): the bundled real history with its
ledger, plus a leaderboard category and an accepted counterexample made of hostile text,
and a web server over it: in the test's own loop (`serve`), or in a thread of its own
(`serve_in_thread`) for tests that block, such as a browser driven synchronously."""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from bot.config import Config
from catalog import Catalog, load_catalog
from feeds.snapshot import Entry, Snapshot
from handlers.context import Services
from handlers.ledger import recompute_ledger
from laws.settings import LawsConfig
from storage import Storage, connect
from storage.counterexamples import (
    Check,
    CheckOutcome,
    Person,
    Status,
    Submission,
    insert_counterexample,
    record_review,
)
from storage.history import load_bundle
from storage.settings import StorageConfig
from storage.snapshots import insert_snapshot
from web.app import RateLimit, build_app
from web.server import WebServer
from web.settings import WebConfig

# When the seeded ledger was computed, and the day the pages count data age from.
LEDGER_AT = datetime(2026, 11, 26, tzinfo=UTC)
TODAY = date(2026, 11, 26)
SCRIPT, CHANNEL, EVERYONE = "<script>alert(1)</script>", "<!channel>", "@everyone"
HOSTILE = (SCRIPT, CHANNEL, EVERYONE)
# A category name holding every character a URL path reserves.
HOSTILE_CATEGORY = "odd/<b>cat</b> ?#%"
HOSTILE_MONTH = "2025-12"
# A law-2 verdict of the real data: the permalink the browser tests open.
PERMALINK = "/law/2/arena/overall/2025-12"


def hostile_snapshot() -> Snapshot:
    """An Arena category whose models are named like attacks: an open one leads a
    proprietary one by far (law 2 HOLDS in its month)."""
    day = date(2025, 12, 11)
    return Snapshot(
        leaderboard="arena",
        category=HOSTILE_CATEGORY,
        snapshot_date=day,
        fetched_at=datetime(2025, 12, 11, 12, tzinfo=UTC),
        source="hostile <i>file</i>.json",
        entries=(
            Entry(
                model_key=SCRIPT,
                display_name=SCRIPT,
                score=1500.0,
                rank=1,
                ci_low=1495.0,
                ci_high=1505.0,
                meta={"license": "MIT", "released": "2025-01-02"},
            ),
            Entry(
                model_key=CHANNEL,
                display_name=CHANNEL,
                score=1400.0,
                rank=2,
                ci_low=1395.0,
                ci_high=1405.0,
                meta={"license": "Proprietary", "released": "2024-01-02"},
            ),
            Entry(
                model_key=EVERYONE,
                display_name=EVERYONE,
                score=1300.0,
                rank=3,
                ci_low=1290.0,
                ci_high=1310.0,
                meta={"license": "Proprietary"},
            ),
        ),
    )


def seed(path: Path, catalog: Catalog) -> None:
    """The bundled history, the hostile category, one accepted counterexample with hostile
    text and one pending (never shown on the web), and the ledger over them."""
    db = connect(path)
    assert load_bundle(db) > 100
    insert_snapshot(db, hostile_snapshot())
    at = datetime(2026, 1, 5, 9, tzinfo=UTC)
    submitter = Person("discord", "1234567890", f"{EVERYONE} {CHANNEL}")
    check = Check(CheckOutcome.UNCHECKABLE, f"named {SCRIPT}", (f"figure {CHANNEL}",))
    shown = insert_counterexample(
        db,
        Submission(
            "2",
            f"{SCRIPT} beats {CHANNEL} {EVERYONE}",
            f"{SCRIPT}, {CHANNEL}",
            "https://example.org/evidence?a=1&b=<2>, javascript:alert(1)",
            "arena 2025-12-11",
        ),
        submitter,
        "C-private-channel",
        at,
        check,
    )
    moderator = Person("discord", "999", "moderator-name-private")
    assert record_review(db, shown, Status.ACCEPTED, moderator, "the reason is private", at)
    insert_counterexample(
        db,
        Submission("1", "PENDING-CLAIM-NEVER-SHOWN", "a, b", "https://example.org", ""),
        Person("slack", "U77", "pending-person"),
        "C9",
        at,
        check,
    )
    recompute_ledger(db, catalog, LawsConfig(), LEDGER_AT, "seeded for the web tests")
    db.conn.close()


def web_config(path: Path, public_url: str = "") -> Config:
    return Config(
        storage=StorageConfig(path=str(path)), web=WebConfig(port=0, public_url=public_url)
    )


@contextlib.asynccontextmanager
async def services_over(
    path: Path, catalog: Catalog, public_url: str = ""
) -> AsyncIterator[Services]:
    storage = await Storage.open(path)
    try:
        yield Services(
            storage=storage,
            config=web_config(path, public_url),
            started_at=LEDGER_AT,
            catalog=catalog,
        )
    finally:
        await storage.close()


def site_app(services: Services, per_minute: int = 10_000):
    """The application as the runtime builds it, counting data age from TODAY."""
    return build_app(services, limiter=RateLimit(per_minute), today=lambda: TODAY)


@contextlib.asynccontextmanager
async def serve(services: Services) -> AsyncIterator[str]:
    """A real server on 127.0.0.1 (a free port) in this loop, as the runtime starts it;
    yields its address, such as http://127.0.0.1:43210/."""
    server = WebServer(replace(services.config.web, port=0), services)
    url = await server.start()
    try:
        yield url
    finally:
        await server.stop()


@contextlib.contextmanager
def serve_in_thread(path: Path, catalog: Catalog | None = None) -> Iterator[str]:
    """The same server in a thread with its own event loop, over the database at `path`:
    for tests that block (a browser driven through a synchronous API). Yields its
    address; stops it on exit."""
    found: queue.Queue[tuple[str, asyncio.AbstractEventLoop, asyncio.Event] | BaseException]
    found = queue.Queue()

    async def run() -> None:
        try:
            async with (
                services_over(path, catalog or load_catalog()) as services,
                serve(services) as url,
            ):
                done = asyncio.Event()
                found.put((url, asyncio.get_running_loop(), done))
                await done.wait()
        except BaseException as exc:
            found.put(exc)
            raise

    thread = threading.Thread(
        target=asyncio.run, args=(run(),), name="web-test-server", daemon=True
    )
    thread.start()
    started = found.get(timeout=60)
    if isinstance(started, BaseException):
        raise started
    url, loop, done = started
    try:
        yield url
    finally:
        loop.call_soon_threadsafe(done.set)
        thread.join(timeout=30)
