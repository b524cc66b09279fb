"""Forms as modals, persistent buttons (with and without a reason), autocomplete and the
invoker's permissions, through discord.py's real tree, views and modals. The commands and
actions here are registered by the tests only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bot.discord.render import COLOURS
from handlers import actions
from handlers.commands import COMMANDS, Command, Param, UsageError
from handlers.context import Context
from handlers.forms import Action, Form, FormField
from handlers.reply import Field, Reply, Tone
from tests.bot.discord.conftest import (
    MANAGE_CHANNELS,
    MANAGE_GUILD,
    MODERATOR_ROLE_ID,
    answers,
    bot_message,
    click,
    interaction,
    member,
    modal_submit,
    slash,
)
from tests.bot.discord.fake_discord import APP_ID, FakeDiscord

EPHEMERAL = 64


async def report(ctx: Context, model: str, evidence: str | None = None) -> Reply:
    if not evidence or not evidence.startswith("https://"):
        raise UsageError("The evidence must be a https:// link.")
    return Reply(title=f"Thanks, {ctx.invoker.user_name}", text=f"{model}: {evidence}")


async def review(ctx: Context, item: str) -> Reply:
    return Reply(
        title=f"Counterexample {item}",
        actions=(
            Action("test_approve", item, "Approve", style="primary"),
            Action("test_reject", item, "Reject", style="danger", asks_reason=True),
        ),
    )


async def whoami(ctx: Context) -> Reply:
    i = ctx.invoker
    return Reply(
        title=i.user_name,
        text=f"platform={i.platform} user={i.user_id} "
        f"channel={i.channel_id} moderator={i.is_moderator} "
        f"manage={i.can_manage_channel}",
    )


async def top(ctx: Context, leaderboard: str) -> Reply:
    return Reply(title=f"Top of {leaderboard}")


async def ledger(ctx: Context) -> Reply:
    return Reply(title="Ledger", fields=tuple(Field(f"scope {i}", "v" * 200) for i in range(60)))


async def approve(ctx: Context, target: str, reason: str | None) -> Reply:
    if not ctx.invoker.is_moderator:
        return Reply.error("Only moderators can approve counterexamples.")
    return Reply(title=f"Approved {target}", text=f"by {ctx.invoker.user_name}")


async def reject(ctx: Context, target: str, reason: str | None) -> Reply:
    if not ctx.invoker.is_moderator:
        return Reply.error("Only moderators can reject counterexamples.")
    return Reply(title=f"Rejected {target}", text=f"Reason: {reason}")


REPORT_FORM = Form(
    title="Report a counterexample",
    fields=(
        FormField("model", "Model", max_length=60),
        FormField(
            "evidence",
            "Evidence (a link)",
            max_length=500,
            required=False,
            multiline=True,
            placeholder="https://…",
        ),
    ),
)
TEST_COMMANDS = (
    Command(
        "report",
        "Report a counterexample",
        (Param("model", "the model", required=True), Param("evidence", "a link")),
        report,
        form=REPORT_FORM,
    ),
    Command("review", "Show a counterexample for review", (Param("item", "its id"),), review),
    Command("whoami", "Who the bot thinks you are", (), whoami),
    Command("bigledger", "Sixty fields", (), ledger),
    Command(
        "pick",
        "One of many",
        (Param("item", "an item", required=True, choices=tuple(f"c{i:02d}" for i in range(30))),),
        top,
    ),
    Command(
        "top",
        "The leaders of a leaderboard",
        (Param("leaderboard", "which leaderboard", required=True),),
        top,
    ),
)


@pytest.fixture(autouse=True)
def _test_commands(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Registered before the bot fixture builds its command tree (autouse fixtures
    come first)."""
    for command in TEST_COMMANDS:
        monkeypatch.setitem(COMMANDS, command.name, command)
    monkeypatch.setitem(actions.ACTIONS, "test_approve", approve)
    monkeypatch.setitem(actions.ACTIONS, "test_reject", reject)
    yield


def moderator() -> dict:
    return member("1500000000000000009", name="mod", roles=(MODERATOR_ROLE_ID,))


