"""The database failing while the bot runs (here: full, through SQLite's own page limit):
polls fail without a traceback, the log says so once a minute, /status and commands say
why in one line, and once there is space again the next poll stores and announces."""

from __future__ import annotations

import dataclasses
import logging
import random

import pytest

from bot.polling import poll_and_log, watch_hook
from feeds import arena
from feeds.fetcher import Fetcher
from feeds.source import Source
from handlers.commands import run_text
from handlers.context import Context
from handlers.reply import Tone
from storage import Storage
from storage.history import load_history
from storage.snapshots import snapshot_index
from tests.feeds.conftest import Sleeps
from tests.feeds.fake_feed_server import FeedServer, Reply, arena_rows

FULL = "database or disk is full (no space left: free some disk space)"


async def set_page_limit(storage: Storage, pages: int | None) -> None:
    def limit(db):
        count = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages or count}")

    await storage.call(limit)


async def test_a_full_database_is_reported_and_polling_resumes_when_space_returns(
    storage: Storage,
    ctx: Context,
    feed_server: FeedServer,
    sleeps: Sleeps,
    caplog: pytest.LogCaptureFixture,
) -> None:
    many = [(f"model-{i}", 1200.0 - i, 1195.0 - i, 1205.0 - i) for i in range(400)]
    day2 = Reply(body=arena_rows("2026-01-02", ("b", 1320, 1315, 1325), *many))
    day1 = Reply(body=arena_rows("2026-01-01", ("a", 1300, 1295, 1305)))
    url = feed_server.serve("/arena.json", day1, day2, day2, day2)
    source = Source("arena", "LMArena text", (url,), arena.parse)
    hook = watch_hook(ctx.services.catalog, 1, source.title)
    caplog.set_level(logging.INFO)
    async with Fetcher(sleep=sleeps) as fetcher:
        assert (await poll_and_log(storage, fetcher, source, hook)).status == "ok"
        await set_page_limit(storage, None)  # the disk is full
        caplog.clear()
        failed = [await poll_and_log(storage, fetcher, source, hook) for _ in range(2)]
        assert [(o.status, o.error) for o in failed] == [("error", FULL)] * 2
        assert [
            (r.levelname, r.getMessage()) for r in caplog.records if r.levelno >= logging.WARNING
        ] == [("ERROR", f"database {storage.path} is failing: {FULL}")]  # once, not per poll
        assert "Traceback" not in caplog.text

        status = await run_text(ctx, "/status")
        assert (
            f"The database is FAILING since {storage.failure.since:%Y-%m-%d %H:%M} "
            f"UTC: {FULL}." in status.text
        )
        await set_page_limit(storage, 1_073_741_823)  # space again
        resumed = await poll_and_log(storage, fetcher, source, hook)
    assert resumed.status == "ok" and storage.failure is None
    assert len(await storage.call(snapshot_index, "arena")) == 2
    announced = await storage.call(
        lambda db: db.execute(
            "SELECT json_extract(payload, '$.new.name') FROM outbox_events"
        ).fetchall()
    )
    assert [a[0] for a in announced] == ["b"]
    assert "FAILING" not in (await run_text(ctx, "/status")).text


async def test_a_command_that_hits_a_failing_database_says_so_in_one_line(
    storage: Storage, ctx: Context
) -> None:
    await storage.call(lambda db: db.execute("PRAGMA query_only = 1"))  # read-only now
    slack = dataclasses.replace(
        ctx, invoker=dataclasses.replace(ctx.invoker, platform="slack", channel_id="C1")
    )
    subscribe = await run_text(slack, "/subscribe arena")
    assert subscribe.tone == Tone.ERROR
    assert subscribe.text == (
        "My database is failing: attempt to write a readonly database (the file or its "
        "folder is read-only: Lawkeeper needs to write to both). Nothing was changed; "
        "please try again later."
    )
    assert "FAILING" in (await run_text(ctx, "/status")).text
    assert (await run_text(ctx, "/subscriptions")).tone != Tone.ERROR  # reads still work


async def test_pages_damaged_while_running_are_reported_by_status_and_commands(
    storage: Storage, ctx: Context
) -> None:
    await load_history(storage)  # many pages
    await storage.call(lambda db: db.execute("PRAGMA wal_checkpoint(TRUNCATE)"))
    data = bytearray(storage.path.read_bytes())
    noise = random.Random(7)
    for page in range(2, len(data) // 4096):  # the header page stays, every other is hit
        data[page * 4096 + 100 : page * 4096 + 1100] = noise.randbytes(1000)
    with storage.path.open("r+b") as file:  # overwritten under the running bot
        file.write(bytes(data))
    await storage.call(lambda db: db.execute("PRAGMA shrink_memory"))  # forget the cache
    damaged = "database disk image is malformed (the file is damaged: restore a backup"
    status = await run_text(ctx, "/status")
    assert status.tone != Tone.ERROR and status.fields == ()
    assert "The database is FAILING since " in status.text and damaged in status.text
    top = await run_text(ctx, "/top arena")
    assert top.tone == Tone.ERROR and top.text.startswith(f"My database is failing: {damaged}")
    assert "\n" not in top.text
