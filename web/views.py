"""What each page shows, as plain values: pure functions of what the storage layer and the
handlers return (verdicts, data dates, counterexamples, settings) and `today`. No I/O, no
templates: the templates only lay these values out, so every fact on a page is tested
here without a server.

A verdict's words come from the same functions as the chat replies (`laws.evidence`,
`handlers.commands.law`), so a page never says something chat would not."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from feeds.registry import SOURCES
from handlers.commands.law import ScopeView, overall_tone, scope_line, scope_views
from handlers.commands.top import OPENNESS
from handlers.commands.top import size as standing_size
from handlers.counterexamples.display import OUTCOME_WORDS, credit_line
from handlers.ledger import LedgerRow, VerdictEntry
from handlers.links import (
    chart_path,
    counterexample_path,
    law_path,
    leaderboard_path,
    model_path,
    prediction_path,
    verdict_path,
)
from handlers.predictions import display as predicted
from handlers.reply import Reply
from handlers.standings import Standings
from handlers.text import neutralise
from laws import LAWS, Status, Verdict
from laws.evidence import (
    CHART_PARTS,
    LEADERBOARD_NAMES,
    chart_verdicts,
    plain_size,
    scope_name,
    score,
    sentence,
    within_horizon,
)
from laws.registry import Law
from laws.settings import LawsConfig
from storage.counterexamples import Counterexample
from storage.predictions import Prediction

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# A verdict's status in one letter (the month grid; its legend says what each means) and
# in a word (the CSS class colouring it, and the text a screen reader reads).
STATUS_CODES = {Status.HOLDS: "H", Status.BROKEN: "B", Status.TIED: "T", Status.UNDETERMINED: "U"}
STATUS_WORDS = {
    Status.HOLDS: "holds",
    Status.BROKEN: "broken",
    Status.TIED: "tied",
    Status.UNDETERMINED: "undetermined",
}
NO_VERDICT = "none"  # the CSS class of a month without a verdict


def tone_word(status: str) -> str:
    """The CSS class of a status or tone ('HOLDS (estimated)' → 'holds'; INFO → 'info')."""
    return status.split()[0].lower() if status else "info"


# --- Charts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartView:
    src: str
    alt: str  # short: what the picture is
    caption: str  # the text alternative: everything the picture says, in words


_PLOTTED = {
    "1": "The lines give, per benchmark, the best score of month t minus the best score of "
    "12 months before (below zero: the best fell).",
    "2": "The lines give the score of the best open model released by each month and of the "
    "best proprietary model released the set lag before it, with their 95% intervals.",
    "3": "The points give the total parameters of the best model of each month and of the "
    "best open model (log scale; hollow: estimated sizes); triangles mark a smaller "
    "model that matched the best (law 3a).",
}


def chart_view(law_id: str, verdicts: Iterable[Verdict]) -> ChartView | None:
    """The chart `laws.charts` draws for this law (the same scope, the same months), and
    its text alternative; None when no leaderboard has decided a month."""
    parts = CHART_PARTS[law_id]
    mine = within_horizon(v for v in verdicts if v.law in parts)
    if not any(v.status is not Status.UNDETERMINED for v in mine):
        return None
    shown = sorted(chart_verdicts(law_id, mine), key=lambda v: (v.period, v.law))
    name = scope_name(shown[0].leaderboard, shown[0].category)
    periods = sorted({v.period for v in shown})
    as_of = max((str(v.evidence.get("data_as_of") or "") for v in shown), default="")
    lines = [
        f"Law {law_id} on {name}, {periods[0]} to {periods[-1]}"
        + (f" (data as of {as_of})." if as_of else "."),
        _PLOTTED[law_id],
    ]
    for part in parts:
        months = [v for v in shown if v.law == part]
        if not months:
            continue
        counts = Counter(v.status for v in months)
        tally = ", ".join(f"{counts[s]} {STATUS_WORDS[s]}" for s in Status if counts[s])
        which = f"Law {part}" if len(parts) > 1 else "Monthly verdicts"
        lines.append(f"{which}: {tally} of {len(months)} months.")
        decided = [v for v in months if v.status is not Status.UNDETERMINED]
        if decided:
            lines.append(f"Latest decided month: {sentence(decided[-1])}")
    return ChartView(
        src=chart_path(law_id),
        alt=f"Chart of law {law_id} on {name}, month by month; described below.",
        caption=" ".join(lines),
    )


# --- The month grid ------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    period: str  # YYYY-MM, or "" before the first month / after the last
    status: str  # CSS class: holds, broken, tied, undetermined, none
    code: str  # H, B, T, U ("" without a verdict); "H*" for HOLDS (estimated)
    label: str  # the verdict as /law N names it: "HOLDS (estimated)"
    href: str


@dataclass(frozen=True)
class GridRow:
    year: str
    cells: tuple[Cell, ...]  # January to December


@dataclass(frozen=True)
class LagPoint:
    period: str
    lag: int | None  # the observed lag in months; None: open is below every proprietary
    label: str
    href: str


@dataclass(frozen=True)
class ScopeSection:
    anchor: str  # the HTML id of its heading
    part: str
    name: str
    leaderboard: str
    category: str
    leaderboard_href: str
    headline: bool  # one of the main leaderboards /law N leads with
    as_of: str | None
    summary: str  # its /ledger N line
    latest: str  # the latest decided month (else the latest month) in one sentence
    latest_href: str
    grid: tuple[GridRow, ...]
    lags: tuple[LagPoint, ...]  # law 2's observed lag series (empty for the other laws)


def anchor(*parts: str) -> str:
    """An HTML id from scope names (which may hold any character)."""
    return "-".join(
        "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in p) for p in parts
    )


def month_grid(law_id: str, months: Sequence[Verdict]) -> tuple[GridRow, ...]:
    """One row per year from the first month to the last, twelve cells each; a month
    without a verdict is an empty cell."""
    by_period = {v.period: v for v in months}
    if not by_period:
        return ()
    first, last = min(by_period), max(by_period)
    rows = []
    for year in range(int(first[:4]), int(last[:4]) + 1):
        cells = []
        for month in range(1, 13):
            period = f"{year:04d}-{month:02d}"
            v = by_period.get(period)
            if v is None:
                cells.append(
                    Cell(period if first <= period <= last else "", NO_VERDICT, "", "", "")
                )
                continue
            code = STATUS_CODES[v.status] + ("*" if v.label != str(v.status) else "")
            cells.append(
                Cell(
                    period,
                    STATUS_WORDS[v.status],
                    code,
                    v.label,
                    verdict_path(v.law, v.leaderboard, v.category, v.period),
                )
            )
        rows.append(GridRow(str(year), tuple(cells)))
    return tuple(rows)


def lag_series(months: Sequence[Verdict]) -> tuple[LagPoint, ...]:
    """Law 2's observed lag, month by month, where both sides were found."""
    return tuple(
        LagPoint(
            v.period,
            v.evidence.get("observed_lag_months"),
            v.label,
            verdict_path(v.law, v.leaderboard, v.category, v.period),
        )
        for v in months
        if v.evidence.get("open") and v.evidence.get("proprietary")
    )


