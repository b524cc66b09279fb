"""Archived files: companions, unreadable files, and `import` adding nothing the second
time. Detection of every fixture is in test_sources_contract.py."""

from __future__ import annotations

import dataclasses
import io
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import Config
from bot.feeds_cli import import_files
from feeds.errors import FeedError
from feeds.importer import detect, parse_file
from feeds.registry import FALLBACK
from feeds.settings import FeedsConfig
from storage import Storage
from storage.snapshots import snapshot_index
from tests.conftest import FIXTURES

NOW = datetime(2026, 11, 26, tzinfo=UTC)


def test_livebench_table_is_read_with_its_categories_file(tmp_path: Path) -> None:
    table = FIXTURES / "livebench" / "table_2024_06_24.csv"
    with_categories = parse_file(table, NOW)
    assert parse_file(FIXTURES / "livebench" / "categories_2024_06_24.json", NOW) == []
    alone = tmp_path / table.name
    shutil.copy(table, alone)
    assert parse_file(alone, NOW)[0].entries == with_categories[0].entries


def test_unreadable_file_names_itself(tmp_path: Path) -> None:
    bad = tmp_path / "lmsys_2024-06-19.csv"
    bad.write_text("rank,model,score\n1,x,3\n")
    with pytest.raises(FeedError, match=r"lmsys_2024-06-19\.csv: arena CSV: unrecognised"):
        parse_file(bad, NOW)
    with pytest.raises(FeedError, match="cannot read"):
        parse_file(tmp_path / "nope.csv", NOW)


def test_a_file_no_source_recognises_goes_to_the_fallback_which_names_what_it_expected(
    tmp_path: Path,
) -> None:
    odd = tmp_path / "notes.csv"
    odd.write_text("System,Date\nx,2024\n")
    assert detect(odd.name, odd.read_bytes()) == [FALLBACK]
    with pytest.raises(
        FeedError,
        match=r"notes\.csv: arena CSV: unrecognised columns "
        r"\('System', 'Date'\); expected a leaderboard table",
    ):
        parse_file(odd, NOW)


def test_json_on_one_line_is_never_taken_for_a_table_whose_column_it_mentions() -> None:
    one_line = b'{"full": {"m-ifeval": {"rating": 1200}, "m-ECI Score": {"rating": 1100}}}'
    assert detect("download", one_line) == ["arena"]
    assert detect("download", b"model,ifeval,bbh\nm,1,2\n") == ["open-llm-v2"]


async def test_import_twice_adds_nothing(config: Config, tmp_path: Path) -> None:
    paths = [
        FIXTURES / "arena" / "alltime.csv",
        FIXTURES / "open-llm-v1" / "20230714.csv",
        FIXTURES / "helm-lite" / "core_scenarios.json",
    ]
    out, progress = io.StringIO(), io.StringIO()
    assert await import_files(config, paths, out, progress) == 0
    # The excerpt's two dates are whole in the bundled history already: nothing new.
    assert "alltime.csv: 2 snapshots, 0 new" in out.getvalue()
    assert "20230714.csv: 1 snapshot, 1 new" in out.getvalue()
    assert "core_scenarios.json: 1 snapshot, 1 new" in out.getvalue()
    assert "importing [" in progress.getvalue() and "3/3" in progress.getvalue()
    again = io.StringIO()
    assert await import_files(config, paths, again, io.StringIO()) == 0
    assert "20230714.csv: 1 snapshot, 0 new" in again.getvalue()
    assert "core_scenarios.json: 1 snapshot, 0 new" in again.getvalue()
    storage = await Storage.open(config.database_path)
    try:
        helm = await storage.call(snapshot_index, "helm-lite", "overall")
    finally:
        await storage.close()
    assert [r.imported for r in helm] == [True]


async def test_import_reports_a_bad_file_and_goes_on(config: Config, tmp_path: Path) -> None:
    bad = tmp_path / "alltime.csv"
    bad.write_bytes(b"<html><body>404</body></html>")
    out = io.StringIO()
    code = await import_files(
        config, [bad, FIXTURES / "open-llm-v1" / "20231031.csv"], out, io.StringIO()
    )
    assert code == 1
    assert "alltime.csv: not imported: alltime.csv: arena: got an HTML page" in out.getvalue()
    assert "20231031.csv: 1 snapshot, 1 new" in out.getvalue()


async def test_import_refuses_a_snapshot_dated_after_tomorrow(
    config: Config, tmp_path: Path
) -> None:
    future = tmp_path / "leaderboard_table_20991231.csv"
    shutil.copy(FIXTURES / "arena" / "leaderboard_table_20240515.csv", future)
    out = io.StringIO()
    assert await import_files(config, [future], out, io.StringIO()) == 1
    assert out.getvalue().strip() == (
        f"{future}: not imported: leaderboard_table_20991231.csv: mt-bench snapshot dated "
        "2099-12-31, after tomorrow: is the date in the file right?"
    )
    storage = await Storage.open(config.database_path)
    try:
        dates = {r.snapshot_date.year for r in await storage.call(snapshot_index, "arena")}
    finally:
        await storage.close()
    assert 2099 not in dates


async def test_import_refuses_a_snapshot_with_more_rows_than_the_cap(
    config: Config, tmp_path: Path
) -> None:
    config = dataclasses.replace(config, feeds=FeedsConfig(max_snapshot_rows=10))
    path = FIXTURES / "arena" / "leaderboard_table_20240515.csv"
    out = io.StringIO()
    assert await import_files(config, [path], out, io.StringIO()) == 1
    assert out.getvalue().startswith(
        f"{path}: not imported: leaderboard_table_20240515.csv: mt-bench snapshot has "
    )
    assert out.getvalue().rstrip().endswith("rows, more than max_snapshot_rows (10)")
