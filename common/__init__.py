"""Neutral low-level helpers that every layer may import: the garbage-collector pause
around bulk building (`common.bulk`), the project's hashes (`common.hashing`) and the
error every layer's settings raise (`common.settings`). It imports no other package of
the project."""
