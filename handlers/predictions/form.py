"""The /predict forms, one per claim template, and the text form they amount to.

A form's values become the claim's one-line text form, which `predictions.claims.parse`
reads exactly as it reads a claim typed inline: one parser, one set of refusals. Discord
allows five inputs in a modal, so a template's leaderboard and category share one input
("arena" or "arena coding")."""

from __future__ import annotations

import re

from handlers.forms import Form, FormField
from predictions.claims import VALUE_MAX, ClaimError

_BOARD = FormField(
    "leaderboard",
    "Leaderboard, and category if not overall",
    max_length=VALUE_MAX,
    placeholder="arena, or: arena coding",
)
_CONFIDENCE = FormField(
    "confidence",
    "Your confidence, 1-99 % (optional)",
    max_length=2,
    required=False,
    placeholder="70",
)


def _by(name: str = "by", label: str = "By (YYYY-MM-DD)") -> FormField:
    return FormField(name, label, max_length=10, placeholder="2027-06-30")


def _model(name: str, label: str, placeholder: str) -> FormField:
    return FormField(name, label, max_length=VALUE_MAX, placeholder=placeholder)


FORMS: dict[str, Form] = {
    "leader": Form(
        "Predict: a kind of model leads",
        (
            _BOARD,
            FormField(
                "openness",
                "Openness of the #1",
                max_length=12,
                placeholder="open, osi, open_weights or proprietary",
            ),
            _by(),
            _CONFIDENCE,
        ),
    ),
    "reaches": Form(
        "Predict: a model reaches a score",
        (
            _BOARD,
            _model("model", "Model (or any-open, any-proprietary)", "any-open"),
            FormField("score", "Score it reaches", max_length=20, placeholder="1500"),
            _by(),
            _CONFIDENCE,
        ),
    ),
    "lag": Form(
        "Predict: law 2's lag",
        (
            _BOARD,
            FormField("months", "Observed lag at most (months)", max_length=3, placeholder="6"),
            _by(),
            _CONFIDENCE,
        ),
    ),
    "smaller-beats": Form(
        "Predict: smaller beats a model",
        (
            _BOARD,
            FormField(
                "params", "At most this many total parameters", max_length=20, placeholder="70B"
            ),
            _model("model", "…scoring above this model", "gpt-4o-2024-05-13"),
            _by(),
            _CONFIDENCE,
        ),
    ),
    "above": Form(
        "Predict: one model above another",
        (
            _BOARD,
            _model("model", "Model", "claude-opus-4-1-20250805"),
            _model("other", "…ranks above this model", "gpt-5-high"),
            _by("on", "On (YYYY-MM-DD)"),
            _CONFIDENCE,
        ),
    ),
}
_SPACE = re.compile(r"[\s=]")
# The claim's fields that a form asks for under another field's name.
FORM_FIELDS = {"category": "leaderboard"}


def text_of_form(template: str, values: dict[str, str | None]) -> str:
    """The text form of a submitted form: `leader leaderboard=arena category=coding …`,
    blank optional fields left out. A value the text form cannot carry (a double quote)
    raises ClaimError naming its field."""
    words = [template]
    board = (values.get("leaderboard") or "").split(None, 1)
    pairs: list[tuple[str, str]] = []
    if board:
        pairs.append(("leaderboard", board[0]))
    if len(board) > 1:
        pairs.append(("category", board[1].strip()))
    for field in FORMS[template].fields[1:]:
        value = (values.get(field.name) or "").strip()
        if value:
            pairs.append((field.name, value))
    for name, value in pairs:
        if '"' in value:
            raise ClaimError(name, 'a value cannot hold a double quote (").')
        words.append(f'{name}="{value}"' if _SPACE.search(value) else f"{name}={value}")
    return " ".join(words)
