"""/subscribe, /unsubscribe, /subscriptions: per channel, managers only."""

import dataclasses

import pytest

from handlers.commands import run_text
from handlers.context import Context, Invoker
from handlers.reply import Tone
from storage.outbox import enqueue
from storage.subscriptions import channel_subscriptions


def as_user(
    ctx: Context, *, manager: bool, channel: str = "c1", platform: str = "discord"
) -> Context:
    invoker = Invoker(
        platform=platform,
        user_id="u1",
        user_name="Ada",
        channel_id=channel,
        can_manage_channel=manager,
    )
    return dataclasses.replace(ctx, invoker=invoker)


async def test_a_manager_subscribes_and_lists_and_unsubscribes(ctx: Context) -> None:
    mod = as_user(ctx, manager=True)
    reply = await run_text(mod, "/subscribe arena")
    assert reply.tone is Tone.INFO and "each new #1 on arena." in reply.text
    reply = await run_text(mod, "/subscribe livebench laws")
    assert "and of every change in the laws ledger" in reply.text
    listed = await run_text(mod, "/subscriptions")
    assert [(f.name, f.value) for f in listed.fields] == [
        ("arena", "new #1 models"),
        ("livebench", "new #1 models and changes in the laws ledger"),
    ]
    # Another channel is separate.
    other = await run_text(as_user(ctx, manager=True, channel="c2"), "/subscriptions")
    assert "not subscribed to anything" in other.text
    reply = await run_text(mod, "/unsubscribe arena")
    assert reply.title == "Unsubscribed"
    subs = await ctx.storage.call(channel_subscriptions, "discord", "c1")
    assert [s.leaderboard for s in subs] == ["livebench"]
    reply = await run_text(mod, "/unsubscribe")
    assert "no longer be told of anything" in reply.text
    assert await ctx.storage.call(channel_subscriptions, "discord", "c1") == []


async def test_all_and_laws_shorthands(ctx: Context) -> None:
    mod = as_user(ctx, manager=True)
    assert "every leaderboard, and of every change" in (await run_text(mod, "/subscribe laws")).text
    (sub,) = await ctx.storage.call(channel_subscriptions, "discord", "c1")
    assert (sub.leaderboard, sub.laws) == ("*", True)
    reply = await run_text(mod, "/unsubscribe arena")
    assert reply.tone is Tone.ERROR and "/unsubscribe all stops everything" in reply.text


@pytest.mark.parametrize(
    ("line", "board", "laws"),
    [
        ("/subscribe predictions", "*", False),
        ("/subscribe all predictions", "*", False),
        ("/subscribe laws predictions", "*", True),
        ("/subscribe arena predictions laws", "arena", True),
        ("/subscribe arena laws predictions", "arena", True),
    ],
)
async def test_predictions_is_an_option_beside_laws(
    ctx: Context, line: str, board: str, laws: bool
) -> None:
    mod = as_user(ctx, manager=True)
    reply = await run_text(mod, line)
    assert "each community prediction about it as it resolves" in reply.text
    (sub,) = await ctx.storage.call(channel_subscriptions, "discord", "c1")
    assert (sub.leaderboard, sub.laws, sub.predictions) == (board, laws, True)
    listed = await run_text(mod, "/subscriptions")
    assert listed.fields[0].value.endswith("and resolved predictions")
    # Subscribing again without it turns it off, as for laws.
    await run_text(mod, f"/subscribe {'all' if board == '*' else board}")
    (sub,) = await ctx.storage.call(channel_subscriptions, "discord", "c1")
    assert (sub.laws, sub.predictions) == (False, False)


async def test_members_who_cannot_manage_the_channel_are_refused(ctx: Context) -> None:
    member = as_user(ctx, manager=False)
    for line in ("/subscribe arena", "/unsubscribe all"):
        reply = await run_text(member, line)
        assert reply.tone is Tone.ERROR and reply.ephemeral
        assert "Only members who may manage this channel" in reply.text
    assert await ctx.storage.call(channel_subscriptions, "discord", "c1") == []
    # Reading is allowed.
    assert (await run_text(member, "/subscriptions")).tone is Tone.INFO


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "/subscribe nowhere",
            "There is no leaderboard 'nowhere'. Choose one of arena, "
            "open-llm-v1, open-llm-v2, epoch-eci, mmlu, livebench, helm-lite, all.",
        ),
        ("/subscribe arena yes", "there is no laws 'yes'"),
        ("/subscribe @everyone", "There is no leaderboard '@everyone'"),
        ("/unsubscribe arena", "This channel was not subscribed to arena."),
        ("/subscribe a b c d", "takes at most 3 arguments"),
        ("/subscribe arena laws sometimes", "there is no predictions 'sometimes'"),
    ],
)
async def test_bad_input_is_refused_politely_and_changes_nothing(
    ctx: Context, line: str, expected: str
) -> None:
    reply = await run_text(as_user(ctx, manager=True), line)
    assert reply.tone is Tone.ERROR and expected in reply.text
    assert await ctx.storage.call(channel_subscriptions, "discord", "c1") == []


async def test_the_console_is_always_subscribed(ctx: Context) -> None:
    for line in ("/subscribe arena", "/unsubscribe all", "/subscriptions"):
        reply = await run_text(ctx, line)
        assert "always subscribed" in reply.text
    event = await ctx.storage.call(
        lambda db: enqueue(db, "leader_change", {"leaderboard": "arena"}, now=ctx.now)
    )
    rows = await ctx.storage.call(
        lambda db: db.execute(
            "SELECT platform FROM deliveries WHERE event_id = ?", [event]
        ).fetchall()
    )
    assert [r[0] for r in rows] == ["console"]


@pytest.mark.parametrize("platform", ["console", "discord", "slack"])
@pytest.mark.parametrize("line", ["/subscribe nope", "/unsubscribe nope", "/subscribe nope laws"])
async def test_an_unknown_leaderboard_is_an_error_everywhere(
    ctx: Context, platform: str, line: str
) -> None:
    reply = await run_text(as_user(ctx, manager=True, platform=platform), line)
    assert reply.tone is Tone.ERROR
    assert reply.text.startswith("There is no leaderboard 'nope'. Choose one of arena,")
    assert await ctx.storage.call(channel_subscriptions, platform, "c1") == []
