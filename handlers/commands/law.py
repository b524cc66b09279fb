"""/law N and /laws: the statement, its attribution, and what the ledger says."""

from __future__ import annotations

from collections import defaultdict

from handlers.commands.registry import Command, Param
from handlers.context import Context
from handlers.counterexamples.display import counterexample_fields
from handlers.reply import Field, Reply, Tone
from laws import LAW_IDS, LAWS, Status, Verdict
from storage.counterexamples import accepted_for_law
from storage.ledger import LedgerRow, current_verdicts


async def law(ctx: Context, law: str) -> Reply:
    chosen = LAWS[law]  # `Command.bind` has checked it is one of LAW_IDS
    rows = await ctx.storage.call(current_verdicts, tuple(p.id for p in chosen.parts))
    credits = await ctx.storage.call(accepted_for_law, chosen.id)
    fields = tuple(_verdict_fields(rows)) + counterexample_fields(credits)
    text = f"> {chosen.statement}\n— {chosen.attribution}"
    if chosen.note:
        text += f"\n{chosen.note}"
    if not rows:
        text += "\n\nNo verdicts yet: the ledger has not been computed from any leaderboard."
    return Reply(
        title=f"Law {chosen.id}: {chosen.name}",
        text=text,
        fields=fields,
        tone=Tone.BROKEN if credits else _overall_tone(rows),
    )


async def laws(ctx: Context) -> Reply:
    rows = await ctx.storage.call(current_verdicts, tuple(p.id for lw in LAWS.values()
                                                          for p in lw.parts))
    by_law: dict[str, list[LedgerRow]] = defaultdict(list)
    for row in rows:
        by_law[_law_id(row.verdict.law)].append(row)
    fields = tuple(
        Field(name=f"Law {lw.id}: {lw.name}",
              value=f"{lw.statement}\n{_status_line(by_law.get(lw.id, []))}")
        for lw in LAWS.values()
    )
    return Reply(
        title="The three laws of generative-AI model evolution",
        text=f"Stated by {next(iter(LAWS.values())).attribution}. Use /law N for one law.",
        fields=fields,
    )


def _law_id(part_id: str) -> str:
    return part_id.rstrip("ab")


def _latest_per_scope(rows: list[LedgerRow]) -> list[LedgerRow]:
    latest: dict[tuple[str, str, str], LedgerRow] = {}
    for row in rows:
        v = row.verdict
        key = (v.law, v.leaderboard, v.category)
        if key not in latest or v.period > latest[key].verdict.period:
            latest[key] = row
    return sorted(latest.values(), key=lambda r: (r.verdict.law, r.verdict.leaderboard,
                                                   r.verdict.category))


def _verdict_fields(rows: list[LedgerRow]) -> list[Field]:
    fields = []
    for row in _latest_per_scope(rows):
        v = row.verdict
        scope = [r.verdict for r in rows if (r.verdict.law, r.verdict.leaderboard,
                                             r.verdict.category) == (v.law, v.leaderboard,
                                                                     v.category)]
        counts = {s: sum(1 for x in scope if x.status is s) for s in Status}
        since = min((x.period for x in scope if x.status is v.status
                     and x.period >= _last_other(scope, v.status)), default=v.period)
        fields.append(Field(
            name=f"{v.leaderboard} · {v.category} (law {v.law})",
            value=(f"{v.status} in {v.period}, since {since}. "
                   f"Months: {counts[Status.HOLDS]} holds, {counts[Status.BROKEN]} broken, "
                   f"{counts[Status.TIED]} tied."),
        ))
    return fields


def _last_other(scope: list[Verdict], status: Status) -> str:
    """The last month whose status differs from `status` ('' if none)."""
    return max((x.period for x in scope if x.status is not status), default="")


def _status_line(rows: list[LedgerRow]) -> str:
    latest = _latest_per_scope(rows)
    if not latest:
        return "No verdicts yet."
    counts = {s: sum(1 for r in latest if r.verdict.status is s) for s in Status}
    return ", ".join(f"{n} {s.lower()}" for s, n in counts.items() if n) + \
        f" (latest month on {len(latest)} leaderboard scope{'s' if len(latest) != 1 else ''})"


def _overall_tone(rows: list[LedgerRow]) -> Tone:
    statuses = {r.verdict.status for r in _latest_per_scope(rows)}
    for status in (Status.BROKEN, Status.HOLDS, Status.TIED):
        if status in statuses:
            return Tone(status.value)
    return Tone.UNDETERMINED if statuses else Tone.INFO


COMMANDS = (
    Command("law", "A law: its statement, author, and whether it holds on each leaderboard",
            (Param("law", "which law", required=True, choices=LAW_IDS),), law),
    Command("laws", "The three laws and their current status", (), laws),
)
