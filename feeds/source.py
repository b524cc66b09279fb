"""What a leaderboard source says about itself, so that nothing else has to know it: its
id, title and live URLs, its parser, the names of its archived files, the signature of its
content, and its polling defaults. Each feed module builds its own `Source`;
feeds/registry.py lists them, and the importer, the poller and the settings read them
from there."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass
from datetime import datetime

from feeds.snapshot import Snapshot

Parser = Callable[[bytes, datetime, str], list[Snapshot]]
"""(raw, fetched_at, url or file name) -> snapshots; raises FeedError."""

SAMPLE_BYTES = 4096


@dataclass(frozen=True)
class Sample:
    """The opening of a file whose name says nothing, as the signatures look at it."""

    head: str  # its first 4 KiB decoded (undecodable bytes replaced), leading blanks dropped
    header: str  # its first line, when it is a text table; "" when it is JSON

    @classmethod
    def of(cls, raw: bytes) -> Sample:
        """The sample of a file's content."""
        head = raw[:SAMPLE_BYTES].decode("utf-8-sig", errors="replace").lstrip()
        return cls(head, "" if head.startswith(("[", "{")) else head.split("\n", 1)[0])

    @property
    def columns(self) -> list[str]:
        """The header's fields, as written (unstripped)."""
        return self.header.split(",")


@dataclass(frozen=True)
class Companion:
    """A file read together with each archived file of a source, never on its own
    (LiveBench's `categories_<release>.json` beside its `table_<release>.csv`)."""

    file_names: tuple[str, ...]  # patterns (re.match) of its names: met alone, it is skipped
    name_for: Callable[[str], str]  # its file name, from the name of the file it goes with
    parse: Callable[[bytes, bytes, datetime, str], list[Snapshot]]  # (raw, its raw, …)


@dataclass(frozen=True)
class Source:
    """One leaderboard, as the rest of the bot knows it."""

    leaderboard: str
    title: str
    urls: tuple[str, ...]  # live endpoints, first preferred; () when there is none
    parse: Parser
    _: KW_ONLY
    # Patterns (re.match) of the names of its archived files.
    file_names: tuple[str, ...] = ()
    # Whether a file whose name matches no source's patterns is one of its formats; every
    # registered source's signature recognises its fixtures and no other source's.
    signature: Callable[[Sample], bool] | None = None
    # The file it reads inside a ZIP archive (Epoch's benchmark_data.zip), if it reads one.
    archive_member: str | None = None
    companion: Companion | None = None
    # The defaults of its `[leaderboards.<id>]` settings: a retired leaderboard is not polled.
    retired: bool = False
    poll_minutes: int = 60
