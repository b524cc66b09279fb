"""/status: is the bot healthy? Feeds, database, uptime and the outbox."""

from __future__ import annotations

from datetime import datetime, timedelta

from feeds.registry import SOURCES
from feeds.source import Source
from handlers.commands.registry import Command
from handlers.context import Context
from handlers.reply import Field, Reply
from laws.evidence import data_age
from storage import StorageError
from storage.database import Failure
from storage.feeds import FeedState, all_feed_states
from storage.health import database_bytes
from storage.horizons import data_horizons
from storage.outbox import FAILED, PENDING, delivery_counts


async def status(ctx: Context) -> Reply:
    """/status: uptime and database size; per feed its polling interval, next poll, last success
    and last error, and how old its data is; the outbox's pending and given-up deliveries; where
    the web pages are served. When the database cannot be read, a short reply saying since when
    and why it fails, instead of an error."""
    try:
        size = await ctx.storage.call(database_bytes)
        counts = await ctx.storage.call(delivery_counts)
        states = {s.leaderboard: s for s in await ctx.storage.call(all_feed_states)}
        dates = await ctx.storage.call(data_horizons)
    except StorageError:
        if ctx.storage.failure is None:
            raise
        return _failing(ctx, ctx.storage.failure)
    uptime = ctx.now - ctx.services.started_at
    fields = []
    for name, source in SOURCES.items():
        field = _feed_field(ctx, source, states.get(name))
        age = data_age({c: day for (board, c), day in dates.items() if board == name})
        fields.append(
            Field(
                field.name,
                f"{field.value}\n{age}" if "\n" in field.value else f"{field.value}; {age}",
            )
        )
    fields.append(
        Field(
            "Outbox",
            f"{counts.get(PENDING, 0)} pending, {counts.get(FAILED, 0)} given up after retries",
        )
    )
    fields.append(Field("Web pages", web_line(ctx)))
    failure = ctx.storage.failure
    return Reply(
        title="Lawkeeper status",
        text=f"Up {_duration(uptime)} (since {_when(ctx.services.started_at)}). "
        f"Database {_bytes(size)}." + (_failing_text(failure) if failure else ""),
        fields=tuple(fields),
    )


def web_line(ctx: Context) -> str:
    """Where the web pages are served, or why they are not."""
    web = ctx.services.web
    public = ctx.services.config.web.public_url
    if web.local:
        return web.local + (
            f" (public address {public}; chat replies link there)"
            if public
            else " (no public_url: chat replies carry no links)"
        )
    return (
        f"not served: {web.problem}"
        if web.problem
        else "not served by this command (main.py run serves them)"
    )


def _failing(ctx: Context, failure: Failure) -> Reply:
    """/status when the database cannot even be read."""
    uptime = ctx.now - ctx.services.started_at
    return Reply(
        title="Lawkeeper status",
        text=f"Up {_duration(uptime)} (since {_when(ctx.services.started_at)})."
        + _failing_text(failure),
    )


def _failing_text(failure: Failure) -> str:
    return (
        f" The database is FAILING since {_when(failure.since)}: {failure.reason}. "
        "Nothing new is stored or announced until it works again."
    )


def _feed_field(ctx: Context, source: Source, state: FeedState | None) -> Field:
    settings = ctx.services.config.leaderboard(source.leaderboard)
    name = f"{source.title} ({source.leaderboard})"
    if not settings.enabled:
        return Field(name, "not polled (disabled in config)")
    if not (settings.url or source.urls):
        return Field(name, "not polled (no live endpoint; its history ships with the bot)")
    every = settings.interval_seconds
    interval = f"{every // 60} min" if every % 60 == 0 else f"{every} s"
    upcoming = ctx.services.next_poll(source.leaderboard) if ctx.services.next_poll else None
    lines = [
        f"polled every {interval}; next poll: "
        + (_when(upcoming) if upcoming else "not scheduled"),
        "last success: "
        + (_when(state.last_success_at) if state and state.last_success_at else "never"),
    ]
    if state and state.last_error_at:
        lines.append(
            f"last error: {_when(state.last_error_at)}: {(state.last_error or 'unknown')[:300]}"
        )
    return Field(name, "\n".join(lines))


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _duration(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    return (f"{days}d " if days else "") + f"{hours}h {minutes:02d}m"


def _bytes(n: float) -> str:
    if n < 1024:
        return f"{n:.0f} bytes"
    for unit in ("KB", "MB"):
        n /= 1024
        if n < 1024:
            return f"{n:.1f} {unit}"
    return f"{n / 1024:.1f} GB"


COMMANDS = (
    Command(
        "status",
        "Feeds (last success, last error, next poll), database, uptime, outbox",
        (),
        status,
    ),
)
