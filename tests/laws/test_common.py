"""The opening the four evaluators share (`laws.common.open_month`), seen through each of
them: past the data's horizon, with no snapshot by the decision day, and ("as known then")
with none taken in the month itself, every part says so before applying its rule; law 3a
alone decides at the end of its window, so a later snapshot still opens its month."""

from __future__ import annotations

from dataclasses import replace

import pytest

from laws import LAWS, Part, Status
from laws.history import History
from laws.settings import LawsConfig
from tests.laws.builders import OPEN, entry, history, snapshot

KNOWN_THEN = replace(LawsConfig(), snapshot_mode="as_known_then")
PARTS = [part for law in LAWS.values() for part in law.parts]
PERIODS = ("2023-12", "2024-02", "2024-05")


def _history() -> History:
    models = (
        entry("closed", 1200, 5, released="2023-01-10", params_b="100"),
        entry("open", 1100, 5, licence=OPEN, released="2023-02-01", params_b="7"),
    )
    return history(snapshot("2024-01-05", *models), snapshot("2024-04-10", *models))


@pytest.mark.parametrize("part", PARTS, ids=[p.id for p in PARTS])
def test_every_evaluator_opens_with_the_same_undetermined_verdicts(part: Part) -> None:
    assert part.evaluator is not None and part.definition is not None
    opened = {period: part.evaluator(_history(), KNOWN_THEN, period) for period in PERIODS}
    for period, v in opened.items():
        assert (v.law, v.period, v.definition) == (part.id, period, part.definition(KNOWN_THEN))
    expected = {"2024-05": "no data since 2024-04-10"}
    if part.id != "3a":
        expected |= {
            "2023-12": "no snapshot of this leaderboard by then",
            "2024-02": "no snapshot in 2024-02; the latest before it is dated 2024-01-05",
        }
    for period, reason in expected.items():
        v = opened[period]
        assert (v.status, v.evidence["reason"]) == (Status.UNDETERMINED, reason)
        assert "snapshot_date" not in v.evidence  # no snapshot decided it
    if part.id == "3a":  # decided at the end of its window: the April snapshot is in it
        assert [opened[p].evidence["snapshot_date"] for p in ("2023-12", "2024-02")] == [
            "2024-04-10",
            "2024-04-10",
        ]
