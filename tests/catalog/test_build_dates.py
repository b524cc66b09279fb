from datetime import date

import pytest

from catalog.builder.dates import key_date, within


@pytest.mark.parametrize(
    ("key", "listed", "expected", "precision"),
    [
        ("gpt-4o-2024-05-13", None, date(2024, 5, 13), "day"),
        ("claude-3-opus-20240229", None, date(2024, 2, 29), "day"),
        ("mistral-large-2407", None, date(2024, 7, 1), "month"),
        ("command-r-08-2024", None, date(2024, 8, 1), "month"),
        ("step-1o-turbo-202506", None, date(2025, 6, 1), "month"),
        ("gpt-4-0314", date(2023, 5, 8), date(2023, 3, 14), "day"),
        ("grok-2-1212", date(2025, 1, 6), date(2024, 12, 12), "day"),
        ("gemini-2.0-flash-lite-preview-02-05", date(2025, 3, 1), date(2025, 2, 5), "day"),
    ],
)
def test_dates_written_in_keys(key, listed, expected, precision) -> None:
    found = key_date(key, listed)
    assert found is not None
    assert (found.value, found.precision) == (expected, precision)


@pytest.mark.parametrize(
    "key",
    ["qwen2.5-72b-instruct", "gpt-4", "llama-3.1-405b", "yi-1.5-34b-chat", "text-davinci-003"],
)
def test_sizes_and_versions_are_not_dates(key: str) -> None:
    assert key_date(key, date(2025, 1, 1)) is None


def test_month_day_needs_a_listing_to_place_its_year() -> None:
    assert key_date("gpt-4-0314") is None


def test_within_a_key_date() -> None:
    day = key_date("gpt-4o-2024-05-13")
    assert within(date(2024, 5, 20), day) and not within(date(2024, 4, 9), day)
    month = key_date("mistral-large-2407")
    assert within(date(2024, 7, 24), month) and not within(date(2023, 7, 24), month)
    guessed = key_date("gemini-exp-1206", date(2024, 11, 30))  # listing date too early
    assert within(date(2024, 12, 6), guessed)  # month and day agree, year was a guess
