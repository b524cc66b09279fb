"""A verdict's key evidence in one line, for chat replies and the command line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from laws.verdict import Status, Verdict


def score(m: dict[str, Any]) -> str:
    """'1240 ± 4', '1240 (+3/−4)', or '78.2' without an interval."""
    digits = 0 if abs(m["score"]) >= 100 else 1
    s = m["score"]
    text = f"{s:.{digits}f}"
    if m.get("ci_low") is None or m.get("ci_high") is None:
        return text
    up, down = m["ci_high"] - s, s - m["ci_low"]
    if abs(up - down) < 10**-digits / 2:
        return f"{text} ± {up:.{digits}f}"
    return f"{text} (+{up:.{digits}f}/−{down:.{digits}f})"


def size(m: dict[str, Any] | None) -> str:
    """A model's size from its evidence (`Placed.evidence`): total parameters as '70B', marked '
    (estimated)' when estimated, then the active parameters of a mixture-of-experts ('1.8T, 280B
    active'); 'size unknown' without a total."""
    total = (m or {}).get("params_total")
    if not total:
        return "size unknown"
    text = f"{_billions(total['value'])}"
    if total["provenance"] == "estimated":
        text += " (estimated)"
    active = (m or {}).get("params_active")
    if active:
        text += f", {_billions(active['value'])} active"
    return text


def released(m: dict[str, Any]) -> str:
    """A model's date from its evidence: 'released 2024-05-13', or 'first listed 2024-05-13'
    when the only date is its first listing on the leaderboard, so the reader can tell the two
    apart; 'release date unknown' without one."""
    r = m.get("released")
    if not r:
        return "release date unknown"
    return (
        f"first listed {r['value']}"
        if r["provenance"] == "first_listed"
        else f"released {r['value']}"
    )


def key_evidence(v: Verdict) -> str:
    """The facts that decided the verdict, in the part's own terms (law 2: open against
    proprietary with scores and the observed lag; law 3a: the best and the smaller model that
    matched it, …), then the leaderboard and snapshot date. Where the part has nothing to show,
    the verdict's reason stands in. `main.py ledger` prints one per verdict."""
    e = v.evidence
    where = f"{v.leaderboard} {e['snapshot_date']}" if e.get("snapshot_date") else ""
    line = {"1": _law1, "2": _law2, "3a": _law3a, "3b": _law3b}.get(v.law, lambda _: "")(v)
    if not line:
        line = e.get("reason", "")
    return "; ".join(x for x in (line, where) if x)


def _law2(v: Verdict) -> str:
    e = v.evidence
    o, p = e.get("open"), e.get("proprietary")
    if not (o and p):
        return ""
    lag = e.get("observed_lag_months")
    seen = (
        f"observed lag {lag} months" if lag is not None else "open is below every proprietary model"
    )
    by = _months_before(v.period, int(e.get("lag_setting_months", 6)))
    return (
        f"best open by {v.period} {o['name']} {score(o)} vs best proprietary released "
        f"by {by} {p['name']} {score(p)} ({released(p)}); {seen}"
    )


def _law1(v: Verdict) -> str:
    e = v.evidence
    if e.get("worst"):
        w = e["worst"]
        return (
            f"{w['benchmark']}: {w['new_model']} {w['new_score']:g} (released "
            f"{w['new_released']}) vs {w['old_model']} {w['old_score']:g} (released "
            f"{w['old_released']}), Δ {w['delta']:+g}"
        )
    deltas = e.get("deltas") or []
    if not deltas or e.get("reason"):
        return ""
    low = min(deltas, key=lambda d: d["delta"])
    new = ", ".join(m["name"] for m in e["b1"])
    old = ", ".join(m["name"] for m in e["b0"])
    return (
        f"best {new} vs best of {e['window_start']} {old}: smallest Δ "
        f"{low['delta']:+g} ({low['benchmark']}) over {len(deltas)} benchmarks"
    )


def _law3a(v: Verdict) -> str:
    e = v.evidence
    best = e.get("best")
    if not best:
        return ""
    head = f"best {best['name']} ({size(best)}, {released(best)})"
    if e.get("smaller"):
        s = e["smaller"]
        return f"{s['name']} {score(s)} ({size(s)}, {released(s)}) matches {head} {score(best)}"
    return f"{head}: {e.get('reason', '')}"


