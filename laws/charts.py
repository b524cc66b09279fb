"""Charts of the ledger as PNG bytes (matplotlib, Agg, no pyplot state). Blocking and
CPU-bound: call it through `asyncio.to_thread`."""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from collections.abc import Iterable

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from laws.verdict import Status, Verdict

WIDTH, HEIGHT, DPI = 9.0, 5.0, 100  # 900 × 500 pixels


def primary_scope(verdicts: Iterable[Verdict]) -> tuple[str, str] | None:
    """The leaderboard category with the most decided months (ties: by name)."""
    decided: Counter[tuple[str, str]] = Counter()
    for v in verdicts:
        decided[(v.leaderboard, v.category)] += v.status is not Status.UNDETERMINED
    if not decided:
        return None
    return min(decided, key=lambda s: (-decided[s], s))


def render_chart(law_id: str, verdicts: list[Verdict]) -> bytes:
    """The chart for /law N from that law's current verdicts."""
    parts = {"1": ("1",), "2": ("2",), "3": ("3b",)}[law_id]
    mine = [v for v in verdicts if v.law in parts]
    scope = primary_scope(mine)
    series = sorted((v for v in mine if (v.leaderboard, v.category) == scope),
                    key=lambda v: v.period)
    fig = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    where = f"{scope[0]} · {scope[1]}" if scope else "no data yet"
    drawn = {"1": _law1, "2": _law2, "3": _law3}[law_id](ax, series)
    ax.set_title(f"Law {law_id} — {where}", fontsize=11)
    if not drawn:
        ax.text(0.5, 0.5, "nothing to plot yet", ha="center", va="center",
                transform=ax.transAxes)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def _ticks(ax, periods: list[str]) -> None:
    step = max(1, len(periods) // 12)
    ax.set_xticks(range(0, len(periods), step))
    ax.set_xticklabels(periods[::step], rotation=45, ha="right", fontsize=8)


def _law2(ax, series: list[Verdict]) -> bool:
    rows = [v for v in series if v.evidence.get("open") and v.evidence.get("proprietary")]
    periods = [v.period for v in rows]
    for key, label, colour in (("open", "best open, released by t", "tab:green"),
                               ("proprietary", "best proprietary, released by t − lag",
                                "tab:red")):
        models = [v.evidence[key] for v in rows]
        scores = [m["score"] for m in models]
        low = [m["score"] - (m["ci_low"] if m["ci_low"] is not None else m["score"])
               for m in models]
        high = [(m["ci_high"] if m["ci_high"] is not None else m["score"]) - m["score"]
                for m in models]
        ax.errorbar(range(len(rows)), scores, yerr=[low, high], label=label, color=colour,
                    marker="o", markersize=3, capsize=2)
    if rows:
        lag = rows[-1].evidence.get("lag_setting_months")
        ax.set_ylabel(f"score (snapshot {rows[-1].evidence['snapshot_date']}); lag {lag} mo")
        _ticks(ax, periods)
        ax.legend(fontsize=8)
    return bool(rows)


def _law1(ax, series: list[Verdict]) -> bool:
    lines: dict[str, dict[int, float]] = defaultdict(dict)
    periods = [v.period for v in series]
    for i, v in enumerate(series):
        for d in v.evidence.get("deltas", []):
            lines[d["benchmark"]][i] = d["delta"]
    for name, points in sorted(lines.items()):
        xs = sorted(points)
        ax.plot(xs, [points[x] for x in xs], marker="o", markersize=3, label=name)
    if lines:
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_ylabel("best now − best a window earlier (points)")
        _ticks(ax, periods)
        ax.legend(fontsize=8, ncol=2)
    return bool(lines)


def _law3(ax, series: list[Verdict]) -> bool:
    periods = [v.period for v in series]
    drawn = False
    for key, label, colour in (("best", "best model", "tab:blue"),
                               ("open_proxy", "best open model (proxy)", "tab:green")):
        points = []
        for i, v in enumerate(series):
            model = v.evidence.get(key)
            if key == "open_proxy":
                model = (model or {}).get("best")
            size = (model or {}).get("params_total")
            if size:
                points.append((i, size["value"] / 1e9, size["provenance"] == "disclosed"))
        if not points:
            continue
        drawn = True
        ax.plot([p[0] for p in points], [p[1] for p in points], color=colour, label=label,
                linewidth=1)
        disclosed = [p for p in points if p[2]]
        estimated = [p for p in points if not p[2]]
        ax.scatter([p[0] for p in disclosed], [p[1] for p in disclosed], color=colour, s=16,
                   label=f"{label}: disclosed")
        ax.scatter([p[0] for p in estimated], [p[1] for p in estimated], s=16,
                   facecolors="none", edgecolors=colour, label=f"{label}: estimated")
    if drawn:
        ax.set_yscale("log")
        ax.set_ylabel("total parameters (billions)")
        _ticks(ax, periods)
        ax.legend(fontsize=8)
    return drawn
