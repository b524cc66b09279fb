"""Commands declared once, as values: each platform builds its own UI from the same
declaration (Discord app commands, Slack slash commands, console lines)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from handlers.commands.words import rest_after, split_words
from handlers.forms import Form
from handlers.reply import Reply
from handlers.text import clip

MAX_TEXT = 4_000  # characters after a command name, checked before parsing
EXCERPT = 40  # characters of user input an error quotes back


class UsageError(Exception):
    """Bad arguments; the message is shown to the user as it is."""


@dataclass(frozen=True)
class Param:
    name: str
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()
    rest: bool = False  # takes the rest of the line as one value
    raw: bool = False  # with rest: exactly as typed (quotes kept), not its words rejoined
    # Where set, platforms that can (Discord) offer suggestions as the user types:
    # suggest(services, typed) -> [(label, value)], best first.
    suggest: Callable[[Any, str], list[tuple[str, str]]] | None = None


Handler = Callable[..., Awaitable[Reply]]


@dataclass(frozen=True)
class FormChoice:
    """Forms chosen by a command's first argument (/predict leader: the `leader` form).
    Run with that argument alone, a platform with forms opens `forms[value]`; its
    submission runs `submit(ctx, value, values)`, the values by field name as typed."""

    forms: Mapping[str, Form]
    submit: Callable[[Any, str, dict[str, str | None]], Awaitable[Reply]]


@dataclass(frozen=True)
class Command:
    name: str
    summary: str
    params: tuple[Param, ...]
    run: Handler  # run(ctx, **arguments) -> Reply
    form: Form | None = None  # where set, platforms collect the arguments with a form
    # Its replies are only for the invoker (/my-data): platforms that show a "thinking…"
    # placeholder show it to the invoker alone.
    private: bool = False
    # Where set (with a form): gate(ctx) -> why the form would be refused whatever is typed
    # (such as a rate limit), or None; platforms ask before opening the form.
    gate: Callable[[Any], Awaitable[str | None]] | None = None
    # Where set, the first argument given alone opens one of these forms (see FormChoice).
    forms: FormChoice | None = None

    def chosen_form(self, bound: dict[str, str | None]) -> tuple[str, Form] | None:
        """(the first argument, its form) when `bound` (checked arguments) gives only a
        first argument that names one of `forms`; else None: run the command."""
        if self.forms is None or not self.params:
            return None
        first = self.params[0].name
        key = bound.get(first)
        if key is None or any(v for name, v in bound.items() if name != first):
            return None
        form = self.forms.forms.get(key)
        return None if form is None else (key, form)

    @property
    def usage(self) -> str:
        """The usage line help and errors show: '/name <required> [optional]', a parameter with
        choices written as them joined by '|' ('/law <1|2|3> [explain]')."""
        shown = []
        for p in self.params:
            label = "|".join(p.choices) if p.choices else p.name
            shown.append(f"<{label}>" if p.required else f"[{label}]")
        return " ".join([f"/{self.name}", *shown])

    def bind(self, arguments: dict[str, str | None]) -> dict[str, str | None]:
        """Check named arguments against the declaration; raise UsageError naming the fix."""
        unknown = set(arguments) - {p.name for p in self.params}
        if unknown:
            raise UsageError(
                f"/{self.name} has no option {excerpt(sorted(unknown)[0])}. Usage: {self.usage}"
            )
        bound: dict[str, str | None] = {}
        for p in self.params:
            raw = arguments.get(p.name)
            value = raw.strip() if isinstance(raw, str) else raw
            if self.form is not None and value and not p.choices:
                value = raw  # text typed into a form is kept exactly as typed
            if not value:
                if p.required:
                    raise UsageError(_missing(self, p))
                value = None
            elif p.choices and value.lower() not in p.choices:
                raise UsageError(
                    f"/{self.name} {clip(value, EXCERPT)}: there is no "
                    f"{p.name} {excerpt(value)}. "
                    f"Choose one of {', '.join(p.choices)}."
                )
            elif p.choices:
                value = value.lower()
            bound[p.name] = value
        return bound

    def parse(self, text: str) -> dict[str, str | None]:
        """Split the text after the command name into the declared arguments."""
        if len(text) > MAX_TEXT:
            raise UsageError(_too_long(len(text)))
        try:
            words = split_words(text)
        except ValueError as exc:
            raise UsageError(f"I couldn't read that ({exc}). Usage: {self.usage}") from None
        if self.form is not None:
            return self.bind(_named(self, self.form, words))
        arguments: dict[str, str | None] = {}
        for i, p in enumerate(self.params):
            if i >= len(words):
                break
            if p.rest:
                arguments[p.name] = rest_after(text, i) if p.raw else " ".join(words[i:])
            else:
                arguments[p.name] = words[i]
        if len(words) > len(self.params) and not (self.params and self.params[-1].rest):
            raise UsageError(
                f"/{self.name} takes at most {len(self.params)} "
                f"argument{'s' if len(self.params) != 1 else ''}. "
                f"Usage: {self.usage}"
            )
        return self.bind(arguments)


def _named(command: Command, form: Form, words: list[str]) -> dict[str, str | None]:
    """A form's fields typed on one line as name=value (quoted where they hold spaces)."""
    arguments: dict[str, str | None] = {}
    for word in words:
        name, sep, value = word.partition("=")
        if not sep:
            raise UsageError(
                f"/{command.name} takes its fields as name=value ({excerpt(word)} "
                f"has no '='). Fields: {', '.join(f.name for f in form.fields)}."
            )
        arguments[name.strip().lower()] = value
    return arguments


def _too_long(length: int) -> str:
    return (
        f"That is too long: at most {MAX_TEXT:,} characters after the command "
        f"(this has {length:,}). Nothing was done."
    )


def excerpt(text: str) -> str:
    """User text quoted in an error: short, whatever was typed."""
    return repr(clip(text, EXCERPT))


def _missing(command: Command, param: Param) -> str:
    if param.choices:
        return (
            f"/{command.name} needs a {param.name}: one of {', '.join(param.choices)}. "
            f"For example: /{command.name} {param.choices[0]}"
        )
    return f"/{command.name} needs a {param.name} ({param.help}). Usage: {command.usage}"
