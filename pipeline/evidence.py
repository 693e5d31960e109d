"""Evidence stage: the 证明性材料 of a submission, classified, grouped and read.

Pages of a PDF that holds a form (附件1/2) are the form up to its last page that looks like
the form (``data/evidence/_form.yaml``); every page after it, and every page of a file with
no form page (营业执照.pdf, 专利证书.jpg), is evidence. Evidence pages are classified by the
weighted cues of ``data/evidence/<kind>.yaml``, consecutive pages of a multi-page kind are
grouped into one document, and each document's attributes are located with the same
machinery as the forms. Pure: pages in, fields and page classes out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING

from core.record import count_leaf, item_leaf
from core.types import PageRead
from extractors.blocks import fold, page_blocks
from extractors.evidence_kinds import EvidenceKind, FormBoundary, load_boundary, load_kinds
from extractors.locate import Evidence, label_regex, locate
from extractors.template import DocumentTemplate, FieldSpec, Template
from pipeline.assemble import document_fields

if TYPE_CHECKING:
    from pipeline.process import DocumentRead

FORM_KINDS = ("application", "declaration")
UNCLASSIFIED_KEY = "ev_unclassified_pages"


@dataclass(frozen=True)
class PageClass:
    """One evidence page: which kind it shows (None: none of them) and how sure that is."""

    source: int  # index of its document in the submission
    page: int  # 1-based
    kind: str | None
    confidence: float


@dataclass
class EvidenceDoc:
    kind: EvidenceKind
    source: int
    pages: list[PageRead] = field(default_factory=list)
    confidence: float = 1.0


@dataclass(frozen=True)
class Place:
    """Where one evidence item is: its document in the submission and the pages it spans."""

    source: int
    pages: tuple[int, ...]


@dataclass
class Split:
    """A submission's pages: the form pages of each document, the evidence classified."""

    # source -> its form's pages as a 0-based [start, end): evidence may come before and after
    form_pages: dict[int, tuple[int, int]] = field(default_factory=dict)
    pages: list[PageClass] = field(default_factory=list)
    documents: list[EvidenceDoc] = field(default_factory=list)

    @property
    def unclassified(self) -> int:
        return sum(p.kind is None for p in self.pages)

    def form_part(self, source: int, doc: DocumentRead) -> DocumentRead | None:
        """``doc`` with only its form pages: evidence never feeds form fields."""
        start, end = self.form_pages.get(source, (0, len(doc.pages)))
        return replace(doc, pages=doc.pages[start:end]) if end > start else None


def page_text(page: PageRead) -> str:
    """The page's words joined, folded as labels are (cheap: no blocks are built)."""
    return fold("".join(t.text for t in page.tokens))


@cache
def _form_labels(form: DocumentTemplate) -> tuple[re.Pattern, ...]:
    labels = {r.label for r in form.rules if len(fold(r.label).replace(" ", "")) >= 4}
    return tuple(label_regex(label) for label in sorted(labels))


@cache
def _regexes(texts: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    return tuple(label_regex(t) for t in texts)


def is_form_page(text: str, form: DocumentTemplate, boundary: FormBoundary) -> bool:
    if any(r.search(text) for r in _regexes(boundary.markers)):
        return True
    return sum(bool(r.search(text)) for r in _form_labels(form)) >= boundary.min_labels


def form_span(
    texts: list[str],
    form: DocumentTemplate | None,
    bound: FormBoundary,
    kinds: tuple[EvidenceKind, ...],
) -> tuple[int, int]:
    """The form's pages, 0-based [start, end): from its first form-like page (or an earlier
    page that is no evidence, such as a plain cover) to its last; (0, 0) when none."""
    looks = [i for i, t in enumerate(texts) if is_form_page(t, form, bound)] if form else []
    if not looks:
        return 0, 0
    start = looks[0]
    while start > 0 and classify_text(texts[start - 1], kinds)[0] is None:
        start -= 1
    return start, looks[-1] + 1


def kind_scores(text: str, kinds: tuple[EvidenceKind, ...]) -> dict[str, float]:
    return {
        k.kind: sum(
            c.weight for c, r in zip(k.detect, _cue_regexes(k), strict=True) if r.search(text)
        )
        for k in kinds
    }


@cache
def _cue_regexes(kind: EvidenceKind) -> tuple[re.Pattern, ...]:
    return _regexes(tuple(c.text for c in kind.detect))


def classify_text(text: str, kinds: tuple[EvidenceKind, ...]) -> tuple[str | None, float]:
    """The kind whose cues score highest, if it reaches its minimum; with a confidence that
    grows with the score's margin over the minimum and over the runner-up."""
    scores = kind_scores(text, kinds)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, top), second = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0.0)
    minimum = next(k.min_score for k in kinds if k.kind == best)
    if top < minimum:
        return None, round(1 - top / minimum, 3)
    return best, round(min(1.0, top / (1.25 * minimum)) * top / (top + second), 3)


def starts_document(kind: EvidenceKind, text: str) -> bool:
    return any(r.search(text) for r in _regexes(kind.starts))