async def _open_form(fake: FakeDiscord) -> str:
    [callback] = await answers(fake, interaction(2, slash("report")), 1)
    assert callback.json["type"] == 9  # modal, sent as the response (no deferral)
    modal = callback.json["data"]
    assert modal["title"] == "Report a counterexample"
    inputs = [row["components"][0] for row in modal["components"]]
    assert [
        {k: i[k] for k in ("type", "custom_id", "label", "style", "max_length", "required")}
        for i in inputs
    ] == [
        {
            "type": 4,
            "custom_id": "model",
            "label": "Model",
            "style": 1,
            "max_length": 60,
            "required": True,
        },
        {
            "type": 4,
            "custom_id": "evidence",
            "label": "Evidence (a link)",
            "style": 2,
            "max_length": 500,
            "required": False,
        },
    ]
    assert inputs[1]["placeholder"] == "https://…"
    return str(modal["custom_id"])


async def test_form_command_opens_a_modal_and_runs_on_submit(fake: FakeDiscord, bot) -> None:
    modal_id = await _open_form(fake)
    submit = interaction(
        5,
        modal_submit(
            modal_id, {"model": "@everyone Llama-3-70B", "evidence": "https://example.org/run"}
        ),
    )
    callback, follow_up = await answers(fake, submit, 2)
    assert callback.json == {"type": 5}
    assert follow_up.json["allowed_mentions"] == {"parse": []}
    [embed] = follow_up.json["embeds"]
    assert embed["title"] == "Thanks, Ada"
    # the user's text is shown as given, except that it cannot ping anyone
    assert embed["description"] == "@\u200beveryone Llama-3-70B: https://example.org/run"


async def test_invalid_form_input_gets_the_handlers_error_privately(fake: FakeDiscord, bot) -> None:
    modal_id = await _open_form(fake)
    submit = interaction(5, modal_submit(modal_id, {"model": "X", "evidence": "trust me"}))
    callback, delete, follow_up = await answers(fake, submit, 3)
    assert callback.json == {"type": 5}
    # the public "thinking…" message goes; the error follows privately
    assert (delete.method, delete.path) == (
        "DELETE",
        f"/webhooks/{APP_ID}/{submit['token']}/messages/@original",
    )
    assert follow_up.json["flags"] == EPHEMERAL
    [embed] = follow_up.json["embeds"]
    assert embed["description"] == "The evidence must be a https:// link."
    assert embed["color"] == COLOURS[Tone.ERROR].value


async def test_reply_actions_become_persistent_buttons(fake: FakeDiscord, bot) -> None:
    _, follow_up = await answers(fake, interaction(2, slash("review", item="12")), 2)
    assert follow_up.json["components"] == [
        {
            "type": 1,
            "components": [
                {
                    "type": 2,
                    "custom_id": "lk:test_approve:12",
                    "label": "Approve",
                    "style": 1,
                    "disabled": False,
                },
                {
                    "type": 2,
                    "custom_id": "lk:test_reject:12:why",
                    "label": "Reject",
                    "style": 4,
                    "disabled": False,
                },
            ],
        }
    ]


def press(custom_id: str, **kwargs: Any) -> dict[str, Any]:
    """A click on a button of a message the bot sent before this process started (the
    client never saw it): the click is understood from its custom_id alone."""
    button = {"type": 2, "custom_id": custom_id, "label": "Button", "style": 2}
    message = bot_message([{"type": 1, "components": [button]}])
    return interaction(3, click(custom_id), message=message, **kwargs)


async def test_a_moderator_click_runs_the_action(fake: FakeDiscord, bot) -> None:
    payload = press("lk:test_approve:12", who=moderator())
    callback, follow_up = await answers(fake, payload, 2)
    assert callback.json == {"type": 5}
    [embed] = follow_up.json["embeds"]
    assert (embed["title"], embed["description"]) == ("Approved 12", "by Mod")
    assert follow_up.json["allowed_mentions"] == {"parse": []}


async def test_a_manage_server_click_counts_as_moderator(fake: FakeDiscord, bot) -> None:
    payload = press("lk:test_approve:7", who=member(permissions=MANAGE_GUILD))
    _, follow_up = await answers(fake, payload, 2)
    assert follow_up.json["embeds"][0]["title"] == "Approved 7"


async def test_a_non_moderator_click_is_refused_privately(fake: FakeDiscord, bot) -> None:
    payload = press("lk:test_approve:12")
    callback, delete, follow_up = await answers(fake, payload, 3)
    assert callback.json == {"type": 5}
    assert delete.method == "DELETE"
    assert follow_up.json["flags"] == EPHEMERAL
    assert follow_up.json["embeds"][0]["description"] == (
        "Only moderators can approve counterexamples."
    )