def scope_section(s: ScopeView) -> ScopeSection:
    """One scope of a part on /law/{n}: its /ledger line, its latest month in a sentence linked
    to that verdict, its month grid and, for law 2, the observed lag series."""
    shown = s.shown
    return ScopeSection(
        anchor=anchor("scope", s.part, s.leaderboard, s.category),
        part=s.part,
        name=s.name,
        leaderboard=s.leaderboard,
        category=s.category,
        leaderboard_href=leaderboard_path(s.leaderboard, s.category),
        headline=s.headline is not None,
        as_of=s.as_of,
        summary=scope_line(s),
        latest=sentence(shown, s.as_of),
        latest_href=verdict_path(shown.law, shown.leaderboard, shown.category, shown.period),
        grid=month_grid(s.part, s.months),
        lags=lag_series(s.months) if s.part == "2" else (),
    )


# --- Counterexamples ------------------------------------------------------------------------


@dataclass(frozen=True)
class CreditView:
    id: int
    href: str
    law: str
    line: str  # "BROKEN by counterexample #12 (credited to …)", as /law N says it
    claim: str
    models: str
    evidence: tuple[tuple[str, str], ...]  # (text, href or "" when not an http(s) link)
    snapshot: str
    check: str
    figures: tuple[str, ...]
    submitted: str
    accepted: str


def evidence_links(text: str) -> tuple[tuple[str, str], ...]:
    """The evidence field's links (http/https only are made links; the form accepts no
    others, and what was stored before stays text)."""
    found = []
    for part in (p.strip() for p in text.replace("\n", ",").split(",")):
        if part:
            found.append((part, part if part.lower().startswith(("http://", "https://")) else ""))
    return tuple(found)


