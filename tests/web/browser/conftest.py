"""The pages in a real browser: Debian's `chromium`, driven by Playwright, against the bot's
web server on 127.0.0.1 (a free port) over the seeded database of tests/web/seeded.py (the
bundled history, a hostile category and counterexample, the ledger over them).

One browser per session, on the session's event loop (`loop_scope="session"`: the tests in
this folder carry `pytest.mark.asyncio(loop_scope="session")`). Every page a test opens
through `browse` is guarded: a console error, an uncaught page error, a dialog, or a
request for anything but 127.0.0.1 (aborted) fails the test when it ends; and each page is
saved as a full-page screenshot in tests/output/screenshots/, whatever the outcome.

Without a system Chromium these tests skip with the reason, except under `CI=true`, where
they fail: CI installs it (.ci/run), so a missing browser there is a broken run.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import pytest_asyncio
from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Error,
    Page,
    Route,
    WebSocket,
    async_playwright,
)

from catalog import Catalog
from tests.conftest import ROOT
from tests.web.seeded import serve, services_over

SCREENSHOTS = ROOT / "tests" / "output" / "screenshots"

# Playwright's launch already passes --headless, --no-sandbox (it runs as root in CI),
# --no-first-run, --disable-background-networking, --disable-component-update and a fresh
# --user-data-dir of its own; these are the rest of what a quiet, offline, GPU-less run needs.
CHROMIUM_ARGS = ("--disable-gpu", "--disable-quic", "--disable-sync")

SAVED = pytest.StashKey[int]()  # screenshots this run saved, for the summary line
LOOPBACK = "127.0.0.1"
TIMEOUT_MS = 15_000
# The whole session's page loads come from one address within seconds: more than the
# default per-address limit lets through, which is for people, not for a test run.
TEST_RATE_LIMIT_PER_MINUTE = 100_000


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """The system Chromium; its absence skips these tests, or fails them under CI=true."""
    path = shutil.which("chromium")
    if path is None:
        reason = (
            "the browser tests need Debian's chromium on PATH (`apt-get install "
            "chromium`; .ci/run installs it), and `chromium` was not found"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {reason}", pytrace=False)
        pytest.skip(reason)
    return path


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def browser(chromium_path: str) -> AsyncIterator[Browser]:
    """One headless Chromium for the session; the screenshots folder starts empty."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=chromium_path, args=list(CHROMIUM_ARGS)
        )
        yield chromium
        await chromium.close()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def site(
    seeded_db: Path, web_catalog: Catalog, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    """The bot's web server, as the runtime starts it, on 127.0.0.1 and a free port over a
    copy of the seeded database; its address without the final slash."""
    path = tmp_path_factory.mktemp("browser") / "seeded.db"
    shutil.copyfile(seeded_db, path)
    async with services_over(path, web_catalog) as services:
        web = replace(services.config.web, rate_limit_per_minute=TEST_RATE_LIMIT_PER_MINUTE)
        services = replace(services, config=replace(services.config, web=web))
        async with serve(services) as url:
            assert urlsplit(url).hostname == LOOPBACK, url
            yield url.rstrip("/")


@dataclass
class Watch:
    """What one page did besides rendering; `problems` must stay empty."""

    name: str
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    async def on_route(self, route: Route) -> None:
        url = route.request.url
        self.requests.append(url)
        if urlsplit(url).hostname == LOOPBACK:
            await route.continue_()
        else:
            self.problems.append(f"request leaving {LOOPBACK} (aborted): {url}")
            await route.abort("blockedbyclient")

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location
            self.problems.append(
                f"console error: {message.text} ({where['url']}:{where['lineNumber']})"
            )

    def on_page_error(self, error: Error) -> None:
        self.problems.append(f"page error: {error.name}: {error.message}")

    async def on_dialog(self, dialog: Dialog) -> None:
        self.problems.append(f"dialog ({dialog.type}): {dialog.message!r}")
        await dialog.dismiss()

    def on_websocket(self, socket: WebSocket) -> None:
        if urlsplit(socket.url).hostname != LOOPBACK:
            self.problems.append(f"websocket leaving {LOOPBACK}: {socket.url}")


async def guarded_page(
    browser: Browser, watch: Watch, *, width: int = 1280, javascript: bool = True
) -> tuple[BrowserContext, Page]:
    """A fresh context (its own profile state) and page, every guard attached."""
    context = await browser.new_context(
        viewport={"width": width, "height": 800},
        java_script_enabled=javascript,
        service_workers="block",
    )
    context.set_default_timeout(TIMEOUT_MS)
    await context.route("**/*", watch.on_route)
    page = await context.new_page()
    page.on("console", watch.on_console)
    page.on("pageerror", watch.on_page_error)
    page.on("dialog", watch.on_dialog)
    page.on("websocket", watch.on_websocket)
    return context, page


Browse = Callable[..., Awaitable[Page]]


@pytest_asyncio.fixture(loop_scope="session")
async def browse(browser: Browser, request: pytest.FixtureRequest) -> AsyncIterator[Browse]:
    """`await browse(url, width=..., javascript=..., label=...)` opens `url` in a fresh,
    guarded context and returns the page once it has loaded. When the test ends every page
    is screenshotted, then anything a guard caught fails the test."""
    opened: list[tuple[Page, BrowserContext, Watch]] = []
    test_name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")

    async def open_page(
        url: str, *, width: int = 1280, javascript: bool = True, label: str = ""
    ) -> Page:
        watch = Watch(f"{test_name}-{label or len(opened) + 1}")
        context, page = await guarded_page(browser, watch, width=width, javascript=javascript)
        opened.append((page, context, watch))
        response = await page.goto(url, wait_until="load")
        assert response is not None, f"GET {url}: no response"
        assert response.ok, f"GET {url}: {response.status}"
        return page

    yield open_page

    problems: list[str] = []
    for page, context, watch in opened:
        try:
            await page.screenshot(path=SCREENSHOTS / f"{watch.name}.png", full_page=True)
            request.config.stash[SAVED] = request.config.stash.get(SAVED, 0) + 1
        except Error as exc:  # a crashed page: say so beside what the guards caught
            watch.problems.append(f"no screenshot: {exc.message}")
        await context.close()
        problems += [f"{watch.name}: {problem}" for problem in watch.problems]
    assert not problems, "the browser saw:\n" + "\n".join(problems)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say where the screenshots are, when this run took any."""
    saved = terminalreporter.config.stash.get(SAVED, 0)
    if saved:
        where = os.path.relpath(SCREENSHOTS)
        terminalreporter.write_line(f"browser screenshots: {saved} in {where}/")
