"""Modals and buttons: a test-only form command and a test-only moderator action, through
bolt's signed HTTP endpoint."""

import json

import pytest

from handlers.actions import ACTIONS
from handlers.commands import COMMANDS, Command, Param
from handlers.forms import Action, Form, FormField
from handlers.reply import Reply

FORM = Form(
    "Report a counterexample to a law",
    (
        FormField("title", "Title", max_length=80),
        FormField("details", "What happened", max_length=500, multiline=True, required=False),
    ),
)


@pytest.fixture
def stored(monkeypatch) -> list[tuple[str, str | None, str]]:
    """A form command whose handler 'stores' what it accepts, and refuses 'bad' titles."""
    kept: list[tuple[str, str | None, str]] = []

    async def report(ctx, title: str, details: str | None = None) -> Reply:
        if "bad" in title:
            return Reply.error("The title must not say bad.")
        kept.append((title, details, ctx.invoker.channel_id))
        return Reply(title="Thanks", text=f"Stored: {title}")

    monkeypatch.setitem(
        COMMANDS,
        "report",
        Command(
            "report",
            "test only",
            (Param("title", "a title", required=True), Param("details", "more")),
            report,
            form=FORM,
        ),
    )
    return kept


def submission(callback_id: str, values: dict[str, str], metadata: str, user: str = "U1") -> dict:
    return {
        "type": "view_submission",
        "team": {"id": "T1"},
        "user": {"id": user, "username": f"name-{user}", "team_id": "T1"},
        "api_app_id": "A1",
        "token": "legacy",
        "trigger_id": "t-sub",
        "view": {
            "id": "V1",
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": metadata,
            "blocks": [],
            "state": {
                "values": {
                    k: {k: {"type": "plain_text_input", "value": v}} for k, v in values.items()
                }
            },
        },
    }


async def open_form(bot) -> tuple[dict, str]:
    name = await bot.command("/report", channel="C3")
    [opened] = await bot.fake.wait_for(lambda f: f.of("views.open"))
    assert opened.data["trigger_id"] == f"trigger-{name}"
    return opened.data["view"], name


async def test_form_command_opens_a_modal(start_bot, stored) -> None:
    bot = await start_bot()
    view, _ = await open_form(bot)
    assert view["type"] == "modal" and view["callback_id"] == "lk-form:report"
    assert view["title"]["text"] == "Report a counterexample…"  # Slack's 24-character limit
    assert len(view["title"]["text"]) == 24
    title, details = view["blocks"]
    assert title["element"] == {
        "type": "plain_text_input",
        "action_id": "title",
        "multiline": False,
        "max_length": 80,
    }
    assert title["optional"] is False and title["label"]["text"] == "Title"
    assert details["element"]["multiline"] is True and details["optional"] is True
    assert details["element"]["max_length"] == 500


async def test_valid_submission_runs_the_command_and_answers(start_bot, stored) -> None:
    bot = await start_bot()
    view, name = await open_form(bot)
    payload = submission(
        "lk-form:report", {"title": "Open beats closed", "details": "x"}, view["private_metadata"]
    )
    status, body = await bot.interaction(payload)
    assert (status, body) == (200, "")  # the modal closes
    assert stored == [("Open beats closed", "x", "C3")]
    [message] = await bot.responses(name)
    assert message["response_type"] == "in_channel"
    assert "Stored: Open beats closed" in json.dumps(message)


@pytest.mark.parametrize(
    ("values", "field", "error"),
    [
        ({"title": "  "}, "title", "Title is required."),
        ({"title": "x" * 81}, "title", "Title: at most 80 characters, got 81."),
        (
            {"title": "ok", "details": "y" * 501},
            "details",
            "What happened: at most 500 characters, got 501.",
        ),
        ({"title": "a bad title"}, "title", "The title must not say bad."),  # the handler's error
    ],
)
async def test_invalid_submission_names_the_field_and_stores_nothing(
    start_bot, stored, values, field, error
) -> None:
    bot = await start_bot()
    view, name = await open_form(bot)
    status, body = await bot.interaction(
        submission("lk-form:report", values, view["private_metadata"])
    )
    assert status == 200
    assert json.loads(body) == {"response_action": "errors", "errors": {field: error}}
    assert stored == []
    assert not [c for c in bot.fake.calls if c.path == f"/response/{name}"]


