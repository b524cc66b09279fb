"""Every chat command, platform-neutral. A command module exports `COMMANDS`; adding a
command is one module and one line below. /help, which lists them all, is made from the
finished list (`help_command`), so no command module imports this one."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from handlers.commands import counterexamples as counterexample_commands
from handlers.commands import law as law_commands
from handlers.commands import ledger as ledger_commands
from handlers.commands import model as model_commands
from handlers.commands import predictions as prediction_commands
from handlers.commands import privacy as privacy_commands
from handlers.commands import status as status_commands
from handlers.commands import subscriptions as subscription_commands
from handlers.commands import top as top_commands
from handlers.commands.help import help_command
from handlers.commands.registry import EXCERPT, Command, FormChoice, Param, UsageError
from handlers.context import Context
from handlers.forms import Form
from handlers.reply import Reply
from handlers.text import clip
from storage import StorageError

log = logging.getLogger(__name__)

# Filled below; /help reads it when it runs.
COMMANDS: dict[str, Command] = {}
COMMANDS.update(
    (c.name, c)
    for group in (
        law_commands.COMMANDS,
        top_commands.COMMANDS,
        model_commands.COMMANDS,
        ledger_commands.COMMANDS,
        subscription_commands.COMMANDS,
        status_commands.COMMANDS,
        (help_command(COMMANDS),),
        counterexample_commands.COMMANDS,
        prediction_commands.COMMANDS,
        privacy_commands.COMMANDS,
    )
    for c in group
)


async def run_command(ctx: Context, name: str, arguments: dict[str, str | None]) -> Reply:
    """Run a command with named arguments (Discord options, or parsed text)."""
    command = COMMANDS.get(name)
    if command is None:
        return _unknown(name)
    try:
        bound = command.bind(arguments)
    except UsageError as exc:
        return Reply.error(str(exc))
    return await _call(ctx, command, bound)


async def run_text(ctx: Context, line: str) -> Reply | None:
    """Run one line of text such as '/law 2' (console, Slack). None for a blank line."""
    line = line.strip()
    if not line:
        return None
    name, _, rest = line.lstrip("/").partition(" ")
    command = COMMANDS.get(name.lower())
    if command is None:
        return _unknown(name)
    try:
        bound = command.parse(rest)
    except UsageError as exc:
        return Reply.error(str(exc))
    return await _call(ctx, command, bound)


async def run_form(ctx: Context, name: str, key: str, values: dict[str, str | None]) -> Reply:
    """Run a submitted form chosen by `key` (see `Command.chosen_form`), values by field
    name as typed."""
    command = COMMANDS.get(name)
    if command is None or command.forms is None or key not in command.forms.forms:
        return Reply.error("This form is no longer in use.")
    submit = command.forms.submit
    return await _guarded(ctx, command, lambda: submit(ctx, key, values))


def form_to_open(
    command: Command, arguments: str | dict[str, str | None]
) -> tuple[str, Form] | None:
    """The form that `command` run with these arguments (the text after its name, or named
    arguments) opens instead of running, as (its key, the form); None otherwise, bad input
    included (running the command says what is wrong)."""
    try:
        bound = command.parse(arguments) if isinstance(arguments, str) else command.bind(arguments)
    except UsageError:
        return None
    return command.chosen_form(bound)


async def form_refusal(ctx: Context, command: Command) -> Reply | None:
    """Why `command`'s form should not open for this person (an error Reply), or None:
    asked before the form opens, so nobody fills in fields only to be refused."""
    if command.gate is None:
        return None
    try:
        why = await command.gate(ctx)
    except Exception:
        log.exception("/%s gate failed", command.name)
        return None  # the submission is checked again when it arrives
    return None if why is None else Reply.error(why)


def _unknown(name: str) -> Reply:
    return Reply.error(
        f"There is no command /{clip(name, EXCERPT)}. "
        f"Commands: {', '.join('/' + c for c in COMMANDS)}. Try /help."
    )


async def _call(ctx: Context, command: Command, bound: dict[str, str | None]) -> Reply:
    return await _guarded(ctx, command, lambda: command.run(ctx, **bound))


async def _guarded(ctx: Context, command: Command, answer: Callable[[], Awaitable[Reply]]) -> Reply:
    """`answer()`, with usage errors, a failing database and bugs told in one line."""
    try:
        return await answer()
    except UsageError as exc:
        return Reply.error(str(exc))
    except StorageError:
        failure = ctx.storage.failure  # logged by storage, once a minute
        if failure is None:
            raise
        return Reply.error(
            f"My database is failing: {failure.reason}. Nothing was changed; "
            "please try again later."
        )
    except Exception:
        log.exception("/%s failed", command.name)
        return Reply.error(
            "Something went wrong on my side while answering that; "
            "it has been logged. Please try again later."
        )


__all__ = [
    "COMMANDS",
    "Command",
    "FormChoice",
    "Param",
    "UsageError",
    "form_refusal",
    "form_to_open",
    "run_command",
    "run_form",
    "run_text",
]