def credit_view(c: Counterexample) -> CreditView:
    """An accepted counterexample as the pages show it: what chat shows anyone (the claim,
    the models, the evidence, the check, who is credited), never who reviewed it."""
    s = c.submission
    decided = c.decided
    return CreditView(
        id=c.id,
        href=counterexample_path(c.id),
        law=s.law,
        line=credit_line(c),
        claim=s.claim,
        models=s.models,
        evidence=evidence_links(s.evidence),
        snapshot=s.snapshot,
        check=f"{OUTCOME_WORDS[c.check.outcome].capitalize()}: {c.check.summary}",
        figures=c.check.figures,
        submitted=f"{c.submitted_at:%Y-%m-%d}",
        accepted=f"{decided.at:%Y-%m-%d}" if decided else "",
    )


# --- /law/{n} -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartSection:
    id: str
    summary: str
    definition: str
    anchor: str
    scopes: tuple[ScopeSection, ...]


@dataclass(frozen=True)
class LawSummary:
    """A law in a few lines: the home page's entry, and the head of its own page."""

    id: str
    name: str
    statement: str
    attribution: str
    note: str
    href: str
    status: str  # the tone of the latest decided months: HOLDS, BROKEN, TIED, …, or NO DATA
    sentence: str  # its status in one sentence
    headline: str  # the first main leaderboard's latest decided month, in words
    chart: ChartView | None


@dataclass(frozen=True)
class LawView:
    law: LawSummary
    parts: tuple[PartSection, ...]
    credits: tuple[CreditView, ...]
    settings: tuple[tuple[str, str], ...]
    undecided: int  # scopes without a decided month (listed after the others)


_VERBS = {Status.HOLDS: "holds on", Status.BROKEN: "is broken on", Status.TIED: "is tied on"}


def _status_sentence(law: Law, scopes: list[ScopeView], credits: int) -> tuple[str, str]:
    """The law's status (the tone /law N takes) and one sentence saying where it stands."""
    if not scopes:
        return "NO DATA", f"Law {law.id} has no verdict yet: no leaderboard is stored."
    decided = [s for s in scopes if s.decided]
    status = overall_tone([s.shown for s in decided]).value if decided else "UNDETERMINED"
    if not decided:
        text = f"Law {law.id} is undetermined on every leaderboard category so far."
    else:
        counts = Counter(s.shown.status for s in decided)
        said = [f"{_VERBS[s]} {counts[s]}" for s in _VERBS if counts[s]]
        joined = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
        text = (
            f"In its latest decided month, law {law.id} {joined} of the {len(decided)} "
            "leaderboard categories that have decided one."
            if len(decided) > 1
            else f"Law {law.id} {joined.replace(' on 1', '')} in the latest decided month of "
            f"the one leaderboard category that has decided one ({decided[0].name})."
        )
    if credits:
        status = "BROKEN"
        text += (
            f" {credits} community counterexample{'s' if credits != 1 else ''} "
            f"accepted by the moderators break{'s' if credits == 1 else ''} it."
        )
    return status, text


def law_summary(
    law: Law, scopes: list[ScopeView], verdicts: Iterable[Verdict], credits: int
) -> LawSummary:
    """A law's heading on / and /law/{n}: its statement and attribution, its status with one
    sentence on where it stands (BROKEN once a counterexample is accepted), the headline scope's
    latest decided month, and its chart."""
    status, text = _status_sentence(law, scopes, credits)
    headline = next(
        (s for s in scopes if s.headline is not None and s.decided),
        next((s for s in scopes if s.decided), None),
    )
    return LawSummary(
        id=law.id,
        name=law.name,
        statement=law.statement,
        attribution=law.attribution,
        note=law.note,
        href=law_path(law.id),
        status=status,
        sentence=text,
        headline=sentence(headline.shown, headline.as_of) if headline else "",
        chart=chart_view(law.id, verdicts),
    )


