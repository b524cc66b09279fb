"""Argument types for main.py: values that cannot be right are refused by argparse (one
line, exit 2) before anything is read or written."""

from __future__ import annotations

import argparse
from pathlib import Path


def positive_int(text: str) -> int:
    """A count such as --limit: 1 or more."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def png_path(text: str) -> Path:
    """Where to write a chart: matplotlib renders PNG, so the name must say .png (any other
    extension would be a file whose name lies about its bytes)."""
    path = Path(text)
    if path.suffix.lower() != ".png":
        raise argparse.ArgumentTypeError(
            f"the chart is a PNG image: name a .png file, not {text!r}"
        )
    return path
