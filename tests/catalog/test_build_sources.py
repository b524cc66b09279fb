from datetime import date
from pathlib import Path

from catalog.builder import sources
from catalog.model import Openness

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "catalog"


def read(name: str) -> str:
    return (FIX / name).read_text(encoding="utf-8")


def by_name(records):
    return {r.name: r for r in records}


def test_arena_table_keys_licences_and_listing_span() -> None:
    rows = by_name(
        sources.arena_table(read("leaderboard_table_20250511.csv"), date(2025, 5, 11), "LMArena t")
    )
    assert rows["gpt-4-0613"].display == "GPT-4-0613"
    assert rows["gpt-4-0613"].openness is Openness.PROPRIETARY
    assert rows["mixtral-8x7b-instruct-v0.1"].openness is Openness.OSI  # Apache 2.0
    assert rows["qwen-max-0919"].openness_text == "Qwen"  # the known source error
    history = by_name(sources.arena_table(read("alltime.csv"), date(2023, 5, 8), "a"))
    old = history["llama-3.1-405b-instruct"]
    assert (old.listed, old.last_listed) == (date(2024, 7, 30), date(2024, 9, 4))


def test_flattened_export_uses_display_names_as_names() -> None:
    rows = by_name(sources.arena_table(read("lmsys_2024-06-19.csv"), date(2024, 6, 19), "f"))
    assert "GPT-4o-2024-05-13" in rows and rows["GPT-4o-2024-05-13"].organisation == "OpenAI"


def test_eci_run_settings_belong_to_one_model() -> None:
    rows = by_name(sources.epoch_eci(read("epoch_capabilities_index.csv"), "Epoch ECI"))
    assert rows["gpt-5-2025-08-07_high"].variant_of == "gpt-5-2025-08-07"
    assert rows["gpt-4-0613"].variant_of == ""
    assert rows["gpt-4-0613"].display == "GPT-4 (Jun 2023)"
    assert rows["gpt-4-0613"].released == date(2023, 6, 13)
    assert rows["mistral-large-2407"].openness is Openness.OPEN_WEIGHTS  # non-commercial
    assert rows["Mixtral-8x7B-Instruct-v0.1"].openness is Openness.OSI  # unrestricted


def test_open_model_trends_closed_sizes_are_estimates() -> None:
    rows = by_name(
        sources.open_model_trends(
            read("benchmarks_with_model_accessibility.csv"), "Epoch open-model-trends"
        )
    )
    gpt4 = rows["GPT-4 (original)"]
    assert (gpt4.params_total, gpt4.params_active, gpt4.params_estimated) == (
        None,
        280_000_000_000,
        True,
    )
    llama = rows["Llama 3 70B"]
    assert llama.params_active == 70_000_000_000 and not llama.params_estimated


def test_helm_metadata_skips_its_test_entry_and_keeps_dates() -> None:
    rows = by_name(sources.helm_metadata(read("model_metadata.yaml"), "HELM"))
    assert "simple/model1" not in rows
    assert rows["openai/gpt-4-0613"].openness is Openness.PROPRIETARY
    assert rows["mistralai/mistral-large-2407"].released == date(2023, 7, 24)  # HELM's slip
    assert rows["meta/llama-3-70b"].params_total == 70_000_000_000


def test_notable_models_and_openrouter_proxy() -> None:
    rows = by_name(sources.epoch_notable(read("notable_ai_models.csv"), "Epoch notable"))
    assert rows["Llama 3.1-405B"].params_total == 405_000_000_000
    assert rows["GPT-4"].openness is Openness.PROPRIETARY
    router = sources.openrouter_models(read("openrouter_models.json"), "OpenRouter")
    names = {r.name for r in router}
    assert "meta-llama/Meta-Llama-3-70B-Instruct" in names
    assert not any("gpt-4-turbo" in n for n in names)  # no Hugging Face id: says nothing
    assert all(r.openness_estimated for r in router)


def test_scatterplot_joins_on_api_name_not_family_label() -> None:
    rows = sources.arena_scatterplot(read("scatterplot-data.json"), "scatter")
    assert "chatgpt-4o-latest-20241120" in {r.name for r in rows}
    assert "GPT-4o" not in {r.name for r in rows}
