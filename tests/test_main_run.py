"""`main.py run` starts the platforms whose secrets are set and that [platforms] does not
switch off, in the platform table's order, else the console; the console alone ends the
bot at end of input. The runtime is replaced by a recorder: what it is handed is what
would run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import main as main_module
from bot.platform_table import variables

SLACK_SOCKET = {"SLACK_BOT_TOKEN": "xoxb-t", "SLACK_APP_TOKEN": "xapp-t"}
DISCORD = {"DISCORD_TOKEN": "discord-t"}


SERVED: list[dict[str, Any]] = []


class Recorder:
    """Stands in for bot.runtime.Runtime: records what `serve` is handed."""

    def __init__(self, config: Any, secrets: Any) -> None:
        self.secrets = secrets

    async def serve(
        self,
        adapters: list[Any],
        *,
        until_adapters_finish: bool,
        watch: bool = False,
        web: bool = False,
    ) -> None:
        SERVED.append(
            {
                "names": [a.name for a in adapters],
                "built": [type(a).__name__ == "ConsoleAdapter" for a in adapters],
                "until_adapters_finish": until_adapters_finish,
                "watch": watch,
                "web": web,
            }
        )


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    def run(env: dict[str, str], config: str = "") -> tuple[int, dict[str, Any] | None]:
        for name in (*variables(), "LAWKEEPER_CONFIG"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("LAWKEEPER_DB", str(tmp_path / "run.db"))
        monkeypatch.setattr(main_module, "Runtime", Recorder)
        path = tmp_path / "config.toml"
        path.write_text(config, encoding="utf-8")
        SERVED.clear()
        status = main_module.main(["--config", str(path), "run"])
        assert len(SERVED) <= 1
        return status, (SERVED[0] if SERVED else None)

    return run


@pytest.mark.parametrize(
    ("env", "config", "names"),
    [
        ({}, "", ["console"]),
        (DISCORD, "", ["discord"]),
        (SLACK_SOCKET, "", ["slack"]),
        ({**SLACK_SOCKET, **DISCORD}, "", ["slack", "discord"]),
        (
            {**SLACK_SOCKET, **DISCORD},
            '[platforms]\nconsole = "on"\n',
            ["slack", "discord", "console"],
        ),
        ({}, '[platforms]\nconsole = "on"\n', ["console"]),
        ({}, '[platforms]\nconsole = "off"\n', []),
        (DISCORD, '[platforms]\ndiscord = "off"\n', ["console"]),
        (DISCORD, '[platforms]\ndiscord = "off"\nconsole = "off"\n', []),
        ({**SLACK_SOCKET, **DISCORD}, '[platforms]\nslack = "off"\n', ["discord"]),
        ({"SLACK_BOT_TOKEN": "xoxb-t"}, '[platforms]\nslack = "off"\n', ["console"]),
        (
            {"SLACK_BOT_TOKEN": "xoxb-t", "SLACK_SIGNING_SECRET": "s"},
            '[slack]\nmode = "http"\n',
            ["slack"],
        ),
        (
            {"SLACK_SIGNING_SECRET": "s", "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "c"},
            '[slack]\nmode = "http"\n',
            ["slack"],
        ),
        ({**SLACK_SOCKET, "DISCORD_TOKEN": ""}, "", ["slack"]),  # set but empty: not set
    ],
)
def test_the_platforms_whose_secrets_are_set_start_else_the_console(
    run, env: dict[str, str], config: str, names: list[str]
) -> None:
    status, served = run(env, config)
    assert status == 0 and served is not None
    assert served["names"] == names
    # The console is built at once; a platform's adapter (its library) only as it starts.
    assert served["built"] == [name == "console" for name in names]
    assert served["until_adapters_finish"] is (names == ["console"])
    assert served["watch"] and served["web"]


@pytest.mark.parametrize(
    ("env", "config", "missing"),
    [
        ({"SLACK_BOT_TOKEN": "xoxb-t"}, "", "SLACK_APP_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-t", **DISCORD}, "", "SLACK_APP_TOKEN"),
        ({"SLACK_APP_TOKEN": "xapp-t"}, '[slack]\nmode = "http"\n', "SLACK_SIGNING_SECRET"),
    ],
)
def test_some_of_a_platforms_secrets_without_the_others_start_nothing(
    run, capsys: pytest.CaptureFixture[str], env: dict[str, str], config: str, missing: str
) -> None:
    status, served = run(env, config)
    assert status == 2 and served is None
    err = capsys.readouterr().err
    assert missing in err.partition(" set, ")[2]  # named as missing
    assert not any(value in err for value in env.values())
