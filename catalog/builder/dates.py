"""Dates written in model keys (-0314, -20240513, -2407, -2024-05-13, -09-2025)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_YEARS = range(2019, 2031)
# A listing can precede the date a vendor's key names by a few days (the key names the day
# the snapshot was frozen, a board may list it from its announcement, or a file's date is
# its commit day): a MMDD date up to this long after the first listing is still that year.
KEY_DATE_SLACK = timedelta(days=7)


@dataclass(frozen=True)
class KeyDate:
    """A date read from a key. `precision` is "day" or "month"; `year_inferred` is True
    for MMDD tokens, whose year comes from the first listing: the year nearest the first
    listing that does not put the date after it (a model is listed after it exists), with
    KEY_DATE_SLACK of slack."""

    value: date
    precision: str
    token: str
    year_inferred: bool = False


def _valid(y: int, m: int, d: int = 1) -> date | None:
    try:
        return date(y, m, d) if y in _YEARS else None
    except ValueError:
        return None


def key_date(key: str, first_listed: date | None = None) -> KeyDate | None:
    """The date a model key carries, or None. Only whole '-'-separated tokens count, so
    sizes and versions (qwen2.5-72b, gpt-4) are never read as dates."""
    text = key.lower()
    patterns: list[tuple[str, str]] = [
        (r"(?<![\d.])(\d{4})-(\d{2})-(\d{2})(?![\d.])", "ymd"),
        (r"(?<![\d.])(\d{4})(\d{2})(\d{2})(?![\d.])", "ymd"),
        (r"(?<![\d.])(\d{2})-(\d{4})(?![\d.])", "my"),
        (r"(?<![\d.])(\d{4})(\d{2})(?![\d.])", "ym"),
    ]
    for pattern, kind in patterns:
        for match in re.finditer(pattern, text):
            g = [int(x) for x in match.groups()]
            if kind == "ymd" and (d := _valid(g[0], g[1], g[2])):
                return KeyDate(d, "day", match.group(0))
            if kind == "my" and (d := _valid(g[1], g[0])):
                return KeyDate(d, "month", match.group(0))
            if kind == "ym" and (d := _valid(g[0], g[1])):
                return KeyDate(d, "month", match.group(0))
    for match in re.finditer(r"(?<![\d.])(\d{2})-(\d{2})(?![\d.-])", text):
        found = _month_day(int(match.group(1)), int(match.group(2)), first_listed)
        if found:
            return KeyDate(found, "day", match.group(0), year_inferred=True)
    for token in re.split(r"[-_:]", text):
        if re.fullmatch(r"\d{4}", token):
            a, b = int(token[:2]), int(token[2:])
            if 23 <= a <= 30 and 1 <= b <= 12:
                return KeyDate(date(2000 + a, b, 1), "month", token)
            if found := _month_day(a, b, first_listed):
                return KeyDate(found, "day", token, year_inferred=True)
    return None


def _month_day(month: int, day: int, first_listed: date | None) -> date | None:
    if first_listed is None or not 1 <= month <= 12:
        return None
    for year in (first_listed.year + 1, first_listed.year, first_listed.year - 1):
        d = _valid(year, month, day)
        if d and d <= first_listed + KEY_DATE_SLACK:
            return d
    return None


def within(candidate: date, bound: KeyDate) -> bool:
    """Whether a source's date agrees with the date in the key: the same month for a
    month-precision key, two weeks either side for a day (vendors announce a snapshot a
    few days after the date it is named for)."""
    if bound.precision == "month":
        return (candidate.year, candidate.month) == (bound.value.year, bound.value.month)
    target = bound.value
    if bound.year_inferred:  # only the month and day are written; the year is a guess
        try:
            target = target.replace(year=candidate.year)
        except ValueError:  # 29 February
            return False
    return abs((candidate - target).days) <= 14
