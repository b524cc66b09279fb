"""/top [leaderboard] [category]: the current top 10 with openness and size."""

from __future__ import annotations

from feeds.registry import LEADERBOARD_IDS, SOURCES
from handlers.commands.registry import Command, Param, UsageError
from handlers.context import Context
from handlers.reply import Reply
from handlers.standings import Standing, StandingsError, standings

TOP = 10
MAX_CATEGORY = 60
OPENNESS = {
    "osi": "open source (OSI)",
    "open_weights": "open weights",
    "proprietary": "proprietary",
}


async def top(ctx: Context, leaderboard: str | None = None, category: str | None = None) -> Reply:
    """/top [leaderboard] [category]: the top 10 of the latest snapshot (LMArena by default)
    with score, openness and size, titled with the snapshot's date. An over-long category, or a
    leaderboard, category or snapshot that does not exist, is a UsageError saying what exists."""
    board = leaderboard or "arena"
    if category is not None and len(category) > MAX_CATEGORY:
        raise UsageError(f"That category name is too long (at most {MAX_CATEGORY} characters).")
    try:
        found = await standings(ctx.storage, ctx.services.catalog, board, category, limit=TOP)
    except StandingsError as exc:
        raise UsageError(str(exc)[:1].upper() + str(exc)[1:]) from None
    lines = [_line(s) for s in found.entries]
    return Reply(
        title=f"{SOURCES[board].title} · {found.category} · {found.snapshot.isoformat()}",
        text="\n".join(lines),
        footer=f"Data as of {found.snapshot.isoformat()} (the snapshot shown). Scores compare "
        "only within one snapshot. Openness and size come from the model catalog, "
        "else from the leaderboard's own listing.",
    )


def _line(s: Standing) -> str:
    score = f"{s.score:.4g}" if abs(s.score) < 1000 else f"{s.score:.0f}"
    openness = OPENNESS.get(s.openness or "", "openness unknown")
    return f"{s.rank}. {s.model} — {score} · {openness} · {size(s)}"


def size(s: Standing) -> str:
    """A standing's size as /top and the web standings show it: '70B params', then the active
    count of a mixture-of-experts where it differs ('(13B active)'); 'size unknown' without a
    total."""
    if s.params_total is None:
        return "size unknown"
    text = f"{_billions(s.params_total)} params"
    if s.params_active is not None and s.params_active != s.params_total:
        text += f" ({_billions(s.params_active)} active)"
    return text


def _billions(count: int) -> str:
    value = count / 1e9
    return f"{value:.0f}B" if value >= 10 else f"{value:.3g}B"


COMMANDS = (
    Command(
        "top",
        "The current top 10 of a leaderboard, with openness and size",
        (
            Param("leaderboard", "which leaderboard (default arena)", choices=LEADERBOARD_IDS),
            Param("category", "a category of that leaderboard (default overall)"),
        ),
        top,
    ),
)
