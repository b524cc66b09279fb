"""The feed subcommands of `main.py`: import, top, check-feeds. Each opens the database
(loading the bundled history on first use) and prints for people, or JSON."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.config import Config
from bot.polling import live_sources
from catalog import Catalog, load_catalog
from feeds.errors import FeedError
from feeds.importer import parse_file
from feeds.limits import check_snapshots
from feeds.registry import SOURCES
from feeds.snapshot import Snapshot
from handlers.poll import check
from handlers.standings import StandingsError, standings
from storage import Storage
from storage.history import load_history
from storage.snapshots import insert_snapshots

if TYPE_CHECKING:
    from feeds.fetcher import Fetcher


async def open_storage(config: Config) -> Storage:
    """The database at `config.database_path` with the bundled history loaded (once per bundle
    version); the caller closes it. StorageError when it cannot be opened; when loading fails it
    is closed before the error propagates."""
    storage = await Storage.open(config.database_path)
    try:
        await load_history(storage)
    except BaseException:
        await storage.close()
        raise
    return storage


def fetcher_from(config: Config) -> Fetcher:
    """The HTTP fetcher the `[feeds]` settings describe (timeouts, retries and backoff, the body
    cap in bytes, the user agent), for the live polls (`Runtime.serve`) and check-feeds. Enter
    it with `async with` before fetching. aiohttp is imported here, when a feed is to be
    fetched: the console and the other commands start without it."""
    from feeds.fetcher import Fetcher

    f = config.feeds
    return Fetcher(
        timeout_seconds=f.timeout_seconds,
        connect_timeout_seconds=f.connect_timeout_seconds,
        retries=f.retries,
        backoff_base_seconds=f.backoff_base_seconds,
        backoff_max_seconds=f.backoff_max_seconds,
        max_retry_after_seconds=f.max_retry_after_seconds,
        max_body_bytes=f.max_body_mb * 1024 * 1024,
        user_agent=f.user_agent,
    )


async def import_files(
    config: Config, paths: list[Path], out: TextIO = sys.stdout, progress: TextIO = sys.stderr
) -> int:
    """Import archived files; 0 when every file was read, 1 otherwise."""
    storage = await open_storage(config)
    failed = 0
    try:
        now = datetime.now(UTC)
        for done, path in enumerate(paths):
            _bar(progress, done, len(paths), path.name)
            try:
                snapshots = await asyncio.to_thread(
                    _read, path, now, config.feeds.max_snapshot_rows
                )
            except FeedError as exc:
                print(f"{path}: not imported: {exc}", file=out)
                failed += 1
                continue
            new = await storage.call(insert_snapshots, snapshots, imported=True)
            print(
                f"{path}: {len(snapshots)} snapshot{'s' if len(snapshots) != 1 else ''}, "
                f"{len(new)} new",
                file=out,
            )
        _bar(progress, len(paths), len(paths), "done")
    finally:
        progress.write("\n")  # ends the progress line, also when an error stops the import
        await storage.close()
    return 1 if failed else 0


def _read(path: Path, now: datetime, max_rows: int) -> list[Snapshot]:
    snapshots = parse_file(path, now)
    try:
        check_snapshots(snapshots, now, max_rows)
    except FeedError as exc:
        raise FeedError(f"{path.name}: {exc}") from None
    return snapshots


def _bar(stream: TextIO, done: int, total: int, label: str, width: int = 30) -> None:
    filled = width * done // max(total, 1)
    stream.write(
        f"\rimporting [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label[:40]:<40}"
    )
    stream.flush()


async def show_top(
    config: Config,
    leaderboard: str,
    category: str | None,
    at: date | None,
    limit: int,
    as_json: bool,
    out: TextIO = sys.stdout,
    catalog: Catalog | None = None,
) -> int:
    """`main.py top`: the standings of the latest snapshot on or before `at` (rank, score,
    model, openness, size in billions of parameters, release date), or JSON. 0, or 1 with the
    reason on stderr when the category or any snapshot is missing. A given `catalog` saves
    loading it."""
    storage = await open_storage(config)
    try:
        catalog = catalog or await asyncio.to_thread(load_catalog)
        found = await standings(storage, catalog, leaderboard, category, at, limit)
    except StandingsError as exc:
        print(f"lawkeeper: {exc}", file=sys.stderr)
        return 1
    finally:
        await storage.close()
    if as_json:
        print(json.dumps(found.to_json(), indent=2), file=out)
        return 0
    print(f"{SOURCES[leaderboard].title} · {found.category} · {found.snapshot}", file=out)
    for s in found.entries:
        size = f"{s.params_total / 1e9:g}B" if s.params_total else "?"
        print(
            f"{s.rank:>4}  {s.score:>10.2f}  {s.model[:48]:<48}  "
            f"{s.openness or '?':<12}  {size:>7}  {s.released or '?'}",
            file=out,
        )
    return 0


async def check_feeds(config: Config, out: TextIO = sys.stdout) -> int:
    """Fetch each enabled live feed once and say how it went; writes nothing. 0 when every
    feed answered, 1 when any failed."""
    storage = await open_storage(config)
    failed = 0
    try:
        async with fetcher_from(config) as fetcher:
            for source in live_sources(config):
                outcome = await check(
                    storage,
                    fetcher,
                    source,
                    datetime.now(UTC),
                    max_rows=config.feeds.max_snapshot_rows,
                )
                reason = outcome.error if outcome.status == "error" else outcome.detail
                print(f"{source.leaderboard}: {outcome.status}: {reason}", file=out)
                failed += outcome.status == "error"
    finally:
        await storage.close()
    return 1 if failed else 0
