"""Community predictions: the claim templates, their one-line text form and the canonical
sentence the bot writes back. Pure: the names a claim uses are resolved through a `Names`
given by the caller, and "today" is an argument.

Text form: the template, then `name=value` pairs in any order, e.g.
    leader leaderboard=arena openness=open by=2024-12-31 confidence=70
A value with spaces may be written in double quotes (`model="Llama 3 70B"`). `category`
defaults to `overall`; `confidence` (1–99, percent) is optional.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Protocol

from catalog import Catalog, normalise
from catalog.catalog import name_index
from feeds.registry import SOURCES
from laws.evidence import LEADERBOARD_NAMES, scope_name

TEMPLATES: tuple[str, ...] = ("leader", "reaches", "lag", "smaller-beats", "above")
OPENNESS: tuple[str, ...] = ("open", "osi", "open_weights", "proprietary")
ANY_MODEL: tuple[str, ...] = ("any-open", "any-proprietary")

TEXT_MAX = 500  # characters of a whole claim
VALUE_MAX = 120  # characters of one value
SCORE_MAX = 100_000.0  # no leaderboard's scale comes near (Arena Elo ~1500, the rest ≤ 100)
MONTHS_MAX = 120
PARAMS_MIN = 10**6
PARAMS_MAX = 10**14  # 100T
YEARS_AHEAD = 10  # a deadline at most this many years after the day it is stated

# Each template's fields: required, then optional; the text form writes them in this order.
_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "leader": (("leaderboard", "openness", "by"), ("category", "confidence")),
    "reaches": (("leaderboard", "model", "score", "by"), ("category", "confidence")),
    "lag": (("leaderboard", "months", "by"), ("category", "confidence")),
    "smaller-beats": (("leaderboard", "params", "model", "by"), ("category", "confidence")),
    "above": (("leaderboard", "model", "other", "on"), ("category", "confidence")),
}
_ORDER = (
    "leaderboard",
    "category",
    "openness",
    "model",
    "other",
    "score",
    "months",
    "params",
    "by",
    "on",
    "confidence",
)
# Characters a value is shown back in when refused (nothing that can form a mention).
_SHOWABLE = re.compile(r"[\w.:+()\-/ ]{1,40}")
_PAIR = re.compile(r'([^\s=]+)=("[^"]*"|[^\s"]*)(?=\s|$)')


class ClaimError(ValueError):
    """A claim the parser cannot accept. `field` names the field at fault (None when the
    whole text is); `message` is a polite sentence saying what to fix, which never repeats
    anything typed that could ping (mentions) or carry markup."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


class Names(Protocol):
    """How the parser resolves what people type; `names_from` builds the real one."""

    def leaderboard(self, name: str) -> str | None:
        """The registry id a leaderboard name refers to, or None."""

    def categories(self, leaderboard: str) -> Collection[str]:
        """The categories known for a leaderboard (from its stored snapshots)."""

    def model(self, name: str, leaderboard: str) -> str | None:
        """The catalog key a model name refers to (aliases, case), or None."""

    def display(self, key: str) -> str:
        """A model's display name (its key when unknown)."""


