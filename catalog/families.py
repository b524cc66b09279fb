"""Vendor families whose openness is known as a family, in one table: the rule used where no
source gives a licence for a model (the catalog builder, and `Catalog.describe` for a
listing the catalog does not know). Each rule names its reason and its source, and the
provenance it gives reads "family rule: …".

Rules are tried in order, the first match wins, so the exceptions (gpt-oss, Gemma, Grok-1
and Grok-2.5, whose weights were released) come before the family they belong to."""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalog.model import Fact, Openness, Provenance


@dataclass(frozen=True)
class FamilyRule:
    name: str
    pattern: re.Pattern[str]  # searched in a model name, lower case, org prefix removed
    openness: Openness
    reason: str
    source: str
    # A decisive rule wins over the sources' licence cells too (recorded as a conflict):
    # for families whose leaderboard licence cells are known to copy the vendor's open
    # licence onto its API-only models (data README, Known data issues: qwen-max-0919).
    decisive: bool = False

    def fact(self) -> Fact[Openness]:
        """The rule's tier as a disclosed fact whose source reads 'family rule: <name>:
        <reason> (<source>)', so a reader can tell a rule from a licence."""
        return Fact(
            self.openness,
            Provenance.DISCLOSED,
            f"family rule: {self.name}: {self.reason} ({self.source})",
        )


def _rule(
    name: str, pattern: str, openness: Openness, reason: str, source: str, decisive: bool = False
) -> FamilyRule:
    return FamilyRule(name, re.compile(pattern), openness, reason, source, decisive)


OSI, OPEN, CLOSED = Openness.OSI, Openness.OPEN_WEIGHTS, Openness.PROPRIETARY

FAMILY_RULES: tuple[FamilyRule, ...] = (
    # Exceptions first: open-weights members of otherwise API-only families.
    _rule(
        "gpt-oss",
        r"^gpt-oss\b",
        OSI,
        "OpenAI's gpt-oss-120b and gpt-oss-20b are open weights under Apache-2.0",
        "OpenAI, 'Introducing gpt-oss' (2025-08-05); huggingface.co/openai/gpt-oss-120b",
    ),
    _rule(
        "Gemma",
        r"^(google[-_])?(code)?gemma\b",
        OPEN,
        "Google's Gemma models are open weights under the Gemma licence",
        "ai.google.dev/gemma/terms",
    ),
    _rule(
        "Grok-1",
        r"^grok-1(\b|$)(?!\.)",
        OSI,
        "xAI released the Grok-1 base weights under Apache-2.0 (2024-03-17)",
        "github.com/xai-org/grok-1",
    ),
    _rule(
        "Grok-2.5",
        r"^grok-2\.5\b",
        OPEN,
        "xAI released the Grok 2.5 weights under the Grok 2 Community License (2025-08)",
        "huggingface.co/xai-org/grok-2",
    ),
    # API-only families.
    _rule(
        "OpenAI GPT",
        r"^(chat)?gpt-?(3\.5|4|4o|4\.1|4\.5|5)(\b|-|o|$)",
        CLOSED,
        "OpenAI serves GPT-3.5, GPT-4, GPT-4o, GPT-4.1, GPT-4.5 and GPT-5 through its API and "
        "ChatGPT only; no weights were released",
        "OpenAI model documentation, platform.openai.com/docs/models",
    ),
    _rule(
        "OpenAI o-series",
        r"^o[134](-|$)",
        CLOSED,
        "OpenAI's o1, o3 and o4 reasoning models are API-only",
        "OpenAI model documentation, platform.openai.com/docs/models",
    ),
    _rule(
        "OpenAI GPT-3 API",
        r"^(text|code)-(davinci|curie|babbage|ada)-\d+|^davinci-002$",
        CLOSED,
        "OpenAI's GPT-3 and GPT-3.5 completion models were API-only",
        "OpenAI model documentation (deprecations page)",
    ),
    _rule(
        "Anthropic Claude",
        r"^(anthropic[-_.])?claude\b",
        CLOSED,
        "Anthropic serves Claude through its API and apps only",
        "docs.anthropic.com/en/docs/about-claude/models",
    ),
    _rule(
        "Google Gemini",
        r"^gemini\b",
        CLOSED,
        "Google serves Gemini through its API and apps only (open models are Gemma)",
        "ai.google.dev/gemini-api/docs/models",
    ),
    _rule(
        "Google PaLM",
        r"^(palm|text-bison|chat-bison|bard)\b",
        CLOSED,
        "Google never released PaLM or PaLM 2 weights: PaLM 2 (Bison, Unicorn) and Bard were "
        "served by API and apps only",
        "cloud.google.com/vertex-ai (PaLM API); PaLM paper",
    ),
    _rule(
        "xAI Grok",
        r"^grok\b",
        CLOSED,
        "xAI serves Grok through its API and apps; only Grok-1 and Grok 2.5 weights were "
        "released (rules above)",
        "docs.x.ai/docs/models",
    ),
    _rule(
        "Qwen Max",
        r"^qwen[\d.]*-max\b",
        CLOSED,
        "Alibaba serves its Qwen-Max models (Qwen-Max, Qwen2.5-Max, Qwen3-Max) "
        "through Alibaba Cloud's API only; Arena's licence cell 'Qwen' for some of them is "
        "the family's open licence, not theirs",
        "Alibaba Cloud Model Studio model list; data README, Known data issues",
        decisive=True,
    ),
    _rule(
        "Amazon Nova",
        r"^(amazon[-_.])?nova\b",
        CLOSED,
        "Amazon Nova models are served through Amazon Bedrock only",
        "aws.amazon.com/ai/generative-ai/nova",
    ),
)


def family_openness(name: str) -> FamilyRule | None:
    """The family rule naming a model, or None."""
    text = name.strip().lower().rsplit("/", 1)[-1]
    return next((r for r in FAMILY_RULES if r.pattern.search(text)), None)
