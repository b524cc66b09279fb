"""The value every law evaluator returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
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

    @property
    def label(self) -> str:
        """The status as shown: law 3a's HOLDS on an estimated size says so."""
        return (
            f"{self.status} (estimated)"
            if self.status is Status.HOLDS and self.evidence.get("estimated")
            else str(self.status)
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON (the chart renderer's child process reads these)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> Verdict:
        """The inverse of `to_dict`, its status string made a Status again: the chart's child
        process (laws/charts.py) reads its verdicts back with it."""
        return cls(**{**values, "status": Status(values["status"])})


@dataclass(frozen=True)
class VerdictChange:
    """A ledger entry that replaced another (or the first for its month): what the
    announcement outbox is handed."""

    new: Verdict
    old: Verdict | None
    changed_at: str  # ISO timestamp
    reason: str

    @property
    def status_changed(self) -> bool:
        """Whether the status differs from the replaced verdict's (a first verdict counts as a
        change). A new entry with the same status (other evidence, another model) is not one;
        handlers/watch.py announces only these."""
        return self.old is None or self.old.status is not self.new.status
