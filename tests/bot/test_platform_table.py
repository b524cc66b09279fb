"""The platform table: every platform's line is complete (its factory builds its adapter,
its section is in config.toml, its environment variables are documented), and the
adapters' deliverers are found through it."""

from __future__ import annotations

import ast
import dataclasses
import re
import tomllib

import pytest

from bot.config import DEFAULT_CONFIG, Config, Secrets
from bot.platform_table import PLATFORMS, Platform, RunningDeliverers, platform_named, variables
from bot.platforms import build
from handlers.reply import Reply
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SHIPPED = tomllib.loads(DEFAULT_CONFIG.read_text(encoding="utf-8"))


def test_names_and_variables_are_each_one_platforms() -> None:
    names = [p.name for p in PLATFORMS]
    assert len(set(names)) == len(names)
    assert len(set(variables())) == len(variables())
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", name) for name in names)
    assert all(re.fullmatch(r"[A-Z][A-Z0-9_]*", name) for name in variables())
    assert [p.name for p in PLATFORMS if p.local] == ["console"]  # ends the bot with its input
    with pytest.raises(KeyError):
        platform_named("irc")


@pytest.mark.parametrize("platform", PLATFORMS, ids=lambda p: p.name)
def test_every_platform_has_its_config_section_and_documented_variables(platform: Platform) -> None:
    assert SHIPPED["platforms"][platform.name] == "auto"  # config.toml names its mode
    assert set(platform.modes) >= {"auto", "off"}
    if platform.settings is not None:
        assert dataclasses.is_dataclass(platform.settings)
        assert platform.name in SHIPPED, f"config.toml has no [{platform.name}] section"
        secret = [
            f.name
            for f in dataclasses.fields(platform.settings)
            if re.search(r"token|secret|password", f.name)
        ]
        assert secret == [], "secrets come from the environment only"
    for name in platform.variables:
        assert f"`{name}`" in README, f"README does not document {name}"
    # A platform that reads secrets starts only with them.
    assert platform.local or platform.variables


@pytest.mark.parametrize("platform", PLATFORMS, ids=lambda p: p.name)
def test_every_factory_builds_its_platforms_adapter(platform: Platform) -> None:
    secrets = Secrets({name: f"{name.lower()}-value" for name in variables()})
    adapter = build(platform, Config(), secrets)
    assert adapter.name == platform.name
    assert callable(adapter.run)


@pytest.mark.parametrize("platform", [p for p in PLATFORMS if not p.local], ids=lambda p: p.name)
def test_a_platform_package_imports_nothing_of_bot_above_the_adapter_contract(
    platform: Platform,
) -> None:
    """The config and the table import the platform's settings module, so the package
    must not import them back: what it needs comes as its settings and secrets."""
    package = platform.factory.partition(":")[0].rpartition(".")[0]  # bot.slack
    assert package.startswith("bot.") and (ROOT / package.replace(".", "/")).is_dir()
    above = []
    for path in sorted((ROOT / package.replace(".", "/")).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            above += [
                f"{path.relative_to(ROOT)}:{node.lineno} imports {name}"
                for name in names
                if name.split(".")[0] == "bot"
                and name != "bot.adapter"
                and not name.startswith(package)
            ]
    assert above == []


def test_a_factory_that_is_not_there_fails_when_the_platform_starts() -> None:
    missing = Platform("irc", "bot.irc_adapter_that_does_not_exist:IrcAdapter")
    with pytest.raises(ModuleNotFoundError):
        build(missing, Config(), Secrets())


def test_secrets_are_only_the_platforms_variables() -> None:
    with pytest.raises(ValueError, match="DISCORD_TOKN: not a platform's environment variable"):
        Secrets(DISCORD_TOKN="x")
    secrets = Secrets.from_env(
        {"PATH": "/bin", "SLACK_APP_TOKEN": "xapp-1", "DISCORD_TOKEN": "d-1"}
    )
    assert secrets == {"SLACK_APP_TOKEN": "xapp-1", "DISCORD_TOKEN": "d-1"}
    # A platform's factory is handed its own variables only.
    assert secrets.only(platform_named("discord").variables) == {"DISCORD_TOKEN": "d-1"}
    assert repr(secrets.only(platform_named("slack").variables)) == "Secrets(SLACK_APP_TOKEN)"


class PostsItself:
    name = platform = "console"

    async def run(self, services) -> None: ...

    async def deliver(self, channel_id: str, message: Reply) -> str:
        return "1"


class BuildsOneWhenRunning:
    name = "slack"

    def __init__(self) -> None:
        self.deliverer = None

    async def run(self, services) -> None: ...


def test_deliverers_are_found_when_their_adapter_has_built_them() -> None:
    console, slack = PostsItself(), BuildsOneWhenRunning()
    running = RunningDeliverers([console, slack])
    assert dict(running) == {"console": console}
    assert running.get("slack") is None
    slack.deliverer = PostsItself()
    slack.deliverer.platform = "slack"
    assert running["slack"] is slack.deliverer
    assert sorted(running) == ["console", "slack"]
