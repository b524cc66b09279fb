"""The project's hashes, in one place: which function makes a stored content hash, a
version or a fingerprint. Never Python's `hash()`, which changes from process to process."""

from __future__ import annotations

import hashlib


def _bytes(data: bytes | str) -> bytes:
    return data.encode() if isinstance(data, str) else data


def sha256_hex(data: bytes | str) -> str:
    """SHA-256 of `data` (text: its UTF-8) as 64 hex digits: content hashes, versions and
    fingerprints that are stored or compared across runs."""
    return hashlib.sha256(_bytes(data)).hexdigest()


def sha256_digest(data: bytes | str) -> bytes:
    """SHA-256 of `data` (text: its UTF-8) as its 32 bytes: a part of a longer hashed
    document (the rows of a content hash)."""
    return hashlib.sha256(_bytes(data)).digest()


def short_digest(data: bytes | str, size: int) -> bytes:
    """BLAKE2b of `data` (text: its UTF-8) in `size` bytes: a compact key where only
    equality is ever asked of it."""
    return hashlib.blake2b(_bytes(data), digest_size=size).digest()
