"""Property-based: arbitrary unicode, mentions, markup and 10,000-character input through
submit and display. No crash, nothing pings, stored text round-trips exactly, oversize is
refused with a clear message."""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import json
import re
from collections import Counter

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.console import render_text
from handlers.actions import run_action
from handlers.announcement import event_reply
from handlers.commands import run_text
from handlers.context import Context, Invoker, Services
from handlers.counterexamples.workflow import submit
from handlers.reply import Reply, Tone
from handlers.settings import CounterexamplesConfig
from handlers.text import neutralise
from storage import Storage
from storage.counterexamples import get_counterexample
from tests.handlers.counterexamples.conftest import NOW, RecordingDeliverer
from tests.handlers.counterexamples.realdata import CATALOG

# Any form that pings on Discord or Slack.
RAW_MENTION = re.compile(r"@(everyone|here)|<[@!#]", re.IGNORECASE)
NASTY = [
    "@everyone",
    "@here",
    "@EVERYONE",
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<@U123>",
    "<@!42>",
    "<@&7>",
    "<#C1>",
    "<!subteam^S1>",
    "**bold**",
    "`code`",
    "```block```",
    "[x](https://e.com)",
    "<https://e.com|click>",
    "<script>",
    "&lt;",
    "> quote",
    "\u200b",
    "\n",
    "\x00",
    "|",
    "~~",
    "||spoiler||",
    "@",
    "<",
    "<<",
    "@@",
]
nasty_text = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=20)), max_size=40).map(
    "".join
)
any_text = st.one_of(st.text(max_size=1200), nasty_text)


def shown(reply: Reply) -> list[str]:
    return [
        reply.title,
        reply.text,
        reply.footer,
        render_text(reply),
        *(s for f in reply.fields for s in (f.name, f.value)),
    ]


@given(st.one_of(st.text(), nasty_text))
def test_neutralise_never_leaves_a_mention(text: str) -> None:
    assert not RAW_MENTION.search(neutralise(text))
    assert neutralise(text).replace("\u200b", "") == text.replace("\u200b", "")


def test_submit_and_display_hold_for_any_text(tmp_path, config) -> None:
    loop = asyncio.new_event_loop()
    storage = loop.run_until_complete(Storage.open(tmp_path / "p.db"))
    users = itertools.count()
    outcomes: Counter[str] = Counter()
    cfg = dataclasses.replace(
        config,
        counterexamples=CounterexamplesConfig(
            review_platform="discord", review_channel="mods", max_per_hour=10**6
        ),
    )
    review = RecordingDeliverer("discord")
    services = Services(
        storage=storage, config=cfg, started_at=NOW, catalog=CATALOG, deliverers={"discord": review}
    )

    def ctx(name: str, moderator: bool = False) -> Context:
        invoker = Invoker("discord", f"U{next(users)}", name, "C1", is_moderator=moderator)
        return Context(services=services, invoker=invoker, now=NOW)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        claim=any_text,
        models=any_text,
        name=any_text,
        reason=any_text,
        snapshot=st.one_of(
            st.sampled_from(["", "arena", "arena 2024-06-19", "2024-06"]), nasty_text
        ),
    )
    @example(claim="x" * 10_000, models="a", name="@everyone", reason="r", snapshot="")
    @example(
        claim="<!channel> @everyone <@U123> **hi**",
        models="<@U1>, @here",
        name="<!here>",
        reason="@everyone",
        snapshot="arena 2024-06-19",
    )
    def check(claim: str, models: str, name: str, reason: str, snapshot: str) -> None:
        async def flow() -> None:
            values = {
                "law": "2",
                "claim": claim,
                "models": models,
                "evidence": "https://example.org/e",
                "snapshot": snapshot,
            }
            submitter = ctx(name)
            reply = await submit(submitter, values)
            for text in shown(reply):
                assert not RAW_MENTION.search(text), text
            outcomes["refused" if reply.tone is Tone.ERROR else "stored"] += 1
            if reply.tone is Tone.ERROR:
                assert reply.text.endswith("Nothing was stored."), reply.text
                if len(claim) > 1000:
                    assert (
                        f"The claim field: {len(claim):,} characters; the limit is 1,000."
                        in reply.text
                    )
                return
            assert 0 < len(claim) <= 1000
            number = int(reply.title.split("#")[1].split()[0])
            stored = await storage.call(get_counterexample, number)
            assert stored.submission.claim == claim
            assert stored.submission.models == models
            assert stored.submission.snapshot == snapshot
            assert stored.by.user_name == name
            outcome = await run_action(ctx("mod", moderator=True), "cx_reject", str(number), reason)
            replies = [
                outcome,
                *(m for _, m in review.posted[-3:]),
                await run_text(submitter, f"/counterexample-show {number}"),
                await run_text(submitter, "/counterexamples 2"),
            ]
            for r in replies:
                for text in shown(r):
                    assert not RAW_MENTION.search(text), text
            if reason.strip() and len(reason) <= 500:
                again = await storage.call(get_counterexample, number)
                assert again.reviews[-1].reason == reason

        loop.run_until_complete(flow())

    try:
        check()
        # Both paths were exercised, not only the refusals.
        assert outcomes["stored"] >= 20 and outcomes["refused"] >= 20, outcomes
    finally:
        loop.run_until_complete(storage.close())
        loop.close()


def test_credit_line_with_a_mention_as_user_name_does_not_ping(tmp_path, config) -> None:
    async def flow() -> None:
        storage = await Storage.open(tmp_path / "c.db")
        services = Services(storage=storage, config=config, started_at=NOW, catalog=CATALOG)
        evil = Context(services, Invoker("slack", "U1", "<!channel> @everyone", "C1"), NOW)
        await submit(evil, {"law": "1", "claim": "c", "models": "m", "evidence": "https://e.org"})
        mod = Context(services, Invoker("slack", "U2", "mod", "C1", is_moderator=True), NOW)
        await run_action(mod, "cx_approve", "1")
        law = await run_text(mod, "/law 1")
        assert "credited to <\u200b!channel> @\u200beveryone on slack" in law.fields[-1].value
        [(kind, payload)] = await storage.call(
            lambda db: [
                (k, json.loads(p)) for k, p in db.execute("SELECT kind, payload FROM outbox_events")
            ]
        )
        assert payload["user_name"] == "<!channel> @everyone"  # kept as given
        for reply in (law, event_reply(kind, payload)):
            for text in shown(reply):
                assert not RAW_MENTION.search(text)
        await storage.close()

    asyncio.run(flow())
