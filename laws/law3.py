"""Law 3a: within a window, a smaller model matches or beats the best; law 3b: the best
models keep growing in size."""

from __future__ import annotations

import functools
import re

from catalog import Provenance, normalise
from laws.common import compare, open_month, same_model, snapshot_words, verdict
from laws.history import OPEN_TIERS, History, Placed, month_end, month_name
from laws.settings import LawsConfig
from laws.verdict import Status, Verdict


def definition_3a(settings: LawsConfig) -> str:
    """Law 3a's rule in words under these settings (window, size gap, epsilon): what /law 3
    explain shows and every 3a verdict carries."""
    w = settings.law3a_window_months
    return (
        f"B = the rank-1 model among those released by the end of month t. HOLDS if a "
        f"model released in the {w} months after t is smaller by at least "
        f"{settings.law3_min_size_gap:.0%} of B's total parameters (a fine-tune or merge "
        f"of B's own base model is never smaller than B) and "
        f"matches or beats B in the same snapshot (intervals overlap or lie above; "
        f"without intervals within {settings.epsilon_points}): HOLDS with both sizes "
        f"disclosed, HOLDS (estimated) when a size is an estimate. BROKEN when the "
        f"window has closed without one; UNDETERMINED when the sizes needed are unknown "
        f"or the window is still open. Active parameters (mixture-of-experts) are "
        f"reported, total parameters decide. Judged on {snapshot_words(settings)}."
    )


def definition_3b(settings: LawsConfig) -> str:
    """Law 3b's rule in words under these settings (window, and whether estimated sizes count):
    what /law 3 explain shows and every 3b verdict carries."""
    w = settings.law3b_window_months
    sizes = "disclosed or estimated" if settings.law3b_accept_estimates else "disclosed"
    return (
        f"B(t) = the rank-1 model among those released by the end of month t. HOLDS if "
        f"B(t) has more total parameters than B(t − {w}), TIED if as many, BROKEN if "
        f"fewer; UNDETERMINED unless both sizes are {sizes}, and when B(t) is B(t − {w}) "
        f"(one model at both ends tests nothing). The best open model's size "
        f"is shown beside it as a labelled proxy, never as the verdict. Judged on "
        f"{snapshot_words(settings)}."
    )


def evaluate_3a(history: History, settings: LawsConfig, period: str) -> Verdict:
    """Law 3a for one month of one leaderboard category, on the deciding snapshot ("as known
    then": the newest dated by the window's end): HOLDS as soon as a model released in the
    window is smaller by the size gap and matches the best by t; BROKEN only once the data has
    passed the window's end without one; otherwise UNDETERMINED (the window still open, the
    best's size or the matching models' sizes unknown)."""
    opened = open_month(
        history,
        "3a",
        period,
        settings,
        definition_3a(settings),
        window_months=settings.law3a_window_months,
    )
    if isinstance(opened, Verdict):
        return opened
    t, text, board = opened
    window_end = month_end(t + settings.law3a_window_months)
    t_end = month_end(t)
    best = board.best_released_by(t_end)
    if best is None:
        return verdict(
            history,
            "3a",
            period,
            Status.UNDETERMINED,
            text,
            board,
            {"reason": f"no model released by the end of {period}"},
        )
    common = {
        "best": best.evidence_json,
        "window_end": window_end.isoformat(),
        "min_size_gap": settings.law3_min_size_gap,
    }
    if not best.info.params_total.known:
        return verdict(
            history,
            "3a",
            period,
            Status.UNDETERMINED,
            text,
            board,
            {**common, "reason": f"{best.entry.display_name}'s size is unknown"},
        )
    later = []
    for p in board.ranked:  # best first: stop where no interval can reach B any more
        if p.score + board.widest + settings.epsilon_points < best.low:
            break
        if (
            p.released.known
            and t_end < p.released.value <= window_end
            and compare(p, best, settings.epsilon_points) is not Status.BROKEN
        ):
            later.append(p)
    found, basis = _first_smaller(later, best, settings.law3_min_size_gap)
    if found is not None:
        return verdict(
            history,
            "3a",
            period,
            Status.HOLDS,
            text,
            board,
            {
                **common,
                "smaller": found.evidence_json,
                "size_basis": basis,
                "estimated": basis == "estimated",
            },
        )
    unsized = [p.entry.display_name for p in later if not p.info.params_total.known]
    if board.day <= window_end:
        return verdict(
            history,
            "3a",
            period,
            Status.UNDETERMINED,
            text,
            board,
            {**common, "reason": f"the window is open until {window_end.isoformat()}"},
        )
    if unsized:
        return verdict(
            history,
            "3a",
            period,
            Status.UNDETERMINED,
            text,
            board,
            {
                **common,
                "reason": "models that match it have unknown sizes",
                "unknown_size": unsized[:10],
            },
        )
    return verdict(
        history,
        "3a",
        period,
        Status.BROKEN,
        text,
        board,
        {
            **common,
            "reason": f"no model smaller by {settings.law3_min_size_gap:.0%} or more "
            f"matched it within the window",
            "matched_but_not_smaller": [p.entry.display_name for p in later][:10],
        },
    )


