"""Model identity (aliases across sources) and metadata with provenance."""

from catalog.catalog import Catalog, load_catalog, normalise
from catalog.model import UNKNOWN, Fact, ModelInfo, Openness, Provenance

__all__ = [
    "UNKNOWN",
    "Catalog",
    "Fact",
    "ModelInfo",
    "Openness",
    "Provenance",
    "load_catalog",
    "normalise",
]
