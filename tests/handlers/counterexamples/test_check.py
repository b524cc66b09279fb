"""The check against real snapshot excerpts: each outcome with the figures it rests on."""

import dataclasses
from datetime import date

import pytest

from handlers.counterexamples.check import check_claim
from laws.settings import LawsConfig
from storage.counterexamples import CheckOutcome
from tests.handlers.counterexamples.realdata import CATALOG, arena_snapshot, open_llm_snapshot

LAWS_DEFAULTS = LawsConfig()
SUPPORTED, CONTRADICTED, UNCHECKABLE = (
    CheckOutcome.SUPPORTED,
    CheckOutcome.CONTRADICTED,
    CheckOutcome.UNCHECKABLE,
)


@pytest.mark.parametrize(
    ("law", "names", "outcome", "words"),
    [
        # Mixtral (Dec 2023, 1114 ±0) below GPT-4-0314 (Mar 2023, 1183–1189): law 2 broken.
        ("2", ["Mixtral-8x7b", "GPT-4-0314"], SUPPORTED, "9 months older) beyond the intervals"),
        ("2", ["llama-3-70b-instruct", "gpt-4"], CONTRADICTED, "(open) is above gpt-4"),
        ("2", ["Qwen2-72B-Instruct", "GPT-4-0314"], CONTRADICTED, "tied within the intervals"),
        (
            "2",
            ["Llama-2-70b-chat", "GPT-3.5-Turbo-0613"],
            CONTRADICTED,
            "released 1 month before Llama-2-70b-chat",
        ),
        ("2", ["GPT-4-0613", "GPT-4-0314"], UNCHECKABLE, "compares an open model"),
        (
            "2",
            ["Llama-2-70b-chat", "no-such-model"],
            UNCHECKABLE,
            "Not in the arena · overall, 2024-06-19 snapshot: no-such",
        ),
        ("2", ["Llama-2-70b-chat"], UNCHECKABLE, "needs two of the named models"),
        ("3", ["Mixtral-8x7b-Instruct-v0.1", "Llama-2-70b-chat"], SUPPORTED, "smaller"),
        ("3", ["Llama-3-70b-Instruct", "Llama-2-70b-chat"], CONTRADICTED, "the best grew"),
        ("3", ["Llama-3-70b-Instruct", "GPT-4-0314"], UNCHECKABLE, "Size not disclosed: GPT-4"),
        ("3", ["Llama-2-70b-chat", "GPT-4-0314"], UNCHECKABLE, "not above GPT-4-0314"),
    ],
)
def test_arena_pairs(law: str, names: list[str], outcome: CheckOutcome, words: str) -> None:
    check = check_claim(law, names, arena_snapshot(), CATALOG, LAWS_DEFAULTS)
    assert check.outcome is outcome
    assert words in check.summary
    assert check.figures[0] == "Snapshot: arena · overall, 2024-06-19"


def test_figures_carry_scores_intervals_and_provenance() -> None:
    check = check_claim(
        "2", ["Mixtral-8x7b", "GPT-4-0314"], arena_snapshot(), CATALOG, LAWS_DEFAULTS
    )
    assert check.figures[1] == (
        "Mixtral-8x7b: rank 44, score 1114 (95% CI 1114–1114); openness osi (disclosed, "
        "mistral.ai/news/mixtral-of-experts); released 2023-12-11 (disclosed, "
        "mistral.ai/news/mixtral-of-experts); total parameters 46.7B (disclosed, "
        "mistral.ai/news/mixtral-of-experts)"
    )
    assert check.figures[2].startswith(
        "GPT-4-0314: rank 17, score 1186 (95% CI 1183–1189); openness proprietary"
    )
    assert "total parameters unknown" in check.figures[2]


