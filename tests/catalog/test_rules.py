"""One test per catalog rule, on real rows: excerpts of the files in ../shared/data kept
under tests/fixtures/catalog/rules/ (see the README there). No test here needs ../shared."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from catalog import Catalog, Fact, ModelInfo, Openness, Provenance, load_catalog
from catalog.builder import sources
from catalog.builder.dates import key_date
from catalog.builder.merge import build_models, helm_year_error, size_in_name
from catalog.builder.overrides import load_overrides
from catalog.builder.records import Record
from catalog.catalog import model_from_json
from catalog.families import family_openness
from catalog.licences import openness_from_licence
from feeds import livebench, open_llm_v1, open_llm_v2

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "tests" / "fixtures" / "catalog" / "rules"
NOW = datetime(2026, 11, 30, tzinfo=UTC)
NO_OVERRIDES = load_overrides("")


def text(name: str) -> str:
    return (RULES / name).read_text(encoding="utf-8")


def build(records: list[Record]) -> Catalog:
    models = build_models(records, NO_OVERRIDES)
    aliases = {a: m["key"] for m in models for a in m["aliases"]}
    return Catalog([model_from_json(m) for m in models], aliases)


@pytest.fixture(scope="module")
def rules_catalog() -> Catalog:
    return build(
        [
            *sources.arena_table(text("alltime.csv"), date(2023, 5, 8), "LMArena alltime.csv"),
            *sources.arena_table(
                text("leaderboard_table_20250511.csv"),
                date(2025, 5, 11),
                "LMArena leaderboard_table_20250511.csv",
            ),
            *sources.arena_scatterplot(text("scatterplot-data.json"), "LMArena scatterplot"),
            *sources.helm_metadata(text("model_metadata.yaml"), "HELM model_metadata"),
            *sources.epoch_eci(text("epoch_capabilities_index.csv"), "Epoch ECI"),
            *sources.open_model_trends(
                text("benchmarks_with_model_accessibility.csv"), "Epoch open-model-trends"
            ),
            *sources.epoch_notable(text("notable_ai_models.csv"), "Epoch notable models"),
            Record(source="HELM lite listing", name="openai/text-davinci-002", board="helm-lite"),
        ]
    )


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog()


# --- 1. Release dates ---------------------------------------------------------------------


def test_helm_year_early_date_is_corrected_and_recorded(rules_catalog) -> None:
    """HELM dates Koala-13B 2022-04-03; the Arena lists it from 2023-05-08; its blog post
    is dated 2023-04-03. No other source dates it: HELM's date + 1 year, an estimate."""
    koala = rules_catalog.resolve("koala-13b", "arena")
    assert koala.released.value == date(2023, 4, 3)
    assert koala.released.provenance is Provenance.ESTIMATED
    assert "year-early" in koala.released.source
    assert any("2022-04-03" in c and "year-early" in c for c in koala.conflicts)


def test_helm_year_error_gives_way_to_another_source(rules_catalog) -> None:
    large = rules_catalog.resolve("mistral-large-2402", "arena")
    assert large.released == Fact(
        date(2024, 2, 26), Provenance.DISCLOSED, "Epoch ECI: mistral-large-2402"
    )
    assert any("2023-02-26" in c and "year-early" in c for c in large.conflicts)


def test_a_model_the_arena_lists_years_later_keeps_helms_date(rules_catalog) -> None:
    """LLaVA 1.6 (HELM: 2024-01-01) is first in the Arena's 2025-05-11 table: a late
    listing, not evidence of HELM's year error."""
    llava = rules_catalog.resolve("llava-v1.6-34b", "arena")
    assert llava.released.value == date(2024, 1, 1)
    assert not helm_year_error(date(2024, 1, 1), date(2025, 5, 11), [])
    assert helm_year_error(date(2022, 4, 3), date(2023, 5, 8), [])
    assert not helm_year_error(date(2022, 4, 3), date(2023, 5, 8), [date(2022, 4, 20)])


