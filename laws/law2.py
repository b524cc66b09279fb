"""Law 2: the best open model beats the best proprietary model of L months earlier."""

from __future__ import annotations

import bisect
from datetime import date

from laws.common import compare, open_month, snapshot_words, verdict
from laws.history import OPEN_TIERS, PROPRIETARY, History, Placed, month_end, month_of
from laws.settings import LawsConfig
from laws.verdict import Status, Verdict

PART = "2"


def definition(settings: LawsConfig) -> str:
    """Law 2's rule in words under these settings (what counts as open, the lag, epsilon): what
    /law 2 explain shows and every law 2 verdict carries."""
    tiers = "OSI or open weights" if settings.open_means == "open_weights" else "OSI only"
    return (
        f"O = best open model ({tiers}) released by the end of month t; P = best "
        f"proprietary model released by the end of month t − {settings.law2_lag_months}. "
        f"HOLDS if O's interval lies above P's (without intervals: O > P + "
        f"{settings.epsilon_points}), BROKEN if below, TIED if they overlap; "
        f"UNDETERMINED without O or P. Judged on {snapshot_words(settings)}; one "
        f"snapshot of one leaderboard category. Observed lag: the smallest m with "
        f"O ≥ the best proprietary model released by t − m."
    )


def evaluate(history: History, settings: LawsConfig, period: str) -> Verdict:
    """Law 2 for one month of one leaderboard category: the best open model released by the end
    of t against the best proprietary one released by t − lag, with the observed lag in months
    as the verdict's `lag_months`. UNDETERMINED when the board lists no open or no proprietary
    model, or none was released by its cutoff."""
    opened = open_month(history, PART, period, settings, definition(settings))
    if isinstance(opened, Verdict):
        return opened
    t, text, board = opened
    open_tiers = OPEN_TIERS[settings.open_means]
    opens, closed = board.of_tiers(open_tiers), board.of_tiers(PROPRIETARY)
    common = {
        "lag_setting_months": settings.law2_lag_months,
        "open_means": settings.open_means,
        "unknown_openness": board.memo(
            "unknown openness", lambda: sum(1 for p in board.ranked if not p.info.openness.known)
        ),
    }
    if not opens or not closed:
        missing = "open" if not opens else "proprietary"
        return verdict(
            history,
            PART,
            period,
            Status.UNDETERMINED,
            text,
            board,
            {
                **common,
                "reason": f"this leaderboard lists no {missing} models, so it cannot decide law 2",
            },
        )
    o = board.best_released_by(month_end(t), open_tiers)
    p = board.best_released_by(proprietary_cutoff(t, settings), PROPRIETARY)
    if o is None or p is None:
        which = "open model released by" if o is None else "proprietary model released by"
        by = month_end(t if o is None else t - settings.law2_lag_months)
        return verdict(
            history,
            PART,
            period,
            Status.UNDETERMINED,
            text,
            board,
            {
                **common,
                "reason": f"no {which} {by.isoformat()}",
                "open": o.evidence_json if o else None,
                "proprietary": p.evidence_json if p else None,
            },
        )
    lag = observed_lag(o, board.memo("proprietary by month", lambda: best_by_month(closed)), t)
    status = judge(o, p, settings)
    return verdict(
        history,
        PART,
        period,
        status,
        text,
        board,
        {
            **common,
            "open": o.evidence_json,
            "proprietary": p.evidence_json,
            "observed_lag_months": lag,
        },
        lag_months=lag,
    )


def proprietary_cutoff(t: int, settings: LawsConfig) -> date:
    """P's side of law 2 for month index t: released by the end of month t − lag."""
    return month_end(t - settings.law2_lag_months)


def judge(o: Placed, p: Placed, settings: LawsConfig) -> Status:
    """Law 2's comparison of an open model O with a proprietary model P, used by the ledger
    and the counterexample check: HOLDS if O is above P beyond the intervals."""
    return compare(o, p, settings.epsilon_points)


def best_by_month(closed: tuple[Placed, ...]) -> tuple[list[int], list[float]]:
    """Release months in order, and the best proprietary score released by each."""
    months: list[int] = []
    running: list[float] = []
    for p in sorted((p for p in closed if p.released.known), key=lambda p: p.released.value):
        months.append(month_of(p.released.value))
        running.append(max(p.score, running[-1]) if running else p.score)
    return months, running


def observed_lag(o: Placed, best_by: tuple[list[int], list[float]], t: int) -> int | None:
    """The smallest m ≥ 0 with O's score ≥ the best proprietary model released by the end
    of month t − m; None when O is below every proprietary model of the snapshot."""
    months, running = best_by
    m = 0
    while True:
        i = bisect.bisect_right(months, t - m) - 1
        if i < 0:
            return None
        if o.score >= running[i]:
            return m
        m = t - months[i] + 1  # jump past that release month, the next lag that can differ
