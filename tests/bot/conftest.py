"""The bundled real history as a database, built once per session and copied per test, for
the platform tests whose answers depend on real data (/top, /ledger, /law with a chart,
announcements of a real change of leader)."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from catalog import Catalog, load_catalog
from handlers.ledger import recompute_ledger
from laws.settings import LawsConfig
from storage import Storage, connect
from storage.history import load_bundle
from tests.bot.discord.fake_discord import FakeDiscord
from tests.bot.slack.fake_slack import FakeSlack, start_fake_slack

# When the bundled ledger was computed; the ledger's latest month follows from it.
LEDGER_AT = datetime(2026, 11, 26, tzinfo=UTC)


@pytest.fixture(scope="session")
def real_catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def bundled_db(tmp_path_factory: pytest.TempPathFactory, real_catalog: Catalog) -> Path:
    """A database file with the bundled history loaded and the ledger computed over it."""
    path = tmp_path_factory.mktemp("bundled") / "bundled.db"
    db = connect(path)
    assert load_bundle(db) > 100
    recompute_ledger(db, real_catalog, LawsConfig(), LEDGER_AT, "bundled history for tests")
    db.conn.close()  # the last connection checkpoints the WAL into the file
    return path


@pytest.fixture
async def bundled_storage(bundled_db: Path, tmp_path: Path) -> AsyncIterator[Storage]:
    """A private copy of the bundled database, open."""
    path = tmp_path / "bundled-copy.db"
    shutil.copyfile(bundled_db, path)
    store = await Storage.open(path)
    yield store
    await store.close()


@pytest.fixture
async def fakes() -> AsyncIterator[tuple[FakeDiscord, FakeSlack]]:
    """The Discord and Slack stand-ins, running on 127.0.0.1, for a real `main.py run`
    (tests.bot.bot_process)."""
    discord = FakeDiscord()
    await discord.start()
    slack, runner = await start_fake_slack()
    yield discord, slack
    await runner.cleanup()
    await discord.stop()
