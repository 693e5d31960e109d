"""Puts an applicant's evidence into its demo folder: appended to 申报表.pdf, as separate
scanned files (营业执照.pdf, 专利证书1.jpg, …), or some of each, and returns the truth.

Used by ``jingpin demo --evidence`` only, so the default demo stays as it was.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from pdf2image import convert_from_path
from pypdf import PdfReader

from jingpin.demo import evidence_values as ev
from jingpin.demo.evidence import print_documents
from jingpin.demo.scan import STYLES, degrade, scan_pdf
from jingpin.demo.values import Applicant

APPENDED_IN_MIXED = ("licence", "trademark")
FILE_STYLES = ["clean", "gray", "stamped"]


@dataclass
class EvidencePlan:
    """What the inbox builder does with one applicant's evidence."""

    appendix: Path | None  # a printed PDF to append to the form before scanning
    files: list[Path] = field(default_factory=list)
    pages: int = 0
    leaves: dict = field(default_factory=dict)
    placement: str = ""


def _scan_file(
    docs: list[ev.EvidenceDoc], out: Path, printed_copy: Path, rng: random.Random, style: str
) -> int:
    """Print ``docs``, keep the print (the fake OCR's known text), scan it as PDF or JPEG."""
    printed_copy.parent.mkdir(parents=True, exist_ok=True)
    print_documents(docs, printed_copy, rng)
    if out.suffix == ".jpg":
        page = convert_from_path(str(printed_copy), dpi=200)[0]
        degrade(page, STYLES[style], rng, upside_down=False).save(out, "JPEG", quality=85)
        return 1
    scan_pdf(printed_copy, out, STYLES[style], rng)
    return len(PdfReader(out).pages)


def _separate(
    docs: list[ev.EvidenceDoc], folder: Path, printed: Path, rng: random.Random, n: int
) -> tuple[list[Path], int]:
    """One file per kind; each patent certificate an image of its own."""
    files, pages = [], 0
    groups: dict[str, list[ev.EvidenceDoc]] = {}
    for doc in docs:
        groups.setdefault(doc.kind, []).append(doc)
    for kind, group in groups.items():
        name = ev.FILE_NAMES[kind]
        parts = [[d] for d in group] if name.endswith(".jpg") else [group]
        for i, part in enumerate(parts, start=1):
            stem, suffix = name.rsplit(".", 1)
            out = folder / (f"{stem}{i}.{suffix}" if len(parts) > 1 else name)
            style = FILE_STYLES[(n + i) % len(FILE_STYLES)]
            pages += _scan_file(part, out, printed / f"{out.stem}.pdf", rng, style)
            files.append(out)
    return files, pages


def plan_evidence(
    a: Applicant, n: int, folder: Path, printed: Path, kinds: list[str]
) -> EvidencePlan:
    """Make the applicant's evidence (its plant in turn) and place it (its placement in turn).

    Call before the form is printed: the form's 2.2.1 cites the test report's number.
    """
    rng = random.Random(10_000 + n)
    plant = ev.EV_PLANTS[n % len(ev.EV_PLANTS)]
    docs = ev.make_evidence(a, rng, plant)
    placement = ev.PLACEMENTS[n % len(ev.PLACEMENTS)]
    if placement == "files":
        appended, separate = [], docs
    elif placement == "mixed":
        appended = [d for d in docs if d.kind in APPENDED_IN_MIXED]
        separate = [d for d in docs if d.kind not in APPENDED_IN_MIXED]
    else:
        appended, separate = docs, []
    appendix = None
    if appended:
        printed.mkdir(parents=True, exist_ok=True)
        appendix = printed / "appendix.pdf"
        print_documents(appended, appendix, rng, heading=placement == "appended")
    files, pages = _separate(separate, folder, printed, rng, n)
    return EvidencePlan(appendix, files, pages, ev.truth_leaves(docs, kinds), placement)
