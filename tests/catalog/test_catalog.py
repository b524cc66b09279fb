import json
from datetime import date

import pytest

from catalog import Catalog, Fact, ModelInfo, Openness, Provenance, load_catalog
from catalog.catalog import DEFAULT_PATH, model_to_json

LLAMA = ModelInfo(
    key="llama-3.1-405b-instruct",
    name="Llama 3.1 405B Instruct",
    family="Llama 3.1",
    organisation="Meta",
    openness=Fact(Openness.OPEN_WEIGHTS, Provenance.DISCLOSED, "licence"),
    params_total=Fact(405_000_000_000, Provenance.DISCLOSED, "model card"),
    released=Fact(date(2024, 7, 23), Provenance.DISCLOSED, "announcement"),
)


def test_file_round_trip_and_alias_resolution(tmp_path) -> None:
    path = tmp_path / "catalog.json"
    path.write_text(
        json.dumps(
            {
                "format": 1,
                "models": [
                    model_to_json(
                        LLAMA,
                        ["Meta-Llama-3.1-405B-Instruct", "arena:llama-3.1-405b-instruct-bf16"],
                    )
                ],
            }
        )
    )
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


def test_describe_falls_back_to_the_listing_and_keeps_unknowns_unknown() -> None:
    catalog = Catalog([LLAMA], {"arena:llama-3.1-405b-instruct-fp8": LLAMA.key})
    assert catalog.describe("llama-3.1-405b-instruct-fp8", "x", "arena") == LLAMA
    info = catalog.describe(
        "acme-7b",
        "Acme 7B",
        "open-llm-v2",
        {"license": "apache-2.0", "params_b": "7.24", "organization": "Acme"},
    )
    assert info.openness.value is Openness.OSI
    assert info.openness.provenance is Provenance.DISCLOSED
    assert info.openness.source.startswith("open-llm-v2 listing: leaderboard rule")
    assert info.params_total.value == 7_240_000_000
    assert info.organisation == "Acme"
    bare = catalog.describe("mystery", "Mystery", "arena", {"license": "-"})
    assert not bare.openness.known and not bare.params_total.known and not bare.released.known


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Proprietary", Openness.PROPRIETARY),
        ("Propretary", Openness.PROPRIETARY),
        ("Apache 2.0", Openness.OSI),
        ("MIT", Openness.OSI),
        ("Llama 2 Community", Openness.OPEN_WEIGHTS),
        ("Non-commercial", Openness.OPEN_WEIGHTS),
        ("CC-BY-NC-4.0", Openness.OPEN_WEIGHTS),
        ("", None),
        ("-", None),
    ],
)
def test_licence_text_to_openness(text: str, expected: Openness | None) -> None:
    from catalog.licences import openness_from_licence

    assert openness_from_licence(text) is expected
