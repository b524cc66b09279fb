"""The garbage collector pause around bulk building: off inside, back on after (also after
an error), left alone when it was off already; parsing and storing a large table set off no
collection while they run, where the same work unpaused does."""

from __future__ import annotations

import csv
import gc
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from common.bulk import gc_paused
from feeds import open_llm_v2
from storage import connect, transaction
from storage.snapshots import insert_snapshot
from tests.conftest import FIXTURES

NOW = datetime(2025, 3, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The generation of every collection that starts while the test runs."""
    started: list[int] = []

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(info["generation"])

    was_enabled = gc.isenabled()
    gc.enable()
    gc.callbacks.append(record)
    yield started
    gc.callbacks.remove(record)
    if not was_enabled:
        gc.disable()


def test_the_collector_is_off_inside_and_on_after() -> None:
    seen = gc_paused(gc.isenabled)()
    assert (seen, gc.isenabled()) == (False, True)


def test_the_collector_is_back_on_after_an_error() -> None:
    @gc_paused
    def fail() -> None:
        raise ValueError("bad row")

    with pytest.raises(ValueError, match="bad row"):
        fail()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        assert gc_paused(lambda: 42)() == 42
        assert not gc.isenabled()
    finally:
        gc.enable()


def large_table(copies: int) -> bytes:
    """The Open LLM v2 fixture's rows, repeated under new model names."""
    text = (FIXTURES / "open-llm-v2" / "huggingface_v2_2025-03-20.csv").read_text("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    for i in range(copies):
        writer.writerows({**row, "model_name": f"{row['model_name']}-{i}"} for row in rows)
    return out.getvalue().encode()


def test_parsing_a_large_table_sets_off_no_collection(collections: list[int]) -> None:
    raw = large_table(150)  # 3,000 rows
    counts = []
    for parse in (open_llm_v2.parse, open_llm_v2.parse.__wrapped__):  # type: ignore[attr-defined]
        gc.collect()
        collections.clear()
        parse(raw, NOW, "t.csv")
        counts.append(len(collections))
    assert (counts[0], counts[1] > 0) == (0, True)


def test_storing_a_large_snapshot_sets_off_no_collection(
    tmp_path: Path, collections: list[int]
) -> None:
    (snapshot,) = open_llm_v2.parse(large_table(150), NOW, "t.csv")
    db = connect(tmp_path / "s.db")
    counts = []
    for store in (insert_snapshot, insert_snapshot.__wrapped__):  # type: ignore[attr-defined]
        gc.collect()
        collections.clear()
        with transaction(db):
            store(db, snapshot)
            counts.append(len(collections))  # before COMMIT: the collector catches up then
        db.execute("DELETE FROM snapshots")
    assert (counts[0], counts[1] > 0) == (0, True)
