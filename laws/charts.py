"""Charts of the ledger as PNG bytes (matplotlib, Agg, no pyplot state). Blocking and
CPU-bound. The bot never imports this module: it keeps `python -m laws.charts` as a child
process (`handlers.charts`) and asks it for charts over a pipe (`laws.chart_frames`), so
matplotlib and numpy never live in its process.

A chart shows one scope (leaderboard category): the headline one (LMArena text first, see
`laws.evidence.HEADLINE_SCOPES`), from its first month to its data horizon, with the
verdict of each month as a coloured strip under the plot."""

from __future__ import annotations

import argparse
import io
import sys
from collections import defaultdict
from typing import BinaryIO

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from laws.chart_frames import ERROR, HEADER, PNG, REQUEST, frame, read_request
from laws.evidence import CHART_PARTS, chart_verdicts, horizons, plain_size, scope_name
from laws.verdict import Status, Verdict

WIDTH, HEIGHT, DPI = 9.0, 5.0, 100  # 900 × 500 pixels

STATUS_COLOURS = {
    Status.HOLDS: "#2ca02c",
    Status.BROKEN: "#d62728",
    Status.TIED: "#8c8c8c",
    Status.UNDETERMINED: "#ffffff",
}
STATUS_WORDS = {
    Status.HOLDS: "holds",
    Status.BROKEN: "broken",
    Status.TIED: "tied",
    Status.UNDETERMINED: "undetermined",
}


def render_chart(law_id: str, verdicts: list[Verdict]) -> bytes:
    """The chart for /law N from that law's current verdicts, as PNG bytes."""
    return png_bytes(build_chart(law_id, verdicts))


def png_bytes(fig: Figure) -> bytes:
    """The figure saved as PNG at its own size and DPI (900 × 500 pixels for `build_chart`'s),
    through the Agg canvas it was made with, not pyplot."""
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def build_chart(law_id: str, verdicts: list[Verdict]) -> Figure:
    """The chart's Figure, laid out but not drawn (saving draws it; so does
    `fig.canvas.draw()`, before reading its tick labels): see the module docstring."""
    parts = CHART_PARTS[law_id]
    # One scope; nothing after its data horizon is known: the chart stops there.
    in_scope = chart_verdicts(law_id, verdicts)
    scope = (in_scope[0].leaderboard, in_scope[0].category) if in_scope else None
    as_of = horizons(in_scope).get(scope) if scope else None
    periods = sorted({v.period for v in in_scope})
    by_part: dict[str, dict[str, Verdict]] = defaultdict(dict)
    for v in in_scope:
        by_part[v.law][v.period] = v
    plotted = [by_part[parts[0]].get(p) for p in periods]

    fig = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
    FigureCanvasAgg(fig)
    strips = [p for p in parts if by_part.get(p)]
    grid = fig.add_gridspec(2, 1, height_ratios=(8, 0.55 * max(len(strips), 1)), hspace=0.08)
    ax = fig.add_subplot(grid[0])
    strip = fig.add_subplot(grid[1], sharex=ax)
    if law_id == "3":
        drawn = _law3(ax, plotted, [by_part["3a"].get(p) for p in periods])
    else:
        drawn = {"1": _law1, "2": _law2}[law_id](ax, plotted)
    where = scope_name(*scope) if scope else "no data yet"
    title = f"Law {law_id} on {where}"
    if as_of:
        title += f" — data as of {as_of}"
    ax.set_title(title, fontsize=11)
    if not drawn:
        ax.text(0.5, 0.5, "nothing to plot yet", ha="center", va="center", transform=ax.transAxes)
    ax.grid(alpha=0.3)
    ax.tick_params(axis="x", labelbottom=False)
    _strips(strip, periods, [(p, by_part[p]) for p in strips])
    if periods:
        ax.set_xlim(-0.5, len(periods) - 0.5)
        _month_ticks(strip, periods)
        fig.legend(
            handles=[
                Patch(
                    facecolor=STATUS_COLOURS[s], edgecolor="#999999", label=f"law {STATUS_WORDS[s]}"
                )
                for s in Status
            ],
            loc="lower center",
            ncol=4,
            fontsize=8,
            frameon=False,
            title="verdict of each month",
            title_fontsize=8,
        )
    else:
        strip.set_xticks([])
    strip.set_yticks([])
    fig.subplots_adjust(left=0.09, right=0.98, top=0.93, bottom=0.24)
    return fig


def _strips(ax, periods: list[str], rows: list[tuple[str, dict[str, Verdict]]]) -> None:
    """One row of coloured cells per part: the verdict of each month."""
    for j, (part, months) in enumerate(rows):
        y = len(rows) - 1 - j
        for i, period in enumerate(periods):
            v = months.get(period)
            if v is None:
                continue
            ax.add_patch(
                Rectangle(
                    (i - 0.5, y),
                    1,
                    0.9,
                    facecolor=STATUS_COLOURS[v.status],
                    edgecolor="#bbbbbb" if v.status is Status.UNDETERMINED else "white",
                    linewidth=0.5,
                )
            )
        ax.text(
            -0.01,
            y + 0.45,
            f"law {part}",
            ha="right",
            va="center",
            fontsize=8,
            transform=ax.get_yaxis_transform(),
        )
    ax.set_ylim(0, max(len(rows), 1))
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


