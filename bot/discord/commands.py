"""Slash commands built from the neutral declarations in handlers.commands.COMMANDS.

Each Param becomes a string option: its choices become Discord choices (up to 25; more
are offered by autocomplete), a param named `leaderboard` autocompletes the enabled
leaderboards (Discord refuses an option with both choices and autocomplete, so such a param
declares no choices; the handler still checks the value), and a param with `suggest` offers
what it suggests for the text typed so far (/model: catalog model names). A command with a
Form opens a modal instead of taking options.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import Any, Literal

import discord
from discord import app_commands

from bot.discord.interact import context_of, defer, send_reply, services_of
from feeds.registry import SOURCES
from handlers.commands import (
    Command,
    Param,
    UsageError,
    form_refusal,
    form_to_open,
    run_command,
    run_form,
)
from handlers.forms import Form
from handlers.reply import Reply

Interaction = discord.Interaction[Any]

DESCRIPTION_MAX = 100
CHOICES_MAX = 25
TEXT_INPUT_MAX = 4000


def build_commands(commands: Iterable[Command]) -> list[app_commands.Command[Any, ..., None]]:
    """One discord.py app command per neutral command, for the client's command tree when it is
    made. Nothing is sent to Discord here: `sync_commands` does that at start."""
    return [_app_command(c) for c in commands]


def _app_command(command: Command) -> app_commands.Command[Any, ..., None]:
    if command.form is not None:
        form = command.form

        async def open_form(interaction: Interaction) -> None:
            refused = await form_refusal(context_of(interaction), command)
            if refused is not None:
                await send_reply(interaction, refused)
                return
            await interaction.response.send_modal(FormModal(command, form))

        callback = open_form
    else:

        async def run(interaction: Interaction, **arguments: str | None) -> None:
            await _run_slash(interaction, command, arguments)

        run.__signature__ = _signature(command.params)  # type: ignore[attr-defined]
        callback = run  # type: ignore[assignment]
        if command.params:
            callback = app_commands.describe(
                **{p.name: p.help[:DESCRIPTION_MAX] for p in command.params}
            )(callback)
    app_command = app_commands.Command(
        name=command.name, description=command.summary[:DESCRIPTION_MAX], callback=callback
    )
    for param in command.params:
        if command.form is None and _autocompletes(param):
            app_command.autocomplete(param.name)(_completer(param))
    return app_command


def _signature(params: tuple[Param, ...]) -> inspect.Signature:
    """What discord.py reads to declare the options: (interaction, *params)."""
    parameters = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    for p in params:
        annotation: Any = str
        if p.choices and not _autocompletes(p):
            annotation = Literal[p.choices]  # type: ignore[valid-type]
        if not p.required:
            annotation = annotation | None
        parameters.append(
            inspect.Parameter(
                p.name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=annotation,
                default=inspect.Parameter.empty if p.required else None,
            )
        )
    return inspect.Signature(parameters)


def _autocompletes(param: Param) -> bool:
    return (
        param.name == "leaderboard" or len(param.choices) > CHOICES_MAX or param.suggest is not None
    )


def _completer(param: Param) -> Any:
    async def complete(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        if param.suggest is not None:
            return [
                app_commands.Choice(name=label, value=value)
                for label, value in param.suggest(services_of(interaction), current)
            ][:CHOICES_MAX]
        names = list(param.choices)
        if param.name == "leaderboard":
            config = services_of(interaction).config
            known = names or sorted({*SOURCES, *config.leaderboards})
            names = [n for n in known if config.leaderboard(n).enabled]
        typed = current.strip().lower()
        return [app_commands.Choice(name=n, value=n) for n in names if typed in n.lower()][
            :CHOICES_MAX
        ]

    return complete


async def _run_slash(
    interaction: Interaction, command: Command, arguments: dict[str, str | None]
) -> None:
    """Bad options are answered at once, privately; options that choose a form open it
    (/predict template:leader); anything else defers first, since a command may read the
    database."""
    try:
        command.bind(arguments)
    except UsageError as exc:
        await send_reply(interaction, Reply.error(str(exc)))
        return
    chosen = form_to_open(command, arguments)
    if chosen is not None:
        refused = await form_refusal(context_of(interaction), command)
        if refused is not None:
            await send_reply(interaction, refused)
            return
        key, form = chosen
        await interaction.response.send_modal(FormModal(command, form, key))
        return
    await defer(interaction, private=command.private)
    await send_reply(
        interaction, await run_command(context_of(interaction), command.name, arguments)
    )


class FormModal(discord.ui.Modal):
    """A command's Form: one text input per field; submitting runs the command with the
    values by field name (a form chosen by `key`: the command's form submission). Invalid
    values get the command's own error, privately."""

    def __init__(self, command: Command, form: Form, key: str | None = None) -> None:
        super().__init__(title=form.title[:45], timeout=900)
        self.command = command
        self.key = key
        self.inputs: dict[str, discord.ui.TextInput[Any]] = {}
        for f in form.fields[:5]:  # Discord allows five inputs per modal
            text_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
                label=f.label[:45],
                custom_id=f.name,
                style=discord.TextStyle.paragraph if f.multiline else discord.TextStyle.short,
                max_length=min(f.max_length, TEXT_INPUT_MAX),
                required=f.required,
                placeholder=f.placeholder[:100] or None,
            )
            self.inputs[f.name] = text_input
            self.add_item(text_input)

    async def on_submit(self, interaction: Interaction, /) -> None:
        """discord.py calls this when the modal is submitted: defer, run the command (or its
        form submission when a `key` chose the form) with the values typed, and answer; a
        private reply (an error is one) replaces the public "thinking…"."""
        await defer(interaction)
        values: dict[str, str | None] = {name: i.value for name, i in self.inputs.items()}
        ctx = context_of(interaction)
        reply = (
            await run_command(ctx, self.command.name, values)
            if self.key is None
            else await run_form(ctx, self.command.name, self.key, values)
        )
        await send_reply(interaction, reply)
