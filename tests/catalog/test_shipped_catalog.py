"""Hand-checked facts about the shipped catalog/data/catalog.json (built by
scripts/build_catalog.py from the real sources)."""

import csv
import json
from datetime import date

import pytest

from catalog import Openness, Provenance, load_catalog
from catalog.catalog import DEFAULT_PATH


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_file_is_compact() -> None:
    assert DEFAULT_PATH.stat().st_size < 3_000_000


def test_gpt4_snapshots_are_distinct_in_one_family(catalog) -> None:
    old, new = catalog.resolve("gpt-4-0314", "arena"), catalog.resolve("gpt-4-0613", "arena")
    assert old.key == "gpt-4-0314" and new.key == "gpt-4-0613"
    assert old.family == new.family == "gpt-4"
    assert old.released.value == date(2023, 3, 14) and new.released.value == date(2023, 6, 13)


def test_one_model_under_an_arena_key_a_helm_name_and_an_epoch_name(catalog) -> None:
    entry = catalog.resolve("gpt-4-0613", "arena")
    assert catalog.resolve("openai/gpt-4-0613", "helm-lite") is entry
    assert catalog.resolve("GPT-4 (Jun 2023)", "epoch-eci") is entry
    assert catalog.resolve("gpt-4-0613", "livebench") is entry


@pytest.mark.parametrize("key", ["qwen-max-0919", "qwen3-max-preview"])
def test_api_only_qwen_max_is_proprietary_despite_its_listed_licence(catalog, key) -> None:
    qwen = catalog.resolve(key, "arena")
    assert qwen.openness.value is Openness.PROPRIETARY
    assert qwen.openness.source.startswith("override")


def test_llama_is_open_weights_with_disclosed_size(catalog) -> None:
    llama = catalog.resolve("llama-3.1-405b-instruct-bf16", "arena")
    assert llama.openness.value is Openness.OPEN_WEIGHTS  # Llama 3.1 Community licence
    assert llama.params_total.value == 405_000_000_000
    assert llama.params_total.provenance is Provenance.DISCLOSED
    renamed = catalog.resolve("llama-3.1-405b-instruct", "arena")
    assert renamed is catalog.resolve("llama-3.1-405b-instruct-fp8", "arena")
    assert renamed.released.value == date(2024, 7, 23)


def test_mixtral_total_and_active(catalog) -> None:
    mixtral = catalog.resolve("mixtral-8x7b-instruct-v0.1", "arena")
    assert mixtral.params_total.value == 46_700_000_000
    assert mixtral.params_active.value == 12_900_000_000
    assert mixtral.openness.value is Openness.OSI
    v3 = catalog.resolve("deepseek-v3", "arena")
    assert (v3.params_total.value, v3.params_active.value) == (671_000_000_000, 37_000_000_000)


def test_undisclosed_sizes_stay_unknown(catalog) -> None:
    for key in ("gpt-4o-2024-05-13", "claude-3-opus-20240229", "gemini-1.5-pro-api-0514"):
        entry = catalog.resolve(key, "arena")
        assert not entry.params_total.known and not entry.params_active.known, key
        assert entry.params_total.provenance is Provenance.UNKNOWN


def test_wrong_helm_release_year_is_flagged_not_chosen(catalog) -> None:
    large = catalog.resolve("mistral-large-2407", "arena")
    assert large.released.value == date(2024, 7, 24)
    assert any("2023-07-24" in c for c in large.conflicts)


def test_renamed_gpt4_turbo_key(catalog) -> None:
    assert catalog.resolve("gpt-4-turbo", "arena") is catalog.resolve("gpt-4-1106-preview", "arena")


def test_every_arena_model_of_2024_06_19_and_2025_12_11_resolves(catalog, shared_data) -> None:
    lmarena = shared_data / "lmarena"
    flat = lmarena / "fboulnois-llm-leaderboard-csv" / "lmsys_2024-06-19.csv"
    with flat.open(encoding="utf-8") as f:
        names = [row["model"] for row in csv.DictReader(f)]
    board = json.loads(
        (lmarena / "arena-catalog" / "leaderboard-text_2025-12-11.json").read_text(encoding="utf-8")
    )
    keys = sorted({key for models in board.values() for key in models})
    assert len(names) == 109 and len(keys) >= 282
    missing = [n for n in [*names, *keys] if catalog.resolve(n, "arena") is None]
    assert missing == []


