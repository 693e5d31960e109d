"""Evidence kinds (营业执照, 商标注册证, …) as data: ``data/evidence/<kind>.yaml``, checked on load.

Each kind says how a page shows it is one (weighted keywords, a minimum score), whether a
document of it spans pages, and where each item attribute sits — the same rules and
relations as a form template, parsed by the same loader against the item types of
``fields.yaml``'s ``evidence`` section, so a bad entry stops start-up naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from core.config import DATA_DIR
from extractors.template import (
    DocumentTemplate,
    FieldSpec,
    TemplateError,
    load_catalogue,
    parse_document,
)

EVIDENCE_DIR = DATA_DIR / "evidence"
PAGE_MODES = ("single", "multi")


@dataclass(frozen=True)
class Cue:
    text: str
    weight: float


@dataclass(frozen=True, eq=False)  # compared and cached by identity: one object per kind
class EvidenceKind:
    kind: str
    key: str  # the list of fields.yaml's evidence section its documents fill
    title: str
    multi_page: bool
    min_score: float
    # A page right after a document of this kind that scores this much on its cues, without
    # reaching min_score, is that document's next page (a report's results, its entries).
    continue_score: float
    detect: tuple[Cue, ...]
    starts: tuple[str, ...]  # a page with one of these begins a new document of the kind
    document: DocumentTemplate  # where each item attribute sits
    specs: dict[str, FieldSpec]  # item attribute -> its type


@dataclass(frozen=True)
class FormBoundary:
    markers: tuple[str, ...]
    min_labels: int


def _cues(where: str, raw: object) -> tuple[Cue, ...]:
    if not isinstance(raw, list) or not raw:
        raise TemplateError(f"{where}: detect must be a non-empty list of {{text, weight}}")
    cues = []
    for entry in raw:
        if not isinstance(entry, dict) or not entry.get("text"):
            raise TemplateError(f"{where}: detect entry {entry!r} needs a text")
        weight = entry.get("weight", 1)
        if not isinstance(weight, int | float) or weight <= 0:
            raise TemplateError(f"{where}: detect {entry['text']!r}: weight must be positive")
        cues.append(Cue(str(entry["text"]), float(weight)))
    return tuple(cues)


def parse_kind(
    raw: dict, evidence_specs: dict[str, FieldSpec], source: str = "evidence"
) -> EvidenceKind:
    """One kind from its YAML; its fields are checked against the list's item types."""
    where = f"{source} ({raw.get('kind', '?') if isinstance(raw, dict) else '?'})"
    if not isinstance(raw, dict) or not raw.get("kind"):
        raise TemplateError(f"{where}: a kind name is required")
    key = raw.get("key")
    if key not in evidence_specs or evidence_specs[key].type != "list":
        raise TemplateError(
            f"{where}: key must be a list of fields.yaml's evidence section, got {key!r}"
        )
    if raw.get("pages", "single") not in PAGE_MODES:
        raise TemplateError(f"{where}: pages must be one of {PAGE_MODES}")
    specs = {attr: FieldSpec(attr, kind) for attr, kind in evidence_specs[key].item.items()}
    document = parse_document(f"evidence {raw['kind']}", raw, specs)
    missing = sorted(set(specs) - {r.key for r in document.rules})
    if missing:
        raise TemplateError(f"{where}: no rule for item attributes {missing}")
    min_score = raw.get("min_score")
    if not isinstance(min_score, int | float) or min_score <= 0:
        raise TemplateError(f"{where}: min_score must be a positive number")
    return EvidenceKind(
        kind=str(raw["kind"]),
        key=key,
        title=str(raw.get("title", raw["kind"])),
        multi_page=raw.get("pages", "single") == "multi",
        min_score=float(min_score),
        continue_score=float(raw.get("continue_score", min_score)),
        detect=_cues(where, raw.get("detect")),
        starts=tuple(str(s) for s in raw.get("starts", ())),
        document=document,
        specs=specs,
    )


def parse_boundary(raw: dict, source: str = "_form.yaml") -> FormBoundary:
    if not isinstance(raw, dict) or not isinstance(raw.get("markers"), list):
        raise TemplateError(f"{source}: markers must be a list of texts")
    if not isinstance(raw.get("min_labels"), int) or raw["min_labels"] < 1:
        raise TemplateError(f"{source}: min_labels must be a positive integer")
    return FormBoundary(tuple(str(m) for m in raw["markers"]), raw["min_labels"])


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def load_kinds(root: Path = EVIDENCE_DIR) -> tuple[EvidenceKind, ...]:
    """Every kind of ``data/evidence`` (files starting with ``_`` are not kinds)."""
    specs = load_catalogue().get("evidence", {})
    kinds = tuple(
        parse_kind(_yaml(p), specs, p.name)
        for p in sorted(root.glob("*.yaml"))
        if not p.name.startswith("_")
    )
    keys = [k.key for k in kinds]
    if len(set(keys)) != len(keys):
        raise TemplateError(f"{root}: two evidence kinds fill the same list ({keys})")
    return kinds


@cache
def load_boundary(root: Path = EVIDENCE_DIR) -> FormBoundary:
    return parse_boundary(_yaml(root / "_form.yaml"))
