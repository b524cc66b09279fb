"""/law N and /laws: the statement, its attribution, and what the ledger says."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass

from handlers.actions import ACTIONS
from handlers.commands.registry import Command, Param
from handlers.context import Context, Services
from handlers.counterexamples.display import counterexample_fields
from handlers.forms import Action
from handlers.ledger import LedgerRow, current_verdicts
from handlers.links import Links
from handlers.reply import Attachment, Field, Reply, Tone
from laws import LAW_IDS, LAWS, Status, Verdict
from laws.evidence import (
    HEADLINE_SCOPES,
    data_dates,
    headline_rank,
    horizons,
    plain,
    scope_name,
    within_horizon,
)
from storage.counterexamples import accepted_for_law
from storage.horizons import data_horizons
from storage.ledger import ledger_version

FALLBACK_SCOPES = 6


async def law(ctx: Context, law: str, detail: str | None = None) -> Reply:
    """/law N [explain]: the statement and its author, the latest decided month on each main
    leaderboard, the chart, and the law's accepted counterexamples (which make the tone BROKEN);
    with 'explain', the definitions and settings instead. The ledger part is kept per ledger
    version and data dates; counterexamples are read fresh."""
    if detail == "explain":
        return explain(ctx, law)
    # The ledger part of the reply (its chart takes ~0.6 s to draw in a child process) is
    # kept until the ledger changes; accepted counterexamples are read fresh every time.
    # A new snapshot that changes no verdict still moves "data as of": part of the key.
    stored = await ctx.storage.call(data_horizons)
    key = ("law", law, await ctx.storage.call(ledger_version), tuple(sorted(stored.items())))
    reply = ctx.services.memo.get(key)
    if reply is None:
        reply, complete = await _law_reply(ctx, law, stored)
        if complete:  # a reply whose chart failed is not kept: the next /law N tries again
            ctx.services.memo.put(key, reply)
    credits = await ctx.storage.call(accepted_for_law, law)
    if not credits:
        return reply
    return dataclasses.replace(
        reply, tone=Tone.BROKEN, fields=(*reply.fields, *counterexample_fields(credits))
    )


async def _law_reply(
    ctx: Context, law: str, stored: dict[tuple[str, str], str]
) -> tuple[Reply, bool]:
    """The reply, and whether it is complete (False: its chart could not be drawn)."""
    chosen = LAWS[law]  # `Command.bind` has checked it is one of LAW_IDS
    rows = await ctx.storage.call(current_verdicts, tuple(p.id for p in chosen.parts))
    scopes = scope_views(rows, stored)
    # The main leaderboards (or, without any, the first few categories) lead; the others
    # are a button away.
    headline = [s for s in scopes if s.headline is not None] or scopes[:FALLBACK_SCOPES]
    others = [s for s in scopes if s not in headline]
    text = f"> {chosen.statement}\n— {chosen.attribution}"
    if chosen.note:
        text += f"\n{chosen.note}"
    if not rows:
        text += "\n\nNo verdicts yet: the ledger has not been computed from any leaderboard."
    elif not any(s.decided for s in scopes):
        text += "\n\nNo leaderboard has decided this law yet."
    elif headline:
        text += "\n\nThe latest decided month on each main leaderboard:"
    links = Links.of(ctx.services.config)
    fields = [
        _headline_field(s, several_parts=len(chosen.parts) > 1, links=links) for s in headline
    ]
    footer, actions = [], ()
    if others:
        more = "category" if len(others) == 1 else "categories"
        where = (
            f"every one, month by month, at {links.law(law)}" if links.base else f"/ledger {law}"
        )
        footer.append(
            f"{len(others)} more leaderboard {more} (such as "
            f"{', '.join(dict.fromkeys(s.name for s in others[:3]))}): "
            f"the button below, or {where}."
        )
        actions = (Action(SCOPES_ACTION, law, "Every leaderboard category"),)
    footer.append(f"How is this decided? /law {law} explain")
    attachments: tuple[Attachment, ...] = ()
    png = await law_chart(ctx.services, law, stored, scopes)
    complete = png is not None
    if png:
        attachments = (Attachment(f"law-{law}.png", png, f"Law {law} over time, from the ledger"),)
    shown = [s.shown for s in headline if s.decided] or [s.shown for s in scopes if s.decided]
    return Reply(
        title=f"Law {chosen.id}: {chosen.name}",
        text=text,
        fields=tuple(fields),
        tone=overall_tone(shown),
        attachments=attachments,
        footer="\n".join(footer),
        actions=actions,
        url=links.law(law),
    ), complete


async def law_chart(
    services: Services,
    law: str,
    stored: dict[tuple[str, str], str] | None = None,
    scopes: list[ScopeView] | None = None,
) -> bytes | None:
    """Law `law`'s chart (PNG) as /law N attaches it and the web pages show it, drawn once
    per state of the ledger and data dates (in a child process: `Services.charts`); b"" when
    no leaderboard has decided a month (nothing to draw), None when it could not be drawn
    (not kept: the next caller tries again). `stored` and `scopes`: what the caller has
    read already (`data_horizons`, `scope_views`)."""
    storage = services.storage
    if stored is None:
        stored = await storage.call(data_horizons)
    key = ("chart", law, await storage.call(ledger_version), tuple(sorted(stored.items())))

    async def draw() -> bytes | None:
        shown = scopes
        if shown is None:
            parts = tuple(p.id for p in LAWS[law].parts)
            shown = scope_views(await storage.call(current_verdicts, parts), stored)
        if not any(s.decided for s in shown):
            return b""
        return await services.charts.draw(law, [v for s in shown for v in s.months])

    return await services.memo.computed(key, draw)


def _headline_field(scope: ScopeView, several_parts: bool, links: Links) -> Field:
    """One main leaderboard's latest decided month in a sentence, linking to its
    permalink (with a public web address)."""
    v = scope.shown
    name = f"{scope.name}, {v.period}"
    if several_parts:
        name = f"Law {scope.part} · {name}"
    value = plain(v)
    if not scope.decided:
        value += " No month decided yet."
    if scope.as_of:
        value += f" Data as of {scope.as_of}."
    return Field(
        name=name, value=value, url=links.verdict(v.law, v.leaderboard, v.category, v.period)
    )


async def every_scope(ctx: Context, law: str) -> Reply:
    """Every leaderboard category of one law: its latest decided month, its months' count
    and how old its data is (the button under /law N, and /ledger N)."""
    chosen = LAWS[law]
    rows = await ctx.storage.call(current_verdicts, tuple(p.id for p in chosen.parts))
    scopes = scope_views(rows, await ctx.storage.call(data_horizons))
    if not scopes:
        return Reply(
            title=f"Law {law}: every leaderboard category",
            text="No verdicts yet: the ledger has not been computed from any leaderboard.",
        )
    lines = []
    for part in chosen.parts:
        mine = [s for s in scopes if s.part == part.id]
        if len(chosen.parts) > 1 and mine:
            lines.append(f"Law {part.id}: {part.summary}")
        lines.extend(scope_line(s) for s in mine)
    shown = [s.shown for s in scopes if s.decided]
    return Reply(
        title=f"Law {law}: every leaderboard category",
        text="\n".join(lines),
        tone=overall_tone(shown),
        url=Links.of(ctx.services.config).law(law),
        footer=f"The latest decided month of each; /law {law} for the main "
        f"leaderboards in words, /law {law} explain for the rules.",
    )


def scope_line(s: ScopeView) -> str:
    """A scope in one line, as /ledger N and the law's web page show it: the status of its
    latest decided month with the tally of holds, broken and tied months and the data date; a
    scope never decided says so, with the reason."""
    counts = {x: sum(1 for v in s.months if v.status is x) for x in Status}
    tally = (
        f"{counts[Status.HOLDS]} holds, {counts[Status.BROKEN]} broken, "
        f"{counts[Status.TIED]} tied of {len(s.months)} months"
    )
    as_of = f"; data as of {s.as_of}" if s.as_of else ""
    if s.decided:
        return f"{s.name}: {s.shown.label} in {s.shown.period} ({tally}){as_of}"
    reason = s.shown.evidence.get("reason")
    return (
        f"{s.name}: undetermined in every month to {s.shown.period}"
        + (f" ({reason})" if reason else "")
        + as_of
    )


async def _scopes_action(ctx: Context, target: str, _reason: str | None) -> Reply:
    if target not in LAWS:
        return Reply.error("That button no longer does anything.")
    # Shown to whoever pressed it: a long list need not fill the channel.
    return dataclasses.replace(await every_scope(ctx, target), ephemeral=True)


SCOPES_ACTION = "law_scopes"
ACTIONS[SCOPES_ACTION] = _scopes_action


def explain(ctx: Context, law: str) -> Reply:
    """/law N explain: each part's definition under the running settings, and every [laws]
    setting, so a reader sees exactly what decides the verdicts. Reads no data."""
    chosen = LAWS[law]
    settings = ctx.services.config.laws
    fields = [
        Field(name=f"Part {p.id}: {p.summary}", value=p.definition(settings)) for p in chosen.parts
    ]
    used = ", ".join(
        f"{f.name} = {getattr(settings, f.name)!r}" for f in dataclasses.fields(settings)
    )
    return Reply(
        title=f"Law {law}: how it is decided",
        text=f"> {chosen.statement}\n— {chosen.attribution}",
        fields=(*fields, Field(name="Settings ([laws] in config.toml)", value=used)),
        footer="One month at a time, per leaderboard category, comparing scores "
        "only within one snapshot. Months in a verdict run to month-end.",
    )


async def laws(ctx: Context) -> Reply:
    """/laws: the three statements, each with the statuses of its latest decided month across
    the leaderboard scopes, and the dates the data reaches."""
    rows = await ctx.storage.call(
        current_verdicts, tuple(p.id for lw in LAWS.values() for p in lw.parts)
    )
    by_law: dict[str, list[LedgerRow]] = defaultdict(list)
    for row in rows:
        by_law[_law_id(row.verdict.law)].append(row)
    fields = tuple(
        Field(
            name=f"Law {lw.id}: {lw.name}",
            value=f"{lw.statement}\n{_status_line(by_law.get(lw.id, []))}",
        )
        for lw in LAWS.values()
    )
    return Reply(
        title="The three laws of generative-AI model evolution",
        text=f"Stated by {next(iter(LAWS.values())).attribution}. Use /law N for one law.",
        fields=(
            *fields,
            Field(name="Data as of", value=data_dates(within_horizon(r.verdict for r in rows))),
        )
        if rows
        else fields,
    )


def _law_id(part_id: str) -> str:
    return part_id.rstrip("ab")


@dataclass(frozen=True)
class ScopeView:
    """One law part on one leaderboard category: its months up to the data horizon."""

    part: str
    leaderboard: str
    category: str
    months: tuple[Verdict, ...]  # oldest first
    as_of: str | None  # the data horizon, YYYY-MM-DD

    @property
    def name(self) -> str:
        """The scope as a reader names it ('LMArena text', 'LiveBench coding')."""
        return scope_name(self.leaderboard, self.category)

    @property
    def headline(self) -> int | None:
        """The scope's place among the main leaderboards /law N leads with (HEADLINE_SCOPES), or
        None for the others."""
        return headline_rank(self.leaderboard, self.category)

    @property
    def decided(self) -> bool:
        """Whether any of its months has a status other than UNDETERMINED: only decided scopes
        count towards a law's status."""
        return any(v.status is not Status.UNDETERMINED for v in self.months)

    @property
    def shown(self) -> Verdict:
        """The latest decided month, else the latest month."""
        return next(
            (v for v in reversed(self.months) if v.status is not Status.UNDETERMINED),
            self.months[-1],
        )