def test_a_date_after_the_first_listing_is_a_conflict(rules_catalog) -> None:
    """HELM's 2024-03-23 for Mistral-7B-Instruct-v0.2, which the Arena lists from
    2024-03-05: more than 7 days after the listing, so it is not the release date."""
    v02 = rules_catalog.resolve("mistral-7b-instruct-v0.2", "arena")
    assert v02.released == Fact(
        date(2024, 3, 5), Provenance.FIRST_LISTED, "first leaderboard listing"
    )
    assert any("2024-03-23" in c for c in v02.conflicts)


def test_mmdd_key_year_is_the_nearest_to_the_first_listing(rules_catalog) -> None:
    # alltime.csv lists gemini-exp-1206 on 2024-12-05: a day before the date in its key.
    found = key_date("gemini-exp-1206", date(2024, 12, 5))
    assert found.value == date(2024, 12, 6) and found.year_inferred
    assert rules_catalog.resolve("gemini-exp-1206", "arena").released.value == date(2024, 12, 6)
    # gpt-3.5-turbo-0314 is first in alltime.csv on 2023-12-06 (after a rename)
    assert key_date("gpt-3.5-turbo-0314", date(2023, 12, 6)).value == date(2023, 3, 14)
    assert key_date("gpt-4-0314", date(2023, 3, 10)).value == date(2023, 3, 14)  # slack
    assert key_date("gpt-4-0314", date(2023, 3, 1)).value == date(2022, 3, 14)


def test_open_llm_v2_is_dated_by_submission_not_hub_upload(shipped) -> None:
    """raphgg/test-2.5-72B, a Qwen2.5 fine-tune: Hub upload 2023-07-27, submitted
    2024-12-27."""
    [snap] = open_llm_v2.parse(
        (RULES / "huggingface_v2_2025-03-20.csv").read_bytes(), NOW, "huggingface_v2_2025-03-20.csv"
    )
    entry = next(e for e in snap.entries if e.model_key == "raphgg/test-2.5-72B")
    assert entry.meta["uploaded"] == "2023-07-27" and "released" not in entry.meta
    info = shipped.describe(entry.model_key, entry.display_name, "open-llm-v2", entry.meta)
    assert info.released.value == date(2024, 12, 27)
    assert info.released.provenance is Provenance.FIRST_LISTED
    assert "submission date" in info.released.source
    qwen = next(e for e in snap.entries if e.model_key == "Qwen/Qwen2.5-72B-Instruct")
    assert qwen.meta["base_model"] == "Qwen/Qwen2.5-72B"


def test_a_fine_tune_is_never_older_than_its_base_model() -> None:
    [snap] = open_llm_v2.parse(
        (RULES / "huggingface_v2_2025-03-20.csv").read_bytes(), NOW, "huggingface_v2_2025-03-20.csv"
    )
    entry = next(e for e in snap.entries if e.model_key == "Qwen/Qwen2.5-72B-Instruct")
    # A catalog in which the base model is (hypothetically) released after the submission.
    base = ModelInfo(
        "qwen2.5-72b",
        "Qwen2.5-72B",
        "qwen2.5",
        released=Fact(date(2024, 11, 1), Provenance.DISCLOSED, "test source"),
    )
    info = Catalog([base], {"qwen-qwen2.5-72b": "qwen2.5-72b"}).describe(
        "acme/finetune", "acme/finetune", "open-llm-v2", entry.meta
    )
    assert info.released.value == date(2024, 11, 1)
    assert info.released.provenance is Provenance.FIRST_LISTED
    assert "not older than its base" in info.released.source
    assert info.base_model == "Qwen/Qwen2.5-72B"


def test_first_listed_loses_to_the_same_model_under_a_looser_name(shipped) -> None:
    """The LiveBench key gpt-5-high was only 'first listed'; Epoch's GPT-5 (high) is the
    same model, released 2025-08-07."""
    entry = shipped.resolve("gpt-5-high", "livebench")
    assert entry.released.value == date(2025, 8, 7)
    assert entry.released.provenance is Provenance.DISCLOSED
    assert "under a looser name" in entry.released.source


# --- 2. Openness and sizes ----------------------------------------------------------------


def test_licence_is_a_weighed_vote_not_one_row(rules_catalog) -> None:
    """The Arena shows qwen-vl-max-0809 as 'Qwen2-VL-72B' (Proprietary in its row); the
    qwen2-vl-72b row of the same table and the arena-catalog scatterplot say Qwen."""
    vl = rules_catalog.resolve("qwen-vl-max-0809", "arena")
    assert vl.openness.value is Openness.OPEN_WEIGHTS
    assert "weighed vote" in vl.openness.source
    assert any("Proprietary" in c for c in vl.conflicts)


