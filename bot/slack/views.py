"""Modal submissions: a command's form, and the reason asked before a button runs.

Input is checked, and the handler run, before the submission is acknowledged, so a bad
value comes back in the modal next to its field (response_action "errors") and nothing
is stored; a good one closes the modal and the reply is posted through the response_url
of the command or button that opened it."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.commands import metadata_of
from bot.slack.context import CONTEXT_KEY, SlackServices
from bot.slack.replying import answer
from handlers.actions import run_action
from handlers.commands import COMMANDS, Command, run_command, run_form
from handlers.forms import Form
from handlers.reply import Reply, Tone

FORM = re.compile(r"^lk-form:")
MAX_ERROR = 300


def register(app: AsyncApp) -> None:
    """Route the submissions of command forms (callback_id 'lk-form:…') and of the reason modal
    ('lk-reason'); called by `build_app`."""
    app.view(FORM)(on_form_submitted)
    app.view("lk-reason")(on_reason_submitted)


async def on_form_submitted(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    context: dict[str, Any],
) -> None:
    """bolt calls this when a command's form is submitted (a view_submission). The values are
    checked and the command run before the ack, so a blank or over-long field, or the command's
    own error, shows next to its field in the modal; otherwise the modal closes and the reply
    goes through the response_url it was opened with."""
    slack: SlackServices = context[CONTEXT_KEY]
    name, _, key = view["callback_id"].partition(":")[2].partition(":")
    command = COMMANDS.get(name)
    form = _form_of(command, key)
    if command is None or form is None:
        await ack(
            response_action="errors", errors={_first_block(view): "This form is no longer in use."}
        )
        return
    values = {f.name: _value(view, f.name) for f in form.fields}
    errors = form_errors(form, values)
    if errors:
        await ack(response_action="errors", errors=errors)
        return
    metadata = metadata_of(view)
    ctx = await slack.context(client, body, metadata.get("channel", ""))
    reply = (
        await run_form(ctx, command.name, key, dict(values))
        if key
        else await run_command(ctx, command.name, dict(values))
    )
    if reply.tone is Tone.ERROR:
        await ack(
            response_action="errors", errors={_field_named_in(form, reply.text): _cut(reply.text)}
        )
        return
    await ack()
    await _post(client, metadata, reply)


async def on_reason_submitted(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    context: dict[str, Any],
) -> None:
    """bolt calls this when the reason modal is submitted: a blank reason is refused in the
    modal; otherwise the action named in its metadata runs with the reason, an error shows in
    the modal, and any other reply goes through the button's response_url once the modal closes."""
    slack: SlackServices = context[CONTEXT_KEY]
    reason = _value(view, "reason").strip()
    if not reason:
        await ack(response_action="errors", errors={"reason": "Please give a reason."})
        return
    metadata = metadata_of(view)
    ctx = await slack.context(client, body, metadata.get("channel", ""))
    reply = await run_action(ctx, metadata["kind"], metadata["target"], reason)
    if reply.tone is Tone.ERROR:
        await ack(response_action="errors", errors={"reason": _cut(reply.text)})
        return
    await ack()
    await _post(client, metadata, reply)


def _form_of(command: Command | None, key: str) -> Form | None:
    """The command's form, or the one it chose by `key` (FormChoice)."""
    if command is None:
        return None
    if not key:
        return command.form
    return command.forms.forms.get(key) if command.forms is not None else None


def form_errors(form: Form, values: dict[str, str]) -> dict[str, str]:
    """Field name → what is wrong, for blank required fields and over-long values (Slack
    enforces max_length in its client, but a request can say anything)."""
    errors = {}
    for f in form.fields:
        value = values.get(f.name, "")
        if f.required and not value.strip():
            errors[f.name] = f"{f.label} is required."
        elif len(value) > f.max_length:
            errors[f.name] = f"{f.label}: at most {f.max_length} characters, got {len(value)}."
    return errors


async def _post(client: AsyncWebClient, metadata: dict[str, str], reply: Reply) -> None:
    respond = AsyncRespond(response_url=metadata.get("response_url") or None)
    await answer(respond, client, metadata.get("channel", ""), reply)


def _value(view: dict[str, Any], name: str) -> str:
    block = view.get("state", {}).get("values", {}).get(name, {})
    return (block.get(name) or {}).get("value") or ""


def _field_named_in(form: Form, text: str) -> str:
    """The field an error message is about: the one it calls "the <name> field", else the
    first one it names, else the first."""
    lowered = text.lower()
    for f in form.fields:
        if f"the {f.name.lower()} field" in lowered:
            return f.name
    for f in form.fields:
        if f.name.lower() in lowered or f.label.lower() in lowered:
            return f.name
    return form.fields[0].name


def _first_block(view: dict[str, Any]) -> str:
    blocks = view.get("blocks") or [{}]
    return blocks[0].get("block_id", "")


def _cut(text: str) -> str:
    return text if len(text) <= MAX_ERROR else text[: MAX_ERROR - 1] + "…"
