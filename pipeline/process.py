"""The orchestration-free core: read a document, build a submission's record.

Flows call these; tests and benchmarks call them directly. Plain data in and out.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cache, partial
from pathlib import Path

from core.config import DATA_DIR
from core.record import FieldEntry, Leaf, Record, Status
from core.types import PageRead
from extractors.blocks import Block, page_blocks
from extractors.continuation import join_continued_rows
from extractors.locate import Evidence, label_matcher, label_regex, locate, mark_under_seals
from extractors.normalize import NORMALIZERS
from extractors.tables import table_rows
from extractors.template import Template, spec_type, summary_labels
from pipeline import calibration, structured
from pipeline import evidence as evidence_stage
from pipeline.assemble import document_fields, weigh_agreement
from pipeline.errors import BadInput
from pipeline.form import FormNotRecognised, FormSpec, form_of, load_form, recognise
from pipeline.ingest import InboxFile, scan_inbox
from pipeline.read import CLEANUP_VERSION, ReadOptions, read_document
from pipeline.recheck import recheck
from pipeline.underline import mark_underlined_numerals
from pipeline.word import docx_blocks

SUMMARY_SPEC_DOC = "summary"
# Types whose normalizer repairs a failing check character as an OCR misreading would be;
# a Word version's value of them is taken as typed (``word_fields``).
TYPED_AS_IS = ("uscc", "patent")
NO_APPLICATION = {
    "code": "no_application",
    "zh": "未找到可读的申报表（附件1）",
    "en": "no readable application form (附件1) in this submission",
}
# What a record is made from besides its files: a change to any of these re-extracts (pages stay cached).
VERSIONED_DATA = (
    "forms",
    "templates",
    "fields.yaml",
    "rules",
    "calibration.json",
    "reference",
    "evidence",
)


@cache
def data_version() -> str:
    """sha256 over the form templates, field spec, rules and confidence model."""
    h = hashlib.sha256()
    for name in VERSIONED_DATA:
        root = DATA_DIR / name
        for path in sorted([root] if root.is_file() else root.rglob("*") if root.exists() else []):
            if path.is_file():
                h.update(path.relative_to(DATA_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def fingerprint(files: list[InboxFile], opts: ReadOptions) -> str:
    """Same files, template and reading settings → the same record: a rerun can skip it."""
    h = hashlib.sha256(
        f"{data_version()}|{calibration.model_version()}|{opts.engine}|{opts.dpi}|{opts.max_side}"
        f"|{opts.det_limit}|{CLEANUP_VERSION}".encode()
    )
    for f in sorted(files, key=lambda f: f.rel):
        h.update(f"\n{f.rel}\0{f.sha256}".encode())
    return h.hexdigest()


@dataclass
class DocumentRead:
    file: InboxFile
    kind: str
    pages: list[PageRead] = field(default_factory=list)
    error: BadInput | None = None


def detect_kind(blocks: list[Block], template: Template | None, hint: str) -> str:
    """The filename's hint unless the page text clearly says otherwise (no form yet: the hint)."""
    if template is None:
        return hint
    text = "".join(b.text for b in blocks[:80])
    scores = {
        kind: sum(bool(label_regex(w).search(text)) for w in doc.detect)
        for kind, doc in template.documents.items()
    }
    best = max(scores, key=scores.get)
    if hint in scores and scores[hint] > 0:
        return hint
    return best if scores[best] > 0 else hint


def read_file(
    f: InboxFile, opts: ReadOptions, cache_dir: Path, pages_dir: Path, template: Template | None
) -> DocumentRead:
    """Pages of a PDF or image scan; structured files are read by ``build_record``. Without a
    template (the form is not known before a submission's documents are read) the kind is the
    filename's, and ``with_kinds`` settles it once the form is recognised."""
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


def text_of(doc: DocumentRead) -> str:
    """What a document says on its first pages (a Word file: all of it), to recognise its form."""
    if doc.error is not None:
        return ""
    if doc.file.media == "docx":
        return "".join(b.text for b in docx_blocks(doc.file.path))
    return "".join(b.text for p in doc.pages[:2] for b in page_blocks(p))


