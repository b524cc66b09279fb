"""One poll of one live feed: conditional fetch, pure parse, then one transaction that
stores the new snapshots, runs the `on_stored` hook for each (the announcement outbox),
and records the feed state. A failure records the error and stores nothing, so the last
good snapshot stays the latest. (It joins feeds, which fetch and parse, to storage, which
feeds never import: hence it lives in handlers.)

Most polls find nothing new, and most feeds send no validators, so an unchanged poll is
made cheap in two steps: a body with the same SHA-256 as the last good one from the same
URL is not parsed at all; a parsed snapshot is compared with the latest stored one by
content hash (one indexed query), never by loading stored entries."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Literal

import sqlite_utils

from common.hashing import sha256_hex
from feeds.errors import FeedError
from feeds.fetch_result import FetchResult
from feeds.limits import MAX_SNAPSHOT_ROWS, check_snapshots
from feeds.snapshot import Snapshot
from feeds.source import Source
from storage import Storage, transaction
from storage.feeds import FeedState, feed_state, record_error, record_success, record_unchanged
from storage.snapshots import insert_new_snapshot, same_as_latest

if TYPE_CHECKING:  # the fetcher (and aiohttp under it) is the caller's
    from feeds.fetcher import Fetcher

log = logging.getLogger(__name__)

OnStored = Callable[[sqlite_utils.Database, int, Snapshot], None]


@dataclass(frozen=True)
class PollOutcome:
    leaderboard: str
    status: Literal["ok", "unchanged", "error"]
    stored_ids: list[int] = field(default_factory=list)
    error: str | None = None
    detail: str = ""  # for people: what was read, e.g. "3 snapshots; overall led by x"


async def poll(
    storage: Storage,
    fetcher: Fetcher,
    source: Source,
    now: datetime,
    on_stored: OnStored | None = None,
    *,
    max_rows: int = MAX_SNAPSHOT_ROWS,
) -> PollOutcome:
    """Fetch, parse and store one feed. 'unchanged' when nothing new was stored."""
    state = await storage.call(feed_state, source.leaderboard)
    fetched, url = await _fetch(fetcher, source, state)
    digest = _body_digest(source.leaderboard, fetched)
    if digest is not None and state is not None and (state.url, state.body_digest) == (url, digest):
        # The very bytes that parsed last time: the same snapshots, so nothing new.
        await storage.call(
            _in_transaction,
            partial(record_success, body_digest=digest),
            source.leaderboard,
            now,
            url,
            fetched.etag,
            fetched.last_modified,
        )
        return PollOutcome(
            source.leaderboard, "unchanged", detail="same response as the last good poll"
        )
    snapshots, error = await _parse(source, fetched, url, now, max_rows)
    if error is not None:
        await record_failure(storage, source.leaderboard, now, error)
        return PollOutcome(source.leaderboard, "error", error=error)
    if fetched.status == "unchanged":
        await storage.call(_in_transaction, record_unchanged, source.leaderboard, now)
        return PollOutcome(source.leaderboard, "unchanged", detail="not modified (HTTP 304)")
    ids = await storage.call(
        store_poll, source.leaderboard, snapshots, now, url, fetched, digest, on_stored
    )
    return PollOutcome(
        source.leaderboard, "ok" if ids else "unchanged", ids, detail=describe(snapshots, len(ids))
    )


async def record_failure(storage: Storage, leaderboard: str, now: datetime, error: str) -> None:
    """Record a failed poll as the feed's last error (the last good state stays)."""
    await storage.call(_in_transaction, record_error, leaderboard, now, error)


async def check(
    storage: Storage,
    fetcher: Fetcher,
    source: Source,
    now: datetime,
    *,
    max_rows: int = MAX_SNAPSHOT_ROWS,
) -> PollOutcome:
    """Like `poll` but writes nothing: fetch once, parse, compare with what is stored."""
    state = await storage.call(feed_state, source.leaderboard)
    fetched, url = await _fetch(fetcher, source, state)
    snapshots, error = await _parse(source, fetched, url, now, max_rows)
    if error is not None:
        return PollOutcome(source.leaderboard, "error", error=error)
    if fetched.status == "unchanged":
        return PollOutcome(source.leaderboard, "unchanged", detail="not modified (HTTP 304)")
    new = [s for s in snapshots if not await storage.call(same_as_latest, s)]
    return PollOutcome(
        source.leaderboard, "ok" if new else "unchanged", detail=describe(snapshots, len(new))
    )


