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

from catalog.builder.dates import KEY_DATE_SLACK, KeyDate, key_date, within
from catalog.builder.identity import group_names, names_of, scoped_aliases, scoped_node
from catalog.builder.overrides import ModelOverride, Overrides
from catalog.builder.records import Record, loose_key, match_key, strip_org
from catalog.catalog import model_to_json, normalise
from catalog.families import family_openness
from catalog.model import UNKNOWN, Fact, ModelInfo, Openness, Provenance

# Lower is stronger. Sources are named by the prefix of Record.source.
OPENNESS_ORDER = (
    "LMArena",
    "Epoch notable",
    "Epoch ECI",
    "HELM",
    "Epoch open-model-trends",
    "OpenRouter",
)
PARAMS_ORDER = ("Epoch notable", "Epoch open-model-trends", "HELM")
RELEASE_ORDER = ("Epoch ECI", "Epoch notable", "Epoch open-model-trends", "HELM")
ORG_ORDER = ("LMArena", "Epoch ECI", "Epoch notable", "HELM")
KEY_ORDER = ("arena", "livebench", "epoch-eci", "mmlu", "helm-lite")
CONFLICT_DAYS = 60  # release dates further apart than this are flagged
LISTING_SLACK = KEY_DATE_SLACK  # a date more than this after the first listing is impossible

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
                for level, key in enumerate(
                    (match_key(r.name), loose_key(r.name), line_key(r.name))
                ):
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
    return any(
        (scoped_node(m) in nodes) if scoped_node(m) else match_key(m) in plain for m in o.match
    )


def _override_note(o: ModelOverride) -> str:
    return f"override: {o.reason} ({o.source})"


# Sources that say a model's weights are downloadable but name no licence ('access: open',
# 'open (no licence given)', a Hugging Face id): they count for open against closed, not
# for osi against open_weights.
NO_LICENCE = ("HELM", "Epoch open-model-trends", "OpenRouter")


def _weight(source: str) -> int:
    """A source's say in an openness vote: the stronger its rank, the more it weighs."""
    return len(OPENNESS_ORDER) + 1 - _rank(source, OPENNESS_ORDER)


def _openness(
    ev: list[Evidence], o: ModelOverride | None, names: list[str]
) -> tuple[Fact, list[str]]:
    """The overrides' openness, else a vote of the closest-matching sources, each listing
    (one Arena file, one Epoch file, …) weighing by its source's rank, so one stray cell
    does not outvote several listings; a tie goes to the best-ranked source. Where no
    source says anything, a vendor family rule (catalog/families.py) may."""
    decisive = next((r for r in map(family_openness, names) if r and r.decisive), None)
    if o and o.openness:
        chosen = Fact(o.openness, Provenance.DISCLOSED, _override_note(o))
    elif decisive:
        chosen = decisive.fact()
    else:
        cands = sorted(
            (e for e in ev if e.record.openness),
            key=lambda e: (e.level, _rank(e.record.source, OPENNESS_ORDER)),
        )
        if not cands:
            rule = next(filter(None, map(family_openness, names)), None)
            return (rule.fact(), []) if rule else (UNKNOWN, [])
        top = [e for e in cands if e.level == cands[0].level]
        said = {
            (e.record.source, e.record.openness, e.record.openness_estimated): e for e in top
        }  # one vote per source and value, however many rows
        closed = sum(_weight(s) for s, v, _ in said if v is Openness.PROPRIETARY)
        opened = sum(_weight(s) for s, v, _ in said if v is not Openness.PROPRIETARY)
        if closed >= opened:
            value = Openness.PROPRIETARY
        else:  # osi or open_weights: decided by the sources that name a licence
            named = [
                (s, v)
                for s, v, est in said
                if v is not Openness.PROPRIETARY and not est and not s.startswith(NO_LICENCE)
            ] or [(s, v) for s, v, _ in said if v is not Openness.PROPRIETARY]
            osi = sum(_weight(s) for s, v in named if v is Openness.OSI)
            other = sum(_weight(s) for s, v in named if v is Openness.OPEN_WEIGHTS)
            value = (
                Openness.OSI
                if osi > other or (osi == other and next(v for _, v in named) is Openness.OSI)
                else Openness.OPEN_WEIGHTS
            )
        r = next(
            e.record
            for e in top
            if e.record.openness is value
            and not (e.record.openness_estimated and any(not k[2] and k[1] is value for k in said))
        )
        prov = Provenance.ESTIMATED if r.openness_estimated else Provenance.DISCLOSED
        note = f"{r.source}: {r.openness_text}"
        if len({v for _, v, _ in said}) > 1:
            note += (
                f" (weighed vote of {len({s for s, _, _ in said})} sources: "
                f"closed {closed}, open {opened})"
            )
        chosen = Fact(r.openness, prov, note)
    is_open = chosen.value != Openness.PROPRIETARY
    level = _strongest(e for e in ev if e.record.openness)
    others = sorted(
        {
            f"{e.record.source} says {e.record.openness_text}"
            for e in ev
            if e.record.openness
            and e.level == level
            and (e.record.openness != Openness.PROPRIETARY) != is_open
        }
    )
    conflicts = (
        [f"openness: chose {chosen.value} ({chosen.source}); " + "; ".join(others)]
        if others
        else []
    )
    return chosen, conflicts