@dataclass(frozen=True, kw_only=True)
class Claim:
    """One checkable claim, with every name resolved. Equal claims say the same thing."""

    template: str
    leaderboard: str  # registry id
    category: str = "overall"
    deadline: date  # `by=` (for `above`: `on=`)
    openness: str | None = None  # leader: one of OPENNESS
    model: str | None = None  # catalog key, or (reaches) one of ANY_MODEL
    other: str | None = None  # above: the second model's catalog key
    score: float | None = None  # reaches
    months: int | None = None  # lag
    params: int | None = None  # smaller-beats: total parameters
    confidence: int | None = None  # 1..99 percent
    # Display names, for the sentence only (not part of what the claim says).
    model_name: str | None = field(default=None, compare=False)
    other_name: str | None = field(default=None, compare=False)

    def text(self) -> str:
        """The canonical one-line text form; `parse` reads it back to an equal claim."""
        values = {
            "leaderboard": self.leaderboard,
            "category": self.category,
            "openness": self.openness,
            "model": self.model,
            "other": self.other,
            "score": None if self.score is None else number_text(self.score),
            "months": self.months,
            "params": None if self.params is None else params_text(self.params),
            "by" if self.template != "above" else "on": self.deadline.isoformat(),
            "confidence": self.confidence,
        }
        pairs = [
            f"{name}={_quoted(str(values[name]))}"
            for name in _ORDER
            if values.get(name) is not None
        ]
        return " ".join([self.template, *pairs])

    def sentence(self) -> str:
        """The claim in words, as the bot writes it back. A sentence that starts with a
        model's name keeps the name as it is written ("glm-4.6 will …")."""
        where = scope_name(self.leaderboard, self.category)
        model = self.model_name or self.model or ""
        day = self.deadline.isoformat()
        if self.template == "leader":
            text = f"{OPENNESS_WORDS[self.openness or 'open']} will be #1 on {where} by {day}"
        elif self.template == "reaches":
            who = ANY_WORDS.get(model, model) if self.model in ANY_MODEL else model
            text = f"{who} will score {number_text(self.score or 0)} or more on {where} by {day}"
        elif self.template == "lag":
            text = (
                f"law 2's observed lag on {where} will be at most {self.months} "
                f"month{'s' if self.months != 1 else ''} by {day}: the best open model "
                f"will match the best proprietary model released that long before"
            )
        elif self.template == "smaller-beats":
            text = (
                f"a model with at most {params_text(self.params or 0)} parameters will "
                f"score above {model} on {where} by {day}"
            )
        else:
            other = self.other_name or self.other or ""
            text = f"{model} will rank above {other} on {where} on {day}"
        if not text.startswith(model) or not model:
            text = text[0].upper() + text[1:]
        if self.confidence is not None:
            text += f" (confidence {self.confidence}%)"
        return text + "."


OPENNESS_WORDS = {
    "open": "an open model",
    "osi": "an OSI-licensed open model",
    "open_weights": "an open-weights model (not OSI-licensed)",
    "proprietary": "a proprietary model",
}
ANY_WORDS = {"any-open": "an open model", "any-proprietary": "a proprietary model"}


def parse(text: str, *, names: Names, today: date) -> Claim:
    """Read a claim's text form. `today` is the day it is stated: the deadline must come
    after it (a stored claim is read back with the day it was stated). Raises ClaimError
    naming the field for anything that is missing, unknown, repeated or does not resolve."""
    if len(text) > TEXT_MAX:
        raise ClaimError(
            None, f"a claim is at most {TEXT_MAX} characters; this one has {len(text):,}."
        )
    words = text.strip().split(None, 1)
    if not words:
        raise ClaimError("template", f"start with a template: {', '.join(TEMPLATES)}.")
    template = words[0].lower()
    if template not in TEMPLATES:
        raise ClaimError(
            "template", f"{_shown(words[0])} is not a template; use one of {', '.join(TEMPLATES)}."
        )
    values = _pairs(words[1] if len(words) > 1 else "")
    required, optional = _FIELDS[template]
    for name in values:
        if name not in required and name not in optional:
            showable = _SHOWABLE.fullmatch(name)
            what = f"field {_shown(name)}" if showable else "such field"
            raise ClaimError(
                name if showable else None,
                f"{template} has no {what}; its fields are {', '.join(required + optional)}.",
            )
    for name in required:
        if name not in values:
            raise ClaimError(name, f"missing; {template} needs {', '.join(required)}.")
    leaderboard = names.leaderboard(values["leaderboard"])
    if leaderboard is None:
        raise ClaimError("leaderboard", f"no leaderboard called {_shown(values['leaderboard'])}.")
    category = _category(values.get("category", "overall"), leaderboard, names)
    deadline_field = "on" if template == "above" else "by"
    claim: dict[str, object] = {
        "template": template,
        "leaderboard": leaderboard,
        "category": category,
        "deadline": _deadline(deadline_field, values[deadline_field], today),
        "confidence": _int("confidence", values["confidence"], 1, 99)
        if "confidence" in values
        else None,
    }
    if "openness" in values:
        openness = values["openness"].lower()
        if openness not in OPENNESS:
            raise ClaimError(
                "openness",
                f"expected one of {', '.join(OPENNESS)}, got {_shown(values['openness'])}.",
            )
        claim["openness"] = openness
    if "model" in values:
        if template == "reaches" and values["model"].lower() in ANY_MODEL:
            claim["model"] = values["model"].lower()
        else:
            claim["model"] = _model("model", values["model"], leaderboard, names)
            claim["model_name"] = names.display(str(claim["model"]))
    if "other" in values:
        claim["other"] = _model("other", values["other"], leaderboard, names)
        claim["other_name"] = names.display(str(claim["other"]))
        if claim["other"] == claim["model"]:
            raise ClaimError(
                "other", "name a different model from `model`: a model does not rank above itself."
            )
    if "score" in values:
        claim["score"] = _score(values["score"])
    if "months" in values:
        claim["months"] = _int("months", values["months"], 0, MONTHS_MAX)
    if "params" in values:
        claim["params"] = parse_params(values["params"])
    return Claim(**claim)  # type: ignore[arg-type]


