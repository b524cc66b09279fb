"""Model identity (aliases across sources) and metadata with provenance."""

from catalog.model import UNKNOWN, Fact, ModelInfo, Openness, Provenance

__all__ = ["UNKNOWN", "Fact", "ModelInfo", "Openness", "Provenance"]
