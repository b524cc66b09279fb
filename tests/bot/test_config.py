import dataclasses
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from bot.config import DEFAULT_CONFIG, Config, Secrets, load_config
from common.settings import ConfigError
from feeds.registry import SOURCES
from tests.conftest import ROOT
from tests.subprocess_env import minimal_env


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_config_loads_with_defaults() -> None:
    config = load_config(DEFAULT_CONFIG, env={})
    assert config.storage.path == "data/lawkeeper.db"
    assert config.platforms.modes["console"] == "auto"
    assert config.leaderboards["arena"].enabled is True
    assert config.source == str(DEFAULT_CONFIG)


def test_environment_picks_config_and_database(tmp_path: Path) -> None:
    path = write(tmp_path, '[storage]\npath = "from-file.db"\n')
    config = load_config(None, env={"LAWKEEPER_CONFIG": str(path)})
    assert config.storage.path == "from-file.db"
    config = load_config(None, env={"LAWKEEPER_CONFIG": str(path), "LAWKEEPER_DB": "env.db"})
    assert config.storage.path == "env.db"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[storage]\npath = 3\n", "storage.path: expected a string, got 3"),
        ("[logging]\nlevel = 'LOUD'\n", "logging.level: expected one of"),
        ("[platforms]\ndiscord = 'yes'\n", "platforms.discord: expected one of auto, off"),
        ("[leaderboards.arena]\npoll_minutes = 0\n", "leaderboards.arena.poll_minutes"),
        (
            "[leaderboards.arena]\nenabled = 'yes'\n",
            "leaderboards.arena.enabled: expected true or false",
        ),
        ("[announcements]\nconfirm_snapshots = true\n", "expected a whole number"),
        ("[storage]\npaht = 'x'\n", "storage.paht: unknown setting (expected one of path)"),
        ("[storage\n", "is not valid TOML"),
        ("source = 'x'\n", "source: unknown setting"),
        # The platform table's platforms, sections and modes:
        (
            "irc = 1\n",
            "irc: unknown setting (expected one of announcements, counterexamples, "
            "discord, feeds, laws, leaderboards, logging, platforms, predictions, "
            "slack, storage, web)",
        ),
        (
            "[platforms]\nirc = 'auto'\n",
            "platforms.irc: unknown setting (expected one of console, discord, slack)",
        ),
        (
            "[platforms]\nconsole = 'maybe'\n",
            "platforms.console: expected one of auto, on, off, got 'maybe'",
        ),
        ("[platforms]\nconsole = 3\n", "platforms.console: expected a string, got 3"),
        ("platforms = 3\n", "platforms: expected a table"),
        ("discord = 3\n", "discord: expected a table"),
        ("[slack]\nmode = 1\n", "slack.mode: expected a string, got 1"),
        (
            "[counterexamples]\nreview_platform = 'irc'\n",
            "counterexamples.review_platform: expected one of console, discord, slack, got 'irc'",
        ),
    ],
)
def test_bad_values_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_config(write(tmp_path, text), env={})


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "absent.toml", env={})


def _cli(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", "--config", str(config), "console"],
        cwd=ROOT,
        input="",
        capture_output=True,
        text=True,
        timeout=60,
        env=minimal_env(),
    )