def _pairs(text: str) -> dict[str, str]:
    """`name=value` pairs, each once; a value may be double-quoted."""
    values: dict[str, str] = {}
    rest = text
    while rest.strip():
        rest = rest.lstrip()
        m = _PAIR.match(rest)
        if m is None:
            word = rest.split(None, 1)[0]
            raise ClaimError(None, f"expected name=value pairs; {_shown(word)} is not one.")
        name, value = m.group(1).lower(), m.group(2)
        if value.startswith('"'):
            value = value[1:-1]
        if name in values:
            raise ClaimError(
                name if name in _ORDER else None, f"given twice; give {_shown(name)} once."
            )
        if not value.strip():
            raise ClaimError(name if name in _ORDER else None, "empty value.")
        if len(value) > VALUE_MAX:
            raise ClaimError(name if name in _ORDER else None, f"at most {VALUE_MAX} characters.")
        values[name] = value.strip()
        rest = rest[m.end() :]
    return values


def _category(typed: str, leaderboard: str, names: Names) -> str:
    known = names.categories(leaderboard)
    wanted = typed.strip().lower().replace(" ", "_")
    if wanted in known:
        return wanted
    listed = ", ".join(sorted(known)[:8]) + (" …" if len(known) > 8 else "")
    raise ClaimError(
        "category",
        f"{leaderboard} has no category {_shown(typed)}"
        + (f"; known: {listed}." if known else "."),
    )


def _model(name: str, typed: str, leaderboard: str, names: Names) -> str:
    key = names.model(typed, leaderboard)
    if key is None:
        raise ClaimError(
            name,
            f"no model called {_shown(typed)} in the catalog (try `model NAME` to look one up).",
        )
    return key


def _deadline(name: str, typed: str, today: date) -> date:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", typed):
        raise ClaimError(name, f"{_shown(typed)} is not a date; write YYYY-MM-DD.")
    try:
        day = date.fromisoformat(typed)
    except ValueError:
        raise ClaimError(name, f"{typed} is not a real date.") from None
    if day <= today:
        raise ClaimError(
            name,
            f"{typed} is not after today ({today.isoformat()}): a prediction is about the future.",
        )
    if day.year > today.year + YEARS_AHEAD:
        raise ClaimError(name, f"{typed} is more than {YEARS_AHEAD} years away.")
    return day


def _int(name: str, typed: str, low: int, high: int) -> int:
    if not re.fullmatch(r"[0-9]{1,6}", typed) or not low <= int(typed) <= high:
        raise ClaimError(
            name, f"expected a whole number from {low} to {high}, got {_shown(typed)}."
        )
    return int(typed)


def _score(typed: str) -> float:
    try:
        value = Decimal(typed)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not -SCORE_MAX <= value <= SCORE_MAX:
        raise ClaimError(
            "score",
            f"expected a number such as 1300 or 85.5 (at most "
            f"{SCORE_MAX:,.0f}), got {_shown(typed)}.",
        )
    return float(value)


_SCALE = {"": 1, "k": 10**3, "m": 10**6, "b": 10**9, "t": 10**12}