def law_view(
    law: Law,
    rows: list[LedgerRow],
    stored: dict[tuple[str, str], str],
    credits: Sequence[Counterexample],
    settings: LawsConfig,
) -> LawView:
    """/law/{n}: every scope as a month grid (the main leaderboards first), law 2's lag
    series, the accepted counterexamples, the definitions and the settings."""
    scopes = scope_views(rows, stored)
    parts = []
    for part in law.parts:
        mine = [s for s in scopes if s.part == part.id]
        ordered = [s for s in mine if s.decided] + [s for s in mine if not s.decided]
        parts.append(
            PartSection(
                part.id,
                part.summary,
                part.definition(settings),
                anchor("part", part.id),
                tuple(scope_section(s) for s in ordered),
            )
        )
    return LawView(
        law=law_summary(law, scopes, [r.verdict for r in rows], len(credits)),
        parts=tuple(parts),
        credits=tuple(credit_view(c) for c in credits),
        settings=tuple(
            (f.name, json.dumps(getattr(settings, f.name))) for f in dataclasses.fields(settings)
        ),
        undecided=sum(not s.decided for s in scopes),
    )


# --- / ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataAge:
    leaderboard: str
    title: str
    href: str
    newest: str  # YYYY-MM-DD
    days_old: int
    categories: int
    oldest_category: str  # "" when every category reaches `newest`
    oldest: str


@dataclass(frozen=True)
class HomeView:
    laws: tuple[LawSummary, ...]
    ages: tuple[DataAge, ...]
    attribution: str


def data_ages(stored: dict[tuple[str, str], str], today: date) -> tuple[DataAge, ...]:
    """How old each leaderboard's data is: its newest snapshot, and its oldest category
    where they differ (the leaderboards in /law N's order)."""
    by_board: dict[str, dict[str, str]] = defaultdict(dict)
    for (board, category), day in stored.items():
        by_board[board][category] = day
    order = list(LEADERBOARD_NAMES)
    ages = []
    for board in sorted(by_board, key=lambda b: (order.index(b) if b in order else 99, b)):
        days = by_board[board]
        newest = max(days.values())
        oldest = min(days, key=lambda c: (days[c], c))
        ages.append(
            DataAge(
                leaderboard=board,
                title=SOURCES[board].title if board in SOURCES else board,
                href=leaderboard_path(board),
                newest=newest,
                days_old=(today - date.fromisoformat(newest)).days,
                categories=len(days),
                oldest_category=oldest if days[oldest] != newest else "",
                oldest=days[oldest],
            )
        )
    return tuple(ages)


def home_view(
    rows: list[LedgerRow], stored: dict[tuple[str, str], str], credits: dict[str, int], today: date
) -> HomeView:
    """/: each law with its status in one sentence and its chart, and how old each
    leaderboard's data is. `credits`: accepted counterexamples per law."""
    laws = []
    for law in LAWS.values():
        parts = {p.id for p in law.parts}
        mine = [r for r in rows if r.verdict.law in parts]
        laws.append(
            law_summary(
                law, scope_views(mine, stored), [r.verdict for r in mine], credits.get(law.id, 0)
            )
        )
    return HomeView(tuple(laws), data_ages(stored, today), next(iter(LAWS.values())).attribution)


# --- /law/{n}/{leaderboard}/{category}/{YYYY-MM} ------------------------------------------------


@dataclass(frozen=True)
class ModelRow:
    role: str
    name: str
    href: str
    score: str  # with its 95% interval where the leaderboard gives one
    rank: str
    openness: str
    params_total: str
    params_active: str
    released: str


@dataclass(frozen=True)
class FactRow:
    model: str
    fact: str
    value: str
    provenance: str
    source: str


@dataclass(frozen=True)
class DeltaRow:
    benchmark: str
    new: str
    old: str
    delta: str
    worst: bool


@dataclass(frozen=True)
class HistoryRow:
    recorded_at: str
    status: str
    tone: str
    previous: str
    reason: str
    superseded_at: str  # "" while current


@dataclass(frozen=True)
class PartVerdict:
    part: str
    summary: str
    current: bool  # False: only superseded rows are left (a month the ledger retired)
    status: str  # its label
    tone: str
    sentence: str
    models: tuple[ModelRow, ...]
    facts: tuple[FactRow, ...]
    deltas: tuple[DeltaRow, ...]
    details: tuple[tuple[str, str], ...]
    definition: str
    history: tuple[HistoryRow, ...]


@dataclass(frozen=True)
class VerdictView:
    law_id: str
    law_name: str
    statement: str
    law_href: str
    scope: str
    leaderboard: str
    category: str
    leaderboard_href: str
    period: str
    month: str  # "March 2024"
    parts: tuple[PartVerdict, ...]


