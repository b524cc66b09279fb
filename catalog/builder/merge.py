"""From records to catalog entries: identity, then each fact chosen by stated rules.

Metadata reaches an entry three ways, strongest first: the same id (`match_key`), the same
model under a looser spelling (`loose_key`, e.g. 'Llama 3.1-405B' for
'llama-3.1-405b-instruct'), or the same line without its date (openness and organisation
only: a dated snapshot may differ in size and date, not in licence). A looser match that
hits several models of one source is ambiguous and ignored."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from catalog.builder.dates import KeyDate, key_date, within
from catalog.builder.identity import group_names, names_of, scoped_aliases, scoped_node
from catalog.builder.overrides import ModelOverride, Overrides
from catalog.builder.records import Record, loose_key, match_key, strip_org
from catalog.catalog import model_to_json, normalise
from catalog.model import UNKNOWN, Fact, ModelInfo, Openness, Provenance

# Lower is stronger. Sources are named by the prefix of Record.source.
OPENNESS_ORDER = ("LMArena", "Epoch notable", "Epoch ECI", "HELM", "Epoch open-model-trends",
                  "OpenRouter")
PARAMS_ORDER = ("Epoch notable", "Epoch open-model-trends", "HELM")
RELEASE_ORDER = ("Epoch ECI", "Epoch notable", "Epoch open-model-trends", "HELM")
ORG_ORDER = ("LMArena", "Epoch ECI", "Epoch notable", "HELM")
KEY_ORDER = ("arena", "livebench", "epoch-eci", "mmlu", "helm-lite")
CONFLICT_DAYS = 60  # release dates further apart than this are flagged
LISTING_SLACK = timedelta(days=31)  # a date this long after the first listing is impossible

EXACT, LOOSE, LINE = 0, 1, 2


@dataclass(frozen=True)
class Evidence:
    record: Record
    level: int  # EXACT, LOOSE or LINE


def _rank(source: str, order: tuple[str, ...]) -> int:
    return next((i for i, p in enumerate(order) if source.startswith(p)), len(order))


def line_key(name: str) -> str:
    """The model line without its date: 'gpt-4-0314' → 'gpt4', 'claude-3-opus-20240229'
    → 'claude3opus'."""
    found = key_date(name, date(2030, 12, 31))
    text = name.lower().replace(found.token, " ") if found else name.lower()
    return loose_key(re.sub(r"\b(preview|latest|exp|api)\b", " ", text))


def family_of(key: str) -> str:
    """The family an entry is grouped under: its key without date and release-stage
    words ('gpt-4-0314', 'gpt-4-0613' → 'gpt-4')."""
    text = strip_org(key).lower()
    found = key_date(text, date(2030, 12, 31))
    if found:
        text = text.replace(found.token, "")
    text = re.sub(r"[-_]+", "-", text).strip("-")
    while (stripped := re.sub(r"-(preview|latest|exp|api)$", "", text)) != text:
        text = stripped
    return text or key


class _Index:
    """Metadata records by exact, loose and line key."""

    def __init__(self, records: Iterable[Record]) -> None:
        self.by: list[dict[str, list[Record]]] = [defaultdict(list) for _ in range(3)]
        for r in records:
            if r.board in (None, "epoch-eci", "helm-lite", "arena"):
                for level, key in enumerate((match_key(r.name), loose_key(r.name),
                                             line_key(r.name))):
                    if key:
                        self.by[level][key].append(r)

    def evidence(self, names: set[str]) -> list[Evidence]:
        out: list[Evidence] = []
        seen: set[int] = set()
        for level, keyf in enumerate((match_key, loose_key, line_key)):
            found: dict[str, list[Record]] = defaultdict(list)
            for name in sorted(names):
                for r in self.by[level].get(keyf(name), ()):
                    if id(r) not in seen:
                        found[r.source].append(r)
            for source_records in found.values():
                if level > EXACT and len({match_key(r.name) for r in source_records}) > 1:
                    continue  # ambiguous at this looseness
                for r in source_records:
                    seen.add(id(r))
                    out.append(Evidence(r, level))
        return out


def _strongest(evidence: Iterable[Evidence]) -> int:
    """The closest match level present: conflicts are only flagged between sources that
    name the same model, not with a looser match (a base model for its chat version)."""
    return min((e.level for e in evidence), default=EXACT)


def _override_applies(o: ModelOverride, group: list[Record]) -> bool:
    nodes = {(r.board, match_key(r.variant_of or r.name)) for r in group}
    plain = {n for _, n in nodes}
    return any((scoped_node(m) in nodes) if scoped_node(m) else match_key(m) in plain
               for m in o.match)


def _override_note(o: ModelOverride) -> str:
    return f"override: {o.reason} ({o.source})"


def _openness(ev: list[Evidence], o: ModelOverride | None) -> tuple[Fact, list[str]]:
    if o and o.openness:
        chosen = Fact(o.openness, Provenance.DISCLOSED, _override_note(o))
    else:
        cands = sorted((e for e in ev if e.record.openness),
                       key=lambda e: (e.level, _rank(e.record.source, OPENNESS_ORDER)))
        if not cands:
            return UNKNOWN, []
        r = cands[0].record
        prov = Provenance.ESTIMATED if r.openness_estimated else Provenance.DISCLOSED
        chosen = Fact(r.openness, prov, f"{r.source}: {r.openness_text}")
    is_open = chosen.value != Openness.PROPRIETARY
    level = _strongest(e for e in ev if e.record.openness)
    others = sorted({f"{e.record.source} says {e.record.openness_text}" for e in ev
                     if e.record.openness and e.level == level
                     and (e.record.openness != Openness.PROPRIETARY) != is_open})
    conflicts = [f"openness: chose {chosen.value} ({chosen.source}); " + "; ".join(others)
                 ] if others else []
    return chosen, conflicts


def _params(ev: list[Evidence], o: ModelOverride | None,
            key: str) -> tuple[Fact, Fact, list[str]]:
    def from_records(attr: str) -> Fact:
        """The best-ranked count that most sources agree with (within 10%): one source's
        slip (Epoch's 70B for Llama 2-7B) does not outvote two that agree."""
        cands = sorted((e for e in ev if getattr(e.record, attr) and e.level < LINE),
                       key=lambda e: (e.level, _rank(e.record.source, PARAMS_ORDER)))
        if not cands:
            return UNKNOWN
        top = min(cands[0].level, LOOSE)
        cands = [e for e in cands if e.level == top]

        def support(e: Evidence) -> int:
            v = getattr(e.record, attr)
            return len({c.record.source for c in cands
                        if abs(getattr(c.record, attr) - v) <= 0.1 * v})

        r = max(cands, key=support).record  # max keeps the first of equals: rank order
        prov = Provenance.ESTIMATED if r.params_estimated else Provenance.DISCLOSED
        return Fact(getattr(r, attr), prov, f"{r.source}: {r.name}")

    total = (Fact(o.params_total, Provenance.DISCLOSED, _override_note(o))
             if o and o.params_total else from_records("params_total"))
    active = (Fact(o.params_active, Provenance.DISCLOSED, _override_note(o))
              if o and o.params_active else from_records("params_active"))
    named_total, named_active = size_in_name(key)
    if not total.known and named_total:
        total = Fact(named_total, Provenance.ESTIMATED, f"size in model name ({key})")
    if not active.known and named_active:
        active = Fact(named_active, Provenance.ESTIMATED, f"size in model name ({key})")
    conflicts = []
    if total.known:
        level = _strongest(e for e in ev if e.record.params_total)
        off = sorted({f"{e.record.source} says {e.record.params_total:,}" for e in ev
                      if e.record.params_total and e.level == level
                      and abs(e.record.params_total - total.value) > 0.1 * total.value})
        if off:
            conflicts.append(f"params_total: chose {total.value:,} ({total.source}); "
                             + "; ".join(off))
    return total, active, conflicts


def size_in_name(key: str) -> tuple[int | None, int | None]:
    """A nominal size stated in the name: '70b' → total, 'a22b' → active. Mixture names
    ('8x7b') and effective sizes ('e4b') are not totals, so they give nothing."""
    total = active = None
    for token in re.split(r"[-_/:]", key.lower()):
        if m := re.fullmatch(r"(\d+(?:\.\d+)?)b", token):
            total = None if total else round(float(m.group(1)) * 1e9)
            if total is None:
                return None, None  # two sizes in one name: not a statement of either
        elif m := re.fullmatch(r"a(\d+(?:\.\d+)?)b", token):
            active = round(float(m.group(1)) * 1e9)
    return total, active


def _released(ev: list[Evidence], o: ModelOverride | None, names: list[str],
              first_listed: date | None) -> tuple[Fact, list[str]]:
    bound: KeyDate | None = next(filter(None, (key_date(n, first_listed) for n in names)),
                                 None)
    cands = sorted((e for e in ev if e.record.released and e.level < LINE),
                   key=lambda e: (e.level, _rank(e.record.source, RELEASE_ORDER)))
    said = [(e.record.released, f"{e.record.source}: {e.record.name}") for e in cands]
    level = _strongest(cands)
    flaggable = [(e.record.released, f"{e.record.source}: {e.record.name}") for e in cands
                 if e.level == level]

    def plausible(d: date) -> bool:
        if bound and not within(d, bound):
            return False
        return not (first_listed and d > first_listed + LISTING_SLACK)

    if o and o.released:
        chosen = Fact(o.released, Provenance.DISCLOSED, _override_note(o))
    elif ok := [(d, s) for d, s in said if plausible(d)]:
        chosen = Fact(ok[0][0], Provenance.DISCLOSED, ok[0][1])
    elif bound:
        prov = Provenance.ESTIMATED if bound.precision == "month" or bound.year_inferred \
            else Provenance.DISCLOSED
        how = ("month in model key" if bound.precision == "month"
               else "date in model key, year from first listing" if bound.year_inferred
               else "date in model key")
        chosen = Fact(bound.value, prov, f"{how} (-{bound.token})")
    elif first_listed:
        chosen = Fact(first_listed, Provenance.FIRST_LISTED, "first leaderboard listing")
    else:
        return UNKNOWN, []
    off = sorted({f"{s} says {d.isoformat()}" for d, s in flaggable
                  if abs((d - chosen.value).days) > CONFLICT_DAYS or not plausible(d)})
    if bound and not within(chosen.value, bound) and chosen.provenance != Provenance.ESTIMATED:
        off.append(f"model key says -{bound.token}")
    conflicts = [f"released: chose {chosen.value.isoformat()} ({chosen.source}); "
                 + "; ".join(off)] if off else []
    return chosen, conflicts


def _pick_key(group: list[Record], taken: set[str]) -> str:
    def rank(r: Record) -> tuple:
        last = r.last_listed or r.listed or date.min
        return (KEY_ORDER.index(r.board), -last.toordinal(), r.name)

    best = min(group, key=rank)
    key = normalise(best.variant_of or best.name)
    if best.board == "helm-lite":
        key = normalise(strip_org(best.name))
    candidate, n = key, 2
    while candidate in taken:
        candidate, n = f"{key}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _display(group: list[Record], key: str) -> str:
    for board in KEY_ORDER:
        for r in group:
            if r.board == board and r.display and board != "mmlu":
                return r.display
    return key


def build_models(records: list[Record], overrides: Overrides) -> list[dict[str, Any]]:
    """Catalog entries, JSON-ready, for every model listed on a board in `records`."""
    records = [replace(r, openness=overrides.licences[r.openness_text])
               if r.openness_text in overrides.licences else r for r in records]
    groups = group_names(records, overrides.same)
    index = _Index(records)
    taken: set[str] = set()
    built: list[tuple[ModelInfo, set[str]]] = []
    for group in groups:
        key = _pick_key(group, taken)
        names = sorted(names_of(group), key=lambda n: (n != key, n))
        ev = index.evidence(set(names))
        o = next((x for x in overrides.models if _override_applies(x, group)), None)
        first = min((r.listed for r in group if r.listed), default=None)
        openness, c1 = _openness(ev, o)
        total, active, c2 = _params(ev, o, key)
        released, c3 = _released(ev, o, [key, *names], first)
        org = next((e.record.organisation for e in sorted(
            ev, key=lambda e: (e.level, _rank(e.record.source, ORG_ORDER)))
            if e.record.organisation), "")
        info = ModelInfo(
            key=key, name=_display(group, key),
            family=(o.family if o and o.family else family_of(key)), organisation=org,
            openness=openness, params_total=total, params_active=active, released=released,
            conflicts=tuple(c1 + c2 + c3))
        built.append((info, scoped_aliases(group) | {normalise(n) for n in names}))
    return [model_to_json(info, aliases) for info, aliases in _unique_aliases(built)]


def _unique_aliases(built: list[tuple[ModelInfo, set[str]]]
                    ) -> list[tuple[ModelInfo, set[str]]]:
    """Drop aliases that name two entries (a global name shared by two models, or one
    board's display name for several); an entry's own key is never an alias."""
    owners: dict[str, set[str]] = defaultdict(set)
    for info, aliases in built:
        for a in aliases:
            owners[a].add(info.key)
    keys = {info.key for info, _ in built}
    out = []
    for info, aliases in built:
        kept = {a for a in aliases if len(owners[a]) == 1 and a != info.key
                and not (a in keys and a != info.key)}
        kept = {a for a in kept if ":" in a or a not in keys}
        # a scoped alias equal to the key adds nothing
        kept = {a for a in kept if a.partition(":")[2] != info.key or ":" not in a}
        out.append((info, kept))
    return out