def parse_params(typed: str) -> int:
    """'70e9', '70B', '1.5T', '7b', '500M', '70000000000' → a whole number of parameters."""
    m = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?(?:e[0-9]{1,2})?)([kmbt]?)", typed.strip().lower())
    value = None
    if m is not None:
        value = Decimal(m.group(1)) * _SCALE[m.group(2)]
    if value is None or value != value.to_integral_value() or not PARAMS_MIN <= value <= PARAMS_MAX:
        raise ClaimError(
            "params",
            f"expected a parameter count from 1M to 100T such as 70B, "
            f"70e9 or 1.5T, got {_shown(typed)}.",
        )
    return int(value)


def params_text(params: int) -> str:
    """The shortest exact form: 70B, 1.5T, 500M, 7.25B."""
    for suffix, unit in (("T", 10**12), ("B", 10**9), ("M", 10**6)):
        if params >= unit:
            text = format(Decimal(params) / unit, "f")
            text = text.rstrip("0").rstrip(".") if "." in text else text
            return text + suffix
    return str(params)


def number_text(value: float) -> str:
    """A score as written in the text form: 1300, 85.5 (shortest exact repr)."""
    return str(int(value)) if value == int(value) else repr(value)


def _quoted(value: str) -> str:
    return f'"{value}"' if re.search(r'[\s"=]', value) else value


def _shown(typed: str) -> str:
    """What was typed, quoted back where it is safe to show (no mention can form)."""
    typed = typed.strip()
    return f"'{typed}'" if _SHOWABLE.fullmatch(typed) else "the value given"


# --- The real resolver ---------------------------------------------------------------


@dataclass(frozen=True)
class _CatalogNames:
    boards: Mapping[str, str]  # normalised name -> registry id
    known_categories: Mapping[str, frozenset[str]]
    find: Callable[[str, str], str | None]
    show: Callable[[str], str]

    def leaderboard(self, name: str) -> str | None:
        return self.boards.get(normalise(name))

    def categories(self, leaderboard: str) -> Collection[str]:
        return self.known_categories.get(leaderboard, frozenset({"overall"}))

    def model(self, name: str, leaderboard: str) -> str | None:
        return self.find(name, leaderboard)

    def display(self, key: str) -> str:
        return self.show(key)


# Names people call the leaderboards by, besides their ids, titles and short names.
BOARD_ALIASES: dict[str, str] = {
    "lmarena": "arena",
    "lmsys": "arena",
    "chatbot-arena": "arena",
    "lmsys-arena": "arena",
    "chatbot-arena-text": "arena",
    "open-llm-leaderboard-v1": "open-llm-v1",
    "open-llm-leaderboard-v2": "open-llm-v2",
    "epoch": "epoch-eci",
    "eci": "epoch-eci",
    "helm": "helm-lite",
}


def names_from(
    catalog: Catalog,
    leaderboards: Mapping[str, str] | None = None,
    categories: Mapping[str, Iterable[str]] | None = None,
) -> Names:
    """The real resolver. `leaderboards` maps registry ids to titles (default: the feeds
    registry); `categories` maps a leaderboard id to its stored categories (default: only
    `overall`). Models resolve like the `model` command: key, alias (scoped to the
    leaderboard first), display name, Hugging Face id; case-insensitive."""
    if leaderboards is None:
        leaderboards = {s.leaderboard: s.title for s in SOURCES.values()}
    boards: dict[str, str] = {}
    for board, title in leaderboards.items():
        for name in (board, title, LEADERBOARD_NAMES.get(board, board)):
            boards.setdefault(normalise(name), board)
    for alias, board in BOARD_ALIASES.items():
        if board in leaderboards:
            boards.setdefault(alias, board)
    index = name_index(catalog)

    def find(name: str, leaderboard: str) -> str | None:
        found = catalog.resolve(name, leaderboard) or index.lookup(name)
        return found.key if found else None

    def show(key: str) -> str:
        found = catalog.get(key)
        return found.name if found else key

    return _CatalogNames(
        boards, {b: frozenset(c) for b, c in (categories or {}).items()}, find, show
    )
