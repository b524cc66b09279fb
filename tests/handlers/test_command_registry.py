"""The command registry, walked module by module (as python-discord's test_cogs walks every
cog): every module's commands are registered, once, under a name no other command has;
handlers/commands/__init__.py builds a dict, which would keep only the last of two commands
of one name without a word. Names, options and forms also keep to what every platform
accepts; the platforms' own limits are checked on what they build from the registry
(tests/bot/discord/test_command_tree.py, tests/bot/slack/test_manifest.py)."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable, Iterator
from types import ModuleType

import handlers.commands
from handlers.commands import COMMANDS, Command
from handlers.forms import Form

# Lower-case letters, digits, - and _: a Discord command or option name (lower-case
# \p{L}\p{N}, - and _) that is also a Slack command name (lower-case, no spaces).
NAME = re.compile(r"[a-z0-9_-]{1,32}")


def command_modules() -> Iterator[ModuleType]:
    """Every module of handlers/commands that declares commands."""
    for info in pkgutil.iter_modules(handlers.commands.__path__):
        module = importlib.import_module(f"{handlers.commands.__name__}.{info.name}")
        if hasattr(module, "COMMANDS"):
            yield module


def declared(modules: Iterable[ModuleType]) -> list[tuple[str, Command]]:
    return [(module.__name__, command) for module in modules for command in module.COMMANDS]


def twice(modules: Iterable[ModuleType]) -> list[str]:
    """The names that more than one declaration has."""
    names = [command.name for _, command in declared(modules)]
    return sorted({name for name in names if names.count(name) > 1})


def forms_of(command: Command) -> list[Form]:
    return ([command.form] if command.form is not None else []) + (
        list(command.forms.forms.values()) if command.forms is not None else []
    )


def test_every_declared_command_is_registered_once_under_a_name_of_its_own() -> None:
    found = declared(command_modules())
    assert len(found) >= 10  # the walk finds the command modules
    assert twice(command_modules()) == []
    unregistered = [
        (module, command.name)
        for module, command in found
        if COMMANDS.get(command.name) is not command
    ]
    assert unregistered == [], "add the module to handlers/commands/__init__.py"
    # Registered without a module declaring it: only /help, where it is made from the
    # finished list of commands (it lists them all).
    assert set(COMMANDS) - {command.name for _, command in found} <= {"help"}


def test_the_walk_finds_a_name_declared_twice() -> None:
    """The check above is not vacuous: another module declaring /law is found."""
    copy = ModuleType("handlers.commands.copy_of_law")
    copy.COMMANDS = (COMMANDS["law"],)  # type: ignore[attr-defined]
    assert twice([*command_modules(), copy]) == ["law"]


def test_names_and_options_are_ones_every_platform_accepts() -> None:
    for command in COMMANDS.values():
        assert NAME.fullmatch(command.name), command.name
        params = [p.name for p in command.params]
        assert len(set(params)) == len(params), command.name
        for param in command.params:
            assert NAME.fullmatch(param.name), (command.name, param.name)
            assert len(set(param.choices)) == len(param.choices), (command.name, param.name)
            assert all(choice.strip() for choice in param.choices), (command.name, param.name)
        # The values a platform's form returns are bound as the command's options.
        if command.form is not None:
            assert {f.name for f in command.form.fields} <= set(params), command.name


def test_every_form_field_has_a_name_of_its_own() -> None:
    for command in COMMANDS.values():
        for form in forms_of(command):
            fields = [f.name for f in form.fields]
            assert fields and len(set(fields)) == len(fields), (command.name, form.title)
            assert all(NAME.fullmatch(name) for name in fields), (command.name, form.title)
