"""The text form: the five templates, names resolved through the shipped catalog and the
feeds registry, refusals naming the field, the canonical text and sentence."""

from __future__ import annotations

from datetime import date

import pytest

from predictions.claims import TEMPLATES, Claim, ClaimError, params_text, parse, parse_params

TODAY = date(2024, 5, 1)


def read(names, text: str, today: date = TODAY) -> Claim:
    return parse(text, names=names, today=today)


def refused(names, text: str, today: date = TODAY) -> ClaimError:
    with pytest.raises(ClaimError) as caught:
        read(names, text, today)
    return caught.value


def test_each_template(names) -> None:
    assert read(names, "leader leaderboard=arena openness=open by=2024-12-31") == Claim(
        template="leader", leaderboard="arena", deadline=date(2024, 12, 31), openness="open"
    )
    c = read(
        names,
        "reaches leaderboard=arena model=gpt-4o-2024-05-13 score=1300 by=2024-12-31 confidence=60",
    )
    assert (c.model, c.score, c.confidence, c.model_name) == (
        "gpt-4o-2024-05-13",
        1300.0,
        60,
        "GPT-4o-2024-05-13",
    )
    c = read(names, "lag leaderboard=arena months=6 by=2025-01-31")
    assert (c.template, c.months, c.category) == ("lag", 6, "overall")
    c = read(names, "smaller-beats leaderboard=arena params=70B model=gpt-4-0314 by=2024-12-31")
    assert (c.params, c.model) == (70_000_000_000, "gpt-4-0314")
    c = read(
        names, "above leaderboard=arena model=llama-3-70b-instruct other=gpt-4-0314 on=2024-06-01"
    )
    assert (c.model, c.other, c.deadline) == (
        "llama-3-70b-instruct",
        "gpt-4-0314",
        date(2024, 6, 1),
    )
    assert TEMPLATES == ("leader", "reaches", "lag", "smaller-beats", "above")


def test_pairs_in_any_order_case_and_aliases(names) -> None:
    a = read(
        names,
        "reaches leaderboard=arena category=overall model=llama-3-70b-instruct "
        "score=1250 by=2024-12-31",
    )
    b = read(
        names,
        'REACHES by=2024-12-31 Score=1250 model="meta-llama/Meta-Llama-3-70B-Instruct"'
        " leaderboard=LMArena",
    )
    assert a == b
    assert (
        read(names, "lag leaderboard=chatbot-arena months=6 by=2024-12-31").leaderboard == "arena"
    )
    c = read(names, "leader leaderboard=arena category=Creative_Writing openness=osi by=2026-06-30")
    assert c.category == "creative_writing"


@pytest.mark.parametrize(
    ("typed", "params"),
    [
        ("70e9", 70_000_000_000),
        ("70B", 70_000_000_000),
        ("70b", 70_000_000_000),
        ("1.5T", 1_500_000_000_000),
        ("7b", 7_000_000_000),
        ("500M", 500_000_000),
        ("7.25B", 7_250_000_000),
        ("70000000000", 70_000_000_000),
    ],
)
def test_params_forms(typed: str, params: int) -> None:
    assert parse_params(typed) == params
    assert parse_params(params_text(params)) == params


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("guess leaderboard=arena by=2024-12-31", "template"),
        ("leader leaderboard=arena openness=open", "by"),
        ("leader leaderboard=arena openness=open by=2024-12-31 colour=blue", "colour"),
        ("leader leaderboard=arena openness=open by=2024-12-31 by=2025-01-31", "by"),
        ("leader leaderboard=nowhere openness=open by=2024-12-31", "leaderboard"),
        ("leader leaderboard=arena category=poetry openness=open by=2024-12-31", "category"),
        ("leader leaderboard=arena openness=closed by=2024-12-31", "openness"),
        ("leader leaderboard=arena openness=open by=2024-02-30", "by"),
        ("leader leaderboard=arena openness=open by=2024-13-01", "by"),
        ("leader leaderboard=arena openness=open by=31/12/2024", "by"),
        ("leader leaderboard=arena openness=open by=2024-04-30", "by"),  # before today
        ("leader leaderboard=arena openness=open by=2024-05-01", "by"),  # today
        ("leader leaderboard=arena openness=open by=2999-01-01", "by"),
        ("leader leaderboard=arena openness=open by=2024-12-31 confidence=100", "confidence"),
        ("leader leaderboard=arena openness=open by=2024-12-31 confidence=0", "confidence"),
        ("leader leaderboard=arena openness=open by=2024-12-31 confidence=50.5", "confidence"),
        ("reaches leaderboard=arena model=gpt-5-turbo-ultra score=1300 by=2024-12-31", "model"),
        ("reaches leaderboard=arena model=gpt-4-0314 score=1e400 by=2024-12-31", "score"),
        ("reaches leaderboard=arena model=gpt-4-0314 score=nan by=2024-12-31", "score"),
        ("reaches leaderboard=arena model=gpt-4-0314 score=Infinity by=2024-12-31", "score"),
        ("reaches leaderboard=arena model=gpt-4-0314 score=999999999 by=2024-12-31", "score"),
        ("lag leaderboard=arena months=99999999999 by=2024-12-31", "months"),
        ("lag leaderboard=arena months=-1 by=2024-12-31", "months"),
        ("smaller-beats leaderboard=arena params=1e30 model=gpt-4-0314 by=2024-12-31", "params"),
        ("smaller-beats leaderboard=arena params=0.5 model=gpt-4-0314 by=2024-12-31", "params"),
        ("smaller-beats leaderboard=arena params=70Q model=gpt-4-0314 by=2024-12-31", "params"),
        ("above leaderboard=arena model=gpt-4-0314 other=GPT-4-0314 on=2024-12-31", "other"),
        (
            "above leaderboard=arena model=llama-3-70b-instruct other=meta-llama/Meta-Llama-3-70B-"
            "Instruct on=2024-12-31",
            "other",
        ),
        ("above leaderboard=arena model=gpt-4-0314 other=llama-3-70b-instruct by=2024-12-31", "by"),
        ("reaches leaderboard=arena model=any-open score=1300 months=3 by=2024-12-31", "months"),
        ("leader leaderboard=arena openness=open by=2024-12-31 model=", "model"),
    ],
)
def test_refusals_name_the_field(names, text: str, field: str) -> None:
    error = refused(names, text)
    assert error.field == field
    assert error.message and str(error).startswith(f"{field}: ")