# Where in a verdict's evidence a model is, and who it is, in words ({period}, {before}…
# from the evidence and the verdict).
_ROLES = {
    "open": "best open model released by {period}",
    "proprietary": "best proprietary model released by {earlier}",
    "b0": "best by {window_start} (B0)",
    "b1": "best by {period} (B1)",
    "best": "best model by {period}",
    "smaller": "smaller model that matches it",
    "best_before": "best model by {before}",
    "open_proxy.best": "best open model by {period} (proxy)",
    "open_proxy.best_before": "best open model by {before} (proxy)",
}
_DETAILS = {
    "data_as_of": "Data as of (the leaderboard category's newest snapshot)",
    "snapshot_date": "Snapshot that decided it",
    "snapshot_source": "Snapshot source file",
    "snapshot_label": "Snapshot label (its file's own date)",
    "snapshot_dated_by": "Snapshot dated by",
    "reason": "Reason",
    "observed_lag_months": "Observed lag (months)",
    "lag_setting_months": "Lag setting (months)",
    "open_means": "Open means",
    "unknown_openness": "Models of unknown openness left out",
    "window_start": "Window start",
    "window_end": "Window end",
    "before": "Compared with the month",
    "estimated": "Rests on an estimated size",
    "size_basis": "Sizes used",
    "min_size_gap": "Size gap needed",
    "untested_benchmarks": "Benchmarks that tested nothing (the same best on both sides)",
}
_FACTS = (
    ("openness", "openness"),
    ("params_total", "total parameters"),
    ("params_active", "active parameters"),
    ("released", "release date"),
)


def _is_model(value: Any) -> bool:
    return isinstance(value, dict) and "name" in value and "score" in value


def _models(evidence: dict[str, Any], prefix: str = "") -> list[tuple[str, dict[str, Any]]]:
    """(where, model) for every model the evidence cites, in its order."""
    found = []
    for key, value in evidence.items():
        where = f"{prefix}{key}"
        if _is_model(value):
            found.append((where, value))
        elif isinstance(value, list) and value and all(_is_model(m) for m in value):
            found.extend((where, m) for m in value)
        elif (
            isinstance(value, dict) and key != "worst" and any(_is_model(v) for v in value.values())
        ):
            found.extend(_models(value, f"{where}."))
    return found


def _fact_value(name: str, fact: dict[str, Any] | None) -> str:
    if not fact:
        return "unknown"
    value = fact.get("value")
    if name == "openness":
        return OPENNESS.get(str(value), str(value))
    if name.startswith("params") and isinstance(value, int | float):
        return plain_size(value)
    return str(value)


def _released(fact: dict[str, Any] | None) -> str:
    if not fact:
        return "unknown"
    if fact.get("provenance") == "first_listed":
        return f"first listed {fact.get('value')}"
    return str(fact.get("value"))


def _months_before(period: str, months: int) -> str:
    index = int(period[:4]) * 12 + int(period[5:7]) - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _number(x: float) -> str:
    return f"{x:.0f}" if abs(x) >= 100 else f"{x:.1f}"


def model_rows(
    cited: Iterable[tuple[str, dict[str, Any]]],
) -> tuple[tuple[ModelRow, ...], tuple[FactRow, ...]]:
    """The models an evidence cites, (role, model) each, as table rows: their scores and
    intervals, and every catalog fact used with its provenance and source."""
    models, facts = [], []
    for role, m in cited:
        key = str(m.get("catalog_key") or m.get("key") or m.get("name"))
        models.append(
            ModelRow(
                role=role,
                name=str(m.get("name")),
                href=model_path(key),
                score=score(m),
                rank=str(m.get("rank") or ""),
                openness=_fact_value("openness", m.get("openness")),
                params_total=_fact_value("params_total", m.get("params_total")),
                params_active=_fact_value("params_active", m.get("params_active")),
                released=_released(m.get("released")),
            )
        )
        for field, label in _FACTS:
            fact = m.get(field)
            if fact:
                facts.append(
                    FactRow(
                        str(m.get("name")),
                        label,
                        _fact_value(field, fact),
                        str(fact.get("provenance", "")).replace("_", " "),
                        str(fact.get("source") or ""),
                    )
                )
    return tuple(models), tuple(facts)


