"""Neutral forms and buttons. Each platform renders them in its own way: a Discord modal and
buttons, a Slack modal and Block Kit buttons, console prompts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FormField:
    name: str
    label: str  # at most 45 characters (Discord's limit for a modal label)
    max_length: int
    required: bool = True
    multiline: bool = False
    placeholder: str = ""


@dataclass(frozen=True)
class Form:
    """A command with a form collects its arguments through it; the command's `run` gets
    the submitted values by field name, as strings (empty string for a blank optional)."""

    title: str  # at most 45 characters
    fields: tuple[FormField, ...]


@dataclass(frozen=True)
class Action:
    """A button on a reply. A click runs the action handler `kind` for `target` (for example
    kind "approve", target "12"). `custom_id` survives restarts, so buttons stay live."""

    kind: str  # [a-z_]+
    target: str  # [A-Za-z0-9_-]+
    label: str
    style: str = "secondary"  # "primary", "danger" or "secondary"
    asks_reason: bool = False  # the platform asks for a reason before running it

    @property
    def custom_id(self) -> str:
        """'lk:<kind>:<target>': the id a platform gives the button. A click is understood from
        it alone (`handlers.actions.parse_custom_id`), so buttons keep working across restarts."""
        return f"lk:{self.kind}:{self.target}"
