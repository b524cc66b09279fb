"""The shipped catalog and history bundle are what the build scripts made of the sources
recorded in catalog/data/sources.json: checked without ../shared (outputs), and against
../shared when it is there (sources)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from source_digest import DIGEST_PATH, ROOT, file_digest, read

SECTIONS = ("catalog", "history")


@pytest.fixture(scope="module")
def digest() -> dict:
    return read(DIGEST_PATH)


def test_digest_has_both_builds(digest) -> None:
    assert set(SECTIONS) <= set(digest)
    for section in SECTIONS:
        assert digest[section]["sources"] and digest[section]["outputs"]


@pytest.mark.parametrize("section", SECTIONS)
def test_shipped_outputs_match_the_digest(digest, section) -> None:
    for out in digest[section]["outputs"]:
        assert file_digest(ROOT / out["path"]) == {"size": out["size"], "sha256": out["sha256"]}, (
            out["path"]
        )


def test_history_was_built_from_the_shipped_catalog(digest) -> None:
    [inp] = [i for i in digest["history"]["inputs"] if i["path"].endswith("catalog.json")]
    [out] = [o for o in digest["catalog"]["outputs"] if o["path"].endswith("catalog.json")]
    assert inp["sha256"] == out["sha256"]


def test_overrides_match_the_digest(digest) -> None:
    for inp in digest["catalog"]["inputs"]:
        assert file_digest(ROOT / inp["path"])["sha256"] == inp["sha256"], inp["path"]


@pytest.mark.parametrize("section", SECTIONS)
def test_sources_match_the_real_files(digest, section, shared_data: Path) -> None:
    for src in digest[section]["sources"]:
        assert file_digest(shared_data / src["path"]) == {
            "size": src["size"],
            "sha256": src["sha256"],
        }, src["path"]