def scope_views(
    rows: list[LedgerRow], stored: dict[tuple[str, str], str] | None = None
) -> list[ScopeView]:
    """Per (part, leaderboard, category), months up to the data horizon, ordered: by part,
    the headline scopes in their order, then by decided months, then by name. `stored`:
    the newest stored snapshot per scope, which a verdict recorded before it (its months
    unchanged since) does not know of."""
    verdicts = [r.verdict for r in rows]
    ends = horizons(verdicts)
    for scope, day in (stored or {}).items():
        if scope in ends and day > ends[scope]:
            ends[scope] = day
    grouped: dict[tuple[str, str, str], list[Verdict]] = defaultdict(list)
    for v in within_horizon(verdicts):
        grouped[(v.law, v.leaderboard, v.category)].append(v)
    views = [
        ScopeView(
            k[0], k[1], k[2], tuple(sorted(vs, key=lambda v: v.period)), ends.get((k[1], k[2]))
        )
        for k, vs in grouped.items()
    ]
    none = len(HEADLINE_SCOPES)
    return sorted(
        views,
        key=lambda s: (
            s.part,
            s.headline if s.headline is not None else none,
            -_decided(list(s.months)),
            s.leaderboard,
            s.category,
        ),
    )


def split_scopes(rows: list[LedgerRow]) -> tuple[list[ScopeView], list[ScopeView]]:
    """The scopes with a decided month, and those without."""
    views = scope_views(rows)
    return [s for s in views if s.decided], [s for s in views if not s.decided]