def _law3b(v: Verdict) -> str:
    e = v.evidence
    now, before = e.get("best"), e.get("best_before")
    if not (now and before):
        return ""
    line = f"best {now['name']} ({size(now)}) vs {before['name']} ({size(before)}) in {e['before']}"
    if e.get("reason"):
        line += f" — {e['reason']}"
    proxy = (e.get("open_proxy") or {}).get("best")
    if proxy:
        line += f"; open proxy {proxy['name']} ({size(proxy)})"
    return line


def _billions(value: int) -> str:
    return plain_size(value)


def plain_size(value: float) -> str:
    """A parameter count as people write it: 500M, 7.2B, 70B, 405B, 1.8T."""
    if value >= 1e12:
        return f"{value / 1e12:.3g}T"
    if value >= 1e10:
        return f"{value / 1e9:.0f}B"
    if value >= 1e9:
        return f"{value / 1e9:.2g}B"
    return f"{value / 1e6:.3g}M"


# --- Plain sentences for chat: the headline of /law N ------------------------------------

# The scopes /law N leads with, in this order; every other category is shown on demand.
HEADLINE_SCOPES: tuple[tuple[str, str], ...] = (
    ("arena", "overall"),
    ("epoch-eci", "overall"),
    ("livebench", "overall"),
    ("mmlu", "overall"),
    ("helm-lite", "mmlu"),
    ("open-llm-v2", "overall"),
    ("open-llm-v1", "overall"),
)
LEADERBOARD_NAMES = {
    "arena": "LMArena",
    "epoch-eci": "Epoch ECI",
    "livebench": "LiveBench",
    "mmlu": "MMLU",
    "helm-lite": "HELM Lite",
    "open-llm-v2": "Open LLM v2",
    "open-llm-v1": "Open LLM v1",
}
_SCOPE_NAMES = {("arena", "overall"): "LMArena text", ("helm-lite", "mmlu"): "HELM Lite MMLU"}


def scope_name(leaderboard: str, category: str) -> str:
    """'LMArena text', 'Epoch ECI', 'LMArena coding': how a reader names a scope."""
    if (leaderboard, category) in _SCOPE_NAMES:
        return _SCOPE_NAMES[(leaderboard, category)]
    board = LEADERBOARD_NAMES.get(leaderboard, leaderboard)
    return board if category == "overall" else f"{board} {category.replace('_', ' ')}"


# The parts each law's chart shows (laws.charts): the plotted part first (its evidence is
# drawn), every part gets a strip of monthly verdicts.
CHART_PARTS = {"1": ("1",), "2": ("2",), "3": ("3b", "3a")}


def primary_scope(verdicts: Iterable[Verdict]) -> tuple[str, str] | None:
    """The headline scope with a decided month (LMArena text first), else the first headline
    scope with any verdict, else the scope with the most decided months (ties: by name)."""
    decided: Counter[tuple[str, str]] = Counter()
    for v in verdicts:
        decided[(v.leaderboard, v.category)] += v.status is not Status.UNDETERMINED
    if not decided:
        return None
    for scope in HEADLINE_SCOPES:
        if decided.get(scope):
            return scope
    for scope in HEADLINE_SCOPES:
        if scope in decided:
            return scope
    return min(decided, key=lambda s: (-decided[s], s))


def chart_verdicts(law_id: str, verdicts: Iterable[Verdict]) -> list[Verdict]:
    """What law `law_id`'s chart shows (`laws.charts`, the web page's text alternative):
    the verdicts of its CHART_PARTS in its primary scope, none after the scope's data
    horizon. Choosing them again from this list gives this list."""
    parts = CHART_PARTS[law_id]
    mine = within_horizon(v for v in verdicts if v.law in parts)
    scope = primary_scope(mine)
    return [v for v in mine if (v.leaderboard, v.category) == scope]


def headline_rank(leaderboard: str, category: str) -> int | None:
    """The scope's place among the headline scopes (None: not a headline scope)."""
    try:
        return HEADLINE_SCOPES.index((leaderboard, category))
    except ValueError:
        return None


def data_as_of(v: Verdict) -> str | None:
    """The scope's data horizon as the verdict records it (YYYY-MM-DD), else the date of
    its deciding snapshot."""
    e = v.evidence
    return e.get("data_as_of") or e.get("snapshot_date")


