import json
from datetime import date

import pytest

from catalog import Catalog, Fact, ModelInfo, Openness, Provenance, load_catalog
from catalog.catalog import DEFAULT_PATH, model_to_json

LLAMA = ModelInfo(
    key="llama-3.1-405b-instruct", name="Llama 3.1 405B Instruct", family="Llama 3.1",
    organisation="Meta",
    openness=Fact(Openness.OPEN_WEIGHTS, Provenance.DISCLOSED, "licence"),
    params_total=Fact(405_000_000_000, Provenance.DISCLOSED, "model card"),
    released=Fact(date(2024, 7, 23), Provenance.DISCLOSED, "announcement"),
)


def test_file_round_trip_and_alias_resolution(tmp_path) -> None:
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps({"format": 1, "models": [
        model_to_json(LLAMA, ["Meta-Llama-3.1-405B-Instruct", "arena:llama-3.1-405b-instruct-bf16"])
    ]}))
    catalog = load_catalog(path)
    assert catalog.get(LLAMA.key) == LLAMA
    assert catalog.resolve("meta llama 3.1 405b instruct") == LLAMA
    assert catalog.resolve("llama-3.1-405b-instruct-bf16", leaderboard="arena") == LLAMA
    assert catalog.resolve("llama-3.1-405b-instruct-bf16", leaderboard="helm-lite") is None
    assert catalog.resolve("LLAMA-3.1-405B-INSTRUCT") == LLAMA
    assert catalog.resolve("gpt-4") is None
    assert not catalog.get(LLAMA.key).params_active.known


def test_wrong_format_version_is_refused(tmp_path) -> None:
    path = tmp_path / "catalog.json"
    path.write_text('{"format": 99, "models": []}')
    with pytest.raises(ValueError, match="format 99"):
        load_catalog(path)


def test_shipped_catalog_loads() -> None:
    assert isinstance(load_catalog(DEFAULT_PATH), Catalog)
