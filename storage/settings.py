"""The database's settings: the `[storage]` table of config.toml."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StorageConfig:
    path: str = "data/lawkeeper.db"