def test_any_model_is_only_for_reaches(names) -> None:
    assert (
        refused(
            names, "above leaderboard=arena model=any-open other=gpt-4-0314 on=2024-12-31"
        ).field
        == "model"
    )


def test_over_long_text_is_refused_before_anything_is_read(names) -> None:
    error = refused(names, "leader leaderboard=arena openness=open by=2024-12-31 " + "x" * 1000)
    assert error.field is None and "at most 500 characters" in error.message


def test_garbage_between_pairs(names) -> None:
    error = refused(names, 'leader leaderboard=arena "oops" by=2024-12-31')
    assert error.field is None and "name=value" in error.message


def test_refusals_never_echo_a_mention(names) -> None:
    for text in (
        "reaches leaderboard=arena model=@everyone score=1 by=2024-12-31",
        "reaches leaderboard=arena model=<!channel> score=1 by=2024-12-31",
        'leader leaderboard="<@U123> hi" openness=open by=2024-12-31',
        "leader leaderboard=arena openness=open by=2024-12-31 @here=1",
    ):
        message = str(refused(names, text))
        assert "@everyone" not in message and "@here" not in message
        assert "<!" not in message and "<@" not in message
        assert "the value given" in message or "no such field" in message


def test_text_is_canonical_and_reads_back(names) -> None:
    c = read(
        names,
        'smaller-beats model="GPT-4-0314" by=2024-12-31 params=70e9 '
        "leaderboard=LMArena confidence=35",
    )
    assert c.text() == (
        "smaller-beats leaderboard=arena category=overall model=gpt-4-0314 "
        "params=70B by=2024-12-31 confidence=35"
    )
    assert read(names, c.text()) == c
    above = read(
        names, "above leaderboard=arena model=llama-3-70b-instruct other=gpt-4-0314 on=2024-06-01"
    )
    assert "on=2024-06-01" in above.text() and read(names, above.text()) == above


def test_sentences(names) -> None:
    assert read(
        names, "leader leaderboard=arena openness=open by=2024-12-31 confidence=70"
    ).sentence() == ("An open model will be #1 on LMArena text by 2024-12-31 (confidence 70%).")
    assert read(
        names, "smaller-beats leaderboard=arena params=70B model=gpt-4-0314 by=2024-12-31"
    ).sentence() == (
        "A model with at most 70B parameters will score above GPT-4-0314 on LMArena text "
        "by 2024-12-31."
    )
    assert read(
        names, "above leaderboard=arena model=llama-3-70b-instruct other=gpt-4-0314 on=2024-06-01"
    ).sentence() == (
        "Llama-3-70b-Instruct will rank above GPT-4-0314 on LMArena text on 2024-06-01."
    )
    assert read(
        names, "reaches leaderboard=arena model=any-proprietary score=1400 by=2024-12-31"
    ).sentence() == ("A proprietary model will score 1400 or more on LMArena text by 2024-12-31.")
    assert (
        read(names, "lag leaderboard=arena months=1 by=2024-12-31")
        .sentence()
        .startswith("Law 2's observed lag on LMArena text will be at most 1 month by 2024-12-31")
    )


def test_a_sentence_keeps_a_model_name_as_written(names) -> None:
    """Only our own words are capitalised: a model key at the start keeps its case."""
    claim = parse(
        "reaches leaderboard=arena model=glm-4.6 score=1500 by=2027-01-01", names=names, today=TODAY
    )
    assert claim.sentence().startswith(f"{claim.model_name or claim.model} will score 1500")
    assert claim.sentence()[0].islower()
    leader = parse("leader leaderboard=arena openness=open by=2027-01-01", names=names, today=TODAY)
    assert leader.sentence().startswith("An open model will be #1")
