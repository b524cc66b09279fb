"""The submission form and its validation: pure, so every refusal is testable without a
database. Values are kept exactly as typed; parsing only reads them."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from handlers.forms import Form, FormField
from handlers.text import clip, neutralise
from laws import LAW_IDS
from storage.counterexamples import Submission

CLAIM_MAX = 1000
MODELS_MAX = 300
EVIDENCE_MAX = 900
SNAPSHOT_MAX = 60
MAX_LINKS = 3
MAX_MODELS = 5

FORM = Form(
    title="Submit a counterexample",
    fields=(
        FormField("law", "Law (1, 2 or 3)", max_length=1, placeholder="2"),
        FormField(
            "claim",
            "How the law breaks",
            max_length=CLAIM_MAX,
            multiline=True,
            placeholder="Model X (open) is below proprietary model Y released 8 "
            "months earlier, beyond the intervals",
        ),
        FormField(
            "models",
            "Models involved (comma-separated)",
            max_length=MODELS_MAX,
            placeholder="llama-3-70b-instruct, gpt-4-0314",
        ),
        FormField(
            "evidence",
            "Evidence links (http/https, up to 3)",
            max_length=EVIDENCE_MAX,
            multiline=True,
            placeholder="https://…",
        ),
        FormField(
            "snapshot",
            "Snapshot: leaderboard and/or date (optional)",
            max_length=SNAPSHOT_MAX,
            required=False,
            placeholder="arena 2024-05-15",
        ),
    ),
)


class InvalidSubmission(ValueError):
    """Input the form cannot accept; the message names the field and the fix."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"The {field} field: {problem} Nothing was stored.")
        self.field = field


@dataclass(frozen=True)
class Parsed:
    submission: Submission  # as typed
    model_names: tuple[str, ...]
    links: tuple[str, ...]
    leaderboard: str | None
    category: str | None
    on_or_before: date | None


def parse_submission(values: dict[str, str | None]) -> Parsed:
    """Check every field; raise InvalidSubmission naming the first one that is wrong."""
    law = _required(values, "law").strip()
    if law not in LAW_IDS:
        raise InvalidSubmission("law", f"expected 1, 2 or 3, got {_quote(law)}.")
    claim = _required(values, "claim", CLAIM_MAX)
    models = _required(values, "models", MODELS_MAX)
    evidence = _required(values, "evidence", EVIDENCE_MAX)
    snapshot = values.get("snapshot") or ""
    _limit("snapshot", snapshot, SNAPSHOT_MAX)
    leaderboard, category, on_or_before = _snapshot(snapshot)
    return Parsed(
        submission=Submission(
            law=law, claim=claim, models=models, evidence=evidence, snapshot=snapshot
        ),
        model_names=_model_names(models),
        links=_links(evidence),
        leaderboard=leaderboard,
        category=category,
        on_or_before=on_or_before,
    )


def _required(values: dict[str, str | None], name: str, limit: int | None = None) -> str:
    value = values.get(name) or ""
    if not value.strip():
        raise InvalidSubmission(name, "this field is required.")
    if limit is not None:
        _limit(name, value, limit)
    return value


def _limit(name: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise InvalidSubmission(name, f"{len(value):,} characters; the limit is {limit:,}.")


def _model_names(text: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in re.split(r"[,;\n]|\s+vs\.?\s+", text) if n.strip())
    if len(names) > MAX_MODELS:
        raise InvalidSubmission(
            "models", f"at most {MAX_MODELS} models, separated by commas (got {len(names)})."
        )
    return names


def _links(text: str) -> tuple[str, ...]:
    links = tuple(w for w in re.split(r"[\s,]+", text) if w)
    if len(links) > MAX_LINKS:
        raise InvalidSubmission("evidence", f"at most {MAX_LINKS} links (got {len(links)}).")
    for link in links:
        try:
            parts = urlsplit(link)
            ok = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
        except ValueError:
            ok = False
        if not ok:
            raise InvalidSubmission(
                "evidence", f"{_quote(link)} is not an http:// or https:// link."
            )
    return links


def _snapshot(text: str) -> tuple[str | None, str | None, date | None]:
    """'arena 2024-05-15', 'arena coding', '2024-05' → (leaderboard, category, date)."""
    names: list[str] = []
    when: date | None = None
    for word in text.split():
        if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", word):
            when = _date(word)
        elif re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", word) and len(names) < 2:
            names.append(word.lower())
        else:
            raise InvalidSubmission(
                "snapshot",
                "expected a leaderboard name (and category) "
                f"and/or a date like 2024-05-15; "
                f"{_quote(word)} is neither.",
            )
    return (names[0] if names else None, names[1] if len(names) > 1 else None, when)


def _date(word: str) -> date:
    try:
        if len(word) == 7:  # a month means its last day
            year, month = int(word[:4]), int(word[5:])
            return date(year, month, calendar.monthrange(year, month)[1])
        return date.fromisoformat(word)
    except (ValueError, calendar.IllegalMonthError):
        raise InvalidSubmission("snapshot", f"{word} is not a date (use YYYY-MM-DD).") from None


def _quote(text: str) -> str:
    return "'" + neutralise(clip(text, 60)) + "'"
