"""Property-based: the text form round-trips for any claim, and any typed text (unicode,
mentions, huge numbers, impossible dates) is either a claim or a polite ClaimError naming
the field, never a crash and never a message that pings."""

from __future__ import annotations

import re
from datetime import date, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from predictions.claims import (
    ANY_MODEL,
    MONTHS_MAX,
    OPENNESS,
    PARAMS_MAX,
    PARAMS_MIN,
    SCORE_MAX,
    Claim,
    ClaimError,
    parse,
)

TODAY = date(2024, 5, 1)
RAW_MENTION = re.compile(r"@(everyone|here)|<[@!#]", re.IGNORECASE)
NASTY = [
    "@everyone",
    "@here",
    "<!channel>",
    "<!here>",
    "<@U123>",
    "<@!42>",
    "<@&7>",
    "<#C1>",
    "**b**",
    "`c`",
    "[x](https://e.com)",
    "<https://e.com|x>",
    "\u200b",
    "\n",
    "\x00",
    '"',
    "=",
    "==",
    "é",
    "模型",
    "🦙",
    "\u202e",
    "2024-02-30",
    "1e400",
    "9" * 60,
]
FIELDS = [
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
]
fragments = st.one_of(st.sampled_from(NASTY), st.text(max_size=12))
values = st.lists(fragments, min_size=1, max_size=4).map("".join)
pairs = st.lists(st.tuples(st.sampled_from(FIELDS), values), max_size=8).map(
    lambda kv: " ".join(f"{k}={v}" for k, v in kv)
)
typed = st.one_of(
    st.text(max_size=300),
    st.tuples(
        st.sampled_from(["leader", "reaches", "lag", "smaller-beats", "above", "x"]), pairs
    ).map(" ".join),
)


def _keys(names) -> list[str]:
    """Catalog keys that name themselves on Arena (the text form writes keys)."""
    from catalog import load_catalog

    return [
        m.key
        for m in sorted(load_catalog(), key=lambda m: m.key)
        if names.model(m.key, "arena") == m.key
    ][:300]


def test_any_claim_round_trips(names) -> None:
    keys = _keys(names)
    arena_categories = sorted(names.categories("arena"))
    deadlines = st.integers(1, 3650).map(lambda n: TODAY + timedelta(days=n))
    confidences = st.one_of(st.none(), st.integers(1, 99))
    common = {
        "leaderboard": st.just("arena"),
        "category": st.sampled_from(arena_categories),
        "deadline": deadlines,
        "confidence": confidences,
    }
    models = st.sampled_from(keys)
    claims = st.one_of(
        st.builds(Claim, template=st.just("leader"), openness=st.sampled_from(OPENNESS), **common),
        st.builds(
            Claim,
            template=st.just("reaches"),
            model=st.one_of(models, st.sampled_from(ANY_MODEL)),
            score=st.floats(-SCORE_MAX, SCORE_MAX, allow_nan=False),
            **common,
        ),
        st.builds(Claim, template=st.just("lag"), months=st.integers(0, MONTHS_MAX), **common),
        st.builds(
            Claim,
            template=st.just("smaller-beats"),
            model=models,
            params=st.integers(PARAMS_MIN, PARAMS_MAX),
            **common,
        ),
        st.builds(Claim, template=st.just("above"), model=models, other=models, **common).filter(
            lambda c: c.model != c.other
        ),
    )

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(claims)
    def check(claim: Claim) -> None:
        again = parse(claim.text(), names=names, today=TODAY)
        assert again == claim
        assert again.text() == claim.text()
        assert claim.sentence().endswith(".")

    check()


def test_any_text_is_a_claim_or_a_polite_refusal(names) -> None:
    @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(typed)
    @example("reaches leaderboard=arena model=@everyone score=1 by=2024-12-31")
    @example("above leaderboard=<!channel> model=a other=b on=2024-02-30")
    @example("leader leaderboard=arena openness=open by=2024-02-30")
    @example("reaches leaderboard=arena model=gpt-4-0314 score=" + "9" * 119 + " by=2025-01-01")
    @example(
        "smaller-beats leaderboard=arena params=1" + "0" * 100 + " model=gpt-4-0314 by=2025-01-01"
    )
    @example("lag leaderboard=arena months=٣ by=2025-01-01")  # a non-ASCII digit
    def check(text: str) -> None:
        try:
            claim = parse(text, names=names, today=TODAY)
        except ClaimError as error:
            assert (
                error.field is None
                or error.field in [*FIELDS, "template"]
                or re.fullmatch(r"[\w.:+()\-/ ]{1,40}", error.field)
            )
            assert error.message and not RAW_MENTION.search(str(error))
            return
        assert parse(claim.text(), names=names, today=TODAY) == claim
        assert not RAW_MENTION.search(claim.sentence())

    check()


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99))
def test_dates_real_and_after_today_or_refused(names, year: int, month: int, day: int) -> None:
    text = f"leader leaderboard=arena openness=open by={year:04d}-{month:02d}-{day:02d}"
    try:
        real = date(year, month, day)
    except ValueError:
        real = None
    try:
        claim = parse(text, names=names, today=TODAY)
    except ClaimError as error:
        assert error.field == "by"
        assert real is None or real <= TODAY or real.year > TODAY.year + 10
        return
    assert claim.deadline == real and TODAY < real


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.integers(), st.integers(-(10**400), 10**400)))
def test_huge_numbers_are_refused_naming_the_field(names, n: int) -> None:
    cases = {
        "score": (
            f"reaches leaderboard=arena model=gpt-4-0314 score={n} by=2025-01-01",
            -SCORE_MAX <= n <= SCORE_MAX,
        ),
        "months": (f"lag leaderboard=arena months={n} by=2025-01-01", 0 <= n <= MONTHS_MAX),
        "params": (
            f"smaller-beats leaderboard=arena params={n} model=gpt-4-0314 by=2025-01-01",
            PARAMS_MIN <= n <= PARAMS_MAX,
        ),
        "confidence": (
            f"lag leaderboard=arena months=1 by=2025-01-01 confidence={n}",
            1 <= n <= 99,
        ),
    }
    for field, (text, fits) in cases.items():
        if len(str(n)) > 120:  # longer than any value may be
            fits = False
        try:
            parse(text, names=names, today=TODAY)
        except ClaimError as error:
            assert not fits and error.field == field
        else:
            assert fits
