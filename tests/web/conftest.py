"""Fixtures for the web tests: the seeded database (built once per session, copied per
test), the bot's services over it, an aiohttp test client, and a live server in a thread
(see tests/web/seeded.py)."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from catalog import Catalog, load_catalog
from handlers.context import Services
from tests.web.seeded import seed, serve_in_thread, services_over, site_app
from tests.web.seeded_predictions import seed_predictions


@pytest.fixture(scope="session")
def web_catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory, web_catalog: Catalog) -> Path:
    """The seeded database file (tests/web/seeded.py); copy it before writing to it."""
    path = tmp_path_factory.mktemp("web") / "seeded.db"
    seed(path, web_catalog)
    return path


@pytest.fixture
def web_db(seeded_db: Path, tmp_path: Path) -> Path:
    """A private copy of the seeded database."""
    path = tmp_path / "web.db"
    shutil.copyfile(seeded_db, path)
    return path


@pytest.fixture
async def web_services(web_db: Path, web_catalog: Catalog) -> AsyncIterator[Services]:
    async with services_over(web_db, web_catalog) as services:
        yield services


@pytest.fixture
async def client(web_services: Services) -> AsyncIterator[TestClient]:
    """An aiohttp test client of the web application over the seeded database."""
    async with TestClient(TestServer(site_app(web_services))) as c:
        yield c


@pytest.fixture
def live_server(web_db: Path, web_catalog: Catalog) -> Iterator[str]:
    """A real web server on 127.0.0.1 (a free port) over a copy of the seeded database,
    in a thread of its own: its address, such as http://127.0.0.1:43210/."""
    with serve_in_thread(web_db, web_catalog) as url:
        yield url


@pytest.fixture(scope="session")
def predictions_db(
    tmp_path_factory: pytest.TempPathFactory, seeded_db: Path, web_catalog: Catalog
) -> Path:
    """The seeded database with community predictions (tests/web/seeded_predictions.py);
    copy it before writing to it."""
    path = tmp_path_factory.mktemp("web") / "predictions.db"
    shutil.copyfile(seeded_db, path)
    seed_predictions(path, web_catalog)
    return path


@pytest.fixture
async def predicted(
    predictions_db: Path, tmp_path: Path, web_catalog: Catalog
) -> AsyncIterator[Services]:
    """The bot's services over a private copy of the database with predictions."""
    path = tmp_path / "predictions.db"
    shutil.copyfile(predictions_db, path)
    async with services_over(path, web_catalog) as services:
        yield services


@pytest.fixture
async def predictions_client(predicted: Services) -> AsyncIterator[TestClient]:
    """An aiohttp test client of the web application over the database with predictions."""
    async with TestClient(TestServer(site_app(predicted))) as c:
        yield c