NAME_SIZE_FACTOR = 3  # a source's count this far from the size in the name is a slip


def _params(ev: list[Evidence], o: ModelOverride | None, key: str) -> tuple[Fact, Fact, list[str]]:
    named_total, named_active = size_in_name(key)
    slips: list[str] = []

    def contradicts_name(e: Evidence, attr: str) -> bool:
        """A count an order of magnitude off the size the name states is a recorded
        conflict, not a fact (Epoch's 70B for 'Llama 2-7B')."""
        named = named_total if attr == "params_total" else named_active
        v = getattr(e.record, attr)
        if named and not named / NAME_SIZE_FACTOR <= v <= named * NAME_SIZE_FACTOR:
            slips.append(
                f"{attr}: {e.record.source} says {v:,} for {e.record.name}, "
                f"against the size in the name ({named:,}); not used"
            )
            return True
        return False

    def from_records(attr: str) -> Fact:
        """The best-ranked count that most sources agree with (within 10%): one source's
        slip (Epoch's 70B for Llama 2-7B) does not outvote two that agree. A count that
        another source calls an estimate is an estimate (HELM's 175B for text-davinci-002
        repeats Epoch's estimated 175B; nobody disclosed it) unless Epoch's notable-models
        row for it is not marked estimated or speculative."""
        cands = sorted(
            (e for e in ev if getattr(e.record, attr) and e.level < LINE),
            key=lambda e: (e.level, _rank(e.record.source, PARAMS_ORDER)),
        )
        cands = [e for e in cands if not contradicts_name(e, attr)]
        if not cands:
            return UNKNOWN
        top = min(cands[0].level, LOOSE)
        cands = [e for e in cands if e.level == top]

        def agree(e: Evidence, v: int) -> bool:
            return abs(getattr(e.record, attr) - v) <= 0.1 * v

        def support(e: Evidence) -> int:
            return len({c.record.source for c in cands if agree(c, getattr(e.record, attr))})

        r = max(cands, key=support).record  # max keeps the first of equals: rank order
        v = getattr(r, attr)
        # Any count of this model (total or active) equal to v, at the same closeness.
        same = [
            e.record
            for e in ev
            if e.level == top
            for a in ("params_total", "params_active")
            if getattr(e.record, a) and abs(getattr(e.record, a) - v) <= 0.1 * v
        ]
        guessed = [x for x in same if x.params_estimated]
        vouched = [
            x for x in same if x.source.startswith("Epoch notable") and not x.params_estimated
        ]  # Epoch's per-row confidence says disclosed
        if r.params_estimated or (guessed and not vouched):
            src = f"{r.source}: {r.name}"
            if not r.params_estimated:
                src += f" (an estimate: {guessed[0].source} calls it one)"
            return Fact(v, Provenance.ESTIMATED, src)
        return Fact(v, Provenance.DISCLOSED, f"{r.source}: {r.name}")

    total = (
        Fact(o.params_total, Provenance.DISCLOSED, _override_note(o))
        if o and o.params_total
        else from_records("params_total")
    )
    active = (
        Fact(o.params_active, Provenance.DISCLOSED, _override_note(o))
        if o and o.params_active
        else from_records("params_active")
    )
    if not total.known and named_total:
        total = Fact(named_total, Provenance.ESTIMATED, f"size in model name ({key})")
    if not active.known and named_active:
        active = Fact(named_active, Provenance.ESTIMATED, f"size in model name ({key})")
    conflicts = sorted(set(slips))
    if total.known:
        level = _strongest(e for e in ev if e.record.params_total)
        off = sorted(
            {
                f"{e.record.source} says {e.record.params_total:,}"
                for e in ev
                if e.record.params_total
                and e.level == level
                and abs(e.record.params_total - total.value) > 0.1 * total.value
            }
        )
        if off:
            conflicts.append(
                f"params_total: chose {total.value:,} ({total.source}); " + "; ".join(off)
            )
    return total, active, conflicts


_UNITS = {"m": 1e6, "b": 1e9, "t": 1e12}


