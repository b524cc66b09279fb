"""The guards every browser test relies on catch what they are there for: a page that
reaches past 127.0.0.1, logs an error, throws, or opens a dialog."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser

from tests.web.browser.conftest import Watch, guarded_page

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_a_request_past_loopback_is_aborted_and_reported(browser: Browser) -> None:
    watch = Watch("guard")
    context, page = await guarded_page(browser, watch, javascript=False)
    try:
        await page.set_content('<img src="http://example.com/pixel.png" alt="">')
    finally:
        await context.close()
    assert watch.requests == ["http://example.com/pixel.png"]
    assert "request leaving 127.0.0.1 (aborted): http://example.com/pixel.png" in watch.problems


async def test_console_errors_page_errors_and_dialogs_are_reported(browser: Browser) -> None:
    watch = Watch("guard")
    context, page = await guarded_page(browser, watch)
    try:
        await page.set_content(
            '<script>console.error("logged"); alert("hi")</script>'
            '<script>throw new Error("thrown")</script>'
        )
    finally:
        await context.close()
    assert watch.problems[0].startswith("console error: logged (")
    assert watch.problems[1:] == ["dialog (alert): 'hi'", "page error: Error: thrown"]


async def test_a_quiet_local_page_raises_nothing(browser: Browser) -> None:
    watch = Watch("guard")
    context, page = await guarded_page(browser, watch)
    try:
        await page.set_content("<h1>quiet</h1><script>document.title = 'ok'</script>")
        assert await page.title() == "ok"
    finally:
        await context.close()
    assert watch.problems == []
