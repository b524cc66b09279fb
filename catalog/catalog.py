"""The catalog at run time: the project's own data file, loaded once, resolving the names
that leaderboards use to one entry. `scripts/build_catalog.py` writes the file."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from catalog.families import family_openness
from catalog.licences import openness_from_licence
from catalog.model import UNKNOWN, Fact, ModelInfo, Openness, Provenance

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "catalog.json"
FORMAT_VERSION = 1


def normalise(name: str) -> str:
    """The form aliases are compared in: lower case, runs of space, '_' and '/' as '-'."""
    return re.sub(r"[\s_/]+", "-", name.strip().lower())


class Catalog:
    def __init__(self, models: Iterable[ModelInfo], aliases: dict[str, str]) -> None:
        """`aliases` maps a normalised name, optionally scoped as 'leaderboard:name', to a
        model key. A scoped alias wins over a global one."""
        self._models = {m.key: m for m in models}
        self._aliases = {_scoped(k): v for k, v in aliases.items()}
        for key in self._models:
            self._aliases.setdefault(normalise(key), key)

    def __len__(self) -> int:
        return len(self._models)

    def __iter__(self):
        return iter(self._models.values())

    def get(self, key: str) -> ModelInfo | None:
        return self._models.get(key)

    def family(self, family: str) -> list[ModelInfo]:
        """Every entry of a family (dated variants of one model line), by key."""
        return sorted((m for m in self._models.values() if m.family == family),
                      key=lambda m: m.key)

    def describe(self, model_key: str, display_name: str, leaderboard: str,
                 meta: Mapping[str, str] | None = None) -> ModelInfo:
        """What is known of a leaderboard entry: the catalog's entry where the key or name
        resolves, otherwise facts from the listing itself (licence, organisation, size,
        dates), labelled with the leaderboard as their source. Unknown stays unknown.

        Rules for listings (see README, "Model catalog"):
        - A model on an Open LLM leaderboard (v1 or v2) is a Hugging Face Hub repository
          with downloadable weights: open (`osi` if its hub licence is OSI-approved, else
          `open_weights`), whether or not the catalog knows it.
        - Its Hub upload date (meta `uploaded`) is not a release date; its submission date
          (meta `submitted`) is a first listing, never before its base model's release.
        - With no licence, a vendor family rule (catalog/families.py) may decide openness."""
        meta = meta or {}
        found = self.resolve(model_key, leaderboard) or self.resolve(display_name, leaderboard)
        if found is not None:
            if not found.openness.known and (rule := _listing_openness(leaderboard, meta,
                                                                        found.key)):
                found = replace(found, openness=rule)
            return found
        source = f"{leaderboard} listing"
        openness = openness_from_licence(meta.get("license"))
        params = _billions(meta.get("params_b"))
        base = (meta.get("base_model") or "").strip()
        if base and normalise(base) == normalise(model_key):
            base = ""
        return ModelInfo(
            key=model_key, name=display_name, family=display_name,
            organisation=meta.get("organization", ""),
            openness=(_listing_openness(leaderboard, meta, model_key)
                      or (Fact(openness, Provenance.DISCLOSED, source) if openness else UNKNOWN)),
            params_total=Fact(params, Provenance.DISCLOSED, source) if params else UNKNOWN,
            released=self._listing_released(meta, source, base),
            base_model=base,
        )

    def _listing_released(self, meta: Mapping[str, str], source: str, base: str) -> Fact:
        """A listing's date: a release date the source states (`released`), else its
        submission date as a first listing, never before the base model's release."""
        if released := _iso(meta.get("released")):
            return Fact(released, Provenance.DISCLOSED, source)
        submitted = _iso(meta.get("submitted"))
        if submitted is None:
            return UNKNOWN
        fact = Fact(submitted, Provenance.FIRST_LISTED, f"{source}: submission date")
        parent = self.resolve(base) if base else None
        if (parent is not None and parent.released.known
                and parent.released.provenance is not Provenance.FIRST_LISTED
                and parent.released.value > submitted):
            fact = Fact(parent.released.value, Provenance.FIRST_LISTED,
                        f"{source}: submission date {submitted.isoformat()} precedes its base "
                        f"model {parent.key}'s release; a fine-tune is not older than its base "
                        f"({parent.released.source})")
        return fact

    def resolve(self, name: str, leaderboard: str | None = None) -> ModelInfo | None:
        """The entry a leaderboard's model key or display name refers to, or None."""
        wanted = normalise(name)
        key = (self._aliases.get(f"{leaderboard}:{wanted}") if leaderboard else None) \
            or self._aliases.get(wanted)
        return self._models.get(key) if key else None


