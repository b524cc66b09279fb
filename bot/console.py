"""The console adapter: commands typed in a terminal or piped on stdin, replies as text."""

from __future__ import annotations

import asyncio
import getpass
import sys
import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TextIO

from handlers.actions import parse_custom_id, run_action
from handlers.commands import (
    COMMANDS,
    form_refusal,
    form_to_open,
    run_command,
    run_form,
    run_text,
)
from handlers.context import Context, Invoker, Services
from handlers.reply import Reply, Tone

PROMPT = "lawkeeper> "


def render_text(reply: Reply) -> str:
    """A Reply as plain text."""
    if reply.tone is Tone.ERROR:
        return f"Sorry: {reply.text}"
    lines = [reply.title]
    if reply.url:
        lines.append(reply.url)
    if reply.text:
        lines.append(reply.text)
    for f in reply.fields:
        value = f"{f.value}\n{f.url}" if f.url else f.value
        lines.append(
            f"• {f.name}: {value}"
            if "\n" not in value
            else f"• {f.name}\n  " + value.replace("\n", "\n  ")
        )
    lines.extend(f"[chart: {a.filename}, {len(a.data)} bytes]" for a in reply.attachments)
    if reply.footer:
        lines.append(reply.footer)
    if reply.actions:  # buttons: type the id (and a reason where one is asked) to press one
        lines.append(
            "Buttons: "
            + " · ".join(
                f"[{a.label}] {a.custom_id}" + (" <reason>" if a.asks_reason else "")
                for a in reply.actions
            )
        )
    return "\n".join(lines)


class ConsoleAdapter:
    """Reads lines until end of input. The local user may do everything (moderate, manage).
    Also a Deliverer: announcements are printed as they are delivered."""

    name = "console"
    platform = "console"

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
        self._stdin = stdin or sys.stdin
        self._stdout = stdout or sys.stdout
        self._interactive = self._stdin.isatty()
        self.invoker = Invoker(
            platform="console",
            user_id="local",
            user_name=_local_user(),
            channel_id="console",
            can_manage_channel=True,
            is_moderator=True,
        )

    async def run(self, services: Services) -> None:
        """Answer each line; return at end of input."""
        lines = _read_lines(self._stdin)
        if self._interactive:
            self.write("Lawkeeper console. Type /help for the commands, Ctrl-D to leave.")
        while True:
            if self._interactive:
                self._stdout.write(PROMPT)
                self._stdout.flush()
            line = await lines.get()
            if line is None:
                return
            ctx = Context(services=services, invoker=self.invoker, now=datetime.now(UTC))
            reply = await self.answer(ctx, line, lines)
            if reply is not None:
                self.write(render_text(reply))

    async def answer(
        self, ctx: Context, line: str, lines: asyncio.Queue[str | None]
    ) -> Reply | None:
        """A button id ('lk:kind:target [reason]') presses that button; a command with a form
        typed bare at a terminal (or with just the argument that chooses its form, such as
        /predict leader) prompts for each field, one line each; anything else is a command
        line (a form's fields may be given on it as name=value)."""
        pressed = parse_custom_id(line.strip().split(" ", 1)[0])
        if pressed is not None:
            reason = line.strip().partition(" ")[2] or None
            return await run_action(ctx, *pressed, reason)
        name, _, rest = line.strip().lstrip("/").partition(" ")
        command = COMMANDS.get(name.lower())
        chosen = None
        if self._interactive and command is not None:
            chosen = (
                ("", command.form)
                if command.form is not None and not rest.strip()
                else form_to_open(command, rest)
            )
        if command is not None and chosen is not None:
            refused = await form_refusal(ctx, command)
            if refused is not None:
                return refused
            key, form = chosen
            values: dict[str, str | None] = {}
            for field in form.fields:
                self._stdout.write(f"{field.label}: ")
                self._stdout.flush()
                answer = await lines.get()
                if answer is None:
                    lines.put_nowait(None)  # end of input: `run` sees it and returns
                    return None
                values[field.name] = answer.rstrip("\n")
            return (
                await run_form(ctx, command.name, key, values)
                if key
                else await run_command(ctx, command.name, values)
            )
        return await run_text(ctx, line)

    async def deliver(self, channel_id: str, message: Reply) -> str:
        """Print an announcement; its message id is the time it was printed."""
        self.write(render_text(message))
        return datetime.now(UTC).isoformat()

    def write(self, text: str) -> None:
        """Print one line and flush at once, so the prompt, replies and announcements come out
        in order even on a pipe (the replay prints its summary with it too)."""
        self._stdout.write(text + "\n")
        self._stdout.flush()


def console_adapter(settings: None, secrets: Mapping[str, str]) -> ConsoleAdapter:
    """The platform table's factory: the console on this process's stdin and stdout (it
    has no settings and no secrets)."""
    return ConsoleAdapter()


def _read_lines(stream: TextIO) -> asyncio.Queue[str | None]:
    """Lines from a blocking stream, read on a daemon thread (pipes, files and terminals
    alike) so the loop never waits on input and shutdown never waits on the reader."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def reader() -> None:
        try:
            for line in stream:
                loop.call_soon_threadsafe(queue.put_nowait, line)
            loop.call_soon_threadsafe(queue.put_nowait, None)
        except RuntimeError:  # the loop closed while we waited for input
            return

    threading.Thread(target=reader, name="console-input", daemon=True).start()
    return queue


def _local_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "local"
