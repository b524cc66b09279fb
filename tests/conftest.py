"""Shared fixtures. Tests never reach the internet; paths to the real data in ../shared
are optional (see `shared_data`)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import Config
from catalog import Catalog
from handlers.context import Context, Invoker, Services
from storage import Storage
from storage.settings import StorageConfig

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _root_logging_restored() -> Iterator[None]:
    """A test that runs `main()` in-process installs the bot's log handler on the root
    logger (`bot.logs.setup_logging`), whose redacting filter rewrites records; restore
    the root logger so no later test logs through it (or to its closed stream)."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture(autouse=True, scope="session")
def _a_developers_environment() -> Iterator[None]:
    """Run as on a developer's machine whose shell points the bot at their own config and
    database: a process a test starts with the whole os.environ fails instead of passing
    by luck (tests/subprocess_env.py gives them a minimal one)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LAWKEEPER_CONFIG", "/nonexistent/developer-config.toml")
        patch.setenv("LAWKEEPER_DB", "/nonexistent/developer.db")
        yield


@pytest.fixture
def shared_data() -> Path:
    """The full real data files; tests that need a whole file skip without them."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"needs the full real data in {SHARED_DATA} (not present on this machine)")
    return SHARED_DATA


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return Config(storage=StorageConfig(path=str(tmp_path / "test.db")))


@pytest.fixture
async def storage(config: Config):
    store = await Storage.open(config.database_path)
    yield store
    await store.close()


@pytest.fixture
def console_invoker() -> Invoker:
    return Invoker(
        platform="console",
        user_id="local",
        user_name="tester",
        channel_id="console",
        can_manage_channel=True,
        is_moderator=True,
    )


@pytest.fixture
def ctx(storage: Storage, config: Config, console_invoker: Invoker) -> Context:
    now = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    services = Services(storage=storage, config=config, started_at=now, catalog=Catalog([], {}))
    return Context(services=services, invoker=console_invoker, now=now)
