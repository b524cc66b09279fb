"""The three laws, as stated by their author, and the slot for each part's evaluator."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from laws import law1, law2, law3

AUTHOR = "Xavier Amatriain"
SOURCE_TITLE = "On open source LLMs, take two: The three laws of GenAI model evolution"
SOURCE_URL = "https://amatriain.net/blog/opensourcellms2"
SOURCE_DATE = "2023-07-23"


@dataclass(frozen=True)
class Part:
    """One separately decided claim of a law ("3a", "3b"); a law with one claim has one part."""

    id: str
    summary: str
    # evaluator(history, settings, period) -> Verdict; the catalog enters through
    # `laws.history.History.build`, which resolves every entry once.
    evaluator: Callable[..., Any] | None = field(default=None, compare=False)
    # definition(settings) -> the rule in words, as /law N explain shows it.
    definition: Callable[..., str] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Law:
    id: str
    name: str
    statement: str
    parts: tuple[Part, ...]
    note: str = ""

    @property
    def attribution(self) -> str:
        """Author, title, date and URL of the post that states the laws, as /law and the web
        pages cite it under a statement."""
        return f"{AUTHOR}, “{SOURCE_TITLE}”, {SOURCE_DATE} ({SOURCE_URL})"


LAWS: dict[str, Law] = {
    law.id: law
    for law in (
        Law(
            id="1",
            name="Better in all measurable ways",
            statement="Best models will continue to get better in all measurable ways.",
            parts=(
                Part(
                    "1",
                    "the best of the last 12 months does not fall on any shared benchmark",
                    law1.evaluate,
                    law1.definition,
                ),
            ),
        ),
        Law(
            id="2",
            name="Open beats the proprietary of six months earlier",
            statement="Best open source models are going to be better than proprietary ones "
            "six months earlier.",
            parts=(
                Part(
                    "2",
                    "the best open model beats the best proprietary model released "
                    "six months earlier",
                    law2.evaluate,
                    law2.definition,
                ),
            ),
            note="He expects N = 6 months to stay roughly constant.",
        ),
        Law(
            id="3",
            name="Superior and smaller; the best keep growing",
            statement="In the near future we will see models that are superior AND smaller "
            "than current ones. Best models in (1) will continue to grow in size.",
            parts=(
                Part(
                    "3a",
                    "within 12 months a smaller model matches or beats the best",
                    law3.evaluate_3a,
                    law3.definition_3a,
                ),
                Part(
                    "3b",
                    "the best models keep growing in size",
                    law3.evaluate_3b,
                    law3.definition_3b,
                ),
            ),
        ),
    )
}

LAW_IDS: tuple[str, ...] = tuple(LAWS)
PART_IDS: tuple[str, ...] = tuple(p.id for law in LAWS.values() for p in law.parts)
