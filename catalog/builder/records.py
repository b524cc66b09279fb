"""What one source says about one model: the unit the merge works on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from catalog.catalog import normalise
from catalog.model import Openness

# Leaderboards whose model names are identities: every name listed on one gets an entry.
BOARDS = ("arena", "livebench", "epoch-eci", "mmlu", "helm-lite")


@dataclass(frozen=True)
class Record:
    """One row of one source. `board` is set when the row is a leaderboard listing (its
    `name` is then an identity the catalog must resolve); otherwise the row only carries
    metadata and is attached to the entries it matches."""

    source: str  # who says it, as cited in provenance ("Epoch ECI 2025-11-07")
    name: str  # the model id as the source writes it
    board: str | None = None
    display: str = ""  # the source's display name, an alias on that board
    organisation: str = ""
    openness: Openness | None = None
    openness_text: str = ""  # the licence or accessibility text the tier came from
    openness_estimated: bool = False  # a proxy (e.g. a Hugging Face id), not a licence
    params_total: int | None = None
    params_active: int | None = None
    params_estimated: bool = False
    released: date | None = None
    listed: date | None = None  # a date by which this name was listed on a leaderboard
    last_listed: date | None = None  # the last date (tells a renamed key from a twin)
    variant_of: str = ""  # the model a run setting belongs to ('o3-2025-04-16_high' → o3-…)


def strip_org(name: str) -> str:
    """'openai/gpt-4-0613' → 'gpt-4-0613' (HELM, OpenRouter and Hugging Face ids)."""
    return name.strip().rsplit("/", 1)[-1]


def match_key(name: str) -> str:
    """The form names from different sources are compared in ('Meta-Llama-3-8B-Instruct'
    and 'llama-3-8b-instruct' are one id)."""
    return re.sub(r"^meta-(?=llama)", "", normalise(strip_org(name)))


_LOOSE_WORDS = re.compile(r"\b(instruct|chat|it|hf|base|v0\.1)\b")


def loose_key(name: str) -> str:
    """A looser form for metadata sources that name a model, not a listing
    ('Llama 3.1-405B' ~ 'llama-3.1-405b-instruct'): alphanumerics and dots only,
    without the instruct/chat/hf suffix words ('turbo' stays: gpt-4-turbo is not GPT-4)."""
    text = _LOOSE_WORDS.sub(" ", re.sub(r"[-_/]+", " ", strip_org(name).lower()))
    return re.sub(r"[^a-z0-9.]", "", text)
