"""The law registry and one pure evaluator per law part: history in, `Verdict` out."""

from laws.registry import LAW_IDS, LAWS, PART_IDS, Law, Part
from laws.verdict import Status, Verdict, VerdictChange

__all__ = ["LAWS", "LAW_IDS", "PART_IDS", "Law", "Part", "Status", "Verdict", "VerdictChange"]