def _month_ticks(ax, periods: list[str]) -> None:
    step = max(1, -(-len(periods) // 12))
    ax.set_xticks(range(0, len(periods), step))
    ax.set_xticklabels(periods[::step], rotation=45, ha="right", fontsize=8)


def _law2(ax, series: list[Verdict | None]) -> bool:
    rows = [
        (i, v)
        for i, v in enumerate(series)
        if v and v.evidence.get("open") and v.evidence.get("proprietary")
    ]
    if not rows:
        return False
    lag = rows[-1][1].evidence.get("lag_setting_months", 6)
    for key, label, colour in (
        ("open", "best open model released by the month", "tab:green"),
        ("proprietary", f"best proprietary model released {lag} months before", "tab:red"),
    ):
        models = [v.evidence[key] for _, v in rows]
        scores = [m["score"] for m in models]
        low = [
            m["score"] - (m["ci_low"] if m.get("ci_low") is not None else m["score"])
            for m in models
        ]
        high = [
            (m["ci_high"] if m.get("ci_high") is not None else m["score"]) - m["score"]
            for m in models
        ]
        ax.errorbar(
            [i for i, _ in rows],
            scores,
            yerr=[low, high],
            label=label,
            color=colour,
            marker="o",
            markersize=3,
            capsize=2,
        )
    ax.set_ylabel(f"score (snapshot {rows[-1][1].evidence.get('snapshot_date', '?')})")
    ax.legend(fontsize=8, loc="upper left")
    return True


def _law1(ax, series: list[Verdict | None]) -> bool:
    lines: dict[str, dict[int, float]] = defaultdict(dict)
    for i, v in enumerate(series):
        for d in (v.evidence.get("deltas") or []) if v else []:
            lines[d["benchmark"]][i] = d["delta"]
    for name, points in sorted(lines.items()):
        xs = sorted(points)
        ax.plot(xs, [points[x] for x in xs], marker="o", markersize=3, label=name)
    if lines:
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_ylabel("best now − best 12 months before (points)")
        ax.legend(fontsize=8, ncol=2, loc="upper left")
    return bool(lines)


def _law3(ax, series: list[Verdict | None], matches: list[Verdict | None]) -> bool:
    """Law 3b's best model (and the best open one) over time; where law 3a holds, the
    smaller model that matched that month's best."""
    drawn = False
    for key, label, colour, marker, area in (
        ("open_proxy", "best open model", "tab:green", "o", 16),
        ("best", "best model", "tab:blue", "s", 36),
    ):
        points = []
        for i, v in enumerate(series):
            model = v.evidence.get(key) if v else None
            if key == "open_proxy":
                model = (model or {}).get("best")
            size = (model or {}).get("params_total")
            if size:
                points.append((i, size["value"], size["provenance"] != "estimated"))
        if not points:
            continue
        drawn = True
        known = dict((p[0], p[1]) for p in points)  # a gap (unknown size) breaks the line
        ax.plot(
            range(len(series)),
            [known.get(i, float("nan")) for i in range(len(series))],
            color=colour,
            linewidth=1,
        )
        disclosed = [p for p in points if p[2]]
        estimated = [p for p in points if not p[2]]
        if disclosed:
            ax.scatter(
                [p[0] for p in disclosed],
                [p[1] for p in disclosed],
                color=colour,
                s=area,
                marker=marker,
                label=f"{label}: size disclosed",
                zorder=3,
            )
        if estimated:
            ax.scatter(
                [p[0] for p in estimated],
                [p[1] for p in estimated],
                s=area,
                marker=marker,
                facecolors="none",
                edgecolors=colour,
                zorder=3,
                label=f"{label}: size estimated",
            )
    smaller = [
        (i, v.evidence["smaller"]["params_total"]["value"])
        for i, v in enumerate(matches)
        if v and v.status is Status.HOLDS and (v.evidence.get("smaller") or {}).get("params_total")
    ]
    if smaller:
        drawn = True
        ax.scatter(
            [p[0] for p in smaller],
            [p[1] for p in smaller],
            marker="v",
            s=36,
            color="tab:purple",
            zorder=4,
            label="a smaller model that matched the best (law 3a)",
        )
    if drawn:
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: plain_size(y) if y > 0 else ""))
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_ylabel("total parameters")
        ax.legend(fontsize=8, loc="upper left")
    return drawn


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """Answer each REQUEST frame on `requests` with the chart's PNG frame on `answers`, or an
    ERROR frame when that request cannot be drawn, until `requests` ends (`laws.chart_frames`).
    A frame cut short or of another kind leaves the pipe out of step: SystemExit."""
    while header := requests.read(HEADER.size):
        if len(header) < HEADER.size:
            raise SystemExit("chart renderer: the pipe ended inside a frame header")
        kind, size = HEADER.unpack(header)
        body = requests.read(size)
        if kind != REQUEST or len(body) < size:
            raise SystemExit(f"chart renderer: expected a whole request frame, got {kind!r}")
        try:
            law_id, verdicts = read_request(body)
            if law_id not in CHART_PARTS:
                raise ValueError(f"no chart for law {law_id!r}")
            answer = frame(PNG, render_chart(law_id, verdicts))
        except Exception as exc:  # one bad request costs its chart, not the renderer
            answer = frame(ERROR, f"{type(exc).__name__}: {exc}".encode())
        answers.write(answer)
        answers.flush()


def main(argv: list[str] | None = None) -> None:
    """`python -m laws.charts`: the chart renderer the bot keeps (`handlers.charts`),
    answering request frames on stdin with PNG frames on stdout until stdin ends."""
    argparse.ArgumentParser(
        prog="python -m laws.charts",
        description="Draw /law N's charts: request frames on stdin (see laws/chart_frames.py), "
        "PNG frames on stdout, until stdin ends.",
    ).parse_args(argv)
    serve(sys.stdin.buffer, sys.stdout.buffer)


if __name__ == "__main__":
    main()
