"""The value every law evaluator returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    HOLDS = "HOLDS"
    BROKEN = "BROKEN"
    TIED = "TIED"
    UNDETERMINED = "UNDETERMINED"


@dataclass(frozen=True)
class Verdict:
    law: str  # a part id: "1", "2", "3a", "3b"
    leaderboard: str
    category: str
    period: str  # "YYYY-MM"
    status: Status
    evidence: dict[str, Any] = field(default_factory=dict)
    lag_months: int | None = None
    definition: str = ""  # which settings produced it, in words
