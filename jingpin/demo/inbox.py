"""Builds a demo inbox: city batch folders of stamped scans, Word versions and summaries.

Ground truth goes beside the inbox (``truth/``), never inside it, so the pipeline
cannot read it by accident.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from openpyxl import Workbook

from core.record import Leaf
from jingpin.demo import FORM, printer, values, word
from jingpin.demo.scan import STYLES, ScanStyle, scan_pdf
from jingpin.demo.seal import seal_image

# How each applicant's 申报表 reaches the secretariat, in turn.
VARIANTS = ["born_digital", "clean", "stamped", "gray", "stamped200", "stamped"]
PLANTS = ["summary_product", None, "patent_count", None, "no_city_seal", None]


@dataclass
class DemoInbox:
    inbox: Path
    truth: Path
    applicants: int
    pages: int


def write_pdf(
    story: list,
    out: Path,
    variant: str,
    rng: random.Random,
    upside_down: int | None,
    printed_copy: Path | None = None,
    appendix: Path | None = None,
) -> int:
    """Print ``story``; unless born-digital, scan the print. Returns the page count.

    ``printed_copy`` keeps the print itself: its text layer is the scan's known text.
    ``appendix``: a printed PDF (evidence documents) that follows the form's pages.
    """
    with tempfile.TemporaryDirectory() as tmp:
        printed = Path(tmp) / "printed.pdf"
        printer.build_pdf(story, printed)
        if appendix is not None:
            _append(printed, appendix)
        if printed_copy is not None:
            printed_copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(printed, printed_copy)
        if variant == "born_digital":
            shutil.copyfile(printed, out)
        else:
            base = STYLES[variant]
            style = ScanStyle(**{**base.__dict__, "upside_down_page": upside_down})
            scan_pdf(printed, out, style, rng)
    from pypdf import PdfReader

    return len(PdfReader(out).pages)


def _append(printed: Path, appendix: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for pdf in (printed, appendix):
        writer.append(str(pdf))
    with printed.open("wb") as f:
        writer.write(f)


def summary_xlsx(regulator: str, applicants: list[values.Applicant], out: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "推荐汇总表"
    ws.append(["“湖北精品”培育推荐汇总表"])
    ws.append([f"填报单位（加盖公章）：{regulator}"])
    ws.append(printer.SUMMARY_HEADER)
    for row in printer.summary_rows(applicants):
        ws.append([int(row[0]), *row[1:]])
    wb.save(out)


def normalized_truth(leaves: dict) -> dict:
    """Text leaves folded exactly as the pipeline's ``text`` normalizer does (fields.yaml)."""
    from extractors.normalize import norm_text
    from extractors.template import leaf_type, load_template

    catalogue = load_template(FORM).catalogue
    out = {}
    for leaf, value in leaves.items():
        code = replace(Leaf.parse(leaf), name=False)  # a looked-up name is kept as its code is
        kind = leaf_type(code, catalogue)[0] if isinstance(value, str) else None
        out[leaf] = norm_text(value).value if kind == "text" else value
    return out


def _evidence_plan(a: values.Applicant, n: int, folder: Path, truth_dir: Path, batch: str):
    """The applicant's evidence, placed in its folder (truth/printed keeps the prints)."""
    from extractors.template import load_template
    from jingpin.demo.evidence_inbox import plan_evidence

    kinds = [k for k, s in load_template(FORM).catalogue["evidence"].items() if s.type == "list"]
    printed = truth_dir / "printed" / batch / f"{a.leaves['entity_name']}-evidence"
    return plan_evidence(a, n, folder, printed, kinds)


def build_inbox(
    out: Path, seed: int = 7, cities: int = 3, per_city: int = 2, evidence: bool = False
) -> DemoInbox:
    """Write ``out/inbox`` and ``out/truth``; the same seed gives the same files.

    ``evidence``: each applicant also sends its 证明性材料 (``jingpin.demo.evidence_inbox``)."""
    rng = random.Random(seed)
    inbox, truth_dir = out / "inbox", out / "truth"
    inbox.mkdir(parents=True, exist_ok=True)
    truth_dir.mkdir(parents=True, exist_ok=True)
    n, pages = 0, 0
    for city in list(values.CITIES)[:cities]:
        batch = f"{city}-2024-07"
        regulator = f"{city}市场监督管理局"
        applicants = []
        for _ in range(per_city):
            a = values.make_applicant(rng, city)
            values.add_summary(a, len(applicants) + 1)
            if PLANTS[n % len(PLANTS)]:
                values.plant(a, rng, PLANTS[n % len(PLANTS)])
            variant = VARIANTS[n % len(VARIANTS)]
            marks = printer.Marks(printer.TICK_STYLES[n % len(printer.TICK_STYLES)])
            folder = inbox / batch / a.leaves["entity_name"]
            folder.mkdir(parents=True, exist_ok=True)
            seals = {
                "applicant": seal_image(a.leaves["entity_name"], rng),
                "city": seal_image(regulator, rng)
                if a.leaves["city_recommendation_sealed"]
                else None,
            }
            upside = 3 if n == 2 else None
            plan = _evidence_plan(a, n, folder, truth_dir, batch) if evidence else None
            pages += plan.pages if plan else 0
            pages += write_pdf(
                printer.application_story(a, marks, seals),
                folder / "申报表.pdf",
                variant,
                rng,
                upside,
                truth_dir / "printed" / batch / f"{a.leaves['entity_name']}.pdf",
                plan.appendix if plan else None,
            )
            if n % 2 == 0:
                word.write_docx(a, marks, folder / "申报表.docx")
            if n % 3 == 1:
                values.add_declaration(a, rng)
                pages += write_pdf(
                    printer.declaration_story(a, marks, seal_image(a.leaves["entity_name"], rng)),
                    folder / "自我声明.pdf",
                    "clean",
                    rng,
                    None,
                )
            record = {
                "submission_id": f"{batch}/{a.leaves['entity_name']}",
                "variant": variant,
                "upside_down_page": upside,
                "leaves": normalized_truth({**a.leaves, **(plan.leaves if plan else {})}),
                "planted": a.planted,
            }
            if plan:
                record["evidence_placement"] = plan.placement
            (truth_dir / batch).mkdir(exist_ok=True)
            (truth_dir / batch / f"{a.leaves['entity_name']}.json").write_text(
                json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8"
            )
            applicants.append(a)
            n += 1
        summary_xlsx(regulator, applicants, inbox / batch / "推荐汇总表.xlsx")
        pages += write_pdf(
            printer.summary_story(regulator, applicants, seal_image(regulator, rng)),
            inbox / batch / "推荐汇总表-盖章扫描件.pdf",
            "clean",
            rng,
            None,
        )
    return DemoInbox(inbox, truth_dir, n, pages)
