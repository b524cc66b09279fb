"""The app manifest asks for what the adapter uses."""

import yaml

from bot.slack.settings import SLACK_BOT_SCOPES, SlackConfig
from handlers.commands import COMMANDS
from tests.conftest import ROOT


def test_manifest_has_commands_scopes_interactivity_and_socket_mode() -> None:
    manifest = yaml.safe_load((ROOT / "slack-app-manifest.yml").read_text(encoding="utf-8"))
    commands = {c["command"] for c in manifest["features"]["slash_commands"]}
    # Slack only sends the commands the manifest declares: every command must be there.
    assert {f"/{name}" for name in COMMANDS} <= commands
    assert all(c["should_escape"] is False for c in manifest["features"]["slash_commands"])
    assert tuple(manifest["oauth_config"]["scopes"]["bot"]) == SLACK_BOT_SCOPES
    assert SlackConfig().oauth_scopes == list(SLACK_BOT_SCOPES)
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True