async def test_a_reason_is_asked_in_a_modal_first(fake: FakeDiscord, bot) -> None:
    payload = press("lk:test_reject:12:why", who=moderator())
    [callback] = await answers(fake, payload, 1)
    assert callback.json["type"] == 9
    modal = callback.json["data"]
    assert modal["title"] == "Reason to test reject"
    [row] = modal["components"]
    reason = row["components"][0]
    assert (reason["label"], reason["style"], reason["max_length"]) == ("Reason", 2, 1000)

    submit = interaction(
        5,
        modal_submit(modal["custom_id"], {reason["custom_id"]: "Scores from a different suite"}),
        who=moderator(),
    )
    callback, follow_up = await answers(fake, submit, 2)
    assert callback.json == {"type": 5}
    [embed] = follow_up.json["embeds"]
    assert (embed["title"], embed["description"]) == (
        "Rejected 12",
        "Reason: Scores from a different suite",
    )


async def test_unknown_button_kind_is_a_polite_error(fake: FakeDiscord, bot) -> None:
    payload = press("lk:vanished:3")
    *_, follow_up = await answers(fake, payload, 3)
    assert follow_up.json["embeds"][0]["description"] == "That button no longer does anything."


async def test_leaderboard_autocompletes_the_enabled_leaderboards(fake: FakeDiscord, bot) -> None:
    data = slash("top", leaderboard="a")
    data["type"] = 1
    data["options"][0]["focused"] = True
    [callback] = await answers(fake, interaction(4, data), 1)
    assert callback.json == {
        "type": 8,
        "data": {
            "choices": [
                {"name": "arena", "value": "arena"},
                {"name": "artificial_analysis", "value": "artificial_analysis"},
            ]
        },
    }  # open_llm is disabled

    data["options"][0]["value"] = "ARt"
    [callback] = await answers(fake, interaction(4, data), 1)
    assert callback.json["data"]["choices"] == [
        {"name": "artificial_analysis", "value": "artificial_analysis"}
    ]


async def test_invoker_carries_who_where_and_permissions(fake: FakeDiscord, bot) -> None:
    plain = interaction(2, slash("whoami"))
    _, follow_up = await answers(fake, plain, 2)
    assert follow_up.json["embeds"][0]["description"] == (
        "platform=discord user=1500000000000000001 channel=1300000000000000002 "
        "moderator=False manage=False"
    )

    manager = interaction(2, slash("whoami"), who=member(permissions=MANAGE_CHANNELS))
    _, follow_up = await answers(fake, manager, 2)
    assert follow_up.json["embeds"][0]["description"].endswith("moderator=False manage=True")

    _, follow_up = await answers(fake, interaction(2, slash("whoami"), who=moderator()), 2)
    assert follow_up.json["embeds"][0]["description"].endswith("moderator=True manage=False")


async def test_a_reply_too_big_for_one_message_follows_up_several(fake: FakeDiscord, bot) -> None:
    callback, *follow_ups = await answers(fake, interaction(2, slash("bigledger")), 4)
    assert callback.json == {"type": 5}
    fields = [f for r in follow_ups for e in r.json["embeds"] for f in e.get("fields", [])]
    assert [f["name"] for f in fields] == [f"scope {i}" for i in range(60)]
    for request in follow_ups:
        embeds = request.json["embeds"]
        assert len(embeds) <= 10
        assert (
            sum(len(f["name"]) + len(f["value"]) for e in embeds for f in e["fields"])
            + sum(len(e.get("title", "")) for e in embeds)
            <= 6000
        )
        assert all(len(e["fields"]) <= 25 for e in embeds)
        assert request.json["allowed_mentions"] == {"parse": []}


async def test_more_than_25_choices_are_offered_by_autocomplete(fake: FakeDiscord, bot) -> None:
    [sync] = fake.calls("PUT", f"/applications/{APP_ID}/commands")
    [option] = next(c for c in sync.json if c["name"] == "pick")["options"]
    assert option["autocomplete"] is True and "choices" not in option

    data = slash("pick", item="c2")
    data["options"][0]["focused"] = True
    [callback] = await answers(fake, interaction(4, data), 1)
    assert callback.json["data"]["choices"] == [
        {"name": f"c{i}", "value": f"c{i}"} for i in range(20, 30)
    ]
