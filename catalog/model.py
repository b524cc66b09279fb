"""Model identity and metadata, each fact with its provenance. Unknown stays unknown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class Openness(StrEnum):
    OSI = "osi"  # weights downloadable under an OSI-approved licence
    OPEN_WEIGHTS = "open_weights"  # downloadable under another licence
    PROPRIETARY = "proprietary"  # API or hosted only, or unreleased


class Provenance(StrEnum):
    DISCLOSED = "disclosed"
    ESTIMATED = "estimated"
    FIRST_LISTED = "first_listed"  # a release date known only from a leaderboard listing
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Fact(Generic[T]):
    value: T | None
    provenance: Provenance = Provenance.UNKNOWN
    source: str = ""

    @property
    def known(self) -> bool:
        """Whether the fact has a value: an unknown fact's value is None, whatever its
        provenance says."""
        return self.value is not None


UNKNOWN: Fact = Fact(None)


@dataclass(frozen=True)
class ModelInfo:
    key: str  # the catalog's canonical id
    name: str
    family: str
    organisation: str = ""
    openness: Fact[Openness] = UNKNOWN
    params_total: Fact[int] = UNKNOWN
    params_active: Fact[int] = UNKNOWN
    released: Fact[date] = UNKNOWN
    # Where sources disagree: which value was chosen, from where, and what the others say.
    conflicts: tuple[str, ...] = ()
    # The model this one was fine-tuned or merged from, as its source names it ('' if none
    # or unknown): e.g. an Open LLM v2 listing's `metadata_base_model`.
    base_model: str = ""
