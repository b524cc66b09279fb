"""slack-app-manifest.yml's slash commands are generated from the command declarations by
scripts/slack_manifest.py, and the shipped file is up to date."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from handlers.commands import COMMANDS, Command, Param
from handlers.context import Context
from handlers.reply import Reply
from tests.conftest import ROOT


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "slack_manifest", ROOT / "scripts" / "slack_manifest.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


slack_manifest = _script()


def commands_of(text: str) -> list[dict]:
    return yaml.safe_load(text)["features"]["slash_commands"]


def test_the_shipped_manifest_is_generated_from_every_command() -> None:
    shipped = (ROOT / "slack-app-manifest.yml").read_text(encoding="utf-8")
    assert slack_manifest.updated(shipped) == shipped, (
        "slack-app-manifest.yml is stale: run scripts/slack_manifest.py"
    )
    declared = commands_of(shipped)
    assert [c["command"] for c in declared] == [f"/{name}" for name in COMMANDS]
    law = declared[0]
    assert law == {
        "command": "/law",
        "should_escape": False,
        "description": COMMANDS["law"].summary,
        "usage_hint": "<1|2|3> [explain]",
    }
    assert "usage_hint" not in declared[1]  # /laws takes nothing
    # Text YAML would otherwise read as a comment ("#1") survives quoting.
    assert "#1" in next(c for c in declared if c["command"] == "/subscribe")["description"]


def test_a_prefix_renames_every_command() -> None:
    shipped = (ROOT / "slack-app-manifest.yml").read_text(encoding="utf-8")
    declared = commands_of(slack_manifest.updated(shipped, "lk-"))
    assert [c["command"] for c in declared] == [f"/lk-{name}" for name in COMMANDS]


# Slack's limits for a slash command in an app manifest (App manifest reference,
# features.slash_commands), and for the commands of one app.
MAX_COMMANDS = 50
MAX_COMMAND = 32  # characters, the leading / included
MAX_DESCRIPTION = 2000
MAX_USAGE_HINT = 1000


@pytest.mark.parametrize("prefix", ["", "lk-"])  # none, and README's example
def test_every_generated_command_is_within_slacks_limits(prefix: str) -> None:
    shipped = (ROOT / "slack-app-manifest.yml").read_text(encoding="utf-8")
    declared = commands_of(slack_manifest.updated(shipped, prefix))
    names = [c["command"] for c in declared]
    assert len(names) == len(set(names)) == len(COMMANDS) <= MAX_COMMANDS
    for command in declared:
        name = command["command"]
        assert re.fullmatch(r"/[a-z0-9_-]+", name) and len(name) <= MAX_COMMAND, name
        assert 1 <= len(command["description"]) <= MAX_DESCRIPTION, name
        assert len(command.get("usage_hint", "")) <= MAX_USAGE_HINT, name


async def _echo(ctx: Context, words: str) -> Reply:
    return Reply(title=words)


def test_check_fails_until_a_new_command_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest = tmp_path / "slack-app-manifest.yml"
    shutil.copyfile(ROOT / "slack-app-manifest.yml", manifest)
    monkeypatch.setattr(slack_manifest, "MANIFEST", manifest)
    assert slack_manifest.main(["--check"]) == 0
    monkeypatch.setitem(
        COMMANDS,
        "echo",
        Command(
            "echo",
            "Says it back: 'quotes', \"double\" & <angles>",
            (Param("words", "anything", required=True, rest=True),),
            _echo,
        ),
    )
    assert slack_manifest.main(["--check"]) == 1
    assert slack_manifest.main([]) == 0
    assert slack_manifest.main(["--check"]) == 0
    echo = commands_of(manifest.read_text(encoding="utf-8"))[-1]
    assert echo == {
        "command": "/echo",
        "should_escape": False,
        "usage_hint": "<words>",
        "description": "Says it back: 'quotes', \"double\" & <angles>",
    }
    text = manifest.read_text(encoding="utf-8")
    assert text.count("oauth_config:") == 1 and text.startswith("# Lawkeeper's Slack app.")


def test_a_manifest_without_the_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="markers are missing"):
        slack_manifest.updated("features:\n  slash_commands: []\n")
