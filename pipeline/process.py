"""The orchestration-free core: read a document, build a submission's record.

Flows call these; tests and benchmarks call them directly. Plain data in and out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from extractors.blocks import Block, page_blocks
from extractors.locate import label_regex, locate
from extractors.template import Template
from jingpin.config import DATA_DIR
from pipeline import structured
from pipeline.assemble import document_fields
from pipeline.checks import apply_checks, run_checks
from pipeline.errors import BadInput
from pipeline.ingest import InboxFile
from pipeline.read import ReadOptions, read_document
from pipeline.types import PageRead

SUMMARY_SPEC_DOC = "summary"


@dataclass
class DocumentRead:
    file: InboxFile
    kind: str
    pages: list[PageRead] = field(default_factory=list)
    error: BadInput | None = None


def detect_kind(blocks: list[Block], template: Template, hint: str) -> str:
    """The filename's hint unless the page text clearly says otherwise."""
    text = "".join(b.text for b in blocks[:80])
    scores = {kind: sum(bool(label_regex(w).search(text)) for w in doc.detect)
              for kind, doc in template.documents.items()}
    best = max(scores, key=scores.get)
    if hint in scores and scores[hint] > 0:
        return hint
    return best if scores[best] > 0 else hint


def read_file(f: InboxFile, opts: ReadOptions, cache_dir: Path, pages_dir: Path, template: Template) -> DocumentRead:
    """Pages of a PDF or image scan; structured files are read by ``build_record``."""
    if f.problem is not None:
        return DocumentRead(f, f.kind, error=f.problem)
    if f.media not in ("pdf", "image"):
        return DocumentRead(f, f.kind)
    try:
        pages = read_document(f.path, f.sha256, opts, cache_dir, pages_dir)
    except BadInput as exc:
        return DocumentRead(f, f.kind, error=exc)
    blocks = [b for p in pages[:2] for b in page_blocks(p)]
    return DocumentRead(f, detect_kind(blocks, template, f.kind), pages)


def extract(doc: DocumentRead, template: Template, source: int, threshold: float, prefix: str = "") -> dict:
    blocks = [b for p in doc.pages for b in page_blocks(p)]
    evidence = locate(template.documents[doc.kind], template.catalogue[doc.kind], blocks,
                      {p.number: p.seals for p in doc.pages}, {p.number: p.dpi for p in doc.pages})
    return document_fields(evidence, template.catalogue[doc.kind], source, threshold, prefix)


@cache
def summary_labels() -> dict[str, str]:
    """Column labels of the summary table, read once from fields.yaml."""
    raw = yaml.safe_load((DATA_DIR / "fields.yaml").read_text(encoding="utf-8"))
    return {k: v["label"] for k, v in raw["summary"]["row"].items()}


def summary_fields(rows: list[dict], entity: str | None, template: Template, source: int | None,
                   threshold: float) -> tuple[dict, bool]:
    """``summary.<key>`` leaves from the row that names this applicant."""
    from extractors.locate import Evidence
    match = structured.match_row(rows, entity)
    specs = template.catalogue[SUMMARY_SPEC_DOC]
    if match is None:
        return {}, False
    _, row = match
    evidence = [Evidence(key, raw, None, None, 1.0, 1.0) for key, raw in row.items()]
    return document_fields(evidence, specs, source, threshold, "summary."), True


def build_record(key: str, batch: str, form: str, docs: list[DocumentRead], batch_docs: list[DocumentRead],
                 template: Template, threshold: float) -> dict:
    """One applicant's record as records.md describes it."""
    sources, fields = [], {}
    usable = [d for d in docs if d.error is None and d.pages and d.kind in template.documents]
    for d in docs:
        sources.append({"path": d.file.rel, "sha256": d.file.sha256, "pages": len(d.pages),
                        "kind": d.kind, "media": d.file.media,
                        "read": sorted({p.source for p in d.pages}),
                        "dpi": d.pages[0].dpi if d.pages else None,
                        "error": d.error.reason if d.error else None})
    for d in usable:
        if d.kind == "summary":
            continue
        for leaf, entry in extract(d, template, docs.index(d), threshold).items():
            if leaf not in fields or (fields[leaf]["status"] == "missing" and entry["status"] != "missing"):
                fields[leaf] = entry
    matched = False
    for d in batch_docs:
        if d.error is not None:
            continue
        if d.file.media in ("xlsx", "csv", "docx"):
            table = structured.read_summary(d.file.path, template.catalogue[SUMMARY_SPEC_DOC], summary_labels())
            idx = len(sources)
            sources.append({"path": d.file.rel, "sha256": d.file.sha256, "pages": 0, "kind": "summary",
                            "media": d.file.media, "read": ["table"], "dpi": None, "error": None})
            found, ok = summary_fields(table["rows"], (fields.get("entity_name") or {}).get("value"),
                                       template, idx, threshold)
            if ok and not matched:
                fields.update(found)
                matched = True
        elif d.pages and d.kind == "summary":
            idx = len(sources)
            sources.append({"path": d.file.rel, "sha256": d.file.sha256, "pages": len(d.pages), "kind": "summary",
                            "media": d.file.media, "read": sorted({p.source for p in d.pages}),
                            "dpi": d.pages[0].dpi, "error": None})
            fields.update({k: v for k, v in extract(d, template, idx, threshold, "summary.").items()
                           if k not in fields})
    checks = run_checks(fields, matched)
    apply_checks(fields, checks)
    return {"submission_id": key, "batch": batch, "form": form, "sources": sources, "fields": fields,
            "checks": checks,
            "review": {"needs_review": sum(1 for f in fields.values() if f["status"] in ("needs_review", "missing")),
                       "corrected": 0, "reviewer": None, "completed_at": None}}
