"""The ledger, computed: every law part × leaderboard category × month, from the first
month with data to `now`. Pure: histories and settings in, verdicts out."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from laws.history import History, month_index, month_name, month_of
from laws.registry import LAWS
from laws.settings import LawsConfig
from laws.verdict import Verdict

# Evidence keys that name the models a verdict rests on.
_MODEL_KEYS = ("open", "proprietary", "b0", "b1", "best", "best_before", "smaller", "worst")


def months(history: History, settings: LawsConfig, now: datetime) -> list[str]:
    """From the later of `first_month` and the first data, to the month of the data's
    horizon (or of `now`, if earlier). Months past the horizon are not produced: the
    calendar moving on is not evidence (LAWS.md, "Horizon and vacuity")."""
    first = month_index(settings.first_month)
    if history.first_data is not None:
        first = max(first, month_of(history.first_data))
    last = min(month_of(now.date()), month_of(history.horizon))
    return [month_name(i) for i in range(first, last + 1)]


def compute_ledger(
    histories: Iterable[History], settings: LawsConfig, now: datetime
) -> list[Verdict]:
    """Every part's verdict for every month of each history (`months`): the whole ledger for
    those scopes, changed or not; handlers.ledger keeps the verdicts whose signature differs
    from the stored one."""
    parts = [p for law in LAWS.values() for p in law.parts]
    verdicts = []
    for history in histories:
        periods = months(history, settings, now)
        for part in parts:
            verdicts.extend(part.evaluator(history, settings, period) for period in periods)
    return verdicts


def signature(v: Verdict) -> str:
    """What makes a verdict a different ledger entry: its status, lag, definition, reason
    and the models it rests on. Scores drifting with new votes do not, or every snapshot
    would rewrite every month."""
    models = []
    for key in _MODEL_KEYS:
        value = v.evidence.get(key)
        items = value if isinstance(value, list) else [value]
        models.append(sorted(_model_id(x) for x in items if isinstance(x, dict)))
    return json.dumps(
        [
            str(v.status),
            v.lag_months,
            v.definition,
            v.evidence.get("reason"),
            v.evidence.get("size_basis"),
            models,
        ],
        separators=(",", ":"),
    )


def _model_id(item: dict) -> str:
    # law 1 "worst" names models by display name; the others carry their key
    return str(
        item.get("key")
        or f"{item.get('old_model')}→{item.get('new_model')}@{item.get('benchmark')}"
    )