def submission_forms(
    subs: list[list[DocumentRead]], batch_docs: list[DocumentRead]
) -> list[FormSpec]:
    """Each submission's form, from its documents and its batch's summary. One whose documents
    name none (only evidence, or unreadable files) takes the form most of its batch is on, so
    its record still says what is missing; a batch where nothing names a form is refused."""
    shared = [text_of(d) for d in batch_docs]
    texts = [[text_of(d) for d in docs] + shared for docs in subs]
    found: list[FormSpec | None] = []
    for text in texts:
        try:
            found.append(recognise(text))
        except FormNotRecognised:
            found.append(None)
    named = Counter(f.id for f in found if f is not None)
    if not named:
        recognise([t for text in texts for t in text] + shared)  # raises, saying what it sought
    usual = load_form(named.most_common(1)[0][0]) if named else None
    return [f or usual for f in found]


def with_kinds(docs: list[DocumentRead], template: Template) -> list[DocumentRead]:
    """Each scanned document's kind by the recognised form's detect phrases."""
    return [
        replace(
            d, kind=detect_kind([b for p in d.pages[:2] for b in page_blocks(p)], template, d.kind)
        )
        if d.pages
        else d
        for d in docs
    ]


def extract(
    doc: DocumentRead, template: Template, source: int, threshold: float, prefix: str = ""
) -> dict:
    form = template.documents[doc.kind]
    blocks = join_continued_rows(
        [b for p in doc.pages for b in page_blocks(p)], label_matcher(form)
    )
    evidence = locate(
        form,
        template.catalogue[doc.kind],
        blocks,
        {p.number: p.seals for p in doc.pages},
        {p.number: p.dpi for p in doc.pages},
    )
    mark_under_seals(
        evidence, {p.number: [s.bbox for s in p.seals] for p in doc.pages if p.source == "ocr"}
    )
    mark_underlined_numerals(evidence, {p.number: p.image_path for p in doc.pages if p.image_path})
    return document_fields(evidence, template.catalogue[doc.kind], source, threshold, prefix)


def summary_fields(
    rows: list[dict],
    entity: str | None,
    template: Template,
    source: int | None,
    threshold: float | None,
    ocr_confidence: float = 1.0,
) -> tuple[dict, bool]:
    """``summary.<key>`` leaves from the row that names this applicant."""
    match = structured.match_row(rows, entity)
    specs = template.catalogue[SUMMARY_SPEC_DOC]
    if match is None:
        return {}, False
    _, row = match
    evidence = [Evidence(key, raw, None, None, 1.0, ocr_confidence) for key, raw in row.items()]
    return document_fields(evidence, specs, source, threshold, "summary."), True


def word_fields(path: Path, kind: str, template: Template) -> dict[str, object]:
    """Leaf values of a Word version (.docx) of a form, located by the same template.

    Its text was typed, not read: a code whose check fails is kept as typed, never repaired
    as an OCR misreading is (``TYPED_AS_IS``). Else the scan's repair of the same wrong code
    would find the Word version "agreeing" and pass an applicant's wrong check character."""
    specs = template.catalogue[kind]
    evidence = locate(template.documents[kind], specs, docx_blocks(path), {}, {})
    out = {}
    for leaf, entry in document_fields(evidence, specs, 0, None).items():
        value = entry["value"]
        typed = spec_type(Leaf.parse(leaf), specs)[0]
        if entry.get("method") == "repaired" and typed in TYPED_AS_IS:
            value = NORMALIZERS[typed](str(entry["raw"]), repair=False).value
        if entry["status"] != Status.MISSING and value is not None:
            out[leaf] = value
    return out


def word_version(docs: list[DocumentRead], template: Template) -> dict[str, object]:
    """The applicant's Word versions of its forms, merged (first file wins a leaf)."""
    values: dict[str, object] = {}
    for d in docs:
        if d.error is None and d.file.media == "docx" and d.kind in ("application", "declaration"):
            values = {**word_fields(d.file.path, d.kind, template), **values}
    return values


def _source(d: DocumentRead, read: str | None = None) -> dict:
    return {
        "path": d.file.rel,
        "sha256": d.file.sha256,
        "pages": len(d.pages),
        "kind": d.kind,
        "media": d.file.media,
        "read": [read] if read else sorted({p.source for p in d.pages}),
        "dpi": d.pages[0].dpi if d.pages else None,
        "error": d.error.reason if d.error else None,
    }


