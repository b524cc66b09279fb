"""Helpers shared by the parsers: reading CSV/JSON/ZIP safely, dates in file names,
numbers as leaderboards write them, and ranking."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from functools import lru_cache
from math import isfinite
from operator import itemgetter, neg
from typing import Any

from feeds.errors import FeedError
from feeds.snapshot import Entry

_DATE_IN_NAME = re.compile(r"(?<!\d)(20\d\d)[-_]?([01]\d)[-_]?([0-3]\d)(?!\d)")
_FULL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def date_from_name(name: str) -> date | None:
    """A date written in a file name or URL: 2024-06-19, 2024_06_19 or 20240619."""
    for match in reversed(list(_DATE_IN_NAME.finditer(name.rsplit("/", 1)[-1]))):
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
    return None


def snapshot_date(url: str, fetched_at: datetime) -> date:
    """The date a payload without its own date describes: the one in its name, else the
    day it was fetched."""
    return date_from_name(url) or fetched_at.date()


def text(raw: bytes, what: str) -> str:
    """The payload decoded as UTF-8 (a byte-order mark dropped). FeedError, with `what` naming
    the payload, when it is empty or blank, not UTF-8, or an HTML page (an error or login page
    served where the data should be)."""
    if not raw or raw.isspace():  # as `not raw.strip()`, without copying the payload
        raise FeedError(f"{what}: the response is empty")
    try:
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FeedError(f"{what}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    head = decoded.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<head", "<body")):
        raise FeedError(f"{what}: got an HTML page instead of data")
    return decoded


def read_csv(raw: bytes, what: str, required: Iterable[str]) -> list[dict[str, str]]:
    """Rows of a CSV with a header, as dicts of every column; FeedError naming the first
    missing column."""
    decoded = text(raw, what)
    header = [h.strip() for h in next(CsvRecords(decoded), [])]
    require_columns(header, required, what)
    names = tuple(dict.fromkeys(header))  # a repeated column name reads its last copy
    return [dict(zip(names, row, strict=True)) for row in read_csv_columns(decoded, what, names)]


def read_csv_columns(
    decoded: str,
    what: str,
    required: Sequence[str],
    optional: Sequence[str] = (),
    *,
    strip: bool = True,
) -> list[tuple[str, ...]]:
    """Rows of a CSV with a header (`decoded` as `text` returns it) as tuples of only the
    named columns (`required` then `optional`), stripped unless `strip` is false (for a
    caller that reads every cell with something blind to surrounding blanks, as `float`
    is: stripping is a tenth of reading a 4,600-row table). A short row's missing fields,
    and an absent optional column, read as ""; a repeated column name reads its last copy
    (in a short row, its last copy present); blank lines are skipped."""
    reader = CsvRecords(decoded)
    header = [h.strip() for h in next(reader, [])]
    require_columns(header, required, what)
    width = len(header)
    names = (*required, *optional)
    last = {name: i for i, name in enumerate(header)}
    # An absent optional column points just past the header, at the "" padded on.
    positions = [last.get(name, width) for name in names]
    pad = [""] if width in positions else []
    pick = itemgetter(*positions) if len(positions) > 1 else lambda row: (row[positions[0]],)
    rows = []
    append = rows.append
    # Nearly every row is full: with nothing to pad or strip, its cells are just picked.
    plain = width > 0 and not pad and not strip
    for row in reader:
        if plain and len(row) == width:
            append(pick(row))
            continue
        if not row:
            continue  # a blank line, as csv.DictReader skips it
        if len(row) > width:
            raise FeedError(f"{what}: line {reader.line_num} has more fields than the header")
        if len(row) < width:  # rare: pad it, keeping the last copy present of each name
            values = dict.fromkeys(header, "")
            values.update(zip(header, row, strict=False))
            cells = tuple(values.get(name, "") for name in names)
        else:
            cells = pick(row + pad if pad else row)
        append(tuple(map(str.strip, cells)) if strip else cells)
    if not rows:
        raise FeedError(f"{what}: the table has a header but no rows")
    return rows


class CsvRecords:
    """The records `csv.reader` reads from `decoded` (the excel dialect, blank lines
    skipped), about twice as fast on the usual table: a line without a quote is split at
    its commas, and so is one whose only quotes are empty fields (`""` between commas,
    each then read as ""), which is what csv.reader would make of both; any other line (a
    quoted field, one spanning lines) is read by csv.reader itself. `line_num` is the
    number of lines read so far, as csv.reader's. A text with a carriage return is left to
    csv.reader whole (it ends lines there too)."""

    def __init__(self, decoded: str) -> None:
        self.line_num = 0
        self._records = self._read(decoded)

    def __iter__(self) -> Iterator[list[str]]:
        return self._records

    def __next__(self) -> list[str]:
        return next(self._records)

    def _read(self, decoded: str) -> Iterator[list[str]]:
        if "\r" in decoded:
            reader = csv.reader(io.StringIO(decoded, newline=""))
            for record in reader:
                self.line_num = reader.line_num
                if record:
                    yield record
            return
        lines = decoded.split("\n")
        if not lines[-1]:
            lines.pop()  # what follows the last newline: no line
        ended = len(lines) - (not decoded.endswith("\n"))  # lines[:ended] end in "\n"
        while self.line_num < len(lines):
            line = lines[self.line_num]
            self.line_num += 1
            if '"' not in line:
                if line:
                    yield line.split(",")
                continue
            cells = line.split(",")
            empty = cells.count('""')
            if 2 * empty == line.count('"'):  # every quote is in a `""` field: an empty one
                at = -1
                for _ in range(empty):
                    at = cells.index('""', at + 1)
                    cells[at] = ""
                yield cells
                continue
            self.line_num -= 1  # read again, by csv.reader, with as many more as it needs
            record = next(csv.reader(self._lines(lines, ended)), None)
            if record:
                yield record

    def _lines(self, lines: list[str], ended: int) -> Iterator[str]:
        """The lines from `line_num` on, each counted as csv.reader takes it, with its
        newline given back."""
        while self.line_num < len(lines):
            self.line_num += 1
            yield lines[self.line_num - 1] + ("\n" if self.line_num <= ended else "")


def require_columns(header: Sequence[str], required: Iterable[str], what: str) -> None:
    """FeedError naming the first of `required` that the header lacks, with the first 12 columns
    it has, so a renamed column reads as such instead of as a KeyError deep in a parser."""
    for name in required:
        if name not in header:
            shown = ", ".join(repr(h) for h in header[:12])
            raise FeedError(f"{what}: missing column {name!r} (found {shown})")


def load_json(raw: bytes, what: str) -> Any:
    """The payload parsed as JSON, after `text`'s checks; FeedError with the line and column
    where the JSON breaks (usually a truncated download)."""
    try:
        return json.loads(text(raw, what))
    except json.JSONDecodeError as exc:
        raise FeedError(
            f"{what}: not valid JSON ({exc.msg} at line {exc.lineno} "
            f"column {exc.colno}; truncated?)"
        ) from None


def zip_member(raw: bytes, what: str, wanted: str) -> bytes:
    """The file named `wanted` (or ending in it) inside a ZIP archive."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = [n for n in archive.namelist() if n.rsplit("/", 1)[-1] == wanted]
            if not names:
                raise FeedError(f"{what}: the archive has no {wanted!r}")
            return archive.read(names[0])
    except zipfile.BadZipFile:
        raise FeedError(f"{what}: not a valid ZIP archive (truncated?)") from None


