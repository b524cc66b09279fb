"""Persistent buttons for neutral Actions, and the modal that asks for a reason.

A button's custom_id is the Action's ("lk:<kind>:<target>"), plus ":why" when the action
asks for a reason, so a click is understood from the custom_id alone: the buttons keep
working after a restart (`ActionButton` is registered with `client.add_dynamic_items`).
"""

from __future__ import annotations

from typing import Any

import discord

from handlers.forms import Action

TEMPLATE = r"lk:(?P<kind>[a-z_]+):(?P<target>[A-Za-z0-9_-]+)(?P<why>:why)?"
REASON_MAX = 1000
STYLES = {
    "primary": discord.ButtonStyle.primary,
    "danger": discord.ButtonStyle.danger,
    "secondary": discord.ButtonStyle.secondary,
}


class ActionButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    def __init__(
        self,
        kind: str,
        target: str,
        *,
        asks_reason: bool = False,
        label: str | None = None,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    ) -> None:
        custom_id = f"lk:{kind}:{target}" + (":why" if asks_reason else "")
        super().__init__(discord.ui.Button(label=label, style=style, custom_id=custom_id))
        self.kind, self.target, self.asks_reason = kind, target, asks_reason

    @classmethod
    def from_action(cls, action: Action) -> ActionButton:
        """The button `render` puts on a message for a Reply's Action: the label cut to
        Discord's 80 characters, an unknown style shown as secondary."""
        return cls(
            action.kind,
            action.target,
            asks_reason=action.asks_reason,
            label=action.label[:80],
            style=STYLES.get(action.style, discord.ButtonStyle.secondary),
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any, /
    ) -> ActionButton:
        """discord.py calls this when a click arrives on a custom_id matching TEMPLATE
        (registered in `setup_hook`), also on messages sent before a restart: the button is
        rebuilt from its custom_id alone, enough to handle the click."""
        return cls(match["kind"], match["target"], asks_reason=bool(match["why"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """discord.py calls this when the button is clicked: a button that asks a reason opens
        the ReasonModal (whose submission runs the action); any other runs the action at once."""
        if self.asks_reason:
            await interaction.response.send_modal(ReasonModal(self.kind, self.target))
            return
        await _run(interaction, self.kind, self.target, None)


class ReasonModal(discord.ui.Modal):
    """Asks for the reason before running an action such as "reject"."""

    def __init__(self, kind: str, target: str) -> None:
        super().__init__(title=f"Reason to {kind.replace('_', ' ')}"[:45], timeout=900)
        self.kind, self.target = kind, target
        self.reason: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label="Reason", style=discord.TextStyle.paragraph, max_length=REASON_MAX
        )
        self.add_item(self.reason)

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        """discord.py calls this when the reason modal is submitted: run the action with the
        reason typed (Discord's client keeps it within REASON_MAX characters)."""
        await _run(interaction, self.kind, self.target, self.reason.value)


async def _run(
    interaction: discord.Interaction[Any], kind: str, target: str, reason: str | None
) -> None:
    """Hand the click to the client (`LawkeeperClient.answer_action`): the reply may carry
    buttons itself, so answering renders this module's buttons, and this module leaves it
    to the client that wires both."""
    await interaction.client.answer_action(  # type: ignore[attr-defined]
        interaction, kind, target, reason
    )
