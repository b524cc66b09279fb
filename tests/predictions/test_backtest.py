"""The backtest: JSON Lines of stated claims, resolved on the bundled history as they would
have been live; bad lines named by number; the shipped examples file."""

from __future__ import annotations

import json
from datetime import date

import pytest

from predictions.backtest import BacktestError, read_claims, run, table
from tests.conftest import ROOT
from tests.predictions.conftest import SETTINGS

EXAMPLES = ROOT / "predictions" / "examples.jsonl"


def lines(*items: object) -> bytes:
    return "\n".join(i if isinstance(i, str) else json.dumps(i) for i in items).encode()


def test_claims_are_read_with_their_stated_day_and_extra_keys(names) -> None:
    data = lines(
        {
            "stated": "2023-06-01",
            "claim": "lag leaderboard=arena months=3 by=2024-06-30",
            "source": {"who": "x"},
        },
        "",
        "   ",
        {"stated": "2024-01-01", "claim": "leader leaderboard=arena openness=open by=2024-06-30"},
    )
    claims = read_claims(data, names)
    assert [(c.line, c.stated, c.claim.template) for c in claims] == [
        (1, date(2023, 6, 1), "lag"),
        (4, date(2024, 1, 1), "leader"),
    ]
    assert claims[0].extra == {"source": {"who": "x"}}


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "expected an object"),
        ('{"claim": "lag leaderboard=arena months=3 by=2024-06-30"}', '"stated" must be'),
        ('{"stated": "2023-06-01"}', '"claim" must be'),
        (
            '{"stated": "2023-02-30", "claim": "lag leaderboard=arena months=3 by=2024-06-30"}',
            "real date",
        ),
        (
            '{"stated": "2023-06", "claim": "lag leaderboard=arena months=3 by=2024-06-30"}',
            "real date",
        ),
        (
            '{"stated": "2023-W22-4", "claim": "lag leaderboard=arena months=3 by=2024-06-30"}',
            "real date",
        ),
        (
            '{"stated": 20230601, "claim": "lag leaderboard=arena months=3 by=2024-06-30"}',
            '"stated" must be',
        ),
        (
            '{"stated": "2024-07-01", "claim": "lag leaderboard=arena months=3 by=2024-06-30"}',
            "claim: by: 2024-06-30 is not after today (2024-07-01)",
        ),
        (
            '{"stated": "2023-06-01", "claim": "lag leaderboard=arena weeks=3 by=2024-06-30"}',
            "claim: weeks:",
        ),
    ],
)
def test_a_bad_line_is_named_by_its_number(names, bad: str, says: str) -> None:
    good = json.dumps(
        {"stated": "2023-06-01", "claim": "lag leaderboard=arena months=3 by=2024-06-30"}
    )
    with pytest.raises(BacktestError) as caught:
        read_claims(f"{good}\n\n{bad}\n{good}".encode(), names)
    assert caught.value.line == 3
    assert str(caught.value).startswith("line 3: ") and says in str(caught.value)


def test_not_utf8_names_the_line(names) -> None:
    with pytest.raises(BacktestError, match=r"^line 2: not UTF-8"):
        read_claims(b'{"a": 1}\n\xff\n', names)


def test_run_resolves_each_as_known_then(names, histories) -> None:
    claims = read_claims(
        lines(
            {"stated": "2023-12-19", "claim": "lag leaderboard=arena months=21 by=2024-12-31"},
            {
                "stated": "2024-04-22",
                "claim": "reaches leaderboard=arena model=llama-3-70b-instruct"
                " score=1200 by=2024-06-30",
            },
            {
                "stated": "2025-06-01",
                "claim": "leader leaderboard=arena openness=open by=2027-06-30",
            },
            {
                "stated": "2024-01-01",
                "claim": "leader leaderboard=arena category=mt-bench openness=open by=2024-06-30",
            },
        ),
        names,
    )
    out = [o.to_json() for o in run(claims, histories, SETTINGS)]
    assert [(o["outcome"], o["resolved_on"]) for o in out] == [
        ("YES", "2024-04-09"),
        ("YES", "2024-04-26"),
        ("OPEN", None),
        ("NO", "2025-05-11"),
    ]
    assert out[0]["claim"] == "lag leaderboard=arena category=overall months=21 by=2024-12-31"
    assert out[0]["stated"] == "2023-12-19"
    assert out[0]["evidence"]["snapshot_date"] == "2024-04-09"
    # A scope with no stored snapshots stays open, saying so.
    missing = run(claims[:1], {}, SETTINGS)[0].resolution
    assert (
        missing.outcome == "OPEN" and "no snapshots of arena/overall" in missing.evidence["reason"]
    )


def test_table_has_one_row_per_claim_and_its_reason(names, histories) -> None:
    claims = read_claims(
        lines({"stated": "2023-12-19", "claim": "lag leaderboard=arena months=21 by=2024-12-31"}),
        names,
    )
    text = table(run(claims, histories, SETTINGS)).splitlines()
    assert text[0].split() == ["line", "stated", "outcome", "resolved", "claim"]
    assert text[1].split()[:4] == ["1", "2023-12-19", "YES", "2024-04-09"]
    assert "Command R+ (04-2024)" in text[2] and "arena snapshot 2024-04-09" in text[2]


def test_the_shipped_examples_are_real_cited_claims(names, histories) -> None:
    raw = EXAMPLES.read_bytes()
    claims = read_claims(raw, names)
    assert len(claims) == len([x for x in raw.splitlines() if x.strip()]) >= 3
    for c in claims:
        source = c.extra["source"]
        assert {"who", "where", "url", "date", "quote"} <= set(source)
        assert source["url"].startswith("https://")
        assert "2023" <= source["date"][:4] <= "2024"
    outcomes = run(claims, histories, SETTINGS)
    assert all(o.resolution.outcome in ("YES", "NO", "OPEN") for o in outcomes)
    # Where people resolved the question themselves, the backtest agrees.
    for o in outcomes:
        if "resolved_by_people" in o.stated.extra["source"]:
            assert o.stated.extra["source"]["resolved_by_people"].startswith(o.resolution.outcome)