def sentence(v: Verdict, as_of: str | None = None) -> str:
    """'LMArena text, 2025-12: HOLDS — the best open model by 2025-12 (…) beats … Data as
    of 2025-12-11.' One verdict in words a reader can check at a glance."""
    as_of = as_of or data_as_of(v)
    text = f"{scope_name(v.leaderboard, v.category)}, {v.period}: {plain(v)}"
    return text + (f" Data as of {as_of}." if as_of else "")


def plain(v: Verdict) -> str:
    """'HOLDS — the comparison, in words.' (without the scope and the data date)."""
    words = {"1": _plain1, "2": _plain2, "3a": _plain3a, "3b": _plain3b}.get(v.law, lambda _: "")(
        v
    ) or _reason(v)
    return f"{v.label} — {words}." if words else f"{v.label}."


def _reason(v: Verdict) -> str:
    return str(v.evidence.get("reason") or "")


def _months_before(period: str, months: int) -> str:
    year, month = (int(x) for x in period.split("-"))
    index = year * 12 + month - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _who(m: dict[str, Any], *, with_score: bool = True, with_size: bool = False) -> str:
    bits = [str(m.get("name") or m.get("key") or "?")]
    if with_size:
        bits.append(plain_model_size(m))
    if with_score and m.get("score") is not None:
        bits.append(score(m))
    return ", ".join(bits)


def plain_model_size(m: dict[str, Any] | None) -> str:
    """'70B', '1.8T (estimated)' or 'size unknown': total parameters only."""
    total = (m or {}).get("params_total")
    if not total:
        return "size unknown"
    text = plain_size(total["value"])
    return text + (" (estimated)" if total.get("provenance") == "estimated" else "")


def _plain2(v: Verdict) -> str:
    e = v.evidence
    o, p = e.get("open"), e.get("proprietary")
    lag = e.get("lag_setting_months", v.lag_months if v.lag_months is not None else 6)
    earlier = _months_before(v.period, int(lag))
    o_text = f"the best open model by {v.period}" + (f" ({_who(o)})" if o else "")
    p_text = f"the best proprietary model released by {earlier}" + (f" ({_who(p)})" if p else "")
    verb = {Status.HOLDS: "beats", Status.BROKEN: "falls below", Status.TIED: "ties with"}.get(
        v.status
    )
    if verb and o and p:
        tail = (
            " (their intervals overlap)"
            if v.status is Status.TIED and o.get("ci_low") is not None
            else ""
        )
        return f"{o_text} {verb} {p_text}{tail}"
    reason = _reason(v)
    if o and p:
        return f"{o_text} vs {p_text}: {reason}" if reason else f"{o_text} vs {p_text}"
    return reason


def _number(x: float, sign: bool = False) -> str:
    digits = 0 if abs(x) >= 100 else 1
    return f"{x:+.{digits}f}" if sign else f"{x:.{digits}f}"


def _names(models: list[dict[str, Any]], most: int = 3) -> str:
    """'A / B / C and 2 more': the models tied for best (intervals overlapping rank 1)."""
    names = [str(m.get("name") or m.get("key")) for m in models]
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return " / ".join(names[:most]) + more


def _plain1(v: Verdict) -> str:
    e = v.evidence
    start = e.get("window_start") or ""
    b0, b1 = e.get("b0") or [], e.get("b1") or []
    new = f"the best model by {v.period}" + (f" ({_names(b1)})" if b1 else "")
    old = f"the best model by {start}" + (f" ({_names(b0)})" if b0 else "")
    deltas = e.get("deltas") or []
    if v.status is Status.BROKEN and e.get("worst"):
        w = e["worst"]
        return (
            f"{new} falls behind {old} on {w['benchmark']} ({w['new_model']} "
            f"{_number(w['new_score'])} vs {w['old_model']} {_number(w['old_score'])})"
        )
    if v.status is Status.HOLDS and deltas:
        low = min(deltas, key=lambda d: d["delta"])
        return (
            f"{new} matches or beats {old} on all {len(deltas)} shared benchmarks "
            f"(smallest gain {_number(low['delta'], sign=True)}, {low['benchmark']})"
        )
    reason = _reason(v)
    if b0 and b1 and _names(b0) == _names(b1):
        return (
            f"the best model by {v.period} ({_names(b1)}) was already the best by "
            f"{start}: law 1 was not tested"
        )
    if b0 and b1:
        return f"{new} vs {old}: {reason}" if reason else f"{new} vs {old}"
    return reason


