"""One reader per real source: text in, `Record`s out. Readers keep what the source says
and add nothing; choosing between sources is the merge's job."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import date, datetime

from catalog.builder.records import Record
from catalog.licences import openness_from_licence
from catalog.model import Openness


def _rows(text: str) -> Iterator[dict[str, str]]:
    """CSV rows with stripped keys and values (a quote-aware reader: Epoch's text fields
    hold commas and newlines)."""
    for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))):
        yield {(k or "").strip(): (v or "").strip() for k, v in row.items()}


def _date(text: str | None) -> date | None:
    text = (text or "").strip()
    for fmt in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return datetime.strptime(text[:10] if fmt == "%Y-%m-%d" else text, fmt).date()
        except ValueError:
            continue
    return None


def _count(text: str | None) -> int | None:
    """'405,000,000,000' or '4.05e+11' → 405000000000; blank or zero → None."""
    try:
        value = float((text or "").replace(",", "").strip() or 0)
    except ValueError:
        return None
    return round(value) if value > 0 else None


def openness_from_access(text: str) -> Openness | None:
    """Epoch's 'Model accessibility' values."""
    t = text.strip().lower()
    if t.startswith("open weights (unrestricted)"):
        return Openness.OSI
    if t.startswith("open weights"):
        return Openness.OPEN_WEIGHTS
    if t.startswith(("api access", "hosted access", "unreleased")):
        return Openness.PROPRIETARY
    return None


# --- LMArena -----------------------------------------------------------------------------


def arena_table(text: str, listed: date, source: str) -> list[Record]:
    """leaderboard_table_YYYYMMDD.csv (all three eras), the fboulnois flattened exports
    (`model` is a display name there) and alltime.csv (one row per key and date)."""
    spans: dict[str, list] = {}
    for row in _rows(text):
        name = row.get("key") or row.get("Model") or row.get("model", "")
        if not name:
            continue
        seen = _date(row.get("date")) or listed
        licence = row.get("License") or row.get("license", "")
        if name not in spans:
            spans[name] = [row, seen, seen, licence]
        entry = spans[name]
        entry[1], entry[2] = min(entry[1], seen), max(entry[2], seen)
    out = []
    for name, (row, first, last, licence) in spans.items():
        display = row.get("Model") or row.get("model", "")
        out.append(
            Record(
                source=source,
                name=name,
                board="arena",
                display=display if display != name else "",
                organisation=row.get("Organization") or row.get("organization", ""),
                openness=openness_from_licence(licence),
                openness_text=licence,
                listed=first,
                last_listed=last,
            )
        )
    return out


def arena_catalog_leaderboard(text: str, listed: date, source: str) -> list[Record]:
    """arena-catalog leaderboard-text.json: {category: {model_key: {rating, …}}}."""
    names = {key for models in json.loads(text).values() for key in models}
    return [
        Record(source=source, name=n, board="arena", listed=listed, last_listed=listed)
        for n in sorted(names)
    ]


def arena_scatterplot(text: str, source: str) -> list[Record]:
    """arena-catalog scatterplot-data.json: licence and organisation per model_api_name.
    Its `name` is a family label ("GPT-4o" for several dated keys), so it is not used."""
    return [
        Record(
            source=source,
            name=m["model_api_name"],
            organisation=m.get("organization", ""),
            openness=openness_from_licence(m.get("license")),
            openness_text=m.get("license", ""),
        )
        for m in json.loads(text)
        if m.get("model_api_name")
    ]


# --- LiveBench ---------------------------------------------------------------------------


def livebench_table(text: str, listed: date, source: str) -> list[Record]:
    """A LiveBench release table (table_<release>.csv): its model names only, each a listing on
    the 'livebench' board as of `listed` (the file's last commit, see
    scripts/build_catalog.py); the table gives no licence, size or date."""
    return [
        Record(
            source=source, name=row["model"], board="livebench", listed=listed, last_listed=listed
        )
        for row in _rows(text)
        if row.get("model")
    ]


# --- Epoch AI ----------------------------------------------------------------------------

# ECI rows are per run setting: reasoning effort or thinking budget on the same weights.
_RUN_SETTING = re.compile(r"_(high|medium|low|minimal|xhigh|thinking|\d+K)$")


def epoch_eci(text: str, source: str) -> list[Record]:
    """epoch_capabilities_index.csv: a listing on the 'epoch-eci' board per 'Model version',
    with its display name, organisation, accessibility and release date. A run setting's row
    ('o3-2025-04-16_high') names the model it is a setting of in `variant_of`, so the settings
    group as one model."""
    out = []
    for row in _rows(text):
        name = row.get("Model version", "")
        if not name:
            continue
        access = row.get("Model accessibility", "")
        out.append(
            Record(
                source=source,
                name=name,
                board="epoch-eci",
                display=row.get("Display name", ""),
                organisation=row.get("Organization", ""),
                openness=openness_from_access(access),
                openness_text=access,
                released=_date(row.get("Release date")),
                variant_of=_RUN_SETTING.sub("", name) if _RUN_SETTING.search(name) else "",
            )
        )
    return out