def part_verdict(entries: Sequence[VerdictEntry]) -> PartVerdict:
    """One law part's verdict for the month: the current one (else the last recorded),
    its evidence laid out, and every row the ledger recorded for it."""
    current = next((e for e in reversed(entries) if e.current), None)
    shown = (current or entries[-1]).row.verdict
    e = shown.evidence
    names = {
        "period": shown.period,
        "before": e.get("before", ""),
        "window_start": e.get("window_start", ""),
        "earlier": _months_before(shown.period, int(e.get("lag_setting_months") or 0)),
    }
    models, facts = model_rows(
        (_ROLES.get(where, where.replace("_", " ")).format(**names), m) for where, m in _models(e)
    )
    worst = (e.get("worst") or {}).get("benchmark")
    deltas = tuple(
        DeltaRow(
            d["benchmark"],
            f"{d['new_model']} {_number(d['new_score'])} (released {d.get('new_released', '?')})",
            f"{d['old_model']} {_number(d['old_score'])} (released {d.get('old_released', '?')})",
            f"{d['delta']:+.2f}",
            d["benchmark"] == worst,
        )
        for d in e.get("deltas") or []
    )
    details = []
    for key, value in e.items():
        if key in ("deltas", "worst") or _is_model(value) or key in dict(_models(e)):
            continue
        if isinstance(value, dict) and any(_is_model(v) for v in value.values()):
            continue
        shown_value = (
            ", ".join(map(str, value))
            if isinstance(value, list)
            else (
                "yes"
                if value is True
                else "no"
                if value is False
                else "none"
                if value is None
                else str(value)
                if not isinstance(value, dict)
                else json.dumps(value, ensure_ascii=False)
            )
        )
        details.append((_DETAILS.get(key, key.replace("_", " ")), shown_value))
    history = tuple(
        HistoryRow(
            recorded_at=x.row.computed_at,
            status=x.row.verdict.label,
            tone=tone_word(x.row.verdict.label),
            previous=x.row.previous_status or "",
            reason=x.row.reason,
            superseded_at=x.superseded_at or "",
        )
        for x in entries
    )
    part = next(p for lw in LAWS.values() for p in lw.parts if p.id == shown.law)
    return PartVerdict(
        part=shown.law,
        summary=part.summary,
        current=current is not None,
        status=shown.label,
        tone=tone_word(shown.label),
        sentence=sentence(shown),
        models=models,
        facts=facts,
        deltas=deltas,
        details=tuple(details),
        definition=shown.definition,
        history=history,
    )


def verdict_view(
    law: Law, leaderboard: str, category: str, period: str, entries: Sequence[VerdictEntry]
) -> VerdictView:
    """The permalink of one verdict (`entries`: `handlers.ledger.verdict_history` of the
    law's parts, not empty)."""
    by_part: dict[str, list[VerdictEntry]] = defaultdict(list)
    for x in entries:
        by_part[x.row.verdict.law].append(x)
    year, month = int(period[:4]), int(period[5:7])
    return VerdictView(
        law_id=law.id,
        law_name=law.name,
        statement=law.statement,
        law_href=law_path(law.id),
        scope=scope_name(leaderboard, category),
        leaderboard=leaderboard,
        category=category,
        leaderboard_href=leaderboard_path(leaderboard, category),
        period=period,
        month=f"{MONTH_NAMES[month - 1]} {year}",
        parts=tuple(part_verdict(by_part[p.id]) for p in law.parts if p.id in by_part),
    )


# --- Replies (announcements, the model card) ------------------------------------------------


@dataclass(frozen=True)
class ReplyView:
    """A chat reply laid out as a page section: the same words, nothing added."""

    title: str
    tone: str
    text: str
    fields: tuple[tuple[str, str], ...]
    footer: str
    href: str
    when: str


def reply_view(reply: Reply, href: str = "", when: str = "") -> ReplyView:
    """A chat reply as a page section, word for word (the template escapes it), with the
    permalink `href` and `when` it was made, if any: the model card and the announcements."""
    return ReplyView(
        reply.title,
        tone_word(reply.tone.value),
        reply.text,
        tuple((f.name, f.value) for f in reply.fields),
        reply.footer,
        href,
        when,
    )


# --- /predictions and /predictions/{n} -------------------------------------------------------


@dataclass(frozen=True)
class PredictionRow:
    """A prediction in the list, in /predictions' words, with where it stands."""

    id: int
    href: str
    status: str  # open, YES, NO, withdrawn, voided
    tone: str  # the CSS class of its status
    deadline: str
    sentence: str
    byline: str  # who stated it (their name inert) and the day
    status_line: str  # as /prediction N says it: how it resolved, or the void's reason


