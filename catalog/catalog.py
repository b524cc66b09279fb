"""The catalog at run time: the project's own data file, loaded once, resolving the names
that leaderboards use to one entry. `scripts/build_catalog.py` writes the file."""

from __future__ import annotations

import difflib
import functools
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
from common.hashing import sha256_hex

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

    @functools.cached_property
    def digest(self) -> str:
        """A digest of everything the catalog knows (entries and aliases): the ledger
        recomputes its verdicts when it changes."""
        content = repr((sorted(self._models.items()), sorted(self._aliases.items())))
        return sha256_hex(content)

    def get(self, key: str) -> ModelInfo | None:
        """The entry with exactly this catalog key, or None; a name as a leaderboard writes it
        goes through `resolve`."""
        return self._models.get(key)

    def family(self, family: str) -> list[ModelInfo]:
        """Every entry of a family (dated variants of one model line), by key."""
        return sorted((m for m in self._models.values() if m.family == family), key=lambda m: m.key)

    def describe(
        self,
        model_key: str,
        display_name: str,
        leaderboard: str,
        meta: Mapping[str, str] | None = None,
    ) -> ModelInfo:
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
            if not found.openness.known and (
                rule := _listing_openness(leaderboard, meta, found.key)
            ):
                found = replace(found, openness=rule)
            return found
        source = f"{leaderboard} listing"
        openness = openness_from_licence(meta.get("license"))
        params = _billions(meta.get("params_b"))
        base = (meta.get("base_model") or "").strip()
        if base and normalise(base) == normalise(model_key):
            base = ""
        return ModelInfo(
            key=model_key,
            name=display_name,
            family=display_name,
            organisation=meta.get("organization", ""),
            openness=(
                _listing_openness(leaderboard, meta, model_key)
                or (Fact(openness, Provenance.DISCLOSED, source) if openness else UNKNOWN)
            ),
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
        if (
            parent is not None
            and parent.released.known
            and parent.released.provenance is not Provenance.FIRST_LISTED
            and parent.released.value > submitted
        ):
            fact = Fact(
                parent.released.value,
                Provenance.FIRST_LISTED,
                f"{source}: submission date {submitted.isoformat()} precedes its base "
                f"model {parent.key}'s release; a fine-tune is not older than its base "
                f"({parent.released.source})",
            )
        return fact

    def resolve(self, name: str, leaderboard: str | None = None) -> ModelInfo | None:
        """The entry a leaderboard's model key or display name refers to, or None."""
        wanted = normalise(name)
        key = (
            self._aliases.get(f"{leaderboard}:{wanted}") if leaderboard else None
        ) or self._aliases.get(wanted)
        return self._models.get(key) if key else None


def load_catalog(path: Path = DEFAULT_PATH) -> Catalog:
    """The catalog file read and checked: ValueError when its format is not FORMAT_VERSION.
    Each entry's `aliases` are global or scoped 'leaderboard:name'. Blocking file I/O: the bot
    calls it in a thread."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT_VERSION:
        raise ValueError(
            f"{path}: catalog format {data.get('format')!r}, expected {FORMAT_VERSION}"
        )
    models = [model_from_json(m) for m in data["models"]]
    aliases = {alias: m["key"] for m in data["models"] for alias in m.get("aliases", [])}
    return Catalog(models, aliases)


def model_from_json(m: dict[str, Any]) -> ModelInfo:
    """An entry of the catalog file as a ModelInfo: a missing or null fact is unknown, a
    missing family is the name. The inverse of `model_to_json`."""
    return ModelInfo(
        key=m["key"],
        name=m["name"],
        family=m.get("family", m["name"]),
        organisation=m.get("organisation", ""),
        openness=_fact(m.get("openness"), Openness),
        params_total=_fact(m.get("params_total"), int),
        params_active=_fact(m.get("params_active"), int),
        released=_fact(m.get("released"), date.fromisoformat),
        conflicts=tuple(m.get("conflicts", ())),
        base_model=m.get("base_model", ""),
    )


def model_to_json(model: ModelInfo, aliases: Iterable[str] = ()) -> dict[str, Any]:
    """An entry as the catalog file stores it: each fact as {value, provenance, source} (dates
    in ISO form) or null when unknown, the aliases sorted without repeats, `conflicts` and
    `base_model` only when there are any. The builder (catalog/builder/merge.py) writes entries
    with it."""

    def fact(f: Fact) -> dict[str, Any] | None:
        if not f.known:
            return None
        value = f.value.isoformat() if isinstance(f.value, date) else f.value
        return {"value": value, "provenance": f.provenance.value, "source": f.source}

    out = {
        "key": model.key,
        "name": model.name,
        "family": model.family,
        "organisation": model.organisation,
        "openness": fact(model.openness),
        "params_total": fact(model.params_total),
        "params_active": fact(model.params_active),
        "released": fact(model.released),
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
        tier = (
            Openness.OSI
            if openness_from_licence(licence) is Openness.OSI
            else Openness.OPEN_WEIGHTS
        )
        said = f"hub licence {licence}" if licence else "no hub licence given"
        return Fact(
            tier,
            Provenance.DISCLOSED,
            f"{leaderboard} listing: leaderboard rule: every model on the Open LLM "
            f"leaderboard is a Hugging Face Hub repository with downloadable weights "
            f"({said})",
        )
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


# --- Looking a model up by any name a leaderboard uses (the `model` command) ------------


class NameIndex:
    """Every name the catalog knows each model by, for lookups of user-typed names, closest
    matches and autocompletion. Built from a Catalog (see `name_index`), never edited."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._aliases: dict[str, list[str]] = {m.key: [] for m in catalog}
        self._scoped: dict[str, set[str]] = {}  # a scoped alias's name part -> keys
        self._names: dict[str, set[str]] = {}  # normalised display name -> keys
        self._words: dict[str, set[str]] = {}  # every searchable form -> keys
        for alias, key in catalog._aliases.items():
            if key not in self._aliases:
                continue
            if alias != normalise(key):
                self._aliases[key].append(alias)
            _, sep, name = alias.partition(":")
            if sep:
                self._scoped.setdefault(name, set()).add(key)
            self._words.setdefault(name if sep else alias, set()).add(key)
        for m in catalog:
            self._aliases[m.key].sort()
            self._names.setdefault(normalise(m.name), set()).add(m.key)
            self._words.setdefault(normalise(m.name), set()).add(m.key)
            self._words.setdefault(normalise(m.key), set()).add(m.key)

    def aliases(self, key: str) -> list[str]:
        """The model's aliases as the catalog holds them (normalised; some scoped
        'leaderboard:name'), sorted; the key itself is not repeated."""
        return list(self._aliases.get(key, ()))

    def lookup(self, name: str) -> ModelInfo | None:
        """The model a name refers to: its key, a global alias, a scoped alias typed with
        its leaderboard ('arena:…'), its display name, a scoped alias's name when only one
        model has it, or a Hugging Face id 'org/name' by its name part. Case-insensitive."""
        for candidate in _forms(name):
            key = self._unique(candidate)
            if key is not None:
                return self.catalog.get(key)
        return None

    def ambiguous(self, name: str) -> list[ModelInfo]:
        """The models a name could mean when it is ambiguous (a scoped alias several
        leaderboards use for different models), else []."""
        for candidate in _forms(name):
            keys = self._scoped.get(candidate, set()) | self._names.get(candidate, set())
            if len(keys) > 1:
                return [m for k in sorted(keys) if (m := self.catalog.get(k)) is not None]
        return []

    def closest(self, name: str, limit: int = 5) -> list[ModelInfo]:
        """Up to `limit` models whose names are most like `name` (difflib over the
        normalised names and aliases), the most alike first."""
        found: list[str] = [m.key for m in self.ambiguous(name)]
        wanted = _forms(name)[-1].rpartition(":")[2]  # without a leaderboard or org prefix
        for word in difflib.get_close_matches(wanted, list(self._words), n=limit * 4, cutoff=0.6):
            found.extend(sorted(self._words[word]))
        keys = list(dict.fromkeys(found))[:limit]
        return [m for k in keys if (m := self.catalog.get(k)) is not None]

    def complete(self, typed: str, limit: int = 25) -> list[ModelInfo]:
        """Models with a name or alias containing what was typed (case-insensitive): those
        whose key or name starts with it first, then shorter names first."""
        wanted = normalise(typed)
        ranked: dict[str, tuple[int, int, str]] = {}
        for word, keys in self._words.items():
            if wanted not in word:
                continue
            for key in keys:
                m = self.catalog.get(key)
                if m is None:
                    continue
                starts = normalise(m.name).startswith(wanted) or m.key.startswith(wanted)
                rank = (0 if starts else 1, len(m.name), m.name.lower())
                ranked[key] = min(ranked.get(key, rank), rank)
        keys = sorted(ranked, key=ranked.__getitem__)[:limit]
        return [m for k in keys if (m := self.catalog.get(k)) is not None]

    def _unique(self, candidate: str) -> str | None:
        key = self.catalog._aliases.get(candidate)
        if key is not None and key in self._aliases:
            return key
        for table in (self._names, self._scoped):
            keys = table.get(candidate, set())
            if len(keys) == 1:
                return next(iter(keys))
        return None


def _forms(name: str) -> list[str]:
    """The normalised forms a typed name is tried in: as typed ('board:name' keeps its
    board), then, for a Hugging Face id 'org/name', the name alone."""
    forms = [_scoped(name.strip()), normalise(name)]
    if "/" in name:
        forms.append(normalise(name.rsplit("/", 1)[1]))
    return [f for f in dict.fromkeys(forms) if f]


def name_index(catalog: Catalog) -> NameIndex:
    """The catalog's NameIndex, built once per catalog (kept on it)."""
    index = catalog.__dict__.get("_name_index")
    if index is None:
        index = catalog.__dict__["_name_index"] = NameIndex(catalog)
    return index