@pytest.mark.parametrize(
    ("licence", "tier"),
    [
        ("Apache 2.0", Openness.OSI),
        ("MIT", Openness.OSI),
        ("apache-2.0", Openness.OSI),
        ("Qianwen LICENSE", Openness.OPEN_WEIGHTS),
        ("MRL", Openness.OPEN_WEIGHTS),
        ("Modified MIT", Openness.OPEN_WEIGHTS),
        ("DBRX LICENSE", Openness.OPEN_WEIGHTS),
        ("AI2 ImpACT Low-risk", Openness.OPEN_WEIGHTS),
        ("Gemma license", Openness.OPEN_WEIGHTS),
        ("Llama 3.1 Community", Openness.OPEN_WEIGHTS),
        ("DeepSeek License", Openness.OPEN_WEIGHTS),
    ],
)
def test_osi_licences_and_vendor_licences(licence: str, tier: Openness) -> None:
    assert openness_from_licence(licence) is tier


def test_speculative_epoch_sizes_stay_estimates(rules_catalog) -> None:
    [gpt35] = sources.epoch_notable(text("notable_ai_models.csv"), "Epoch notable")
    assert gpt35.params_total == 20_000_000_000 and gpt35.params_estimated  # Speculative
    davinci = rules_catalog.resolve("openai/text-davinci-002", "helm-lite")
    assert davinci.params_total.value == 175_000_000_000
    assert davinci.params_total.provenance is Provenance.ESTIMATED
    assert "Epoch open-model-trends" in davinci.params_total.source


@pytest.mark.parametrize(
    ("key", "total", "active"),
    [
        ("qwen2-1.5b-instruct", 1_500_000_000, None),
        ("qwen2.5-0.5b-instruct", 500_000_000, None),
        ("smollm2-360m", 360_000_000, None),
        ("kimi-k2-1t", 1_000_000_000_000, None),
        ("mixtral-8x7b-instruct-v0.1", None, None),
        ("qwen3-30b-a3b", 30_000_000_000, 3_000_000_000),
        ("llama-4-maverick-17b-128e-instruct", None, 17_000_000_000),
        ("granite-3.0-1b-a400m-instruct", 1_000_000_000, 400_000_000),
    ],
)
def test_sizes_in_names(key: str, total: int | None, active: int | None) -> None:
    assert size_in_name(key) == (total, active)


def test_a_count_an_order_of_magnitude_off_the_name_is_a_conflict() -> None:
    # Epoch's notable-models row 'Llama 2-7B' gives 70B (tests/fixtures/catalog/README.md).
    records = [
        *sources.epoch_notable(
            (RULES.parent / "notable_ai_models.csv").read_text(encoding="utf-8"), "Epoch notable"
        ),
        Record(source="LMArena t", name="llama-2-7b", board="arena", listed=date(2023, 8, 1)),
    ]
    llama = build(records).resolve("llama-2-7b", "arena")
    assert llama.params_total == Fact(
        7_000_000_000, Provenance.ESTIMATED, "size in model name (llama-2-7b)"
    )
    assert any("70,000,000,000" in c and "size in the name" in c for c in llama.conflicts)


@pytest.mark.parametrize(
    ("name", "tier"),
    [
        ("gpt-4o-2024-05-13", Openness.PROPRIETARY),
        ("gpt-4.1-mini", Openness.PROPRIETARY),
        ("chatgpt-4o-latest", Openness.PROPRIETARY),
        ("gpt-5.5-xhigh", Openness.PROPRIETARY),
        ("o3-mini-high", Openness.PROPRIETARY),
        ("o1", Openness.PROPRIETARY),
        ("gpt-oss-120b", Openness.OSI),
        ("claude-opus-4-8-xhigh-effort", Openness.PROPRIETARY),
        ("gemini-3.1-pro-preview-high", Openness.PROPRIETARY),
        ("gemma-3-27b-it", Openness.OPEN_WEIGHTS),
        ("grok-1", Openness.OSI),
        ("grok-2.5", Openness.OPEN_WEIGHTS),
        ("grok-4-0709", Openness.PROPRIETARY),
        ("grok-1.5", Openness.PROPRIETARY),
        ("amazon.nova-pro-v1:0", Openness.PROPRIETARY),
        ("qwen3-max-2025-09-23", Openness.PROPRIETARY),
    ],
)
def test_family_rules(name: str, tier: Openness) -> None:
    rule = family_openness(name)
    assert rule is not None and rule.openness is tier
    assert rule.fact().source.startswith("family rule: ")


