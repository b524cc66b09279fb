"""The curated override file: fixes for known source errors, each with a reason and a
source. Read with tomllib; a malformed entry stops the build with its position."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date

from catalog.model import Openness


@dataclass(frozen=True)
class ModelOverride:
    match: tuple[str, ...]  # names, optionally scoped "board:name"
    reason: str
    source: str
    openness: Openness | None = None
    params_total: int | None = None
    params_active: int | None = None
    released: date | None = None
    family: str = ""


@dataclass(frozen=True)
class Overrides:
    licences: dict[str, Openness]  # licence text as a source writes it → tier
    same: tuple[tuple[str, ...], ...]  # groups of names that are one model
    models: tuple[ModelOverride, ...]


def load_overrides(text: str) -> Overrides:
    """The override file's text (catalog/overrides.toml) parsed. Every entry needs a reason and
    a source besides its own keys; one without them stops the build with a ValueError naming it
    ('model[0] lacks reason, source'). Empty text gives no overrides."""
    data = tomllib.loads(text)
    licences: dict[str, Openness] = {}
    for i, item in enumerate(data.get("licence", [])):
        _need(item, f"licence[{i}]", "text", "openness")
        licences[item["text"]] = Openness(item["openness"])
    same = []
    for i, item in enumerate(data.get("same", [])):
        _need(item, f"same[{i}]", "names")
        same.append(tuple(item["names"]))
    models = []
    for i, item in enumerate(data.get("model", [])):
        _need(item, f"model[{i}]", "match")
        models.append(
            ModelOverride(
                match=tuple(item["match"]),
                reason=item["reason"],
                source=item["source"],
                openness=Openness(item["openness"]) if "openness" in item else None,
                params_total=item.get("params_total"),
                params_active=item.get("params_active"),
                released=item.get("released"),
                family=item.get("family", ""),
            )
        )
    return Overrides(licences, tuple(same), tuple(models))


def _need(item: dict, where: str, *keys: str) -> None:
    missing = [k for k in (*keys, "reason", "source") if not item.get(k)]
    if missing:
        raise ValueError(f"overrides: {where} lacks {', '.join(missing)}")