def _plain3a(v: Verdict) -> str:
    e = v.evidence
    best, smaller = e.get("best"), e.get("smaller")
    if not best:
        return _reason(v)
    within = ""
    if e.get("window_end"):
        months = (int(e["window_end"][:4]) * 12 + int(e["window_end"][5:7])) - (
            int(v.period[:4]) * 12 + int(v.period[5:7])
        )
        within = f" within {months} months"
    best_text = f"{best.get('name')} ({plain_model_size(best)}, the best by {v.period})"
    if v.status is Status.HOLDS and smaller:
        return (
            f"a model of {plain_model_size(smaller)} released{within} "
            f"({smaller.get('name')}, {released(smaller)}) matches {best_text}: "
            f"{score(smaller)} vs {score(best)}"
        )
    if v.status is Status.BROKEN:
        return f"no model smaller than {best_text} matched it{within}"
    reason = _reason(v)
    if reason and str(best.get("name")) in reason:  # the reason names the best already
        return f"{reason} (the best by {v.period})"
    return f"{reason} ({best_text})" if reason else best_text


def _plain3b(v: Verdict) -> str:
    e = v.evidence
    now, before = e.get("best"), e.get("best_before")
    when = e.get("before") or ""
    verb = {
        Status.HOLDS: "is bigger than",
        Status.BROKEN: "is smaller than",
        Status.TIED: "is the same size as",
    }.get(v.status)
    if now and before:
        now_text = f"the best model by {v.period} ({now.get('name')}, {plain_model_size(now)})"
        old_text = f"the best by {when} ({before.get('name')}, {plain_model_size(before)})"
        if verb:
            return f"{now_text} {verb} {old_text}"
        if now.get("catalog_key") and now.get("catalog_key") == before.get("catalog_key"):
            return (
                f"the best model by {v.period} ({now.get('name')}) was already the best "
                f"by {when}: its growth was not tested"
            )
        reason = _reason(v)
        return f"{now_text} vs {old_text}: {reason}" if reason else f"{now_text} vs {old_text}"
    return _reason(v)


def horizons(verdicts: Iterable[Verdict]) -> dict[tuple[str, str], str]:
    """Each scope's data horizon (YYYY-MM-DD): the newest data date its verdicts record."""
    found: dict[tuple[str, str], str] = {}
    for v in verdicts:
        day = data_as_of(v)
        scope = (v.leaderboard, v.category)
        if day and day > found.get(scope, ""):
            found[scope] = day
    return found


def within_horizon(verdicts: Iterable[Verdict]) -> list[Verdict]:
    """The verdicts whose month is not after their scope's data horizon: nothing after the
    data ends is known, whatever months an older ledger still holds."""
    verdicts = list(verdicts)
    ends = horizons(verdicts)
    return [
        v
        for v in verdicts
        if (v.leaderboard, v.category) not in ends
        or v.period <= ends[(v.leaderboard, v.category)][:7]
    ]


def data_age(days: dict[str, str]) -> str:
    """'data as of 2025-12-11' (the newest snapshot of any category; the oldest category
    named where they differ), or 'no data stored yet'. `days`: category → date."""
    if not days:
        return "no data stored yet"
    newest = max(days.values())
    oldest = min(days, key=lambda c: (days[c], c))
    text = f"data as of {newest}"
    return text + (f" ({oldest}: {days[oldest]})" if days[oldest] != newest else "")


def data_dates(verdicts: Iterable[Verdict]) -> str:
    """'LMArena: data as of 2025-12-11' per leaderboard of these verdicts, one a line."""
    by_board: dict[str, dict[str, str]] = {}
    for (board, category), day in horizons(verdicts).items():
        by_board.setdefault(board, {})[category] = day
    order = list(LEADERBOARD_NAMES)
    return (
        "\n".join(
            f"{LEADERBOARD_NAMES.get(board, board)}: {data_age(by_board[board])}"
            for board in sorted(by_board, key=lambda b: (order.index(b) if b in order else 99, b))
        )
        or "unknown"
    )
