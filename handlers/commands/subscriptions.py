"""/subscribe, /unsubscribe and /subscriptions: what a channel is told about."""

from __future__ import annotations

from feeds.registry import SOURCES
from handlers.commands.registry import Command, Param
from handlers.context import Context
from handlers.reply import Field, Reply
from storage.subscriptions import (
    ALL,
    Subscription,
    channel_subscriptions,
    subscribe,
    unsubscribe,
)

NOT_ALLOWED = (
    "Only members who may manage this channel (on Slack: the configured admins) "
    "can change its subscriptions. /subscriptions shows what it receives."
)
CONSOLE_ALWAYS = (
    "The console is always subscribed to every announcement, verdict change "
    "and resolved prediction."
)
EXTRAS = ("laws", "predictions")  # what a subscription may add to new #1 models


def known_leaderboards() -> list[str]:
    """Leaderboards one can subscribe to: every feed the bot knows."""
    return list(SOURCES)


async def subscribe_(
    ctx: Context,
    leaderboard: str | None = None,
    laws: str | None = None,
    predictions: str | None = None,
) -> Reply:
    """/subscribe [leaderboard|all] [laws] [predictions]: tell this channel of each new #1 there
    (every leaderboard by default), and of ledger changes and resolved predictions when asked;
    '/subscribe laws' alone means all. Refused for an unknown leaderboard and to members who may
    not manage the channel; on the console, always subscribed, it only says so."""
    extras = {laws, predictions} - {None}
    if (leaderboard or "").lower() in EXTRAS and len(extras) < 2:  # "/subscribe laws"
        extras.add(str(leaderboard).lower())
        leaderboard = "all"
    chosen = _choose(ctx, leaderboard or "all")
    if isinstance(chosen, Reply):
        return chosen
    if ctx.invoker.platform == "console":
        return Reply(title="Subscriptions", text=CONSOLE_ALWAYS)
    if not ctx.invoker.can_manage_channel:
        return Reply.error(NOT_ALLOWED)
    inv = ctx.invoker
    await ctx.storage.call(
        subscribe,
        inv.platform,
        inv.channel_id,
        chosen,
        "laws" in extras,
        f"{inv.user_name} ({inv.user_id})",
        ctx.now,
        "predictions" in extras,
    )
    what = "every leaderboard" if chosen == ALL else chosen
    extra = "".join(
        text
        for name, text in (
            ("laws", ", and of every change in the laws ledger"),
            ("predictions", ", and of each community prediction about it as it resolves"),
        )
        if name in extras
    )
    return Reply(
        title="Subscribed",
        text=f"This channel will be told of each new #1 on {what}{extra}. /unsubscribe stops it.",
    )


async def unsubscribe_(ctx: Context, leaderboard: str | None = None) -> Reply:
    """/unsubscribe [leaderboard|all]: stop the announcements of one leaderboard, or of
    everything (the default), with /subscribe's refusals. A leaderboard the channel follows only
    through 'all' gets an error saying that /unsubscribe all stops everything."""
    chosen = _choose(ctx, leaderboard or "all")
    if isinstance(chosen, Reply):
        return chosen
    if ctx.invoker.platform == "console":
        return Reply(title="Subscriptions", text=CONSOLE_ALWAYS)
    if not ctx.invoker.can_manage_channel:
        return Reply.error(NOT_ALLOWED)
    inv = ctx.invoker
    removed = await ctx.storage.call(unsubscribe, inv.platform, inv.channel_id, chosen)
    if removed:
        what = "anything" if chosen == ALL else chosen
        return Reply(title="Unsubscribed", text=f"This channel will no longer be told of {what}.")
    current = await ctx.storage.call(channel_subscriptions, inv.platform, inv.channel_id)
    if any(s.leaderboard == ALL for s in current):
        return Reply.error(
            f"This channel follows every leaderboard (/subscribe all), not "
            f"{chosen} alone: /unsubscribe all stops everything."
        )
    return Reply.error(
        f"This channel was not subscribed to {'anything' if chosen == ALL else chosen}."
    )


async def subscriptions_(ctx: Context) -> Reply:
    """/subscriptions: what this channel is told of, one field per subscription, a stopped one
    with the reason; anyone may ask."""
    if ctx.invoker.platform == "console":
        return Reply(title="Subscriptions", text=CONSOLE_ALWAYS)
    inv = ctx.invoker
    current = await ctx.storage.call(channel_subscriptions, inv.platform, inv.channel_id)
    if not current:
        return Reply(
            title="Subscriptions",
            text="This channel is not subscribed to anything. "
            "/subscribe [leaderboard|all] [laws] [predictions] starts "
            "announcements.",
        )
    return Reply(
        title="Subscriptions",
        text="What this channel is told of:",
        fields=tuple(Field(_name(s), _describe(s)) for s in current),
    )


def _choose(ctx: Context, leaderboard: str) -> str | Reply:
    wanted = leaderboard.strip().lower()
    if wanted == "all":
        return ALL
    known = known_leaderboards()
    if wanted not in known:
        return Reply.error(
            f"There is no leaderboard {leaderboard[:40]!r}. "
            f"Choose one of {', '.join([*known, 'all'])}."
        )
    return wanted


def _name(s: Subscription) -> str:
    return "every leaderboard" if s.leaderboard == ALL else s.leaderboard


def _describe(s: Subscription) -> str:
    what = (
        "new #1 models"
        + (" and changes in the laws ledger" if s.laws else "")
        + (" and resolved predictions" if s.predictions else "")
    )
    if not s.enabled:
        return f"{what}; stopped: {s.disabled_reason or 'the channel cannot receive'}"
    return what


COMMANDS = (
    Command(
        "subscribe",
        "Tell this channel of new #1 models (add laws: ledger changes; predictions: resolved ones)",
        (
            Param("leaderboard", "a leaderboard, or all (the default)"),
            Param("laws", "add 'laws' to also get the ledger's verdict changes", choices=EXTRAS),
            Param(
                "predictions",
                "add 'predictions' to also get community predictions as they resolve",
                choices=EXTRAS,
            ),
        ),
        subscribe_,
    ),
    Command(
        "unsubscribe",
        "Stop telling this channel of a leaderboard, or of anything (all)",
        (Param("leaderboard", "a leaderboard, or all (the default)"),),
        unsubscribe_,
    ),
    Command("subscriptions", "What this channel is told of", (), subscriptions_),
)