def load_catalog(path: Path = DEFAULT_PATH) -> Catalog:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT_VERSION:
        raise ValueError(f"{path}: catalog format {data.get('format')!r}, "
                         f"expected {FORMAT_VERSION}")
    models = [model_from_json(m) for m in data["models"]]
    aliases = {alias: m["key"] for m in data["models"] for alias in m.get("aliases", [])}
    return Catalog(models, aliases)


def model_from_json(m: dict[str, Any]) -> ModelInfo:
    return ModelInfo(
        key=m["key"], name=m["name"], family=m.get("family", m["name"]),
        organisation=m.get("organisation", ""),
        openness=_fact(m.get("openness"), Openness),
        params_total=_fact(m.get("params_total"), int),
        params_active=_fact(m.get("params_active"), int),
        released=_fact(m.get("released"), date.fromisoformat),
        conflicts=tuple(m.get("conflicts", ())),
        base_model=m.get("base_model", ""),
    )


def model_to_json(model: ModelInfo, aliases: Iterable[str] = ()) -> dict[str, Any]:
    def fact(f: Fact) -> dict[str, Any] | None:
        if not f.known:
            return None
        value = f.value.isoformat() if isinstance(f.value, date) else f.value
        return {"value": value, "provenance": f.provenance.value, "source": f.source}

    out = {
        "key": model.key, "name": model.name, "family": model.family,
        "organisation": model.organisation,
        "openness": fact(model.openness), "params_total": fact(model.params_total),
        "params_active": fact(model.params_active), "released": fact(model.released),
        "aliases": sorted(set(aliases)),
    }
    if model.conflicts:
        out["conflicts"] = list(model.conflicts)
    if model.base_model:
        out["base_model"] = model.base_model
    return out


def _fact(raw: dict[str, Any] | None, parse: Any) -> Fact:
    if not raw or raw.get("value") is None:
        return Fact(None)
    return Fact(parse(raw["value"]), Provenance(raw["provenance"]), raw.get("source", ""))


OPEN_LLM_BOARDS = ("open-llm-v1", "open-llm-v2")


def _listing_openness(leaderboard: str, meta: Mapping[str, str], name: str) -> Fact | None:
    """Openness by rule where the listing's own licence does not decide it."""
    if leaderboard in OPEN_LLM_BOARDS:
        licence = meta.get("license", "")
        tier = (Openness.OSI if openness_from_licence(licence) is Openness.OSI
                else Openness.OPEN_WEIGHTS)
        said = f"hub licence {licence}" if licence else "no hub licence given"
        return Fact(tier, Provenance.DISCLOSED,
                    f"{leaderboard} listing: leaderboard rule: every model on the Open LLM "
                    f"leaderboard is a Hugging Face Hub repository with downloadable weights "
                    f"({said})")
    if openness_from_licence(meta.get("license")) is None and (rule := family_openness(name)):
        return rule.fact()
    return None


def _iso(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _billions(text: str | None) -> int | None:
    try:
        value = float(text) if text else 0.0
    except ValueError:
        return None
    return round(value * 1e9) if value > 0 else None


def _scoped(alias: str) -> str:
    board, sep, name = alias.partition(":")
    return f"{board}:{normalise(name)}" if sep else normalise(alias)
