"""Law 1: the best models keep getting better on every shared benchmark."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from laws.common import open_month, same_model, snapshot_words, verdict
from laws.history import Board, History, Placed, best_set, month_end, month_name
from laws.settings import LawsConfig
from laws.verdict import Status, Verdict

PART = "1"


def definition(settings: LawsConfig) -> str:
    """Law 1's rule in words under these settings (window, epsilon, minimum benchmarks): what
    /law 1 explain shows and every law 1 verdict carries, so a changed setting makes a new
    ledger entry."""
    w = settings.law1_window_months
    return (
        f"B0 = the best set (rank 1 and every model whose interval overlaps it) among "
        f"models released by the end of month t − {w}; B1 = the best set among models "
        f"released by the end of month t. For every benchmark both sets have scores on "
        f"in the snapshot, delta = best of B1 − best of B0 (a benchmark whose best is "
        f"one model on both sides tests nothing, and the same best set at both ends is "
        f"UNDETERMINED: not tested). BROKEN if any delta < "
        f"−{settings.epsilon_points} points (benchmark scores carry no intervals); HOLDS "
        f"if none is, over at least {settings.law1_min_benchmarks} tested benchmarks; "
        f"otherwise "
        f"UNDETERMINED. Judged on {snapshot_words(settings)}."
    )


def evaluate(history: History, settings: LawsConfig, period: str) -> Verdict:
    """Law 1 for one month of one leaderboard category: the best set of models released by the
    end of t − window against the best set by the end of t, benchmark by benchmark on the
    deciding snapshot (`judge`). UNDETERMINED, with the reason in the evidence, when no snapshot
    decides the month or no model was released by the window's start."""
    opened = open_month(history, PART, period, settings, definition(settings))
    if isinstance(opened, Verdict):
        return opened
    t, text, board = opened
    start = t - settings.law1_window_months
    start_day, end_day = month_end(start), month_end(t)
    b0 = best_set(_released_by(board, start_day), board.widest)
    b1 = best_set(_released_by(board, end_day), board.widest)
    common = {
        "window_start": month_name(start),
        "b0": [p.evidence_json for p in b0],
        "b1": [p.evidence_json for p in b1],
    }
    if not b0 or not b1:
        return verdict(
            history,
            PART,
            period,
            Status.UNDETERMINED,
            text,
            board,
            {**common, "reason": f"no model released by the end of {month_name(start)}"},
        )
    status, found = judge(b0, b1, settings)
    return verdict(history, PART, period, status, text, board, {**common, **found})


def judge(b0: list[Placed], b1: list[Placed], settings: LawsConfig) -> tuple[Status, dict]:
    """Law 1's rule for two sides, the best then (b0) and the best now (b1): the ledger and
    the counterexample check both decide with it. A benchmark on which the best of both
    sides is one model tests nothing, so it does not count; where the sides are one model
    altogether, the law was not tested."""
    if {p.info.key for p in b0} == {p.info.key for p in b1}:
        names = ", ".join(p.entry.display_name for p in b1)
        return Status.UNDETERMINED, {
            "reason": f"the best model is the same at both ends ({names}): not tested"
        }
    deltas, untested = [], []
    for name in sorted(_shared(b0) & _shared(b1)):
        old, new = _best_on(name, b0), _best_on(name, b1)
        if same_model(old, new):
            untested.append(name)
        else:
            deltas.append(_delta(name, old, new))
    found: dict = {"deltas": deltas}
    if untested:
        found["untested_benchmarks"] = untested
    eps = settings.epsilon_points
    falls = [d for d in deltas if d["delta"] < -eps]
    if falls:
        return Status.BROKEN, {**found, "worst": min(falls, key=lambda d: d["delta"])}
    if len(deltas) >= settings.law1_min_benchmarks:
        return Status.HOLDS, found
    return Status.UNDETERMINED, {
        **found,
        "reason": f"{len(deltas)} benchmark(s) on which the best differ; "
        f"{settings.law1_min_benchmarks} needed",
    }


def _shared(group: list[Placed]) -> set[str]:
    return {name for p in group for name in p.entry.scores}


def _best_on(benchmark: str, group: list[Placed]) -> Placed:
    return max(
        (p for p in group if benchmark in p.entry.scores), key=lambda p: p.entry.scores[benchmark]
    )


def _delta(benchmark: str, old: Placed, new: Placed) -> dict:
    return {
        "benchmark": benchmark,
        "old_model": old.entry.display_name,
        "old_score": old.entry.scores[benchmark],
        "old_released": old.released.value.isoformat(),
        "new_model": new.entry.display_name,
        "new_score": new.entry.scores[benchmark],
        "new_released": new.released.value.isoformat(),
        "delta": round(new.entry.scores[benchmark] - old.entry.scores[benchmark], 6),
    }


def _released_by(board: Board, day: date) -> Iterator[Placed]:
    """The board's entries released by `day`, best first. The scan starts at the best of
    them (found by bisect): every entry ranked above it was released later."""
    best = board.best_released_by(day)
    if best is None:
        return iter(())
    return (p for p in board.ranked[board.position(best) :] if p.released_by(day))