def build_record(
    key: str,
    batch: str,
    form: str | FormSpec,
    docs: list[DocumentRead],
    batch_docs: list[DocumentRead],
    template: Template,
    threshold: float | None,
) -> dict:
    """One applicant's record as records.md describes it, checked by its form's rules."""
    spec = form_of(form)
    fields: dict[str, dict] = {}
    usable = [d for d in docs if d.error is None and d.pages and d.kind in template.documents]
    sources = [_source(d) for d in docs]
    split = evidence_stage.split_submission(docs, template, spec.evidence_kinds)
    for d in usable:
        form_part = split.form_part(docs.index(d), d)
        if d.kind == "summary" or form_part is None:
            continue
        for leaf, entry in extract(form_part, template, docs.index(d), threshold).items():
            if leaf not in fields or (
                fields[leaf]["status"] == Status.MISSING and entry["status"] != Status.MISSING
            ):
                fields[leaf] = entry
    entity = (fields.get("entity_name") or {}).get("value")
    matched = False
    for d in batch_docs:  # the summary as a table file (.xlsx/.csv/.docx) is the best source
        if d.error is None and d.file.media in ("xlsx", "csv", "docx"):
            table = structured.read_summary(
                d.file.path, template.catalogue[SUMMARY_SPEC_DOC], summary_labels()
            )
            sources.append(_source(d, "table"))
            found, ok = summary_fields(table["rows"], entity, template, len(sources) - 1, threshold)
            if ok and not matched:
                fields.update(found)
                matched = True
    for d in batch_docs:  # its stamped scan: the seal always, the rows when no table file had them
        if d.error is None and d.pages and d.kind == "summary":
            sources.append(_source(d))
            idx = len(sources) - 1
            fields.update(
                {
                    k: v
                    for k, v in extract(d, template, idx, threshold, "summary.").items()
                    if k not in fields
                }
            )
            if not matched:
                rows = table_rows([b for p in d.pages for b in page_blocks(p)], summary_labels())
                found, matched = summary_fields(
                    rows, entity, template, idx, threshold, ocr_confidence=0.9
                )
                fields.update(found)
    word = word_version(docs, template)
    problems = (
        []
        if any(
            d.kind == "application" and d.error is None and (d.pages or d.file.media == "docx")
            for d in docs
        )
        else [NO_APPLICATION]
    )
    found, places = evidence_stage.evidence_fields(
        split, template.catalogue["evidence"], threshold, spec.evidence_kinds
    )
    fields.update(found)
    record = Record(
        key,
        batch,
        spec.id,
        sources,
        {leaf: FieldEntry.from_json(entry) for leaf, entry in fields.items()},
        word=word,
        evidence=evidence_stage.record_pages(split, places),
        problems=problems,
    )
    weigh = partial(weigh_agreement, catalogue=template.catalogue, threshold=threshold)
    recheck(record, spec.id, weigh)
    return record.to_json()


def process_directly(
    inbox: Path,
    opts: ReadOptions,
    cache_dir: Path,
    pages_dir: Path,
    template: Template,
    threshold: float | None,
    on_read: Callable[[DocumentRead], None] | None = None,
) -> list[tuple[str, list[DocumentRead], dict]]:
    """Every submission of ``inbox`` read and recorded in this process: the same work as the
    Prefect flow, for benchmarks and calibration. As in the flow, ``opts.page_workers`` documents
    are read at once, their pages sharing one pool of page threads."""
    out = []
    with ThreadPoolExecutor(max(1, opts.page_workers), thread_name_prefix="document") as documents:
        for batch in scan_inbox(inbox):
            files = batch.files + [f for sub in batch.submissions for f in sub.files]
            docs = dict(
                zip(
                    [f.rel for f in files],
                    documents.map(
                        lambda f: read_file(f, opts, cache_dir, pages_dir, template), files
                    ),
                    strict=True,
                )
            )
            for doc in docs.values():
                if on_read is not None:
                    on_read(doc)
            batch_docs = [docs[f.rel] for f in batch.files]
            for sub in batch.submissions:
                sub_docs = [docs[f.rel] for f in sub.files]
                out.append(
                    (
                        sub.key,
                        sub_docs,
                        build_record(
                            sub.key,
                            batch.name,
                            template.form,
                            sub_docs,
                            batch_docs,
                            template,
                            threshold,
                        ),
                    )
                )
    return out
