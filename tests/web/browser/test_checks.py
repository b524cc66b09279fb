"""The page checks find what they look for, and nothing on a page that has none of it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page

from tests.web.browser.checks import (
    chart_text_problems,
    heading_outline,
    heading_problems,
    horizontal_scroll,
    split_words,
    table_problems,
)

on_the_session_loop = pytest.mark.asyncio(loop_scope="session")

GOOD = """<meta name="viewport" content="width=device-width, initial-scale=1">
<h1>Law 2</h1><h2>arena</h2><h3>overall</h3><h2>livebench</h2>
<table><caption>Months</caption><tr><th scope="col">2024-01</th></tr><tr><td>HOLDS</td></tr>
</table><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="lag by month">
<svg role="img" aria-label="a chart" width="10" height="10"></svg>"""

BAD = """<meta name="viewport" content="width=device-width, initial-scale=1">
<h2>no h1</h2><h4>skipped</h4>
<table><caption>Months</caption><tr><th>2024-01</th><th scope="top">2024-02</th></tr></table>
<table id="bare"><tr><td>HOLDS</td></tr></table>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<svg width="10" height="10"></svg><div style="width: 600px">wide</div>
<style>.narrow { width: 3rem; overflow-wrap: anywhere; }</style>
<table class="narrow"><tr><th scope="row">Categories pre-2024</th></tr></table>
<details><table class="narrow"><tr><th scope="row">Unrenderedwords</th></tr></table></details>"""


@pytest_asyncio.fixture(loop_scope="session")
async def phone(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(
        viewport={"width": 375, "height": 800}, java_script_enabled=False
    )
    yield await context.new_page()
    await context.close()


@on_the_session_loop
async def test_a_clean_page_has_no_problems(phone: Page) -> None:
    await phone.set_content(GOOD)
    assert await heading_outline(phone) == [
        (1, "Law 2"),
        (2, "arena"),
        (3, "overall"),
        (2, "livebench"),
    ]
    assert heading_problems(await heading_outline(phone)) == []
    assert await table_problems(phone) == []
    assert await chart_text_problems(phone) == []
    assert await horizontal_scroll(phone) == []
    assert await split_words(phone) == []


@on_the_session_loop
async def test_each_problem_is_found(phone: Page) -> None:
    await phone.set_content(BAD)
    assert heading_problems(await heading_outline(phone)) == [
        "the first heading is not an h1: [(2, 'no h1')]"
    ]
    assert await table_problems(phone) == [
        "Months: th without scope: '2024-01'",
        "Months: th scope='top'",
        "bare: no th",
    ]
    chart = await chart_text_problems(phone)
    assert [problem.split(":")[0] for problem in chart] == ["img without alt", "svg without a name"]
    assert await split_words(phone) == ["Categories"]  # not "pre-2024": hyphens break
    [scroll] = await horizontal_scroll(phone)
    assert scroll.startswith("content 6") and "in a 375px viewport; widest: div" in scroll


def test_heading_order() -> None:
    assert heading_problems([(1, "a"), (3, "b"), (2, "c"), (1, "d")]) == [
        "a second h1: 'd'",
        "h1 is followed by h3 'b'",
    ]
    assert heading_problems([]) == ["the first heading is not an h1: []"]
