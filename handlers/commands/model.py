"""/model NAME (and `main.py model NAME [--json]`): what the catalog knows of a model, by
any name or alias a leaderboard lists it under, each fact with its provenance."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from typing import Any

from catalog import Fact, ModelInfo, Provenance, normalise
from catalog.catalog import Catalog, name_index
from handlers.commands.registry import Command, Param, UsageError
from handlers.commands.top import OPENNESS
from handlers.context import Context, Services
from handlers.reply import Field, Reply
from handlers.text import clip, neutralise, neutralise_reply
from storage.listings import Listing, find_listing

NAME_MAX = 200  # longer input is refused, not looked up
SHOWN_MAX = 60  # how much of an unknown name is shown back
SUGGESTIONS = 5
ALIASES_SHOWN = 10
FIELD_MAX = 1024  # Discord's limit for an embed field value
CHOICES_MAX, CHOICE_MAX = 25, 100  # Discord's autocomplete limits
FACTS = ("openness", "params_total", "params_active", "released")


def check_name(text: str | None) -> str:
    """The typed name, stripped; UsageError (nothing looked up) when empty, over-long or
    holding control characters."""
    name = (text or "").strip()
    if not name:
        raise UsageError(
            "Which model? Give a name as a leaderboard lists it, such as /model gpt-4o-2024-05-13."
        )
    if len(name) > NAME_MAX:
        raise UsageError(
            f"That name is {len(name)} characters long; model names here are "
            f"at most {NAME_MAX}. Nothing was looked up."
        )
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in name):
        raise UsageError(
            "That name holds control characters (such as a line break or a "
            "tab). Type the model name on one line. Nothing was looked up."
        )
    return name


def find_model(catalog: Catalog, text: str | None) -> ModelInfo:
    """The catalog's model for a typed name, or UsageError naming the closest matches."""
    name = check_name(text)
    index = name_index(catalog)
    found = index.lookup(name)
    if found is not None:
        return found
    shown = neutralise(clip(name, SHOWN_MAX))
    ambiguous = index.ambiguous(name)
    if ambiguous:
        raise UsageError(
            f"“{shown}” is a name leaderboards use for different models: "
            f"{', '.join(m.key for m in ambiguous[:SUGGESTIONS])}. "
            "Ask for one of them by that name."
        )
    closest = index.closest(name, SUGGESTIONS)
    if closest:
        raise UsageError(
            f"I don't know a model called “{shown}”. Closest matches: "
            f"{', '.join(m.key for m in closest)}."
        )
    raise UsageError(
        f"I don't know a model called “{shown}”, nor any with a similar name. "
        "Give a name as a leaderboard lists it, such as gpt-4o-2024-05-13."
    )


# --- JSON (main.py model --json) -------------------------------------------------------


def model_json(model: ModelInfo, aliases: list[str]) -> dict[str, Any]:
    """Plain values: openness osi|open_weights|proprietary|None, counts as int, dates
    YYYY-MM-DD; provenance of each known fact as {kind, source}."""
    facts: dict[str, Fact] = {f: getattr(model, f) for f in FACTS}

    def plain(fact: Fact) -> Any:
        if not fact.known:
            return None
        value = fact.value
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return str(value) if isinstance(value, str) else int(value)

    return {
        "key": model.key,
        "name": model.name,
        "organisation": model.organisation or None,
        **{f: plain(fact) for f, fact in facts.items()},
        "aliases": sorted(aliases),
        "provenance": {
            f: {"kind": str(fact.provenance), "source": fact.source}
            for f, fact in facts.items()
            if fact.known
        },
        "conflicts": list(model.conflicts),
    }


# --- The card ---------------------------------------------------------------------------


def model_card(model: ModelInfo, aliases: list[str], listing: Listing | None = None) -> Reply:
    """The card; `listing` when the model is not in the catalog and its facts come from
    that leaderboard listing."""
    fields = [
        Field("Openness", _openness(model.openness)),
        Field("Parameters", _parameters(model)),
        Field("Released", _released(model.released)),
    ]
    if aliases:
        shown = ", ".join(aliases[:ALIASES_SHOWN])
        more = len(aliases) - ALIASES_SHOWN
        fields.append(
            Field(
                f"Aliases ({len(aliases)})",
                clip(shown + (f" (+{more} more)" if more > 0 else ""), FIELD_MAX),
            )
        )
    if model.conflicts:
        fields.append(Field("Where sources disagree", clip("\n".join(model.conflicts), FIELD_MAX)))
    return neutralise_reply(
        Reply(
            title=model.name,
            text=f"Key: {model.key}\nOrganisation: {model.organisation or 'unknown'}",
            fields=tuple(Field(f.name, clip(f.value, FIELD_MAX)) for f in fields),
            footer=(
                f"Not in the model catalog: as {listing.leaderboard} lists it in its "
                f"snapshot of {listing.snapshot_date.isoformat()}. "
                if listing
                else "From the model catalog. "
            )
            + "Each fact says where it comes from; unknown stays unknown.",
        )
    )