@pytest.mark.parametrize(
    "name", ["llama-3.1-405b", "qwen2.5-72b-instruct", "glm-5.2", "gpt-j-6b", "gpt4all-13b-snoozy"]
)
def test_no_family_rule_for_other_models(name: str) -> None:
    assert family_openness(name) is None


def test_family_rule_applies_where_no_source_speaks() -> None:
    records = [
        Record(
            source="LiveBench 2026_01_08",
            name="claude-opus-4-8-xhigh-effort",
            board="livebench",
            listed=date(2026, 7, 1),
        )
    ]
    entry = build(records).resolve("claude-opus-4-8-xhigh-effort", "livebench")
    assert entry.openness.value is Openness.PROPRIETARY
    assert entry.openness.source.startswith("family rule: Anthropic Claude")


def test_every_open_llm_v1_listing_is_open_by_leaderboard_rule() -> None:
    [snap] = open_llm_v1.parse((RULES / "20231031.csv").read_bytes(), NOW, "20231031.csv")
    empty = Catalog([], {})
    for e in snap.entries:
        info = empty.describe(e.model_key, e.display_name, "open-llm-v1", e.meta)
        assert info.openness.value is Openness.OPEN_WEIGHTS, e.model_key
        assert "leaderboard rule" in info.openness.source


def test_open_llm_v2_hub_licence_decides_osi() -> None:
    [snap] = open_llm_v2.parse(
        (RULES / "huggingface_v2_2025-03-20.csv").read_bytes(), NOW, "huggingface_v2_2025-03-20.csv"
    )
    empty = Catalog([], {})
    tiers = {
        e.model_key: empty.describe(
            e.model_key, e.display_name, "open-llm-v2", e.meta
        ).openness.value
        for e in snap.entries
    }
    assert tiers == {
        "raphgg/test-2.5-72B": Openness.OSI,  # apache-2.0
        "Qwen/Qwen2.5-72B-Instruct": Openness.OPEN_WEIGHTS,
    }  # other (Qwen)


# --- Bundled history ----------------------------------------------------------------------


def _build_history():
    sys.path.insert(0, str(ROOT / "scripts"))
    import build_history

    return build_history


def test_helm_lite_rows_are_filtered_before_the_merge() -> None:
    """Yi-34B has a HELM Lite row (76.2%) and a better one from its paper (76.3%): merging
    first kept the paper's row, and filtering then dropped Yi-34B from HELM Lite."""
    bh = _build_history()
    [snap] = bh.helm_lite_mmlu(RULES / "external_benchmark_mmlu.csv", NOW)
    scores = {e.model_key.strip(): e.score for e in snap.entries}
    assert scores == {"Yi-34B": 76.2, "Llama-2-70b-hf": 69.5}
    assert (snap.leaderboard, snap.category) == ("helm-lite", "mmlu")


def test_a_snapshot_is_dated_by_what_it_lists(shipped) -> None:
    """LiveBench's table_2026_01_08.csv lists deepseek-v4-pro, released 2026-04-24."""
    bh = _build_history()
    [snap] = [
        s
        for s in livebench.parse_release(
            (RULES / "table_2026_01_08.csv").read_bytes(),
            (ROOT / "tests" / "fixtures" / "livebench" / "categories_2026_01_08.json").read_bytes(),
            NOW,
            "table_2026_01_08.csv",
        )
        if s.category == "overall"
    ]
    assert snap.snapshot_date == date(2026, 1, 8)
    dated = bh.dated_by_contents(snap, shipped)
    assert dated.snapshot_date == date(2026, 4, 24)
    assert "labelled 2026-01-08" in dated.source and "deepseek-v4-pro" in dated.source
