"""The bundled real history in a database (loaded once, copied per test), the real
catalog, and Contexts for any person and moment."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path

import pytest

from bot.config import Config
from catalog import Catalog, load_catalog
from handlers.context import Context, Invoker, Services
from handlers.settings import PredictionsConfig
from storage import Storage, connect
from storage.history import load_bundle
from storage.settings import StorageConfig
from tests.handlers.predictions.realdata import STATED


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def history_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("predictions") / "bundle.db"
    db = connect(path)
    assert load_bundle(db) > 100
    db.conn.close()
    return path


@pytest.fixture
async def storage(history_db: Path, tmp_path: Path) -> AsyncIterator[Storage]:
    path = tmp_path / "copy.db"
    shutil.copyfile(history_db, path)
    store = await Storage.open(path)
    yield store
    await store.close()


def who(
    user_id: str = "U1",
    name: str = "alice",
    *,
    platform: str = "slack",
    moderator: bool = False,
    channel: str = "C-general",
) -> Invoker:
    return Invoker(
        platform=platform,
        user_id=user_id,
        user_name=name,
        channel_id=channel,
        is_moderator=moderator,
    )


@pytest.fixture
def make_ctx(storage: Storage, catalog: Catalog, tmp_path: Path) -> Callable[..., Context]:
    def make(invoker: Invoker | None = None, now: datetime = STATED, **limits: int) -> Context:
        config = dataclasses.replace(
            Config(storage=StorageConfig(path=str(tmp_path / "x"))),
            predictions=PredictionsConfig(**limits),
        )
        services = Services(storage=storage, config=config, started_at=now, catalog=catalog)
        return Context(services=services, invoker=invoker or who(), now=now)

    return make
