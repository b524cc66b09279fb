import json
from datetime import date
from pathlib import Path

import pytest

from catalog.builder import sources
from catalog.builder.merge import build_models, family_of, size_in_name
from catalog.builder.overrides import load_overrides
from catalog.builder.records import Record
from catalog.catalog import Catalog, model_from_json
from catalog.model import Openness, Provenance

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "catalog"
OVERRIDES = """
[[licence]]
text = "Propretary"
openness = "proprietary"
reason = "typo"
source = "Arena licence column"

[[model]]
match = ["arena:qwen-max-0919"]
openness = "proprietary"
reason = "API-only"
source = "Alibaba Cloud"

[[model]]
match = ["arena:mixtral-8x7b-instruct-v0.1"]
params_total = 46_700_000_000
params_active = 12_900_000_000
reason = "mixture of experts"
source = "Mistral AI"
"""


def read(name: str) -> str:
    return (FIX / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    records = [
        *sources.arena_table(
            read("leaderboard_table_20250511.csv"), date(2025, 5, 11), "LMArena table"
        ),
        *sources.arena_table(read("alltime.csv"), date(2023, 5, 8), "LMArena alltime.csv"),
        *sources.arena_table(read("lmsys_2024-06-19.csv"), date(2024, 6, 19), "LMArena fb"),
        *sources.epoch_eci(read("epoch_capabilities_index.csv"), "Epoch ECI"),
        *sources.epoch_notable(read("notable_ai_models.csv"), "Epoch notable models"),
        *sources.open_model_trends(
            read("benchmarks_with_model_accessibility.csv"), "Epoch open-model-trends"
        ),
        *sources.helm_metadata(read("model_metadata.yaml"), "HELM model_metadata"),
        *sources.openrouter_models(read("openrouter_models.json"), "OpenRouter"),
    ]
    models = build_models(records, load_overrides(OVERRIDES))
    json.dumps(models)  # the entries are JSON-ready
    aliases = {a: m["key"] for m in models for a in m["aliases"]}
    return Catalog([model_from_json(m) for m in models], aliases)


def test_aliases_across_sources_resolve_to_one_entry(catalog: Catalog) -> None:
    arena = catalog.resolve("gpt-4-0613", "arena")
    assert arena is not None
    assert catalog.resolve("openai/gpt-4-0613", "helm-lite") is arena
    assert catalog.resolve("GPT-4 (Jun 2023)", "epoch-eci") is arena
    assert catalog.resolve("gpt-5-2025-08-07_medium", "epoch-eci") is catalog.resolve(
        "gpt-5-2025-08-07_high", "epoch-eci"
    )


def test_dated_variants_stay_distinct_in_one_family(catalog: Catalog) -> None:
    old, new = catalog.resolve("gpt-4-0314", "arena"), catalog.resolve("gpt-4-0613", "arena")
    assert old.key != new.key and old.family == new.family == "gpt-4"
    assert [m.key for m in catalog.family("gpt-4")] == ["gpt-4-0314", "gpt-4-0613"]


def test_renamed_arena_key_joins_but_a_twin_listed_alongside_does_not(catalog: Catalog) -> None:
    renamed = catalog.resolve("llama-3.1-405b-instruct", "arena")
    assert renamed is catalog.resolve("llama-3.1-405b-instruct-fp8", "arena")
    assert renamed is not catalog.resolve("llama-3.1-405b-instruct-bf16", "arena")


def test_overrides_fix_known_source_errors(catalog: Catalog) -> None:
    qwen = catalog.resolve("qwen-max-0919", "arena")
    assert qwen.openness.value is Openness.PROPRIETARY
    assert "override" in qwen.openness.source
    assert any("says Qwen" in c for c in qwen.conflicts)  # the disagreement is on record
    mixtral = catalog.resolve("mixtral-8x7b-instruct-v0.1", "arena")
    assert (mixtral.params_total.value, mixtral.params_active.value) == (
        46_700_000_000,
        12_900_000_000,
    )
    assert mixtral.openness.value is Openness.OSI  # Apache 2.0 in Arena's table


def test_a_release_date_a_year_off_is_not_chosen_and_is_flagged(catalog: Catalog) -> None:
    large = catalog.resolve("mistralai/mistral-large-2407", "helm-lite")
    assert large.released.value == date(2024, 7, 24)
    assert "Epoch ECI" in large.released.source
    assert any("2023-07-24" in c and c.startswith("released") for c in large.conflicts)
    gpt4o = catalog.resolve("gpt-4o-2024-05-13", "arena")
    assert gpt4o.released.value == date(2024, 5, 13)
    assert any("2024-04-09" in c for c in gpt4o.conflicts)


def test_one_sources_slip_does_not_outvote_two() -> None:
    """Epoch notable models says 70B for Llama 2-7B; open-model-trends and HELM say 7B."""
    helm = Record(
        source="HELM model_metadata",
        name="meta/llama-2-7b",
        board="helm-lite",
        params_total=7_000_000_000,
    )
    records = [
        helm,
        *sources.epoch_notable(read("notable_ai_models.csv"), "Epoch notable"),
        *sources.open_model_trends(
            read("benchmarks_with_model_accessibility.csv"), "Epoch open-model-trends"
        ),
    ]
    [llama] = build_models(records, load_overrides(""))
    assert llama["params_total"]["value"] == 7_000_000_000
    assert any("says 70,000,000,000" in c for c in llama["conflicts"])


def test_size_from_the_listing_itself(catalog: Catalog) -> None:
    llama = catalog.resolve("llama-3-70b-instruct", "arena")
    assert llama.params_total.value == 70_000_000_000
    assert llama.params_total.provenance is Provenance.DISCLOSED


def test_unknown_stays_unknown(catalog: Catalog) -> None:
    gpt4 = catalog.resolve("gpt-4-0613", "arena")
    assert not gpt4.params_total.known and not gpt4.params_active.known
    assert gpt4.openness.value is Openness.PROPRIETARY


def test_first_listing_is_the_fallback_release_date(catalog: Catalog) -> None:
    bf16 = catalog.resolve("llama-3.1-405b-instruct-bf16", "arena")
    assert bf16.released.provenance is Provenance.FIRST_LISTED
    assert bf16.released.value == date(2024, 9, 15)


@pytest.mark.parametrize(
    ("key", "family"),
    [
        ("gpt-4-0314", "gpt-4"),
        ("gpt-4-1106-preview", "gpt-4"),
        ("claude-3-opus-20240229", "claude-3-opus"),
        ("gpt-4o-2024-05-13", "gpt-4o"),
        ("mistral-large-2407", "mistral-large"),
        ("llama-3-70b-instruct", "llama-3-70b-instruct"),
    ],
)
def test_family_of(key: str, family: str) -> None:
    assert family_of(key) == family


@pytest.mark.parametrize(
    ("key", "sizes"),
    [
        ("llama-3-70b-instruct", (70_000_000_000, None)),
        ("qwen3-235b-a22b-instruct-2507", (235_000_000_000, 22_000_000_000)),
        ("mixtral-8x7b-instruct-v0.1", (None, None)),
        ("gemma-3n-e4b-it", (None, None)),
        ("gpt-4o", (None, None)),
    ],
)
def test_size_in_name(key: str, sizes: tuple) -> None:
    assert size_in_name(key) == sizes


def test_an_override_without_reason_or_source_is_refused() -> None:
    with pytest.raises(ValueError, match=r"model\[0\] lacks reason, source"):
        load_overrides('[[model]]\nmatch = ["arena:x"]\nopenness = "osi"\n')
