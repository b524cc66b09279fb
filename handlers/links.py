"""The web pages' addresses: one place for the URL scheme that the pages (web/) serve and
chat replies link to. Every path segment is percent-encoded, so a category or model name
holding `/`, `?`, `#`, `%` or spaces still names one page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlencode

from handlers.settings import Settings


def segment(text: str) -> str:
    """One path segment, every reserved character encoded (a `/` too)."""
    return quote(text, safe="")


def law_path(law: str) -> str:
    """The page of a law (a part id, such as 3a, redirects to its section of its law's page)."""
    return f"/law/{segment(law)}"


def verdict_path(law: str, leaderboard: str, category: str, period: str) -> str:
    """The permalink of one verdict (`law`: a law id, or a part id such as 3a)."""
    return f"/law/{segment(law)}/{segment(leaderboard)}/{segment(category)}/{segment(period)}"


def leaderboard_path(leaderboard: str, category: str | None = None, at: date | None = None) -> str:
    """The standings page of a leaderboard, or of one of its categories; with `at`, of its
    snapshot on or before that date (?at=YYYY-MM-DD)."""
    path = f"/leaderboards/{segment(leaderboard)}"
    if category is not None:
        path += f"/{segment(category)}"
    return path + (f"?{urlencode({'at': at.isoformat()})}" if at else "")


def model_path(name: str) -> str:
    """The card page of a model, by catalog key or by any name a leaderboard lists it under."""
    return f"/models/{segment(name)}"


def counterexample_path(number: int) -> str:
    """The page of an accepted counterexample (the site does not show the others)."""
    return f"/counterexamples/{number}"


def prediction_path(number: int) -> str:
    """The permalink of one community prediction."""
    return f"/predictions/{number}"


def chart_path(law: str) -> str:
    """The PNG of a law's chart, the one /law N attaches."""
    return f"/charts/law-{segment(law)}.png"


@dataclass(frozen=True)
class Links:
    """Absolute addresses under `base` (the configured public URL), or "" for every one
    when there is no base: chat then carries no links."""

    base: str = ""

    @classmethod
    def of(cls, config: Settings) -> Links:
        """The links under the configured public address: none at all when `public_url` is unset
        or the pages are off."""
        return cls(config.web.base_url)

    def _to(self, path: str) -> str:
        return f"{self.base}{path}" if self.base else ""

    def law(self, law: str) -> str:
        """The absolute address of a law's page; "" without a public address, so chat shows no
        link."""
        return self._to(law_path(law))

    def verdict(self, law: str, leaderboard: str, category: str, period: str) -> str:
        """The absolute permalink of one month's verdict; "" without a public address."""
        return self._to(verdict_path(law, leaderboard, category, period))

    def leaderboard(
        self, leaderboard: str, category: str | None = None, at: date | None = None
    ) -> str:
        """The absolute address of a leaderboard's standings (of a category, at a date:
        `leaderboard_path`); "" without a public address."""
        return self._to(leaderboard_path(leaderboard, category, at))

    def counterexample(self, number: int) -> str:
        """The absolute address of an accepted counterexample's page; "" without a public
        address."""
        return self._to(counterexample_path(number))

    def prediction(self, number: int) -> str:
        """The absolute address of a prediction's page; "" without a public address."""
        return self._to(prediction_path(number))