def evaluate_3b(history: History, settings: LawsConfig, period: str) -> Verdict:
    """Law 3b for one month of one leaderboard category: the best model by the end of t against
    the best by t − window, by total parameters (`judge_3b`), with the best open models' sizes
    beside them as a labelled proxy. UNDETERMINED when no model was released by t − window."""
    opened = open_month(history, "3b", period, settings, definition_3b(settings))
    if isinstance(opened, Verdict):
        return opened
    t, text, board = opened
    before = t - settings.law3b_window_months
    now_best = board.best_released_by(month_end(t))
    old_best = board.best_released_by(month_end(before))
    opens = OPEN_TIERS["open_weights"]
    common = {
        "best": now_best.evidence_json if now_best else None,
        "best_before": old_best.evidence_json if old_best else None,
        "before": month_name(before),
        "open_proxy": {
            "label": "best open model (proxy, not the verdict)",
            "best": _evidence(board.best_released_by(month_end(t), opens)),
            "best_before": _evidence(board.best_released_by(month_end(before), opens)),
        },
    }
    if now_best is None or old_best is None:
        return verdict(
            history,
            "3b",
            period,
            Status.UNDETERMINED,
            text,
            board,
            {**common, "reason": f"no model released by the end of {month_name(before)}"},
        )
    status, found = judge_3b(now_best, old_best, settings)
    return verdict(history, "3b", period, status, text, board, {**common, **found})


def judge_3b(now_best: Placed, old_best: Placed, settings: LawsConfig) -> tuple[Status, dict]:
    """Law 3b's rule for the best model now and the best of a window earlier, used by the
    ledger and the counterexample check: HOLDS if it grew, TIED if as large, BROKEN if it
    shrank; UNDETERMINED on one model at both ends or a size not known well enough."""
    if same_model(now_best, old_best):
        return Status.UNDETERMINED, {
            "reason": f"the best model is the same at both ends ({now_best.entry.display_name})"
            f": not tested"
        }
    usable = [
        p
        for p in (now_best, old_best)
        if p.info.params_total.known and (_disclosed(p) or settings.law3b_accept_estimates)
    ]
    if len(usable) < 2:
        missing = [p.entry.display_name for p in (now_best, old_best) if p not in usable]
        return Status.UNDETERMINED, {
            "reason": "size not disclosed: " + ", ".join(dict.fromkeys(missing))
        }
    new, old = now_best.info.params_total.value, old_best.info.params_total.value
    status = Status.HOLDS if new > old else Status.TIED if new == old else Status.BROKEN
    return status, {"estimated": not (_disclosed(now_best) and _disclosed(old_best))}


def _first_smaller(later: list[Placed], best: Placed, gap: float) -> tuple[Placed | None, str]:
    """The first of `later` (best first) that is smaller than B with both sizes disclosed,
    else the first smaller one at all (an estimate), with the size basis. Stops as soon as
    the answer is known: the ledger asks for every month."""
    first = None
    for p in later:
        if smaller(p, best, gap):
            if _disclosed(p) and _disclosed(best):
                return p, "disclosed"
            if first is None:
                first = p
                if not _disclosed(best):
                    break
    return first, "estimated"


def smaller(p: Placed, best: Placed, gap: float) -> bool:
    """Whether p is smaller than the best in law 3a's sense: its total parameters are known
    and at most (1 − gap) of the best's, and it is not a fine-tune or merge of the best's
    own base model (a sibling's parameter count differs by rounding, not by design)."""
    size, limit = p.info.params_total, best.info.params_total
    return (
        size.known
        and limit.known
        and size.value <= limit.value * (1 - gap)
        and not _one_lineage(p, best)
    )


_TUNING_WORDS = re.compile(r"-(instruct|chat|it|base|hf)$")


def _lineage(p: Placed) -> frozenset[str]:
    """The names a model descends from: its own key and its base model (where the listing
    names one), without org prefixes and instruct/chat suffixes."""
    names = {p.info.key, p.entry.model_key, p.entry.meta.get("base_model", "")}
    return frozenset(_lineage_name(name) for name in names if name)


@functools.lru_cache(maxsize=65536)
def _lineage_name(name: str) -> str:
    """One name of a lineage (cached: the ledger asks of the same models every month)."""
    text = normalise(name.rsplit("/", 1)[-1])
    while (stripped := _TUNING_WORDS.sub("", text)) != text:
        text = stripped
    return text


def _one_lineage(a: Placed, b: Placed) -> bool:
    base_a, base_b = a.entry.meta.get("base_model"), b.entry.meta.get("base_model")
    if not (base_a or base_b):
        return False
    return bool(_lineage(a) & _lineage(b))


def _evidence(p: Placed | None) -> dict | None:
    return p.evidence_json if p else None


def _disclosed(p: Placed) -> bool:
    return p.info.params_total.provenance is Provenance.DISCLOSED
