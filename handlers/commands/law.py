"""/law N and /laws: the statement, its attribution, and what the ledger says."""

from __future__ import annotations

import asyncio
import dataclasses
from collections import defaultdict

from handlers.commands.registry import Command, Param
from handlers.context import Context
from handlers.counterexamples.display import counterexample_fields
from handlers.reply import Attachment, Field, Reply, Tone
from laws import LAW_IDS, LAWS, Status, Verdict
from laws.charts import render_chart
from laws.evidence import key_evidence
from storage.counterexamples import accepted_for_law
from storage.ledger import LedgerRow, current_verdicts, ledger_version

MAX_SCOPES = 6  # fields per reply, so /law N stays readable in one screen


async def law(ctx: Context, law: str, detail: str | None = None) -> Reply:
    if detail == "explain":
        return explain(ctx, law)
    # The ledger part of the reply (its chart takes ~100 ms to draw) is kept until the
    # ledger changes; accepted counterexamples are read fresh every time.
    key = ("law", law, await ctx.storage.call(ledger_version))
    reply = ctx.services.memo.get(key)
    if reply is None:
        reply = await _law_reply(ctx, law)
        ctx.services.memo.put(key, reply)
    credits = await ctx.storage.call(accepted_for_law, law)
    if not credits:
        return reply
    return dataclasses.replace(reply, tone=Tone.BROKEN,
                               fields=(*reply.fields, *counterexample_fields(credits)))


async def _law_reply(ctx: Context, law: str) -> Reply:
    chosen = LAWS[law]  # `Command.bind` has checked it is one of LAW_IDS
    rows = await ctx.storage.call(current_verdicts, tuple(p.id for p in chosen.parts))
    deciding, undecided = split_scopes(rows)
    fields = [_verdict_field(scope) for scope in deciding[:MAX_SCOPES]]
    text = f"> {chosen.statement}\n— {chosen.attribution}"
    if chosen.note:
        text += f"\n{chosen.note}"
    if not rows:
        text += "\n\nNo verdicts yet: the ledger has not been computed from any leaderboard."
    elif not deciding:
        text += "\n\nNo leaderboard has decided this law yet."
    footer = []
    if len(deciding) > MAX_SCOPES:
        footer.append(f"{len(deciding) - MAX_SCOPES} more leaderboard categories: "
                      f"main.py ledger --law {law}")
    if undecided:
        names = ", ".join(f"{s[0].law}: {s[0].leaderboard} · {s[0].category}"
                          for s in undecided[:4])
        more = f" and {len(undecided) - 4} more" if len(undecided) > 4 else ""
        footer.append(f"Cannot decide it (every month undetermined): {names}{more}.")
    footer.append(f"How is this decided? /law {law} explain")
    attachments = ()
    if deciding:
        png = await asyncio.to_thread(render_chart, law, [r.verdict for r in rows])
        attachments = (Attachment(f"law-{law}.png", png,
                                  f"Law {law} over time, from the ledger"),)
    return Reply(title=f"Law {chosen.id}: {chosen.name}", text=text, fields=tuple(fields),
                 tone=overall_tone([s[0] for s in deciding]), attachments=attachments,
                 footer="\n".join(footer))


def explain(ctx: Context, law: str) -> Reply:
    chosen = LAWS[law]
    settings = ctx.services.config.laws
    fields = [Field(name=f"Part {p.id}: {p.summary}", value=p.definition(settings))
              for p in chosen.parts]
    used = ", ".join(f"{f.name} = {getattr(settings, f.name)!r}"
                     for f in dataclasses.fields(settings))
    return Reply(title=f"Law {law}: how it is decided",
                 text=f"> {chosen.statement}\n— {chosen.attribution}",
                 fields=(*fields, Field(name="Settings ([laws] in config.toml)", value=used)),
                 footer="One month at a time, per leaderboard category, comparing scores "
                        "only within one snapshot. Months in a verdict run to month-end.")


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


Scope = tuple[Verdict, list[Verdict]]  # (the verdict shown, every month of that scope)


def split_scopes(rows: list[LedgerRow]) -> tuple[list[Scope], list[Scope]]:
    """Per (part, leaderboard, category): the latest decided month, and all months.
    Scopes that never decided anything come second."""
    grouped: dict[tuple[str, str, str], list[Verdict]] = defaultdict(list)
    for row in rows:
        v = row.verdict
        grouped[(v.law, v.leaderboard, v.category)].append(v)
    deciding, undecided = [], []
    for key in sorted(grouped, key=lambda k: (k[0], -_decided(grouped[k]), k[1], k[2])):
        months = sorted(grouped[key], key=lambda v: v.period)
        decided = [v for v in months if v.status is not Status.UNDETERMINED]
        if decided:
            deciding.append((decided[-1], months))
        else:
            undecided.append((months[-1], months))
    return deciding, undecided


def _decided(verdicts: list[Verdict]) -> int:
    return sum(v.status is not Status.UNDETERMINED for v in verdicts)


def _verdict_field(scope: Scope) -> Field:
    v, months = scope
    counts = {s: sum(1 for x in months if x.status is s) for s in Status}
    since = min((x.period for x in months if x.status is v.status
                 and x.period >= _last_other(months, v.status) and x.period <= v.period),
                default=v.period)
    evidence = key_evidence(v)
    return Field(
        name=f"{v.leaderboard} · {v.category} (law {v.law})",
        value=(f"{v.label} in {v.period}, since {since}. "
               + (f"{evidence}. " if evidence else "")
               + f"Months: {counts[Status.HOLDS]} holds, {counts[Status.BROKEN]} broken, "
                 f"{counts[Status.TIED]} tied."),
    )


def _last_other(scope: list[Verdict], status: Status) -> str:
    """The last month whose status differs from `status` ('' if none)."""
    return max((x.period for x in scope if x.status is not status
                and x.status is not Status.UNDETERMINED), default="")


def _status_line(rows: list[LedgerRow]) -> str:
    deciding, _ = split_scopes(rows)
    if not rows:
        return "No verdicts yet."
    if not deciding:
        return "Undetermined on every leaderboard so far."
    counts = {s: sum(1 for v, _ in deciding if v.status is s) for s in Status}
    return ", ".join(f"{n} {s.lower()}" for s, n in counts.items() if n) + \
        f" (latest decided month on {len(deciding)} leaderboard " \
        f"scope{'s' if len(deciding) != 1 else ''})"


def overall_tone(shown: list[Verdict]) -> Tone:
    statuses = {v.status for v in shown}
    for status in (Status.BROKEN, Status.HOLDS, Status.TIED):
        if status in statuses:
            return Tone(status.value)
    return Tone.UNDETERMINED if statuses else Tone.INFO


COMMANDS = (
    Command("law", "A law: its statement, author, and whether it holds on each leaderboard",
            (Param("law", "which law", required=True, choices=LAW_IDS),
             Param("detail", "explain: the definition and settings behind the verdicts",
                   choices=("explain",))), law),
    Command("laws", "The three laws and their current status", (), laws),
)