def size_in_name(key: str) -> tuple[int | None, int | None]:
    """A nominal size stated in the name: '70b', '1.5b', '500m', '1t' → total, 'a22b' →
    active. Mixture names ('8x7b') and effective sizes ('e4b') are not totals, so they give
    nothing; neither does a name with two different sizes. With an expert count
    ('llama-4-maverick-17b-128e') the plain size is the active one."""
    total = active = None
    tokens = re.split(r"[-_/:]", key.lower())
    if any(re.fullmatch(r"\d+e", t) for t in tokens):
        plain = next((t for t in tokens if re.fullmatch(r"\d+(?:\.\d+)?[mb]", t)), "")
        return None, (size_in_name(plain)[0] if plain else None)
    for token in tokens:
        if m := re.fullmatch(r"(\d+(?:\.\d+)?)([mbt])", token):
            size = round(float(m.group(1)) * _UNITS[m.group(2)])
            if total and total != size:
                return None, None  # two sizes in one name: not a statement of either
            total = size or None
        elif m := re.fullmatch(r"a(\d+(?:\.\d+)?)([mb])", token):
            active = round(float(m.group(1)) * _UNITS[m.group(2)])
    return total, active


HELM_YEAR_GAP = timedelta(days=300)  # ~10 months: HELM's date this long before Arena's listing
# ... and the date a year later at most this long before it: a text model reaches the Arena
# within weeks of its release, while a model Arena lists years on (DALL-E 3 and LLaVA 1.6 in
# the 2025 tables) says nothing of HELM's year.
HELM_FIXED_GAP = timedelta(days=92)


def _year_later(d: date) -> date:
    try:
        return d.replace(year=d.year + 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year + 1, day=28)


def helm_year_error(d: date, first_arena: date | None, others: Iterable[date]) -> bool:
    """Whether a HELM `release_date` is HELM's known year-early error (data README, Known
    data issues): more than ~10 months before the model's first LMArena listing, with the
    date a year later on or before that listing and at most HELM_FIXED_GAP before it, and
    no other source agreeing with it (within CONFLICT_DAYS)."""
    if first_arena is None or not d < first_arena - HELM_YEAR_GAP:
        return False
    if not first_arena - HELM_FIXED_GAP <= _year_later(d) <= first_arena:
        return False
    return not any(abs((o - d).days) <= CONFLICT_DAYS for o in others)


def _released(
    ev: list[Evidence],
    o: ModelOverride | None,
    names: list[str],
    first_listed: date | None,
    first_arena: date | None = None,
) -> tuple[Fact, list[str]]:
    bound: KeyDate | None = next(filter(None, (key_date(n, first_listed) for n in names)), None)
    cands = sorted(
        (e for e in ev if e.record.released and e.level < LINE),
        key=lambda e: (e.level, _rank(e.record.source, RELEASE_ORDER)),
    )
    notes: list[str] = []
    kept: list[Evidence] = []
    corrected: list[tuple[date, str]] = []
    for e in cands:
        others = [c.record.released for c in cands if not c.record.source.startswith("HELM")]
        if e.record.source.startswith("HELM") and helm_year_error(
            e.record.released, first_arena, others
        ):
            fixed = _year_later(e.record.released)
            notes.append(
                f"{e.record.source}: {e.record.name} says "
                f"{e.record.released.isoformat()}, HELM's year-early error "
                f"(first LMArena listing {first_arena.isoformat()})"
            )
            corrected.append(
                (
                    fixed,
                    f"{e.record.source}: {e.record.name} "
                    f"{e.record.released.isoformat()} + 1 year, corrected "
                    "for HELM's year-early error",
                )
            )
        else:
            kept.append(e)
    cands = kept
    said = [(e.record.released, f"{e.record.source}: {e.record.name}") for e in cands]
    level = _strongest(cands)
    flaggable = [
        (e.record.released, f"{e.record.source}: {e.record.name}")
        for e in cands
        if e.level == level
    ]

    def plausible(d: date) -> bool:
        if bound and not within(d, bound):
            return False
        return not (first_listed and d > first_listed + LISTING_SLACK)

    if o and o.released:
        chosen = Fact(o.released, Provenance.DISCLOSED, _override_note(o))
    elif ok := [(d, s) for d, s in said if plausible(d)]:
        chosen = Fact(ok[0][0], Provenance.DISCLOSED, ok[0][1])
    elif fixed_ok := [(d, s) for d, s in corrected if plausible(d)]:
        chosen = Fact(fixed_ok[0][0], Provenance.ESTIMATED, fixed_ok[0][1])
    elif bound:
        prov = (
            Provenance.ESTIMATED
            if bound.precision == "month" or bound.year_inferred
            else Provenance.DISCLOSED
        )
        how = (
            "month in model key"
            if bound.precision == "month"
            else "date in model key, year from first listing"
            if bound.year_inferred
            else "date in model key"
        )
        chosen = Fact(bound.value, prov, f"{how} (-{bound.token})")
    elif first_listed:
        chosen = Fact(first_listed, Provenance.FIRST_LISTED, "first leaderboard listing")
    else:
        return UNKNOWN, []
    off = sorted(
        {
            f"{s} says {d.isoformat()}"
            for d, s in flaggable
            if abs((d - chosen.value).days) > CONFLICT_DAYS or not plausible(d)
        }
    )
    if bound and not within(chosen.value, bound) and chosen.provenance != Provenance.ESTIMATED:
        off.append(f"model key says -{bound.token}")
    off = sorted(set(notes)) + off
    conflicts = (
        [f"released: chose {chosen.value.isoformat()} ({chosen.source}); " + "; ".join(off)]
        if off
        else []
    )
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
    records = [
        replace(r, openness=overrides.licences[r.openness_text])
        if r.openness_text in overrides.licences
        else r
        for r in records
    ]
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
        first_arena = min(
            (r.listed for r in group if r.listed and r.board == "arena"), default=None
        )
        openness, c1 = _openness(ev, o, [key, *names])
        total, active, c2 = _params(ev, o, key)
        released, c3 = _released(ev, o, [key, *names], first, first_arena)
        org = next(
            (
                e.record.organisation
                for e in sorted(ev, key=lambda e: (e.level, _rank(e.record.source, ORG_ORDER)))
                if e.record.organisation
            ),
            "",
        )
        info = ModelInfo(
            key=key,
            name=_display(group, key),
            family=(o.family if o and o.family else family_of(key)),
            organisation=org,
            openness=openness,
            params_total=total,
            params_active=active,
            released=released,
            conflicts=tuple(c1 + c2 + c3),
        )
        built.append((info, scoped_aliases(group) | {normalise(n) for n in names}))
    built = _dates_from_looser_names(_unique_aliases(built))
    return [model_to_json(info, aliases) for info, aliases in built]