@pytest.mark.parametrize(
    ("names", "outcome", "words"),
    [
        # Falcon-40B-instruct (May 2023) leads LLaMA-65B on average yet falls 8 points on MMLU.
        (
            ["tiiuae/falcon-40b-instruct", "llama-65b"],
            SUPPORTED,
            "On MMLU(5-shot), tiiuae/falcon-40b-instruct scores 55.4 against llama-65b's 63.4",
        ),
        (["falcon-40b-instruct", "llama-13b"], CONTRADICTED, "not below llama-13b on any of 4"),
        (["llama-65b", "llama-13b"], UNCHECKABLE, "released the same day"),
    ],
)
def test_open_llm_law_1(names: list[str], outcome: CheckOutcome, words: str) -> None:
    check = check_claim("1", names, open_llm_snapshot(), CATALOG, LAWS_DEFAULTS)
    assert check.outcome is outcome, check.summary
    assert words in check.summary


def test_without_a_release_date_the_first_listing_places_a_model_as_the_ledger_does() -> None:
    # falcon-40b (base) has no catalog entry: placed at its first listing, labelled so.
    first = {"tiiuae/falcon-40b": date(2023, 6, 1)}
    check = check_claim(
        "1", ["tiiuae/falcon-40b", "llama-65b"], open_llm_snapshot(), CATALOG, LAWS_DEFAULTS, first
    )
    assert (
        "released 2023-06-01 (first_listed, first listed on open-llm-v1 overall)"
        in check.figures[1]
    )
    assert check.summary == (
        "tiiuae/falcon-40b is not above llama-65b overall, so it is not a newer best model."
    )
    unplaced = dataclasses.replace(LAWS_DEFAULTS, first_listed_as_release=False)
    check = check_claim(
        "1", ["tiiuae/falcon-40b", "llama-65b"], open_llm_snapshot(), CATALOG, unplaced, first
    )
    assert check.summary.startswith("Release date unknown: tiiuae/falcon-40b")


def test_the_ledger_settings_decide() -> None:
    snap = arena_snapshot()
    # A 10-month lag: GPT-4-0314 (2023-03) is not old enough for Mixtral (2023-12).
    longer = dataclasses.replace(LAWS_DEFAULTS, law2_lag_months=10)
    check = check_claim("2", ["Mixtral-8x7b", "GPT-4-0314"], snap, CATALOG, longer)
    assert (check.outcome, check.summary) == (
        CONTRADICTED,
        (
            "GPT-4-0314 was released 9 months before Mixtral-8x7b; law 2 compares with "
            "proprietary models released at least 10 months earlier."
        ),
    )
    # "open" meaning OSI only: Llama 3 (community licence) is not open.
    osi = dataclasses.replace(LAWS_DEFAULTS, open_means="osi")
    check = check_claim("2", ["llama-3-70b-instruct", "gpt-4"], snap, CATALOG, osi)
    assert check.outcome is UNCHECKABLE and "OSI-licensed model" in check.summary
    # Law 1 needs more shared benchmarks than the snapshot has.
    strict = dataclasses.replace(LAWS_DEFAULTS, law1_min_benchmarks=5)
    check = check_claim(
        "1", ["falcon-40b-instruct", "llama-13b"], open_llm_snapshot(), CATALOG, strict
    )
    assert check.summary == "Only 4 shared benchmarks in the snapshot; the ledger needs 5."


def test_no_snapshot_or_no_models_cannot_be_checked() -> None:
    assert check_claim("2", ["a", "b"], None, CATALOG, LAWS_DEFAULTS).outcome is UNCHECKABLE
    assert check_claim("2", [], arena_snapshot(), CATALOG, LAWS_DEFAULTS).outcome is UNCHECKABLE


def test_with_the_shipped_catalog() -> None:
    """The project's own catalog resolves the arena names and supplies the facts."""
    from catalog import load_catalog

    check = check_claim(
        "2",
        ["Mixtral-8x7b-Instruct-v0.1", "GPT-4-0314"],
        arena_snapshot(),
        load_catalog(),
        LAWS_DEFAULTS,
    )
    assert check.outcome is SUPPORTED
    assert "released 2023-12-11" in check.figures[1]
    assert "released 2023-03-14" in check.figures[2]
