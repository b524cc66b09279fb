"""/help: every command with its usage."""

from __future__ import annotations

from collections.abc import Mapping

from handlers.commands.registry import Command, Param, excerpt
from handlers.context import Context
from handlers.reply import Field, Reply


def help_command(commands: Mapping[str, Command]) -> Command:
    """/help over `commands`: the full list, this command included, read when it runs (the
    registry in handlers/commands/__init__.py hands it over, so this module needs no import
    of the registry that lists it)."""

    async def help_(ctx: Context, command: str | None = None) -> Reply:
        if command:
            found = commands.get(command.lstrip("/").lower())
            if found is None:
                return Reply.error(
                    f"There is no command {excerpt(command)}. "
                    f"Commands: {', '.join('/' + c for c in commands)}."
                )
            params = "\n".join(
                f"`{p.name}`: {p.help}" + (f" ({', '.join(p.choices)})" if p.choices else "")
                for p in found.params
            )
            return Reply(title=found.usage, text=found.summary + ("\n" + params if params else ""))
        return Reply(
            title="Lawkeeper commands",
            text="Lawkeeper keeps a dated, evidence-backed ledger of Xavier Amatriain's three "
            "laws of generative-AI model evolution, from public LLM leaderboards.",
            fields=tuple(Field(name=c.usage, value=c.summary) for c in commands.values()),
        )

    return Command(
        "help",
        "Every command, or how to use one",
        (Param("command", "a command name, such as law"),),
        help_,
    )
