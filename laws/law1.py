"""Law 1: the best models keep getting better on every shared benchmark."""

from __future__ import annotations

from bot.config import LawsConfig
from laws.common import snapshot_words, verdict
from laws.history import History, Placed, best_set, month_end, month_index, month_name
from laws.verdict import Status, Verdict

PART = "1"


def definition(settings: LawsConfig) -> str:
    w = settings.law1_window_months
    return (f"B0 = the best set (rank 1 and every model whose interval overlaps it) among "
            f"models released by the end of month t − {w}; B1 = the best set among models "
            f"released by the end of month t. For every benchmark both sets have scores on "
            f"in the snapshot, delta = best of B1 − best of B0. BROKEN if any delta < "
            f"−{settings.epsilon_points} points (benchmark scores carry no intervals); HOLDS "
            f"if none is, over at least {settings.law1_min_benchmarks} benchmarks; otherwise "
            f"UNDETERMINED. Judged on {snapshot_words(settings)}.")


def evaluate(history: History, settings: LawsConfig, period: str) -> Verdict:
    t = month_index(period)
    start = t - settings.law1_window_months
    text = definition(settings)
    board = history.board_for(settings.snapshot_mode, month_end(t))
    if board is None:
        return verdict(history, PART, period, Status.UNDETERMINED, text, None,
                       {"reason": "no snapshot of this leaderboard by then"})
    start_day, end_day = month_end(start), month_end(t)
    b0 = best_set((p for p in board.ranked if p.released_by(start_day)), board.widest)
    b1 = best_set((p for p in board.ranked if p.released_by(end_day)), board.widest)
    common = {"window_start": month_name(start), "b0": [p.evidence_json for p in b0],
              "b1": [p.evidence_json for p in b1]}
    if not b0 or not b1:
        return verdict(history, PART, period, Status.UNDETERMINED, text, board, {
            **common, "reason": f"no model released by the end of {month_name(start)}"})
    deltas = [_delta(name, b0, b1) for name in sorted(_shared(b0) & _shared(b1))]
    common["deltas"] = deltas
    eps = settings.epsilon_points
    falls = [d for d in deltas if d["delta"] < -eps]
    if falls:
        worst = min(falls, key=lambda d: d["delta"])
        return verdict(history, PART, period, Status.BROKEN, text, board,
                       {**common, "worst": worst})
    if len(deltas) >= settings.law1_min_benchmarks:
        return verdict(history, PART, period, Status.HOLDS, text, board, common)
    return verdict(history, PART, period, Status.UNDETERMINED, text, board, {
        **common, "reason": f"{len(deltas)} shared benchmark(s); "
                            f"{settings.law1_min_benchmarks} needed"})


def _shared(group: list[Placed]) -> set[str]:
    return {name for p in group for name in p.entry.scores}


def _delta(benchmark: str, b0: list[Placed], b1: list[Placed]) -> dict:
    old = max((p for p in b0 if benchmark in p.entry.scores),
              key=lambda p: p.entry.scores[benchmark])
    new = max((p for p in b1 if benchmark in p.entry.scores),
              key=lambda p: p.entry.scores[benchmark])
    return {"benchmark": benchmark,
            "old_model": old.entry.display_name, "old_score": old.entry.scores[benchmark],
            "old_released": old.released.value.isoformat(),
            "new_model": new.entry.display_name, "new_score": new.entry.scores[benchmark],
            "new_released": new.released.value.isoformat(),
            "delta": round(new.entry.scores[benchmark] - old.entry.scores[benchmark], 6)}
