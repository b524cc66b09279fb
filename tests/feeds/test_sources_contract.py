"""Contract tests over the registry of sources: whatever a leaderboard module says about
itself, the importer can rely on. For every registered source: its fixture folder
(tests/fixtures/<id>/) exists; detection, by file name and by content alone, recognises
each fixture as that source's and no other's; parsing yields its id and matches the
checked-in expected result, tests/fixtures/source_contracts.json, which
scripts/source_contracts.py writes."""

from __future__ import annotations

import importlib
import io
import json
import pkgutil
import re
import zipfile
from pathlib import Path

import pytest

import feeds
from feeds.importer import detect, is_companion, parse_file
from feeds.registry import SOURCES
from feeds.source import Sample, Source
from scripts.source_contracts import CONTRACTS, FETCHED_AT, FIXTURES, contract, fixtures

IDS = list(SOURCES)


def test_every_feed_module_that_describes_a_source_is_registered() -> None:
    described: dict[str, str] = {}
    for module in pkgutil.iter_modules(feeds.__path__):
        source = getattr(importlib.import_module(f"feeds.{module.name}"), "SOURCE", None)
        if isinstance(source, Source):
            assert source.leaderboard not in described, (
                f"feeds.{module.name} and feeds.{described[source.leaderboard]} are both "
                f"{source.leaderboard!r}"
            )
            described[source.leaderboard] = module.name
            assert SOURCES.get(source.leaderboard) is source, (
                f"feeds.{module.name}.SOURCE is not in feeds/registry.py"
            )
    assert set(described) == set(SOURCES)


@pytest.mark.parametrize("leaderboard", IDS)
def test_the_source_describes_itself(leaderboard: str) -> None:
    source = SOURCES[leaderboard]
    assert source.title and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", leaderboard)
    assert all(url.startswith("https://") for url in source.urls)
    assert source.signature is not None, "a file whose name says nothing is recognised by it"
    for pattern in source.file_names + (source.companion.file_names if source.companion else ()):
        assert pattern.startswith("^") and pattern.endswith("$"), pattern
        re.compile(pattern)


@pytest.mark.parametrize("leaderboard", IDS)
def test_the_fixture_folder_exists_and_each_fixture_is_recognised_as_its_own(
    leaderboard: str,
) -> None:
    folder = FIXTURES / leaderboard
    assert folder.is_dir(), f"tests/fixtures/{leaderboard}/: every source needs its fixtures"
    assert fixtures(leaderboard), f"tests/fixtures/{leaderboard}/ holds no fixture"
    for path in fixtures(leaderboard):
        raw = path.read_bytes()
        assert detect(path.name, raw) == [leaderboard], path.name
        assert detect("download", raw) == [leaderboard], f"{path.name}, by content alone"
        # Claimed by its own signature, and only by it, so the order of the registry
        # decides nothing; a name matches no other source's patterns.
        sample = Sample.of(raw)
        claims = [
            s.leaderboard
            for s in SOURCES.values()
            if s.signature is not None and s.signature(sample)
        ]
        assert claims == [leaderboard], path.name
        named = [
            s.leaderboard
            for s in SOURCES.values()
            if any(re.match(p, path.name) for p in s.file_names)
        ]
        assert named in ([], [leaderboard]), path.name


@pytest.mark.parametrize("leaderboard", IDS)
def test_parsing_each_fixture_matches_the_checked_in_contract(leaderboard: str) -> None:
    expected = json.loads(CONTRACTS.read_text(encoding="utf-8"))
    assert leaderboard in expected, "run scripts/source_contracts.py and review its output"
    paths = fixtures(leaderboard)
    assert sorted(expected[leaderboard]) == [p.name for p in paths], (
        "the contract lists other fixtures than the folder holds: run "
        "scripts/source_contracts.py and review its output"
    )
    for path in paths:
        found = contract(path)
        assert found, f"{path.name} yields no snapshot"
        assert {s["leaderboard"] for s in found} == {leaderboard}, path.name
        assert found == expected[leaderboard][path.name], (
            f"{leaderboard} parses {path.name} differently from the contract"
        )


def test_the_contract_file_lists_only_registered_sources() -> None:
    assert list(json.loads(CONTRACTS.read_text(encoding="utf-8"))) == IDS


@pytest.mark.parametrize(
    "leaderboard", [s.leaderboard for s in SOURCES.values() if s.companion is not None]
)
def test_a_companion_file_alone_yields_nothing(leaderboard: str) -> None:
    folder = FIXTURES / leaderboard
    companions = [p for p in sorted(folder.iterdir()) if is_companion(p.name)]
    assert companions, f"tests/fixtures/{leaderboard}/ has no companion file"
    for path in companions:
        assert parse_file(path, FETCHED_AT) == []


def test_an_archive_holds_every_source_that_reads_a_member_of_one(tmp_path: Path) -> None:
    """Each such source reads from the archive what it reads from its file alone."""
    members = {s.leaderboard: s for s in SOURCES.values() if s.archive_member}
    assert members
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        for leaderboard, source in members.items():
            z.writestr(f"data/{source.archive_member}", fixtures(leaderboard)[0].read_bytes())
    zipped = tmp_path / "data.zip"
    zipped.write_bytes(archive.getvalue())
    assert detect(zipped.name, archive.getvalue()) == list(members)
    from_archive = {s.leaderboard: s.entries for s in parse_file(zipped, FETCHED_AT)}
    for leaderboard in members:
        alone = parse_file(fixtures(leaderboard)[0], FETCHED_AT)
        assert [from_archive[leaderboard]] == [s.entries for s in alone], leaderboard
