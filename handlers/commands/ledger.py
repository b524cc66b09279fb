"""/ledger: one line per law part: its overall status, its last change, and how old each
leaderboard's data is. /ledger N: every leaderboard category of law N."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from handlers.commands.law import every_scope, overall_tone, split_scopes
from handlers.commands.registry import Command, Param
from handlers.context import Context
from handlers.ledger import LedgerRow, current_verdicts, last_changes
from handlers.reply import Field, Reply, Tone
from laws import LAW_IDS, LAWS, PART_IDS, Status, Verdict
from laws.evidence import data_dates, scope_name

# `main.py ledger --law` and the API's `law` filter: a law, or one part of law 3.
LEDGER_LAWS = ("1", "2", "3", "3a", "3b")


def ledger_filter(
    verdicts: Iterable[Verdict],
    law: str | None = None,
    leaderboard: str | None = None,
    category: str | None = None,
) -> list[Verdict]:
    """The verdicts of a law (a law id or a part), leaderboard and category, as `main.py
    ledger` and the web API select them: oldest month first per part, leaderboard and
    category."""
    wanted = {"3": ("3a", "3b")}.get(law, (law,)) if law else None
    return sorted(
        (
            v
            for v in verdicts
            if (wanted is None or v.law in wanted)
            and leaderboard in (None, v.leaderboard)
            and category in (None, v.category)
        ),
        key=lambda v: (v.law, v.leaderboard, v.category, v.period),
    )


def ledger_json(verdicts: Iterable[Verdict]) -> list[dict[str, Any]]:
    """The verdicts as `main.py ledger --json` prints them and the web API serves them."""
    return [
        {
            "law": v.law,
            "leaderboard": v.leaderboard,
            "category": v.category,
            "period": v.period,
            "status": str(v.status),
            "lag_months": v.lag_months if v.law == "2" else None,
            "evidence": v.evidence,
        }
        for v in verdicts
    ]


def _ledger_snapshot(db, parts: tuple[str, ...]) -> tuple[list[LedgerRow], dict[str, LedgerRow]]:
    return current_verdicts(db, parts), last_changes(db, parts)


async def ledger(ctx: Context, law: str | None = None) -> Reply:
    """/ledger [N]: without N, one line per law part: its status over the deciding leaderboard
    categories, its last change (when, where, from what to what, why) and the data dates; with
    N, every leaderboard category of law N (`every_scope`)."""
    if law is not None:
        return await every_scope(ctx, law)
    rows, changes = await ctx.storage.call(_ledger_snapshot, PART_IDS)
    if not rows:
        return Reply(
            title="The ledger",
            text="No verdicts yet: the ledger has not been computed from any leaderboard.",
        )
    fields = []
    for part in PART_IDS:
        deciding, undecided = split_scopes([r for r in rows if r.verdict.law == part])
        shown = [s.shown for s in deciding]
        tone = overall_tone(shown)
        counts = {s: sum(1 for v in shown if v.status is s) for s in Status}
        status = tone.value if tone is not Tone.INFO else "NO DATA"
        where = ", ".join(f"{n} {s.lower()}" for s, n in counts.items() if n)
        line = f"{status}" + (
            f" ({where} of {len(shown)} deciding leaderboard categories)"
            if shown
            else f" ({len(undecided)} undecided)"
        )
        change = changes.get(part)
        if change is not None:
            v = change.verdict
            line += (
                f". Last change {change.computed_at[:10]}: "
                f"{scope_name(v.leaderboard, v.category)} {v.period} "
                f"{change.previous_status} → {v.status} ({change.reason})"
            )
        else:
            line += ". No change since first computed"
        law_of = next(lw for lw in LAWS.values() if any(p.id == part for p in lw.parts))
        fields.append(Field(name=f"Law {part}: {law_of.name}", value=line))
    fields.append(Field(name="Data as of", value=data_dates([r.verdict for r in rows])))
    return Reply(
        title="The ledger",
        text="The latest decided month on each leaderboard "
        "category; /law N for the evidence, /ledger N "
        "for every category of law N.",
        fields=tuple(fields),
    )


COMMANDS = (
    Command(
        "ledger",
        "Each law's status, last change and data dates; with N: every "
        "leaderboard category of law N",
        (Param("law", "one law: every leaderboard category of it", choices=LAW_IDS),),
        ledger,
    ),
)
