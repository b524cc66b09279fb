"""The check against real snapshot excerpts: each outcome with the figures it rests on."""

from datetime import date

import pytest

from handlers.counterexamples.check import add_months, check_claim, compare, months_between
from storage.counterexamples import CheckOutcome
from tests.handlers.counterexamples.realdata import CATALOG, arena_snapshot, open_llm_snapshot

SUPPORTED, CONTRADICTED, UNCHECKABLE = (CheckOutcome.SUPPORTED, CheckOutcome.CONTRADICTED,
                                        CheckOutcome.UNCHECKABLE)


@pytest.mark.parametrize(("law", "names", "outcome", "words"), [
    # Mixtral (Dec 2023, 1114 ±0) below GPT-4-0314 (Mar 2023, 1183–1189): law 2 broken.
    ("2", ["Mixtral-8x7b", "GPT-4-0314"], SUPPORTED, "8 months older) beyond the intervals"),
    ("2", ["llama-3-70b-instruct", "gpt-4"], CONTRADICTED, "(open) is above gpt-4"),
    ("2", ["Qwen2-72B-Instruct", "GPT-4-0314"], CONTRADICTED, "tied within the intervals"),
    ("2", ["Llama-2-70b-chat", "GPT-3.5-Turbo-0613"], CONTRADICTED,
     "released 1 month before Llama-2-70b-chat"),
    ("2", ["GPT-4-0613", "GPT-4-0314"], UNCHECKABLE, "compares an open model"),
    ("2", ["Llama-2-70b-chat", "no-such-model"], UNCHECKABLE, "Not in the arena · overall, "
                                                              "2024-06-19 snapshot: no-such"),
    ("2", ["Llama-2-70b-chat"], UNCHECKABLE, "needs two of the named models"),
    ("3", ["Mixtral-8x7b-Instruct-v0.1", "Llama-2-70b-chat"], SUPPORTED, "smaller"),
    ("3", ["Llama-3-70b-Instruct", "Llama-2-70b-chat"], CONTRADICTED, "the best grew"),
    ("3", ["Llama-3-70b-Instruct", "GPT-4-0314"], UNCHECKABLE, "Size not disclosed: GPT-4"),
    ("3", ["Llama-2-70b-chat", "GPT-4-0314"], UNCHECKABLE, "not above GPT-4-0314"),
])
def test_arena_pairs(law: str, names: list[str], outcome: CheckOutcome, words: str) -> None:
    check = check_claim(law, names, arena_snapshot(), CATALOG)
    assert check.outcome is outcome
    assert words in check.summary
    assert check.figures[0] == "Snapshot: arena · overall, 2024-06-19"


def test_figures_carry_scores_intervals_and_provenance() -> None:
    check = check_claim("2", ["Mixtral-8x7b", "GPT-4-0314"], arena_snapshot(), CATALOG)
    assert check.figures[1] == (
        "Mixtral-8x7b: rank 44, score 1114 (95% CI 1114–1114); openness osi (disclosed, "
        "mistral.ai/news/mixtral-of-experts); released 2023-12-11 (disclosed, "
        "mistral.ai/news/mixtral-of-experts); total parameters 46.7B (disclosed, "
        "mistral.ai/news/mixtral-of-experts)")
    assert check.figures[2].startswith("GPT-4-0314: rank 17, score 1186 (95% CI 1183–1189); "
                                       "openness proprietary")
    assert "total parameters unknown" in check.figures[2]


@pytest.mark.parametrize(("names", "outcome", "words"), [
    # Falcon-40B-instruct (May 2023) leads LLaMA-65B on average yet falls 8 points on MMLU.
    (["tiiuae/falcon-40b-instruct", "llama-65b"], SUPPORTED,
     "On MMLU(5-shot), tiiuae/falcon-40b-instruct scores 55.4 against llama-65b's 63.4"),
    (["falcon-40b-instruct", "llama-13b"], CONTRADICTED, "not below llama-13b on any of 4"),
    (["tiiuae/falcon-40b", "llama-65b"], UNCHECKABLE,
     "Release date unknown: tiiuae/falcon-40b"),
    (["llama-65b", "llama-13b"], UNCHECKABLE, "released the same day"),
])
def test_open_llm_law_1(names: list[str], outcome: CheckOutcome, words: str) -> None:
    check = check_claim("1", names, open_llm_snapshot(), CATALOG)
    assert check.outcome is outcome, check.summary
    assert words in check.summary


def test_no_snapshot_or_no_models_cannot_be_checked() -> None:
    assert check_claim("2", ["a", "b"], None, CATALOG).outcome is UNCHECKABLE
    assert check_claim("2", [], arena_snapshot(), CATALOG).outcome is UNCHECKABLE


def test_interval_comparison_and_month_arithmetic() -> None:
    snap = arena_snapshot()
    by = {e.display_name: e for e in snap.entries}
    assert compare(by["Llama-3-70b-Instruct"], by["GPT-4-0314"], 0.5) == 1
    assert compare(by["GPT-4-0314"], by["Llama-3-70b-Instruct"], 0.5) == -1
    assert compare(by["Qwen2-72B-Instruct"], by["GPT-4-0314"], 0.5) == 0
    assert add_months(date(2024, 8, 31), -6) == date(2024, 2, 29)
    assert add_months(date(2023, 12, 11), 1) == date(2024, 1, 11)
    assert months_between(date(2023, 3, 14), date(2023, 12, 11)) == 8
    assert months_between(date(2023, 3, 14), date(2023, 9, 14)) == 6


def test_with_the_shipped_catalog() -> None:
    """The project's own catalog resolves the arena names and supplies the facts."""
    from catalog import load_catalog

    check = check_claim("2", ["Mixtral-8x7b-Instruct-v0.1", "GPT-4-0314"], arena_snapshot(),
                        load_catalog())
    assert check.outcome is SUPPORTED
    assert "released 2023-12-11" in check.figures[1]
    assert "released 2023-03-14" in check.figures[2]