def _dates_from_looser_names(
    built: list[tuple[ModelInfo, set[str]]],
) -> list[tuple[ModelInfo, set[str]]]:
    """ "First listed" is a provenance, not a release: an entry dated only by its first
    listing takes the real date of another entry that is the same model under a looser
    name (the same `loose_key` of a key or alias: 'gpt-5-high' on the Arena is Epoch's
    'GPT-5 (high)', dated 2025-08-07), if every such entry agrees on the date and it is
    not after the listing. Undated '-latest' pointers move, so they take nothing."""
    dated: dict[str, list[ModelInfo]] = defaultdict(list)

    def loose_names(info: ModelInfo, aliases: set[str]) -> set[str]:
        return {k for n in (info.key, *aliases) if (k := loose_key(n.partition(":")[2] or n))}

    for info, aliases in built:
        if info.released.known and info.released.provenance is not Provenance.FIRST_LISTED:
            for k in loose_names(info, aliases):
                dated[k].append(info)
    out = []
    for info, aliases in built:
        if info.released.provenance is Provenance.FIRST_LISTED and "latest" not in info.key:
            others = {o.key: o for k in loose_names(info, aliases) for o in dated.get(k, ())}
            days = {o.released.value for o in others.values()}
            if len(days) == 1 and (d := days.pop()) <= info.released.value + LISTING_SLACK:
                o = min(others.values(), key=lambda x: x.key)
                info = replace(
                    info,
                    released=Fact(
                        d,
                        o.released.provenance,
                        f"same model as {o.key} under a looser name: {o.released.source}",
                    ),
                )
        out.append((info, aliases))
    return out


def _unique_aliases(built: list[tuple[ModelInfo, set[str]]]) -> list[tuple[ModelInfo, set[str]]]:
    """Drop aliases that name two entries (a global name shared by two models, or one
    board's display name for several); an entry's own key is never an alias."""
    owners: dict[str, set[str]] = defaultdict(set)
    for info, aliases in built:
        for a in aliases:
            owners[a].add(info.key)
    keys = {info.key for info, _ in built}
    out = []
    for info, aliases in built:
        kept = {
            a
            for a in aliases
            if len(owners[a]) == 1 and a != info.key and not (a in keys and a != info.key)
        }
        kept = {a for a in kept if ":" in a or a not in keys}
        # a scoped alias equal to the key adds nothing
        kept = {a for a in kept if a.partition(":")[2] != info.key or ":" not in a}
        out.append((info, kept))
    return out
