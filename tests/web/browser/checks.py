"""What a screen reader and a phone need from a page, measured in the browser: each function
returns the problems it found (an empty list when there are none)."""

from __future__ import annotations

from itertools import pairwise

from playwright.async_api import Page

TABLE_SCOPES = ("col", "row", "colgroup", "rowgroup")


async def horizontal_scroll(page: Page) -> list[str]:
    """The page scrolls sideways when its content is wider than the viewport."""
    wide, viewport = await page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    if wide <= viewport:
        return []
    culprits = await page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
        .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                         + ' (' + Math.round(e.getBoundingClientRect().right) + 'px)')""")
    return [f"content {wide}px wide in a {viewport}px viewport; widest: {', '.join(culprits)}"]


async def heading_outline(page: Page) -> list[tuple[int, str]]:
    """(level, text) of every h1-h6 in document order."""
    return [
        (level, text)
        for level, text in await page.evaluate(
            """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
              .map(h => [Number(h.tagName[1]), h.textContent.trim()])"""
        )
    ]


def heading_problems(outline: list[tuple[int, str]]) -> list[str]:
    """One h1, first; no level skipped on the way down (h2 then h4)."""
    if not outline or outline[0][0] != 1:
        return [f"the first heading is not an h1: {outline[:1]}"]
    problems = [f"a second h1: {text!r}" for level, text in outline[1:] if level == 1]
    for (before, _), (level, text) in pairwise(outline):
        if level > before + 1:
            problems.append(f"h{before} is followed by h{level} {text!r}")
    return problems


async def table_problems(page: Page) -> list[str]:
    """Every table has header cells, and every header cell says what it heads (scope)."""
    tables = await page.evaluate("""() => [...document.querySelectorAll('table')].map(t => ({
        caption: (t.caption ? t.caption.textContent : t.id || '').trim().slice(0, 60),
        headers: t.querySelectorAll('th').length,
        unscoped: [...t.querySelectorAll('th')]
            .filter(th => !th.hasAttribute('scope'))
            .map(th => th.textContent.trim().slice(0, 40)),
        scopes: [...t.querySelectorAll('th[scope]')].map(th => th.getAttribute('scope')),
    }))""")
    problems = []
    for table in tables:
        name = table["caption"] or "a table"
        if not table["headers"]:
            problems.append(f"{name}: no th")
        problems += [f"{name}: th without scope: {text!r}" for text in table["unscoped"]]
        problems += [
            f"{name}: th scope={scope!r}" for scope in table["scopes"] if scope not in TABLE_SCOPES
        ]
    return problems


async def chart_text_problems(page: Page) -> list[str]:
    """Every image has a text alternative: <img> a non-empty alt, an inline <svg> or an
    <object> an accessible name (aria-label, aria-labelledby or a <title>) or text inside."""
    return list(
        await page.evaluate("""() => {
        const problems = [];
        for (const img of document.querySelectorAll('img')) {
            if (!(img.getAttribute('alt') || '').trim())
                problems.push('img without alt: ' + img.getAttribute('src'));
        }
        const named = e => (e.getAttribute('aria-label') || '').trim()
            || e.getAttribute('aria-labelledby')
            || (e.querySelector(':scope > title') || {}).textContent;
        for (const svg of document.querySelectorAll('svg:not(svg svg)')) {
            if (svg.getAttribute('aria-hidden') !== 'true' && !named(svg))
                problems.push('svg without a name: ' + svg.outerHTML.slice(0, 80));
        }
        for (const obj of document.querySelectorAll('object')) {
            if (!named(obj) && !obj.textContent.trim())
                problems.push('object without text: ' + obj.getAttribute('data'));
        }
        return problems;
    }""")
    )


async def split_words(page: Page) -> list[str]:
    """Words in table cells that wrap mid-word ("Sc|ore"): a table squeezed to the screen
    instead of scrolling in its own region. Lines may still break at spaces and hyphens;
    text not rendered (a closed <details>, display: none) has no lines to count."""
    return list(
        await page.evaluate("""() => {
        const split = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const range = document.createRange();
        for (let node; (node = walker.nextNode());) {
            const parent = node.parentElement;
            if (!parent.closest('th, td') || !parent.checkVisibility()) continue;
            for (const word of node.data.matchAll(/[^\\s-]+/g)) {
                range.setStart(node, word.index);
                range.setEnd(node, word.index + word[0].length);
                const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (lines.size > 1) split.push(word[0]);
            }
        }
        return split;
    }""")
    )
