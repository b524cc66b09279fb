"""poll(): fetch, parse and store in one transaction, against a local feed server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.polling import watch_hook
from feeds import arena
from feeds.fetcher import Fetcher
from feeds.source import Source
from handlers.commands import run_text
from handlers.context import Context
from handlers.poll import check, poll
from storage import Storage
from storage.feeds import all_feed_states, feed_state
from storage.snapshots import latest_snapshot, snapshot_index
from tests.conftest import FIXTURES
from tests.feeds.conftest import Sleeps
from tests.feeds.fake_feed_server import FeedServer, Reply

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
GOOD = (FIXTURES / "arena" / "leaderboard-text_2025-12-11.json").read_bytes()


def source(*urls: str) -> Source:
    return Source("arena", "LMArena", urls, arena.parse)


def fetcher(sleeps: Sleeps) -> Fetcher:
    return Fetcher(retries=1, backoff_base_seconds=0.0, timeout_seconds=0.5, sleep=sleeps)


async def stored(storage: Storage) -> int:
    return len(await storage.call(snapshot_index, "arena"))


async def test_new_content_is_stored_with_state_and_hook_in_one_transaction(
    storage: Storage, feed_server: FeedServer, sleeps: Sleeps
) -> None:
    url = feed_server.serve("/lb.json", Reply(body=GOOD, headers={"ETag": '"a"'}))
    seen = []

    def on_stored(db, snapshot_id, snapshot):
        assert db.conn.in_transaction
        seen.append((snapshot_id, snapshot.category))

    async with fetcher(sleeps) as f:
        outcome = await poll(storage, f, source(url), NOW, on_stored)
    assert outcome.status == "ok" and len(outcome.stored_ids) == 3
    assert sorted(c for _, c in seen) == ["coding", "math", "overall"]
    assert [i for i, _ in seen] == outcome.stored_ids
    latest = await storage.call(latest_snapshot, "arena", "overall")
    assert latest.leader.model_key == "gemini-3-pro"
    state = await storage.call(feed_state, "arena")
    assert (state.url, state.etag, state.last_success_at, state.last_error) == (
        url,
        '"a"',
        NOW,
        None,
    )


async def test_failing_hook_rolls_everything_back(
    storage: Storage, feed_server: FeedServer, sleeps: Sleeps
) -> None:
    url = feed_server.serve("/lb.json", Reply(body=GOOD))

    def on_stored(db, snapshot_id, snapshot):
        raise RuntimeError("outbox is broken")

    async with fetcher(sleeps) as f:
        with pytest.raises(RuntimeError):
            await poll(storage, f, source(url), NOW, on_stored)
    assert await stored(storage) == 0
    assert await storage.call(all_feed_states) == []


async def test_etag_304_is_unchanged(
    storage: Storage, feed_server: FeedServer, sleeps: Sleeps
) -> None:
    url = feed_server.serve(
        "/lb.json", Reply(body=GOOD, headers={"ETag": '"a"'}), Reply(304, headers={"ETag": '"a"'})
    )
    async with fetcher(sleeps) as f:
        await poll(storage, f, source(url), NOW)
        again = await poll(storage, f, source(url), NOW + timedelta(hours=1))
    assert again.status == "unchanged" and again.stored_ids == []
    assert feed_server.requests[1].headers["If-None-Match"] == '"a"'
    assert await stored(storage) == 3
    state = await storage.call(feed_state, "arena")
    assert state.last_checked_at == NOW + timedelta(hours=1)


async def test_unchanged_body_on_a_later_day_stores_nothing(
    storage: Storage, feed_server: FeedServer, sleeps: Sleeps
) -> None:
    url = feed_server.serve("/leaderboard-text.json", Reply(body=GOOD))
    async with fetcher(sleeps) as f:
        first = await poll(storage, f, source(url), NOW)
        # No date in the payload: the snapshot date is the fetch day, yet nothing changed.
        again = await poll(storage, f, source(url), NOW + timedelta(days=1))
    assert first.status == "ok" and again.status == "unchanged"
    assert await stored(storage) == 3


async def test_the_same_body_again_is_not_parsed(
    storage: Storage, feed_server: FeedServer, sleeps: Sleeps
) -> None:
    url = feed_server.serve("/leaderboard-text.json", Reply(body=GOOD))
    parsed = []

    def parse_once(raw: bytes, fetched_at: datetime, where: str) -> list:
        if parsed:
            raise AssertionError("the same body was parsed again")
        parsed.append(raw)
        return arena.parse(raw, fetched_at, where)

    later = NOW + timedelta(days=1)
    async with fetcher(sleeps) as f:
        first = await poll(storage, f, Source("arena", "LMArena", (url,), parse_once), NOW)
        again = await poll(storage, f, Source("arena", "LMArena", (url,), parse_once), later)
    assert first.status == "ok" and again.status == "unchanged" and again.stored_ids == []
    assert len(parsed) == 1 and await stored(storage) == 3
    state = await storage.call(feed_state, "arena")  # /status shows the poll happened
    assert (state.last_success_at, state.last_checked_at, state.last_error) == (later, later, None)


async def test_the_same_body_from_another_url_is_parsed(
    storage: Storage, feed_server: FeedServer, sleeps: Sleeps
) -> None:
    first_url = feed_server.serve("/a/leaderboard-text.json", Reply(body=GOOD))
    second_url = feed_server.serve("/b/leaderboard-text.json", Reply(body=GOOD))
    parsed = []

    def counting(raw: bytes, fetched_at: datetime, where: str) -> list:
        parsed.append(where)
        return arena.parse(raw, fetched_at, where)

    async with fetcher(sleeps) as f:
        await poll(storage, f, Source("arena", "LMArena", (first_url,), counting), NOW)
        again = await poll(
            storage,
            f,
            Source("arena", "LMArena", (second_url,), counting),
            NOW + timedelta(hours=1),
        )
    assert again.status == "unchanged" and parsed == [first_url, second_url]
    assert (await storage.call(feed_state, "arena")).url == second_url


async def test_a_changed_body_with_the_same_content_stores_nothing_nor_reads_entries(
    storage: Storage, feed_server: FeedServer, sleeps: Sleeps
) -> None:
    reformatted = GOOD.replace(b'"rating":', b'"rating" :') + b"\n"
    assert reformatted != GOOD
    url = feed_server.serve("/leaderboard-text.json", Reply(body=GOOD), Reply(body=reformatted))
    statements: list[str] = []
    async with fetcher(sleeps) as f:
        await poll(storage, f, source(url), NOW)
        await storage.call(lambda db: db.conn.set_trace_callback(statements.append))
        try:
            # A later day: the snapshot's date differs from the stored one, its entries not.
            again = await poll(storage, f, source(url), NOW + timedelta(days=1))
        finally:
            await storage.call(lambda db: db.conn.set_trace_callback(None))
    assert again.status == "unchanged" and again.stored_ids == []
    assert await stored(storage) == 3
    assert statements and not [s for s in statements if "entries" in s]


async def test_a_changed_score_is_stored(
    storage: Storage, feed_server: FeedServer, sleeps: Sleeps
) -> None:
    changed = GOOD.replace(b'"rating": 1486.60', b'"rating": 1487.60', 1)
    assert changed != GOOD
    url = feed_server.serve("/leaderboard-text.json", Reply(body=GOOD), Reply(body=changed))
    async with fetcher(sleeps) as f:
        await poll(storage, f, source(url), NOW)
        again = await poll(storage, f, source(url), NOW + timedelta(days=1))
    assert again.status == "ok" and len(again.stored_ids) == 1  # overall; coding, math not


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(500), "HTTP 500"),
        (Reply(429, headers={"Retry-After": "1"}), "HTTP 429"),
        (Reply(hang=True), "timed out"),
        (Reply(body=GOOD[: len(GOOD) // 2]), "not valid JSON"),
        (
            Reply(
                body=b"<!DOCTYPE html><html><body>Bad gateway</body></html>",
                headers={"Content-Type": "text/html"},
            ),
            "HTML page",
        ),
        (Reply(body=GOOD.replace(b'"rating":', b'"score":')), "missing field 'rating'"),
        (Reply(reset=True), "Connection reset by peer"),
        (Reply(body=GOOD[:1000], short_by=len(GOOD) - 1000), "Not enough data"),
        (Reply(body=b'{"full": {}}'), "category 'full' has no models"),
        (Reply(body=b"{}"), "expected an object of categories"),
    ],
    ids=[
        "500",
        "429-retry-after",
        "timeout",
        "truncated-json",
        "html",
        "renamed-column",
        "connection-reset",
        "truncated-transfer",
        "empty-leaderboard",
        "no-categories",
    ],
)
async def test_faults_are_recorded_and_the_last_good_snapshot_kept(
    storage: Storage,
    ctx: Context,
    feed_server: FeedServer,
    sleeps: Sleeps,
    reply: Reply,
    reason: str,
) -> None:
    url = feed_server.serve("/lb.json", Reply(body=GOOD), reply)
    hook = watch_hook(ctx.services.catalog, 1, "LMArena")  # detection, as the bot polls
    async with fetcher(sleeps) as f:
        await poll(storage, f, source(url), NOW, hook)
        later = NOW + timedelta(days=1)
        outcome = await poll(storage, f, source(url), later, hook)
    assert outcome.status == "error" and reason in outcome.error
    events = await storage.call(
        lambda db: db.execute("SELECT COUNT(*) FROM outbox_events").fetchone()[0]
    )
    assert events == 0  # nothing announced
    assert outcome.stored_ids == []
    assert await stored(storage) == 3
    latest = await storage.call(latest_snapshot, "arena", "overall")
    assert latest.snapshot_date == NOW.date()  # the last good one
    state = await storage.call(feed_state, "arena")
    assert state.last_error == outcome.error
    assert (state.last_error_at, state.last_success_at) == (later, NOW)
    status = await run_text(ctx, "/status")
    [arena] = [f.value for f in status.fields if f.name.endswith("(arena)")]
    assert f"last error: {later:%Y-%m-%d %H:%M} UTC: " in arena and reason in arena


async def test_second_url_is_used_when_the_first_fails(
    storage: Storage, feed_server: FeedServer, sleeps: Sleeps
) -> None:
    broken = feed_server.serve("/down", Reply(503))
    good = feed_server.serve("/lb.json", Reply(body=GOOD))
    async with fetcher(sleeps) as f:
        outcome = await poll(storage, f, source(broken, good), NOW)
    assert outcome.status == "ok"
    assert (await storage.call(feed_state, "arena")).url == good


async def test_source_without_live_endpoint_is_an_error(storage: Storage, sleeps: Sleeps) -> None:
    async with fetcher(sleeps) as f:
        outcome = await poll(storage, f, source(), NOW)
    assert outcome.status == "error" and "no live endpoint" in outcome.error


async def test_check_reads_but_writes_nothing(
    storage: Storage, feed_server: FeedServer, sleeps: Sleeps
) -> None:
    url = feed_server.serve("/lb.json", Reply(body=GOOD, headers={"ETag": '"a"'}))
    async with fetcher(sleeps) as f:
        outcome = await check(storage, f, source(url), NOW)
        assert outcome.status == "ok" and "overall" in outcome.detail
        assert "gemini-3-pro" in outcome.detail
        assert await stored(storage) == 0
        assert await storage.call(all_feed_states) == []
        await poll(storage, f, source(url), NOW)
        assert (await check(storage, f, source(url), NOW)).status == "unchanged"


async def feed_error(
    storage: Storage, feed_server: FeedServer, sleeps: Sleeps, path: str, body: bytes, **kw
) -> tuple[str, str]:
    """Poll `body` served at `path`; the poll must fail, store nothing and record its error
    as the feed's last one. The URL and that error."""
    url = feed_server.serve(path, Reply(body=body))
    async with fetcher(sleeps) as f:
        outcome = await poll(storage, f, source(url), NOW, **kw)
    assert outcome.status == "error" and outcome.error
    assert await stored(storage) == 0
    assert (await storage.call(feed_state, "arena")).last_error == outcome.error
    return url, outcome.error


@pytest.mark.parametrize("bad", [b"NaN", b"Infinity", b"-Infinity", b"1e999"])
async def test_a_non_finite_score_is_a_feed_error(
    storage: Storage, feed_server: FeedServer, sleeps: Sleeps, bad: bytes
) -> None:
    body = GOOD.replace(b'"rating":', b'"rating":' + bad + b', "was":', 1)
    _, error = await feed_error(storage, feed_server, sleeps, "/lb.json", body)
    assert "'rating' is not a number" in error


async def test_a_snapshot_with_more_rows_than_the_cap_is_a_feed_error(
    storage: Storage, feed_server: FeedServer, sleeps: Sleeps
) -> None:
    url, error = await feed_error(storage, feed_server, sleeps, "/lb.json", GOOD, max_rows=5)
    assert error.startswith(f"{url}: ") and "rows, more than max_snapshot_rows (5)" in error


async def test_a_live_snapshot_dated_after_tomorrow_is_a_feed_error(
    storage: Storage, feed_server: FeedServer, sleeps: Sleeps
) -> None:
    path = "/leaderboard-text_2099-12-31.json"
    _, error = await feed_error(storage, feed_server, sleeps, path, GOOD)
    assert "dated 2099-12-31, after tomorrow" in error