# Per leaderboard, the last body fetched and its SHA-256: hashing 1.3 MB takes 0.8 ms, most
# of an unchanged poll. The fetcher returns an equal body as this very object (compared as
# it arrives), so the digest of an unchanged body costs nothing. A memo of a pure function
# (the feed state, not this, says whether the body is the last good one); one body per feed.
_last_body: dict[str, tuple[bytes, str]] = {}


def _body_digest(leaderboard: str, fetched: FetchResult) -> str | None:
    """SHA-256 (hex) of a fetched body; None when nothing was downloaded."""
    body = fetched.body
    if fetched.status != "ok" or body is None:
        return None
    last = _last_body.get(leaderboard)
    if last is not None and last[0] == body:
        return last[1]
    digest = sha256_hex(body)
    _last_body[leaderboard] = (body, digest)
    return digest


def describe(snapshots: list[Snapshot], new: int) -> str:
    """What a poll read, for its log line and the command line: how many snapshots (how many of
    them new), and who leads the overall category (else the first) at its date."""
    overall = next((s for s in snapshots if s.category == "overall"), snapshots[0])
    leader = overall.leader
    return (
        f"{len(snapshots)} snapshot{'s' if len(snapshots) != 1 else ''} "
        f"({new} new); {overall.category} {overall.snapshot_date} led by "
        f"{leader.display_name if leader else 'nobody'}"
    )


async def _fetch(
    fetcher: Fetcher, source: Source, state: FeedState | None
) -> tuple[FetchResult, str]:
    """The first URL that answers; validators are sent only to the URL they came from."""
    if not source.urls:
        return FetchResult("error", error="no live endpoint (import its archives instead)"), ""
    errors = []
    for url in source.urls:
        same = state is not None and state.url == url
        result = await fetcher.fetch(
            url,
            etag=state.etag if same and state else None,
            last_modified=state.last_modified if same and state else None,
            known_body=last[0] if (last := _last_body.get(source.leaderboard)) else None,
        )
        if result.status != "error":
            return result, url
        errors.append(f"{url}: {result.error}")
    return FetchResult("error", error="; ".join(errors)), source.urls[-1]


async def _parse(
    source: Source, fetched: FetchResult, url: str, now: datetime, max_rows: int
) -> tuple[list[Snapshot], str | None]:
    if fetched.status == "error":
        return [], fetched.error
    if fetched.status == "unchanged":
        return [], None
    try:
        snapshots = await asyncio.to_thread(source.parse, fetched.body or b"", now, url)
        check_snapshots(snapshots, now, max_rows)
    except FeedError as exc:
        return [], f"{url}: {exc}"
    except Exception as exc:  # a parser bug must not stop the other feeds
        log.exception("parsing %s failed", url)
        return [], f"{url}: parser failed ({type(exc).__name__}: {exc})"
    if not snapshots:
        return [], f"{url}: no snapshot in the response"
    return snapshots, None


def store_poll(
    db: sqlite_utils.Database,
    leaderboard: str,
    snapshots: list[Snapshot],
    now: datetime,
    url: str,
    fetched: FetchResult,
    digest: str | None,
    on_stored: OnStored | None,
) -> list[int]:
    """On the storage thread, in one transaction: each snapshot that is new (not what the
    latest stored one of its category says, nor stored already) with its `on_stored` hook,
    and the feed's state (validators, body digest). The ids stored."""
    ids = []
    with transaction(db):
        for snapshot in snapshots:
            snapshot_id = insert_new_snapshot(db, snapshot)
            if snapshot_id is None:
                continue
            ids.append(snapshot_id)
            if on_stored is not None:
                on_stored(db, snapshot_id, snapshot)
        record_success(
            db, leaderboard, now, url, fetched.etag, fetched.last_modified, body_digest=digest
        )
    return ids


def _in_transaction(db: sqlite_utils.Database, writer: Callable[..., None], *args: object) -> None:
    with transaction(db):
        writer(db, *args)