def epoch_mmlu(text: str, source: str) -> list[Record]:
    """external_benchmark_mmlu.csv: names only (one model may have several rows)."""
    out = []
    for row in _rows(text):
        name = row.get("Model version") or row.get("Name", "")
        if name:
            display = row.get("Name", "")
            out.append(
                Record(
                    source=source,
                    name=name,
                    board="mmlu",
                    display=display if display != name else "",
                )
            )
    return out


def epoch_notable(text: str, source: str) -> list[Record]:
    """notable_ai_models.csv, language models only. A parameter count whose note says it
    is an estimate, a leak or withheld (PaLM 2's 340B "was leaked to CNBC"), or whose row's
    `Confidence` is 'Speculative' (GPT-3.5 Turbo's 20B from a withdrawn paper), is kept as
    an estimate."""
    out = []
    for row in _rows(text):
        if "Language" not in row.get("Domain", "") or not row.get("Model"):
            continue
        access = row.get("Model accessibility", "")
        note = row.get("Parameters notes", "").lower()
        out.append(
            Record(
                source=source,
                name=row["Model"],
                organisation=row.get("Organization", ""),
                openness=openness_from_access(access),
                openness_text=access,
                params_total=_count(row.get("Parameters")),
                params_estimated=(
                    any(
                        w in note
                        for w in ("estimat", "speculat", "rumor", "guess", "leak", "withheld")
                    )
                    or row.get("Confidence", "").lower() == "speculative"
                ),
                released=_date(row.get("Publication date")),
            )
        )
    return out


def open_model_trends(text: str, source: str) -> list[Record]:
    """benchmarks_with_model_accessibility.csv (Epoch's "How far behind are open models?").
    `Active Parameters` equals the total for dense models. Sizes of closed models in it are
    Epoch's estimates (e.g. GPT-4's 280B active), so they are kept as estimates."""
    out = []
    for row in _rows(text):
        kind = row.get("Open/Closed", "").lower()
        if kind not in ("open", "closed"):
            continue
        out.append(
            Record(
                source=source,
                name=row["System"],
                openness=Openness.OPEN_WEIGHTS if kind == "open" else Openness.PROPRIETARY,
                openness_text=f"{kind} (no licence given)",
                params_total=_count(row.get("Model size (parameters)")),
                params_active=_count(row.get("Active Parameters")),
                params_estimated=kind == "closed",
                released=_date(row.get("Date")),
            )
        )
    return out


# --- HELM --------------------------------------------------------------------------------

_HELM_ACCESS = {
    "open": Openness.OPEN_WEIGHTS,
    "limited": Openness.PROPRIETARY,
    "closed": Openness.PROPRIETARY,
}


def helm_metadata(text: str, source: str) -> list[Record]:
    """model_metadata.yaml. `access: open` says the weights are downloadable but not under
    which licence, so it gives OPEN_WEIGHTS; a licence from another source can refine it."""
    import yaml  # build-time dependency only (dev extra)

    out = []
    for m in yaml.safe_load(text)["models"]:
        if m["name"].startswith("simple/"):  # HELM's test fixtures
            continue
        released = m.get("release_date")
        out.append(
            Record(
                source=source,
                name=m["name"],
                board="helm-lite",
                display=m.get("display_name", ""),
                organisation=m.get("creator_organization_name", ""),
                openness=_HELM_ACCESS.get(m.get("access", "")),
                openness_text=f"access: {m.get('access', '')}",
                params_total=_count(str(m.get("num_parameters") or "")),
                released=released if isinstance(released, date) else _date(str(released or "")),
            )
        )
    return out


# --- OpenRouter --------------------------------------------------------------------------


def openrouter_models(text: str, source: str) -> list[Record]:
    """api/v1/models. A Hugging Face id is a proxy for downloadable weights (an estimate:
    it says nothing of the licence); no id says nothing. `created` is the listing date on
    OpenRouter, not a release date, so it is not used."""
    out = []
    for m in json.loads(text)["data"]:
        hf_id = (m.get("hugging_face_id") or "").strip()
        if not hf_id:
            continue
        for name in {m["id"].split(":")[0], hf_id}:
            out.append(
                Record(
                    source=source,
                    name=name,
                    organisation="",
                    openness=Openness.OPEN_WEIGHTS,
                    openness_text=f"Hugging Face id {hf_id}",
                    openness_estimated=True,
                )
            )
    return out