def _decided(verdicts: list[Verdict]) -> int:
    return sum(v.status is not Status.UNDETERMINED for v in verdicts)


def _status_line(rows: list[LedgerRow]) -> str:
    deciding, _ = split_scopes(rows)
    if not rows:
        return "No verdicts yet."
    if not deciding:
        return "Undetermined on every leaderboard so far."
    counts = {s: sum(1 for x in deciding if x.shown.status is s) for s in Status}
    return (
        ", ".join(f"{n} {s.lower()}" for s, n in counts.items() if n)
        + f" (latest decided month on {len(deciding)} leaderboard "
        f"scope{'s' if len(deciding) != 1 else ''})"
    )


def overall_tone(shown: list[Verdict]) -> Tone:
    """The tone of the verdicts shown together: BROKEN if any is broken, else HOLDS, else TIED,
    else UNDETERMINED; INFO when there are none. One broken scope colours the whole law."""
    statuses = {v.status for v in shown}
    for status in (Status.BROKEN, Status.HOLDS, Status.TIED):
        if status in statuses:
            return Tone(status.value)
    return Tone.UNDETERMINED if statuses else Tone.INFO


COMMANDS = (
    Command(
        "law",
        "A law: its statement, author, and whether it holds on each leaderboard",
        (
            Param("law", "which law", required=True, choices=LAW_IDS),
            Param(
                "detail",
                "explain: the definition and settings behind the verdicts",
                choices=("explain",),
            ),
        ),
        law,
    ),
    Command("laws", "The three laws and their current status", (), laws),
)