def test_cli_reports_one_line_and_exit_2(tmp_path: Path) -> None:
    result = _cli(write(tmp_path, "[platforms]\nslack = 'maybe'\n"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "lawkeeper: config error: platforms.slack: expected one of auto, off, got 'maybe'"
    ]


def test_a_config_that_is_not_utf8_or_is_a_directory_is_one_line_and_exit_2(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes("# café\n[storage]\n".encode("latin-1"))
    for path, reason in (
        (latin1, "is not UTF-8 text (byte 0xe9 at offset 5)"),
        (tmp_path, "is a directory, not a file"),
    ):
        result = _cli(path)
        assert result.returncode == 2, result.stderr
        assert result.stderr.splitlines() == [
            f"lawkeeper: config error: config file {path} {reason}"
        ]


def test_secrets_come_from_environment_and_never_show_in_repr() -> None:
    secrets = Secrets.from_env(
        {"DISCORD_TOKEN": "tok-discord", "SLACK_BOT_TOKEN": "", "HOME": "/root"}
    )
    assert secrets["DISCORD_TOKEN"] == "tok-discord"
    assert secrets.get("SLACK_BOT_TOKEN") is None  # set but empty: not set
    assert "tok-discord" not in repr(secrets)
    assert list(secrets.values()) == ["tok-discord"]
    assert list(secrets) == ["DISCORD_TOKEN"]  # only the platforms' variables


def test_config_file_has_no_secret_keys() -> None:
    text = DEFAULT_CONFIG.read_text().lower()
    for word in ("token =", "secret =", "password ="):
        assert word not in text


def test_feeds_section_and_every_leaderboard_table_in_the_shipped_config() -> None:
    from feeds.registry import SOURCES

    shipped = load_config(env={})
    assert set(shipped.leaderboards) == set(SOURCES)
    assert not shipped.leaderboard("open-llm-v1").enabled
    assert not shipped.leaderboard("open-llm-v2").enabled
    assert shipped.leaderboard("arena").enabled
    assert "LawkeeperBot" in shipped.feeds.user_agent and "https://" in shipped.feeds.user_agent


def test_bad_feeds_setting_names_the_key(tmp_path: Path) -> None:
    path = write(tmp_path, "[feeds]\nretries = -1\n")
    with pytest.raises(ConfigError, match=r"feeds\.retries: expected a whole number >= 0"):
        load_config(path, env={})


def test_code_defaults_equal_the_shipped_config_for_every_key() -> None:
    """A key left out of a config file means what config.toml says, and every setting
    is in config.toml (as a line, or a commented example)."""
    shipped_text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    shipped = tomllib.loads(shipped_text)
    defaults = Config()
    for section, table in shipped.items():
        for key, value in table.items():
            if section == "leaderboards":
                for name, setting in value.items():
                    assert getattr(defaults.leaderboard(key), name) == setting, (key, name)
            else:
                assert _settings(defaults, section)[key] == value, (section, key)
    sections = [
        f.name
        for f in dataclasses.fields(Config)
        if not f.metadata.get("internal") and f.name != "leaderboards"
    ]
    for section in [*sections, *defaults.platforms.sections]:
        for setting in _settings(defaults, section):
            assert re.search(rf"^(# )?{setting} =", shipped_text, re.M), (section, setting)
    assert set(shipped["leaderboards"]) == set(SOURCES) == set(defaults.leaderboards)
    assert (
        dataclasses.replace(load_config(DEFAULT_CONFIG, env={}), source=defaults.source) == defaults
    )


def _settings(config: Config, section: str) -> dict[str, object]:
    """A config.toml section's settings as the code has them: [platforms] (each platform's
    mode), a platform's own section, or a section of its own dataclass."""
    if section == "platforms":
        return dict(config.platforms.modes)
    table = config.platforms.sections.get(section) or getattr(config, section)
    return {f.name: getattr(table, f.name) for f in dataclasses.fields(table)}


def test_a_leaderboard_without_a_table_keeps_its_shipped_settings(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[leaderboards.arena]\nurl = "http://x/a.json"\n'), env={})
    assert not config.leaderboard("open-llm-v2").enabled  # retired: off, as shipped
    assert config.leaderboard("livebench").poll_minutes == 720
    arena = config.leaderboard("arena")
    assert (arena.enabled, arena.poll_minutes, arena.url) == (True, 60, "http://x/a.json")


def test_an_unknown_leaderboard_table_is_refused_naming_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        load_config(write(tmp_path, "[leaderboards.arenaa]\nenabled = true\n"), env={})
    assert str(raised.value) == (
        f"leaderboards.arenaa: unknown leaderboard (expected one of {', '.join(sorted(SOURCES))})"
    )
