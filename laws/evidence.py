"""A verdict's key evidence in one line, for chat replies and the command line."""

from __future__ import annotations

from typing import Any

from laws.verdict import Verdict


def score(m: dict[str, Any]) -> str:
    """'1240 ± 4', '1240 (+3/−4)', or '78.2' without an interval."""
    digits = 0 if abs(m["score"]) >= 100 else 1
    s = m["score"]
    text = f"{s:.{digits}f}"
    if m.get("ci_low") is None or m.get("ci_high") is None:
        return text
    up, down = m["ci_high"] - s, s - m["ci_low"]
    if abs(up - down) < 10 ** -digits / 2:
        return f"{text} ± {up:.{digits}f}"
    return f"{text} (+{up:.{digits}f}/−{down:.{digits}f})"


def size(m: dict[str, Any] | None) -> str:
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
    r = m.get("released")
    if not r:
        return "release date unknown"
    return f"first listed {r['value']}" if r["provenance"] == "first_listed" \
        else f"released {r['value']}"


def key_evidence(v: Verdict) -> str:
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
    seen = f"observed lag {lag} months" if lag is not None else "open is below every " \
        "proprietary model"
    return (f"open {o['name']} {score(o)} vs proprietary {p['name']} {score(p)}, "
            f"released ≥ {e['lag_setting_months']} months earlier ({released(p)}); {seen}")


def _law1(v: Verdict) -> str:
    e = v.evidence
    if e.get("worst"):
        w = e["worst"]
        return (f"{w['benchmark']}: {w['new_model']} {w['new_score']:g} (released "
                f"{w['new_released']}) vs {w['old_model']} {w['old_score']:g} (released "
                f"{w['old_released']}), Δ {w['delta']:+g}")
    deltas = e.get("deltas") or []
    if not deltas or e.get("reason"):
        return ""
    low = min(deltas, key=lambda d: d["delta"])
    new = ", ".join(m["name"] for m in e["b1"])
    old = ", ".join(m["name"] for m in e["b0"])
    return (f"best {new} vs best of {e['window_start']} {old}: smallest Δ "
            f"{low['delta']:+g} ({low['benchmark']}) over {len(deltas)} benchmarks")


def _law3a(v: Verdict) -> str:
    e = v.evidence
    best = e.get("best")
    if not best:
        return ""
    head = f"best {best['name']} ({size(best)}, {released(best)})"
    if e.get("smaller"):
        s = e["smaller"]
        return (f"{s['name']} {score(s)} ({size(s)}, {released(s)}) matches {head} "
                f"{score(best)}")
    return f"{head}: {e.get('reason', '')}"


def _law3b(v: Verdict) -> str:
    e = v.evidence
    now, before = e.get("best"), e.get("best_before")
    if not (now and before):
        return ""
    line = f"best {now['name']} ({size(now)}) vs {before['name']} ({size(before)}) in " \
           f"{e['before']}"
    if e.get("reason"):
        line += f" — {e['reason']}"
    proxy = (e.get("open_proxy") or {}).get("best")
    if proxy:
        line += f"; open proxy {proxy['name']} ({size(proxy)})"
    return line


def _billions(value: int) -> str:
    b = value / 1e9
    return f"{b:.0f}B" if b >= 10 else f"{b:.1f}B"
