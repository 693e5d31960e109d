"""The Word path of the demo inbox: forms typed into Word, exported by LibreOffice, stamped, scanned.

This is how applicants make their submissions, so it is the fixture set that does not share the
reportlab printer's assumptions. Per applicant: values (``values``), habits (``habits``), the
.docx (``wordform``), ``soffice --convert-to pdf``, seals pressed over the words (``stamp``) and
the scanner (``scan``). Each city's 推荐汇总表 is the demo's. Only this builder needs LibreOffice.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader

from jingpin.demo import habits as hb
from jingpin.demo import printer, values
from jingpin.demo.inbox import DemoInbox, normalized_truth, summary_xlsx, write_pdf
from jingpin.demo.scan import STYLES, scan_pdf
from jingpin.demo.seal import seal_image
from jingpin.demo.stamp import Stamp, place, stamp_pdf
from jingpin.demo.worddecl import write_declaration
from jingpin.demo.wordform import write_application
from jingpin.demo.wordplants import Plan, Planter

VARIANTS = ["stamped", "born_digital", "gray", "stamped200", "clean", "stamped"]
APPLICATION_NAMES = [
    "附件1：“湖北精品”培育申报表",
    "申报表（盖章扫描件）",
    "{entity}-湖北精品培育申报表",
]
WORD_NAMES = ["附件1：“湖北精品”培育申报表", "申报表word版", "{entity}-申报表"]
DECLARATION_NAMES = ["附件2：自我声明", "自我声明（盖章）", "{entity}-自我声明"]


class LibreOfficeMissing(RuntimeError):
    """The Word path exports with LibreOffice; the main job never needs it."""

    def __init__(self) -> None:
        super().__init__(
            "soffice not found: the Word-path fixtures need LibreOffice "
            "(apt-get install libreoffice-writer-nogui); `jingpin demo` without --path word does not"
        )


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise LibreOfficeMissing()
    return found


def to_pdf(docs: list[Path], outdir: Path) -> None:
    """Export .docx files as LibreOffice does (one process, its own throwaway profile)."""
    with tempfile.TemporaryDirectory(prefix="jingpin-soffice-") as profile:
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                *map(str, docs),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
    missing = [d.name for d in docs if not (outdir / f"{d.stem}.pdf").exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not export {', '.join(missing)}")


@dataclass
class Submission:
    applicant: values.Applicant
    habits: hb.Habits
    variant: str
    folder: Path
    declaration: bool
    send_docx: bool
    names: tuple[str, str, str]  # file stems: 申报表 scan, 自我声明 scan, 申报表 .docx
    cross_page_seal: bool  # a 骑缝章 over the 申报表's page edges
    plan: Plan = field(default_factory=Plan)  # its planted discrepancy, if any (``wordplants``)


def set_word_truth(a: values.Applicant, h: hb.Habits, rng: random.Random) -> None:
    """What this applicant types where values.py leaves a choice; the truth follows the typing."""
    v = a.leaves
    texts = values.word_texts(rng, a)
    h.extra["overview_paragraphs"] = texts.pop("overview_paragraphs")
    v["overview"] = "".join(h.extra["overview_paragraphs"])
    v.update(texts)
    if h.report_no_blank:  # left for the secretariat to assign
        v["report_no"] = None
    if h.money_style == "yi":
        for key in ("sales_revenue_wan", "rd_investment_wan"):
            if v[key] >= 10000:
                v[key] = hb.yi_rounded(v[key])
    service = rng.choice(["0", "/", "—", "", "无"])
    h.extra["service_revenue_text"] = service
    v["service_revenue_wan"] = 0 if service == "0" else None
    if rng.random() < 0.5:  # the city dates it by hand after printing, or not at all
        v["recommendation_date"] = None
    if rng.random() < 0.1:  # sent before the city stamped it
        v["city_recommendation_sealed"] = False
    h.extra["appendix"] = rng.random() < 0.4  # 附录：证明性材料 list after the table
    h.extra["author"] = rng.choice(["Administrator", "微软用户", "Lenovo", v["contact_name"]])


def set_declaration_truth(a: values.Applicant, h: hb.Habits, rng: random.Random) -> None:
    values.add_declaration(a, rng)
    v = a.leaves
    title = v["decl_contact"].split("/")[1]
    v["decl_contact"] = rng.choice(
        [
            f"{v['contact_name']}/{title}",
            f"{v['contact_name']}（{title}）",
            f"{v['contact_name']} {title}",
        ]
    )


def stamps(s: Submission, rng: random.Random) -> list[Stamp]:
    v = s.applicant.leaves
    out = [Stamp(seal_image(v["entity_name"], rng), "申报单位（盖章）", dx_mm=30, dy_mm=2)]
    if v["city_recommendation_sealed"] or s.plan.city_seal_withheld:  # same draws either way
        city_seal = seal_image(v["city_regulator"], rng)
        out.append(Stamp(city_seal, "(盖章)", diameter_mm=42, dx_mm=-12, dy_mm=4, last_match=True))
    return out


def print_and_scan(
    s: Submission,
    exported: Path,
    out: Path,
    stamp_list: list[Stamp],
    rng: random.Random,
    cross_page: bool = False,
) -> int:
    """Seal the exported PDF, then scan it (or keep it, electronically sealed, if born digital).

    A withheld city seal (a planted omission) is placed like the others, then not pressed."""
    cross = seal_image(s.applicant.leaves["entity_name"], rng) if cross_page else None
    stamped = exported.with_suffix(".stamped.pdf")
    placed = place(exported, stamp_list, rng)
    if s.plan.city_seal_withheld:
        city = {id(st.image) for st in stamp_list if st.anchor == "(盖章)"}
        placed = [p for p in placed if id(p.image) not in city]
    stamp_pdf(exported, stamped, placed, cross, rng)
    if s.variant == "born_digital":
        shutil.copyfile(stamped, out)
    else:
        scan_pdf(stamped, out, STYLES[s.variant], rng)
    return len(PdfReader(out).pages)


def build_word_inbox(out: Path, seed: int = 7, cities: int = 3, per_city: int = 2) -> DemoInbox:
    """Write ``out/inbox`` and ``out/truth`` like ``inbox.build_inbox``, through Word and LibreOffice."""
    soffice()  # fail before writing anything
    rng = random.Random(seed)
    planter = Planter(seed)
    inbox, truth_dir = out / "inbox", out / "truth"
    n, pages = 0, 0
    with tempfile.TemporaryDirectory(prefix="jingpin-word-") as tmp:
        work = Path(tmp)
        for city in list(values.CITIES)[:cities]:
            batch = f"{city}-2024-07"
            subs = [new_submission(rng, city, inbox / batch, n + i, i) for i in range(per_city)]
            names = [s.applicant.leaves["entity_name"] for s in subs]
            for i, s in enumerate(subs):  # after every value is drawn: the main stream is untouched
                others = [name for name in names if name != names[i]]
                s.plan = planter.plan(n + i, s.applicant, s.habits, s.send_docx, others)
            pages += city_batch(subs, batch, inbox / batch, truth_dir, work, rng)
            n += len(subs)
    return DemoInbox(inbox, truth_dir, n, pages)


def new_submission(rng: random.Random, city: str, batch_dir: Path, n: int, seq: int) -> Submission:
    a = values.make_applicant(rng, city)
    h = hb.draw_habits(rng)
    set_word_truth(a, h, rng)
    declaration = rng.random() < 0.4  # a 长江质量奖 winner asking for the mark by declaration
    if declaration:
        set_declaration_truth(a, h, rng)
    values.add_summary(a, seq + 1)
    entity = a.leaves["entity_name"]
    names = (
        rng.choice(APPLICATION_NAMES).format(entity=entity),
        rng.choice(DECLARATION_NAMES).format(entity=entity),
        rng.choice(WORD_NAMES).format(entity=entity),
    )
    variant = VARIANTS[n % len(VARIANTS)]
    send_docx, cross = rng.random() < 0.5, rng.random() < 0.4
    return Submission(a, h, variant, batch_dir / entity, declaration, send_docx, names, cross)


def city_batch(
    subs: list[Submission], batch: str, batch_dir: Path, truth_dir: Path, work: Path, rng
) -> int:
    """One city's folder: every applicant's files, then the summary table and its scan."""
    docs = []
    for s in subs:
        s.folder.mkdir(parents=True, exist_ok=True)
        stem = work / batch / s.applicant.leaves["entity_name"]
        stem.mkdir(parents=True, exist_ok=True)
        before = s.habits.rng.getstate()
        write_application(s.applicant, s.habits, stem / "application.docx")
        docs.append(stem / "application.docx")
        if s.plan.sent:  # the same typing, then a figure changed after printing
            after = s.habits.rng.getstate()
            s.habits.rng.setstate(before)
            a = s.applicant
            edited = values.Applicant(a.city, {**a.leaves, **s.plan.sent}, a.lists)
            write_application(edited, s.habits, stem / "sent.docx")
            s.habits.rng.setstate(after)
        if s.declaration:
            write_declaration(s.applicant, s.habits, stem / "declaration.docx")
            docs.append(stem / "declaration.docx")
    by_dir: dict[Path, list[Path]] = {}
    for d in docs:  # soffice names outputs by stem only: one call per applicant folder
        by_dir.setdefault(d.parent, []).append(d)
    for folder, group in by_dir.items():
        to_pdf(group, folder)
    pages = sum(applicant_files(s, work / batch, batch, truth_dir, rng) for s in subs)
    regulator = f"{subs[0].applicant.city}市场监督管理局"
    applicants = [s.applicant for s in subs]
    summary_xlsx(regulator, applicants, batch_dir / "推荐汇总表.xlsx")
    pages += write_pdf(
        printer.summary_story(regulator, applicants, seal_image(regulator, rng)),
        batch_dir / "推荐汇总表-盖章扫描件.pdf",
        "clean",
        rng,
        None,
    )
    return pages


def applicant_files(s: Submission, work: Path, batch: str, truth_dir: Path, rng) -> int:
    """Stamped scans (and the .docx when sent) into the inbox; the truth beside it."""
    v = s.applicant.leaves
    entity = v["entity_name"]
    src = work / entity
    pages = print_and_scan(
        s,
        src / "application.pdf",
        s.folder / f"{s.names[0]}.pdf",
        stamps(s, rng),
        rng,
        cross_page=s.cross_page_seal,
    )
    keep = truth_dir / "printed" / batch
    keep.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src / "application.pdf", keep / f"{entity}.pdf")
    shutil.copyfile(src / "application.docx", keep / f"{entity}.docx")
    if s.send_docx:
        sent = src / ("sent.docx" if s.plan.sent else "application.docx")
        shutil.copyfile(sent, s.folder / f"{s.names[2]}.docx")
    if s.declaration:
        seal = Stamp(seal_image(entity, rng), "经营主体名称（盖章）", dx_mm=5, dy_mm=6)
        decl = s.folder / f"{s.names[1]}.pdf"
        pages += print_and_scan(s, src / "declaration.pdf", decl, [seal], rng)
        shutil.copyfile(src / "declaration.docx", keep / f"{entity}-自我声明.docx")
    record = {
        "submission_id": f"{batch}/{entity}",
        "path": "word",
        "variant": s.variant,
        "upside_down_page": None,
        "habits": {k: val for k, val in vars(s.habits).items() if k not in ("rng", "extra")},
        "sent_docx": s.send_docx,
        "cross_page_seal": s.cross_page_seal,
        "leaves": normalized_truth(v),
        "planted": s.plan.planted,
    }
    (truth_dir / batch).mkdir(parents=True, exist_ok=True)
    (truth_dir / batch / f"{entity}.json").write_text(
        json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return pages
