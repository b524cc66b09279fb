"""A parsed claim as the database keeps it, and back; the names a claim may use."""

from __future__ import annotations

import dataclasses
import typing
from datetime import date
from typing import Any

import sqlite_utils

from catalog import Catalog
from predictions.claims import Claim, Names, names_from
from storage.predictions import Prediction, Stated

_HINTS = typing.get_type_hints(Claim)
_DATES = frozenset(name for name, hint in _HINTS.items() if hint is date)


def stated_of(claim: Claim, typed: str) -> Stated:
    """What is stored of a claim: `typed` as given, the canonical text form without the
    confidence (what the claim says: two claims saying the same are one claim, whatever
    confidence each carries), the sentence, and every field of the Claim."""
    fields = {f.name: getattr(claim, f.name) for f in dataclasses.fields(Claim)}
    return Stated(
        claim=typed,
        canonical=dataclasses.replace(claim, confidence=None).text(),
        sentence=claim.sentence(),
        template=claim.template,
        leaderboard=claim.leaderboard,
        category=claim.category,
        deadline=claim.deadline,
        fields={
            k: v.isoformat() if k in _DATES and v is not None else v for k, v in fields.items()
        },
        confidence=claim.confidence,
    )


def claim_of(prediction: Prediction) -> Claim:
    """The Claim a prediction was stated as, from its stored fields (not parsed again: the
    catalog's names may have changed since, and its deadline is no longer in the future)."""
    known = {f.name for f in dataclasses.fields(Claim)}
    values: dict[str, Any] = {k: v for k, v in prediction.stated.fields.items() if k in known}
    for name in _DATES & values.keys():
        if values[name] is not None:
            values[name] = date.fromisoformat(values[name])
    return Claim(**values)


def names_for(db: sqlite_utils.Database, catalog: Catalog) -> Names:
    """The resolver a claim is parsed with: the feeds' leaderboards, the categories stored
    for each, the catalog's models."""
    categories: dict[str, set[str]] = {}
    for board, category in db.execute("SELECT DISTINCT leaderboard, category FROM snapshots"):
        categories.setdefault(board, set()).add(category)
    return names_from(catalog, categories=categories)
