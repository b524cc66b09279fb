"""Every registered command, as discord.py's real CommandTree builds it (offline: the bot's
own client, no connection), within Discord's limits for application commands: names of
1-32 lower-case letters, digits, - or _; descriptions of 1-100 characters; at most 25
options, 25 choices each; required options first; 4,000 characters in all per command; 100
commands. And as declared: a description or form the builder would have to cut, or a form
field it would have to drop, fails here rather than reaching Discord shortened."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from bot.discord.client import build_client
from bot.discord.commands import FormModal
from bot.discord.settings import DiscordConfig
from handlers.commands import COMMANDS

MAX_COMMANDS = 100  # global CHAT_INPUT commands of one application
MAX_NAME = 32
MAX_DESCRIPTION = 100
MAX_OPTIONS = 25
MAX_CHOICES = 25
MAX_CHOICE = 100  # a choice's name, and a string choice's value
MAX_COMBINED = 4000  # names, descriptions and choices of a command, all together
MAX_MODAL_TITLE = 45
MAX_MODAL_INPUTS = 5
MAX_LABEL = 45
MAX_PLACEHOLDER = 100
MAX_INPUT_LENGTH = 4000


def valid_name(name: str) -> bool:
    """Discord's ^[-_\\p{L}\\p{N}]{1,32}$, in lower case (CHAT_INPUT names must be)."""
    return (
        1 <= len(name) <= MAX_NAME
        and name == name.lower()
        and all(c in "-_" or unicodedata.category(c)[0] in "LN" for c in name)
    )


@pytest.fixture(scope="module")
def payloads() -> dict[str, dict[str, Any]]:
    """What a sync would send: each command of the bot's tree as Discord receives it."""
    tree = build_client(DiscordConfig()).tree
    built = [command.to_dict(tree) for command in tree.get_commands()]
    assert len(built) == len({c["name"] for c in built}), "two commands share a name"
    return {c["name"]: c for c in built}


def test_the_tree_holds_every_registered_command(payloads) -> None:
    assert set(payloads) == set(COMMANDS)
    assert len(payloads) <= MAX_COMMANDS


def test_names_and_descriptions_are_within_limits_and_as_declared(payloads) -> None:
    for name, payload in payloads.items():
        assert valid_name(name), name
        assert 1 <= len(payload["description"]) <= MAX_DESCRIPTION, name
        assert payload["description"] == COMMANDS[name].summary, f"/{name}: summary cut"


def test_options_are_within_limits_and_as_declared(payloads) -> None:
    for name, payload in payloads.items():
        command, options = COMMANDS[name], payload["options"]
        assert len(options) <= MAX_OPTIONS, name
        assert len({o["name"] for o in options}) == len(options), name
        required = [o.get("required", False) for o in options]
        assert required == sorted(required, reverse=True), f"/{name}: required options first"
        if command.form is not None:
            assert options == [], f"/{name} opens its form instead"
            continue
        assert [o["name"] for o in options] == [p.name for p in command.params], name
        for option, param in zip(options, command.params, strict=True):
            assert valid_name(option["name"]), (name, option["name"])
            assert 1 <= len(option["description"]) <= MAX_DESCRIPTION, (name, param.name)
            assert option["description"] == param.help, f"/{name} {param.name}: help cut"
            choices = option.get("choices", [])
            assert len(choices) <= MAX_CHOICES, (name, param.name)
            assert not (choices and option.get("autocomplete")), (name, param.name)
            for choice in choices:
                assert 1 <= len(choice["name"]) <= MAX_CHOICE, (name, choice)
                assert 1 <= len(choice["value"]) <= MAX_CHOICE, (name, choice)
            # Every declared choice is offered: as a choice, or by autocomplete.
            assert [c["value"] for c in choices] == list(param.choices) or option.get(
                "autocomplete"
            ), (name, param.name)


def test_each_command_is_within_the_combined_length(payloads) -> None:
    for name, payload in payloads.items():
        total = (
            len(name)
            + len(payload["description"])
            + sum(
                len(o["name"])
                + len(o["description"])
                + sum(len(c["name"]) + len(str(c["value"])) for c in o.get("choices", []))
                for o in payload["options"]
            )
        )
        assert total <= MAX_COMBINED, (name, total)


async def test_every_form_is_a_modal_as_declared() -> None:
    """Each form's modal as the bot builds it and Discord receives it (building one needs a
    running loop, not a connection): a title or label past Discord's limit would be cut, a
    sixth field dropped."""
    checked = 0
    for command in COMMANDS.values():
        forms = [(None, command.form)] if command.form is not None else []
        if command.forms is not None:
            forms += list(command.forms.forms.items())
        for key, form in forms:
            where = (command.name, key)
            sent = FormModal(command, form, key).to_dict()
            assert 1 <= len(form.title) <= MAX_MODAL_TITLE and sent["title"] == form.title
            assert 1 <= len(form.fields) <= MAX_MODAL_INPUTS, where
            inputs = [row["components"][0] for row in sent["components"]]
            assert [i["custom_id"] for i in inputs] == [f.name for f in form.fields], where
            for field, text_input in zip(form.fields, inputs, strict=True):
                assert 1 <= len(field.label) <= MAX_LABEL, (where, field.name)
                assert len(field.placeholder) <= MAX_PLACEHOLDER, (where, field.name)
                assert 1 <= field.max_length <= MAX_INPUT_LENGTH, (where, field.name)
                assert (
                    text_input["label"],
                    text_input.get("placeholder", ""),
                    text_input["max_length"],
                ) == (field.label, field.placeholder, field.max_length), (where, field.name)
            checked += 1
    assert checked >= 2  # /counterexample's form and /predict's