def _by(fact: Fact) -> str:
    verb = {Provenance.DISCLOSED: "disclosed", Provenance.ESTIMATED: "estimated"}.get(
        fact.provenance, str(fact.provenance).replace("_", " ")
    )
    return f"{verb} by {fact.source}" if fact.source else verb


def _openness(fact: Fact) -> str:
    if not fact.known:
        return "unknown"
    return f"{OPENNESS.get(str(fact.value), str(fact.value))} ({_by(fact)})"


def count(n: int) -> str:
    """A parameter count in plain units: 70B, 1.8T, 72.7B, 125M."""
    for unit, size in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if n >= size:
            return f"{n / size:.3g}{unit}"
    return str(n)


def _parameters(model: ModelInfo) -> str:
    total, active = model.params_total, model.params_active
    if not total.known and not active.known:
        return "unknown"
    if not active.known or (total.known and active.value == total.value):
        return f"{count(total.value)} ({_by(total)})"  # type: ignore[arg-type]
    if not total.known:
        return f"{count(active.value)} active ({_by(active)}); total unknown"  # type: ignore[arg-type]
    sizes = f"{count(total.value)} total, {count(active.value)} active"  # type: ignore[arg-type]
    if (total.provenance, total.source) == (active.provenance, active.source):
        return f"{sizes} ({_by(total)})"
    return f"{sizes} (total {_by(total)}; active {_by(active)})"


def _released(fact: Fact) -> str:
    if not fact.known:
        return "unknown"
    day = fact.value.isoformat()  # type: ignore[union-attr]
    if fact.provenance is Provenance.FIRST_LISTED:
        where = f" ({fact.source})" if fact.source else ""
        return (
            f"unknown: first listed on a leaderboard on {day}{where}, which is not a release date"
        )
    return f"{day} ({_by(fact)})"


# --- The command ------------------------------------------------------------------------


async def model(ctx: Context, name: str | None = None) -> Reply:
    """/model NAME: the card of the catalog model the name or alias resolves to, each fact with
    its provenance; a name the catalog lacks but a stored listing uses gets the card its newest
    listing gives. Otherwise `find_model`'s UsageError (the closest names, or that the name is
    ambiguous) is what the user sees; an empty, over-long or control-character name is refused
    before any look-up."""
    catalog = ctx.services.catalog
    try:
        found = find_model(catalog, name)
    except UsageError:
        listing = await ctx.storage.call(find_listing, check_name(name))
        if listing is None:
            raise
        return model_card(listed_model(catalog, listing), [], listing)
    return model_card(found, name_index(catalog).aliases(found.key))


def listed_model(catalog: Catalog, listing: Listing) -> ModelInfo:
    """A model the catalog does not hold, as its newest stored listing describes it (the
    facts the leaderboard gives, labelled with it); without a release date, its first
    listing there, labelled as such."""
    e = listing.entry
    info = catalog.describe(e.model_key, e.display_name, listing.leaderboard, e.meta)
    if info.released.known:
        return info
    return replace(
        info,
        released=Fact(
            listing.first_listed, Provenance.FIRST_LISTED, f"first listed on {listing.leaderboard}"
        ),
    )


def suggest_models(services: Services, typed: str) -> list[tuple[str, str]]:
    """Autocomplete: catalog models whose names or aliases contain what was typed, as
    (label, key), at most 25, each within Discord's 100 characters."""
    index = name_index(services.catalog)
    choices = []
    for m in index.complete(typed[:NAME_MAX], CHOICES_MAX * 2):
        if len(m.key) > CHOICE_MAX:
            continue  # a cut key would not resolve
        label = m.name if normalise(m.name) == m.key else f"{m.name} · {m.key}"
        choices.append((clip(label, CHOICE_MAX), m.key))
    return choices[:CHOICES_MAX]


COMMANDS = (
    Command(
        "model",
        "What the catalog knows of a model: openness, size, release, aliases",
        (
            Param(
                "name",
                "a model name or alias as a leaderboard lists it",
                required=True,
                rest=True,
                suggest=suggest_models,
            ),
        ),
        model,
    ),
)