def continues(current: EvidenceDoc | None, text: str) -> bool:
    """A page below its kind's minimum that carries on the multi-page document before it."""
    if current is None or not current.kind.multi_page:
        return False
    score = kind_scores(text, (current.kind,))[current.kind.kind]
    return score >= current.kind.continue_score and not starts_document(current.kind, text)


def joins(current: EvidenceDoc | None, kind: EvidenceKind, text: str) -> bool:
    """The page is the next one of the document before it, not the start of another."""
    return (
        current is not None
        and current.kind is kind
        and kind.multi_page
        and not starts_document(kind, text)
    )


def split_submission(
    docs: list[DocumentRead], template: Template, kinds: tuple[EvidenceKind, ...] | None = None
) -> Split:
    """Form pages per document, then every other page classified and grouped."""
    kinds = load_kinds() if kinds is None else kinds
    by_name = {k.kind: k for k in kinds}
    split, bound = Split(), load_boundary()
    for source, d in enumerate(docs):
        if d.error is not None or not d.pages or d.kind == "summary":
            continue
        texts = [page_text(p) for p in d.pages]
        form = template.documents.get(d.kind) if d.kind in FORM_KINDS else None
        start, end = form_span(texts, form, bound, kinds)
        if end == 0 and d.file.kind in FORM_KINDS:  # named as a form, nothing of it legible:
            start, end = 0, len(d.pages)  # read it as the form, as before, not as evidence
        split.form_pages[source] = (start, end)
        current: EvidenceDoc | None = None
        for i, (page, text) in enumerate(zip(d.pages, texts, strict=True)):
            if start <= i < end:
                current = None
                continue
            kind, confidence = classify_text(text, kinds)
            if kind is None and continues(current, text):
                kind, confidence = current.kind.kind, 0.9
            split.pages.append(PageClass(source, page.number, kind, confidence))
            if kind is None:
                current = None
            elif joins(current, by_name[kind], text):
                current.pages.append(page)
                current.confidence = min(current.confidence, confidence)
            else:
                current = EvidenceDoc(by_name[kind], source, [page], confidence)
                split.documents.append(current)
    return split


FRAME_SHARE = 0.4  # a ruled region this large is a certificate's border, not a table cell


def without_frames(page: PageRead) -> PageRead:
    """The page less the regions enclosed by its border: a licence's or certificate's frame
    would otherwise make the whole page one cell, and every label one block."""
    area = page.width * page.height
    cells = [c for c in page.cells if (c[2] - c[0]) * (c[3] - c[1]) < FRAME_SHARE * area]
    return replace(page, cells=cells) if len(cells) != len(page.cells) else page


def read_items(doc: EvidenceDoc) -> list[Evidence]:
    """Each item attribute of one evidence document, located by its kind's rules."""
    blocks = [b for p in doc.pages for b in page_blocks(without_frames(p))]
    seals = {p.number: p.seals for p in doc.pages}
    dpi = {p.number: p.dpi for p in doc.pages}
    return locate(doc.kind.document, doc.kind.specs, blocks, seals, dpi)


def _count(leaf: str, n: int, confidence: float) -> Evidence:
    return Evidence(leaf, str(n), None, None, 1.0, confidence)


def evidence_fields(
    split: Split,
    specs: dict[str, FieldSpec],
    threshold: float | None,
    kinds: tuple[EvidenceKind, ...] | None = None,
) -> tuple[dict[str, dict], dict[str, Place]]:
    """The record's evidence leaves, and for each item the document's pages (``key[i]`` ->
    source and pages) so a check can name them."""
    kinds = load_kinds() if kinds is None else kinds
    fields: dict[str, dict] = {}
    places: dict[str, Place] = {}
    # A kind with none found is as sure as the unclassified pages allow: one may be it.
    none_found = 1.0 if not split.unclassified else 0.6
    for kind in kinds:
        docs = [d for d in split.documents if d.kind is kind]
        for i, doc in enumerate(docs):
            item = f"{kind.key}[{i}]"
            places[item] = Place(doc.source, tuple(p.number for p in doc.pages))
            for ev in read_items(doc):
                ev.leaf = item_leaf(kind.key, i, ev.leaf)
                fields.update(document_fields([ev], specs, doc.source, threshold))
        confidence = min((d.confidence for d in docs), default=none_found)
        source = docs[0].source if docs else 0
        count = _count(count_leaf(kind.key), len(docs), confidence)
        fields.update(document_fields([count], specs, source, threshold))
    unclassified = _count(UNCLASSIFIED_KEY, split.unclassified, 1.0)
    fields.update(document_fields([unclassified], specs, 0, threshold))
    return fields, places


def record_pages(split: Split, places: dict[str, Place]) -> list[dict]:
    """Per evidence page: its kind, confidence and item, for the record and the review page."""
    item_of = {(place.source, n): item for item, place in places.items() for n in place.pages}
    return [
        {
            "source": p.source,
            "page": p.page,
            "kind": p.kind,
            "confidence": p.confidence,
            "item": item_of.get((p.source, p.page)),
        }
        for p in split.pages
    ]