@pytest.fixture
def approvals(monkeypatch) -> list[tuple[str, str, str | None]]:
    """A test-only review action that only moderators may take, and a command showing it."""
    done: list[tuple[str, str, str | None]] = []

    async def approve(ctx, target: str, reason: str | None) -> Reply:
        if not ctx.invoker.is_moderator:
            return Reply.error("Only moderators may approve counterexamples.")
        done.append((ctx.invoker.user_id, target, reason))
        return Reply(title=f"Approved #{target}")

    async def review(ctx) -> Reply:
        return Reply(
            title="Counterexample #12",
            actions=(
                Action("approve", "12", "Approve", style="primary"),
                Action("approve", "13", "Reject with reason", style="danger", asks_reason=True),
            ),
        )

    monkeypatch.setitem(ACTIONS, "approve", approve)
    monkeypatch.setitem(COMMANDS, "review", Command("review", "test only", (), review))
    return done


def click(action_id: str, value: str, user: str, response_url: str) -> dict:
    return {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": user, "username": f"name-{user}", "team_id": "T1"},
        "api_app_id": "A1",
        "token": "legacy",
        "trigger_id": f"t-{user}",
        "channel": {"id": "C1"},
        "response_url": response_url,
        "container": {},
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": "b",
                "value": value,
                "text": {"type": "plain_text", "text": "Reject"},
                "action_ts": "1",
            }
        ],
    }


async def test_buttons_render_from_actions(start_bot, approvals) -> None:
    bot = await start_bot()
    [message] = await bot.responses(await bot.command("/review"))
    [actions] = [b for b in message["blocks"] if b["type"] == "actions"]
    assert actions["elements"] == [
        {
            "type": "button",
            "action_id": "lk:approve:12",
            "value": "run",
            "style": "primary",
            "text": {"type": "plain_text", "text": "Approve", "emoji": True},
        },
        {
            "type": "button",
            "action_id": "lk:approve:13",
            "value": "ask-reason",
            "style": "danger",
            "text": {"type": "plain_text", "text": "Reject with reason", "emoji": True},
        },
    ]


@pytest.mark.parametrize(
    ("user", "allowed"),
    [
        ("UMOD", True),  # a configured moderator
        ("UADMIN", True),  # a workspace admin (users.info)
        ("UPLAIN", False),  # anyone else
    ],
)
async def test_button_click_runs_the_action_for_moderators_only(
    start_bot, approvals, user, allowed
) -> None:
    bot = await start_bot(moderator_user_ids=["UMOD"])
    bot.fake.users["UADMIN"] = {"is_admin": True}
    status, _ = await bot.interaction(
        click("lk:approve:12", "run", user, bot.fake.response_url("click"))
    )
    assert status == 200
    [message] = await bot.responses("click")
    if allowed:
        assert approvals == [(user, "12", None)]
        assert message["blocks"][0]["text"]["text"] == "Approved #12"
        assert message["replace_original"] is False
    else:
        assert approvals == []
        assert message["response_type"] == "ephemeral"
        assert "Only moderators may approve counterexamples." in json.dumps(message)


async def test_reason_modal_then_action(start_bot, approvals) -> None:
    bot = await start_bot(moderator_user_ids=["UMOD"])
    await bot.interaction(
        click("lk:approve:13", "ask-reason", "UMOD", bot.fake.response_url("why"))
    )
    [opened] = await bot.fake.wait_for(lambda f: f.of("views.open"))
    view = opened.data["view"]
    assert view["callback_id"] == "lk-reason" and view["title"]["text"] == "Reject"
    assert view["blocks"][0]["element"]["action_id"] == "reason"
    assert approvals == []  # nothing runs before the reason is given

    blank = submission("lk-reason", {"reason": " "}, view["private_metadata"], user="UMOD")
    status, body = await bot.interaction(blank)
    assert status == 200
    assert json.loads(body) == {
        "response_action": "errors",
        "errors": {"reason": "Please give a reason."},
    }
    given = submission(
        "lk-reason",
        {"reason": "same model, renamed <!here>"},
        view["private_metadata"],
        user="UMOD",
    )
    status, body = await bot.interaction(given)
    assert (status, body) == (200, "")
    assert approvals == [("UMOD", "13", "same model, renamed <!here>")]  # stored as given
    [message] = await bot.responses("why")
    assert message["blocks"][0]["text"]["text"] == "Approved #13"


async def test_reason_from_a_non_moderator_is_refused_in_the_modal(start_bot, approvals) -> None:
    bot = await start_bot()
    metadata = json.dumps(
        {
            "kind": "approve",
            "target": "13",
            "channel": "C1",
            "response_url": bot.fake.response_url("nope"),
        }
    )
    status, body = await bot.interaction(
        submission("lk-reason", {"reason": "because"}, metadata, user="UPLAIN")
    )
    assert status == 200
    assert json.loads(body) == {
        "response_action": "errors",
        "errors": {"reason": "Only moderators may approve counterexamples."},
    }
    assert approvals == []