def is_zip(raw: bytes) -> bool:
    """Whether the payload starts with a ZIP archive's signature: the importer and Epoch's
    parsers take a whole benchmark_data.zip as well as a bare member."""
    return raw[:4] == b"PK\x03\x04"


def number(value: Any) -> float | None:
    """A score as leaderboards write it: 1227, '0.864', '69.38%', '-' or '' (None).

    NaN, infinities and overflowing numbers (JSON's `NaN`, `Infinity`, `1e999`) are no
    score: they cannot be ranked or stored."""
    if value.__class__ is not str and (value is None or isinstance(value, bool)):
        return None
    try:  # the common case: a number, or a plain number as text
        found = float(value)
    except (TypeError, ValueError, OverflowError):  # 10**400 overflows
        try:
            found = float(str(value).strip().rstrip("%").replace(",", ""))
        except ValueError:
            return None
    return found if isfinite(found) else None


def required_number(value: Any, what: str, column: str, row: int) -> float:
    """`number`, for a cell every row must have: FeedError naming the row (the caller's count, a
    CSV's line number for most), the column and the value when it is not a finite score."""
    found = number(value)
    if found is None:
        raise FeedError(f"{what}: row {row}: {column!r} is not a number ({value!r})")
    return found


@lru_cache(maxsize=4096)  # a table repeats its dates: thousands of rows, hundreds of days
def full_date(value: str | None) -> str | None:
    """YYYY-MM-DD from a date or datetime string; None when the day is not known."""
    if not value:
        return None
    match = _FULL_DATE.match(value.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return None


def clean_meta(**values: str | None) -> dict[str, str]:
    """The given fields that say something, stripped ("", blanks and "-" say nothing)."""
    meta = {}
    for key, value in values.items():
        if value and (value := value.strip()) and value != "-":
            meta[key] = value
    return meta


def params_billions(value: Any) -> str | None:
    """A real parameter count in billions, as a string ('7.242'); None when absent or 0."""
    found = number(value)
    return f"{found:g}" if found and found > 0 else None


def score_ranks(keys: Sequence[str], scores: Sequence[float]) -> list[tuple[int, int]]:
    """For rows given as their model keys and scores: (row index, rank) of the row kept for
    each model key (the best score; the first of equals), best first (by score, then key),
    ties sharing a rank. Parsers rank their rows with it before building each Entry once."""
    # Every row sorted by (-score, key, index), the tuples made by zip: a key's first row
    # in that order is its best (the first of equals). Plain tuples sort faster than a key
    # function.
    ordered = sorted(zip(map(neg, scores), keys, range(len(keys)), strict=True))
    out: list[tuple[int, int]] = []
    append = out.append
    rank, position, previous = 0, 0, None
    seen: set[str] = set()
    unique = len(set(keys)) == len(keys)  # then no row is skipped: no set to keep
    for negated, key, index in ordered:
        if not unique:
            if key in seen:
                continue
            seen.add(key)
        position += 1
        if negated != previous:
            rank, previous = position, negated
        append((index, rank))
    return out


def ranked(entries: Iterable[Entry], *, keep_rank: bool = False) -> tuple[Entry, ...]:
    """Entries with one row per model key (the best score wins), ordered best first.

    With `keep_rank`, the source's own ranks stay (Arena ranks by overlapping intervals, so
    several models share a rank); otherwise ranks are by score, ties sharing a rank."""
    entries = list(entries)
    order = score_ranks([e.model_key for e in entries], [e.score for e in entries])
    if keep_rank:
        return tuple(sorted((entries[i] for i, _ in order), key=lambda e: e.rank))
    out = []
    for index, rank in order:
        e = entries[index]
        # Entry(...) rather than dataclasses.replace: the fields are known, and replace's
        # introspection is slow on a 4,600-row table (bench/ingest.py).
        out.append(
            Entry(
                e.model_key,
                e.display_name,
                e.score,
                rank,
                e.ci_low,
                e.ci_high,
                e.votes,
                e.scores,
                e.meta,
            )
        )
    return tuple(out)