@dataclass(frozen=True)
class PredictionView:
    """One prediction as /prediction N shows it to everyone (no buttons), its evidence
    laid out as tables."""

    id: int
    title: str
    status: str
    tone: str
    sentence: str
    scope: str
    scope_href: str
    fields: tuple[tuple[str, str], ...]  # the claim as stated, who and when, confidence, status
    footer: str  # the scope, how far the data reached, when resolved, the canonical form
    evidence: tuple[str, ...]  # why, the deciding snapshot and its source file
    snapshot_href: str  # the standings in the deciding snapshot ("" before a resolution)
    models: tuple[ModelRow, ...]
    facts: tuple[FactRow, ...]


def prediction_row(p: Prediction) -> PredictionRow:
    """A prediction as a row of /predictions, the author's sentence, byline and status line with
    mentions broken (`neutralise`)."""
    return PredictionRow(
        id=p.id,
        href=prediction_path(p.id),
        status=predicted.status_word(p),
        tone=tone_word(predicted.tone(p).value),
        deadline=p.stated.deadline.isoformat(),
        sentence=neutralise(p.stated.sentence),
        byline=neutralise(predicted.byline(p)),
        status_line=neutralise(predicted.status_line(p)),
    )


def prediction_view(p: Prediction) -> PredictionView:
    """/predictions/{n}: what /prediction N shows everyone, without its buttons, the evidence as
    tables of models and facts, and a link to the standings in the deciding snapshot (none
    before a resolution)."""
    reply = predicted.detail(p, may_withdraw=False, may_void=False, evidence=False)
    e = p.evidence
    shown_on = e.get("snapshot_label") or e.get("snapshot_date")
    models, facts = model_rows(predicted.evidence_models(e))
    return PredictionView(
        id=p.id,
        title=reply.title,
        status=predicted.status_word(p),
        tone=tone_word(reply.tone.value),
        sentence=reply.text,
        scope=scope_name(p.stated.leaderboard, p.stated.category),
        scope_href=leaderboard_path(p.stated.leaderboard, p.stated.category),
        fields=tuple((f.name, f.value) for f in reply.fields),
        footer=reply.footer,
        evidence=tuple(neutralise(line) for line in predicted.evidence_lines(e)),
        snapshot_href=leaderboard_path(
            p.stated.leaderboard, p.stated.category, date.fromisoformat(shown_on)
        )
        if shown_on
        else "",
        models=models,
        facts=facts,
    )


# --- /leaderboards/{id}[/{category}] -----------------------------------------------------------


@dataclass(frozen=True)
class StandingRow:
    rank: int
    name: str
    href: str
    score: str
    openness: str
    size: str
    released: str


@dataclass(frozen=True)
class StandingsView:
    leaderboard: str
    title: str
    category: str
    snapshot: str  # the date of the snapshot shown
    data_as_of: str  # the category's newest snapshot
    days_old: int
    rows: tuple[StandingRow, ...]
    categories: tuple[tuple[str, str, bool], ...]  # (name, href, the one shown)


def standings_view(
    found: Standings, known: Sequence[str], stored: dict[tuple[str, str], str], today: date
) -> StandingsView:
    """A leaderboard category's standings in one snapshot, as /top gives them (openness
    and size from the catalog, else the listing), with how old the data is."""
    newest = stored.get((found.leaderboard, found.category), found.snapshot.isoformat())
    return StandingsView(
        leaderboard=found.leaderboard,
        title=SOURCES[found.leaderboard].title
        if found.leaderboard in SOURCES
        else found.leaderboard,
        category=found.category,
        snapshot=found.snapshot.isoformat(),
        data_as_of=newest,
        days_old=(today - date.fromisoformat(newest)).days,
        rows=tuple(
            StandingRow(
                rank=s.rank,
                name=s.model,
                href=model_path(s.key),
                score=score({"score": s.score, "ci_low": s.ci_low, "ci_high": s.ci_high}),
                openness=OPENNESS.get(s.openness or "", "unknown"),
                size=standing_size(s),
                released=s.released.isoformat() if s.released else "unknown",
            )
            for s in found.entries
        ),
        categories=tuple(
            (c, leaderboard_path(found.leaderboard, c), c == found.category) for c in known
        ),
    )
