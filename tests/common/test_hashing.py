"""The project's hashes: text hashes as its UTF-8 bytes, SHA-256 is the standard one (a
published test vector), and a short digest is BLAKE2b of the size asked for."""

from __future__ import annotations

import hashlib

from common.hashing import sha256_hex, short_digest


def test_sha256_hex_is_sha256_of_the_utf8_text() -> None:
    # FIPS 180-2's test vector for "abc"
    assert sha256_hex("abc") == ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    assert sha256_hex("Ωmega") == sha256_hex("Ωmega".encode())
    assert sha256_hex(b"") != sha256_hex(b"\x00")


def test_short_digest_is_blake2b_of_the_size_asked_for() -> None:
    for size in (8, 16):
        digest = short_digest("same text", size)
        assert len(digest) == size
        assert digest == hashlib.blake2b(b"same text", digest_size=size).digest()
        assert digest == short_digest(b"same text", size)
        assert digest != short_digest("other text", size)
