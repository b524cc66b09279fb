"""The [web] settings: their defaults, the shipped config.toml, and bad values refused
with one line naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_CONFIG, load_config
from common.settings import ConfigError
from web.settings import WebConfig


def test_the_pages_are_on_by_default_on_the_loopback_address() -> None:
    shipped = load_config(DEFAULT_CONFIG, env={}).web
    assert shipped == WebConfig()
    assert (shipped.enabled, shipped.host, shipped.port, shipped.public_url) == (
        True,
        "127.0.0.1",
        8080,
        "",
    )
    assert shipped.base_url == ""  # no public address: chat carries no links


def test_the_public_address_is_used_without_its_trailing_slash() -> None:
    assert WebConfig(public_url="https://x.example.org/lk/").base_url == "https://x.example.org/lk"
    # Pages that are off are never linked to.
    assert WebConfig(enabled=False, public_url="https://x.example.org").base_url == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("port = 70000", "web.port: expected a port number 0-65535, got 70000"),
        ("port = '80'", "web.port: expected a whole number, got '80'"),
        ("host = ''", "web.host: expected a host name or address, got ''"),
        (
            "public_url = 'lawkeeper.example.org'",
            "web.public_url: expected an http:// or https:// address",
        ),
        ("public_url = 'https://x.org/?a=1'", "web.public_url: expected an http:// or https://"),
        ("public_url = 'https://x.org/a b'", "web.public_url: expected"),
        ("rate_limit_per_minute = 0", "web.rate_limit_per_minute: expected a whole number >= 1"),
        ("enabled = 'yes'", "web.enabled: expected true or false, got 'yes'"),
        (
            "colour = 'red'",
            "web.colour: unknown setting (expected one of enabled, host, port, "
            "public_url, rate_limit_per_minute)",
        ),
    ],
)
def test_bad_values_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"[web]\n{text}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_config(path, env={})
    assert str(refused.value).startswith(message)