def test_every_listing_on_the_other_boards_resolves(catalog, shared_data) -> None:
    with (shared_data / "livebench" / "table_2024_11_25.csv").open(encoding="utf-8") as f:
        livebench = [row["model"] for row in csv.DictReader(f)]
    with (shared_data / "epoch" / "epoch_capabilities_index_2025-11-07.csv").open(
        encoding="utf-8"
    ) as f:
        eci = [row["Model version"] for row in csv.DictReader(f)]
    assert [n for n in livebench if not catalog.resolve(n, "livebench")] == []
    assert [n for n in eci if not catalog.resolve(n, "epoch-eci")] == []


# --- The catalog rules, on the shipped file (see tests/catalog/test_rules.py) -------------


def test_koala_release_date_is_helms_year_corrected(catalog) -> None:
    koala = catalog.resolve("koala-13b", "arena")
    assert koala.released.value == date(2023, 4, 3)
    assert any("2022-04-03" in c for c in koala.conflicts)


@pytest.mark.parametrize("key", ["gpt-3.5-turbo", "gpt-3.5-turbo-instruct"])
def test_gpt35_turbo_size_is_not_disclosed(catalog, key) -> None:
    entry = catalog.resolve(key, "arena") or catalog.get(key)
    assert entry.params_total.provenance is not Provenance.DISCLOSED


def test_text_davinci_002_size_is_an_estimate(catalog) -> None:
    entry = catalog.resolve("openai/text-davinci-002", "helm-lite")
    assert entry.params_total.provenance is Provenance.ESTIMATED


def test_no_shipped_size_marked_disclosed_that_epoch_calls_speculative(catalog) -> None:
    for key in ("gpt-3.5-turbo", "palm-2", "text-davinci-003"):
        entry = catalog.get(key)
        if entry is not None and entry.params_total.known:
            assert entry.params_total.provenance is Provenance.ESTIMATED, key


def test_mistral_large_2402_keeps_epochs_date_over_helms_year_error(catalog) -> None:
    entry = catalog.resolve("mistral-large-2402", "arena")
    assert entry.released.value == date(2024, 2, 26)
    assert any("year-early" in c for c in entry.conflicts)


# --- The shipped bundle, read through the shipped catalog -------------------------------


@pytest.fixture(scope="module")
def bundle():
    from feeds.history import read_bundle

    return list(read_bundle())


def _latest(bundle, board: str, category: str):
    return max(
        (s for s in bundle if (s.leaderboard, s.category) == (board, category)),
        key=lambda s: s.snapshot_date,
    )


def test_helm_lite_bundle_keeps_models_that_also_have_other_mmlu_rows(bundle) -> None:
    helm = _latest(bundle, "helm-lite", "mmlu")
    keys = {e.model_key.strip() for e in helm.entries}
    assert {"Yi-34B", "Llama-2-70b-hf", "qwen2.5-72b-instruct", "Llama-3.3-70B-Instruct"} <= keys
    assert len(helm.entries) == 80


def test_open_llm_v2_qwen25_fine_tune_is_not_dated_2023(catalog, bundle) -> None:
    v2 = _latest(bundle, "open-llm-v2", "overall")
    entry = next(e for e in v2.entries if e.model_key == "raphgg/test-2.5-72B")
    info = catalog.describe(entry.model_key, entry.display_name, "open-llm-v2", entry.meta)
    assert info.released.value == date(2024, 12, 27)
    assert info.released.provenance is Provenance.FIRST_LISTED


def test_livebench_bundle_is_dated_by_its_contents(bundle) -> None:
    dates = sorted(
        s.snapshot_date for s in bundle if s.leaderboard == "livebench" and s.category == "overall"
    )
    assert dates == [date(2024, 9, 6), date(2025, 3, 27), date(2026, 4, 24)]


@pytest.mark.parametrize(
    ("board", "category", "unknown"),
    [
        ("arena", "overall", 0),
        ("livebench", "overall", 1),
        ("epoch-eci", "overall", 0),
        ("mmlu", "overall", 0),
        ("helm-lite", "mmlu", 0),
        ("open-llm-v1", "overall", 0),
        ("open-llm-v2", "overall", 0),
    ],
)
def test_top_ten_openness_is_known(catalog, bundle, board, category, unknown) -> None:
    """Of each leaderboard's latest top 10, only LiveBench's glm-5.2 is unknown: no source
    gives its licence and no family rule covers Zhipu's GLM line (released both open and
    API-only)."""
    snap = _latest(bundle, board, category)
    top = sorted(snap.entries, key=lambda e: e.rank)[:10]
    missing = [
        e.model_key
        for e in top
        if not catalog.describe(e.model_key, e.display_name, board, e.meta).openness.known
    ]
    assert len(missing) == unknown, missing
