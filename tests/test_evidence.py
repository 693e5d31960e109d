"""Evidence documents: kinds as data, classification and reading, the form/evidence split,
the evidence rules, and what a submission without evidence costs."""

from __future__ import annotations

import hashlib
import random
import time
from pathlib import Path

import numpy as np
import pytest
from pdf2image import convert_from_path

from extractors.evidence_kinds import load_kinds, parse_kind
from extractors.template import TemplateError, load_template
from jingpin.demo import FORM, printer, values
from jingpin.demo.evidence import print_documents
from jingpin.demo.evidence_values import EvidenceDoc, make_evidence
from jingpin.demo.scan import STYLES, scan_pdf
from jingpin.demo.seal import seal_image
from pipeline import cleanup
from pipeline import evidence as stage
from pipeline.checks import load_rules, run_checks
from pipeline.ingest import InboxFile
from pipeline.process import DocumentRead, build_record
from pipeline.read import ReadOptions, read_document
from tests.plugins.fake_ocr import plugged_in

KINDS = ["licence", "trademark", "patent", "cert", "test_report", "credit_report"]


@pytest.fixture(scope="module")
def applicant() -> tuple[values.Applicant, list[EvidenceDoc]]:
    rng = random.Random(5)
    a = values.make_applicant(rng, "武汉市")
    return a, make_evidence(a, rng, None)


def _read(pdf: Path, tmp: Path, engine: str = "fake") -> list:
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    return read_document(pdf, sha, ReadOptions(engine=engine, threads=2), tmp / "c", tmp / "p")


def _doc(pdf: Path, pages: list, kind: str = "unknown", hint: str = "unknown") -> DocumentRead:
    rel = f"b/a/{pdf.name}"
    return DocumentRead(InboxFile(pdf, rel, "x", 1, hint, "pdf"), kind, pages)


# --- kinds as data ---------------------------------------------------------------------


def test_every_kind_loads_and_fills_its_own_list():
    kinds = load_kinds()
    assert sorted(k.kind for k in kinds) == sorted(KINDS)
    assert len({k.key for k in kinds}) == len(kinds)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"key": "ev_nothing"}, "key must be a list"),
        ({"detect": [{"text": "营业执照", "weight": 0}]}, "weight must be positive"),
        (
            {"fields": {"credit_code": {"relation": "after", "label": "统一社会信用代码"}}},
            "no rule",
        ),
        ({"fields": {"colour": {"relation": "after", "label": "x"}}}, "no such field"),
        ({"min_score": 0}, "min_score"),
    ],
)
def test_a_bad_kind_is_refused_naming_what_is_wrong(change, message):
    import yaml

    from extractors.evidence_kinds import EVIDENCE_DIR

    raw = yaml.safe_load((EVIDENCE_DIR / "licence.yaml").read_text(encoding="utf-8"))
    specs = load_template(FORM).catalogue["evidence"]
    with pytest.raises(TemplateError, match=message):
        parse_kind({**raw, **change}, specs, "licence.yaml")


# --- each kind classified and read from a rendered page ----------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_classified_and_read_from_its_printed_page(kind, applicant, tmp_path):
    _, docs = applicant
    doc = next(d for d in docs if d.kind == kind)
    pdf = tmp_path / f"{kind}.pdf"
    print_documents([doc], pdf, random.Random(1))
    split = stage.split_submission([_doc(pdf, _read(pdf, tmp_path))], load_template(FORM))
    assert [p.kind for p in split.pages] == [kind] * len(split.pages)
    assert len(split.documents) == 1 and min(p.confidence for p in split.pages) >= 0.8
    fields, _ = stage.evidence_fields(split, load_template(FORM).catalogue["evidence"], None)
    key = split.documents[0].kind.key
    assert {a: fields[f"{key}[0].{a}"]["value"] for a in doc.truth} == doc.truth
    assert fields[f"{key}.count"]["value"] == 1 and fields["ev_unclassified_pages"]["value"] == 0


@pytest.mark.slow  # prints, stamps and scans a dozen pages
def test_scanned_evidence_after_the_form_is_split_grouped_and_read(applicant, tmp_path):
    """A stamped scan of 申报表.pdf with every kind appended (the fake engine reads the
    print): the form's pages stay the form's, each report's pages are one document."""
    a, docs = applicant
    form = tmp_path / "form.pdf"
    seals = {"applicant": seal_image(a.leaves["entity_name"], random.Random(2)), "city": None}
    printer.build_pdf(printer.application_story(a, printer.Marks(), seals), form)
    appendix = tmp_path / "appendix.pdf"
    print_documents(docs, appendix, random.Random(3), heading=True)
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for pdf in (form, appendix):
        writer.append(str(pdf))
    printed = tmp_path / "printed.pdf"
    with printed.open("wb") as f:
        writer.write(f)
    scanned = tmp_path / "申报表.pdf"
    scan_pdf(printed, scanned, STYLES["clean"], random.Random(4))
    with plugged_in([printed]):
        pages = _read(scanned, tmp_path)
    form_pages = len(PdfReader(form).pages) + 1  # and the 附录 heading page
    split = stage.split_submission(
        [_doc(scanned, pages, "application", "application")], load_template(FORM)
    )
    assert split.form_pages == {0: (0, form_pages)}
    assert all(p.page > form_pages for p in split.pages)
    assert [d.kind.kind for d in split.documents] == [d.kind for d in docs]
    assert split.unclassified == 0


@pytest.mark.ocr
def test_a_scanned_licence_is_classified_by_real_ocr(applicant, tmp_path):
    _, docs = applicant
    printed, scanned = tmp_path / "printed.pdf", tmp_path / "营业执照.pdf"
    print_documents([next(d for d in docs if d.kind == "licence")], printed, random.Random(1))
    scan_pdf(printed, scanned, STYLES["stamped"], random.Random(2))
    split = stage.split_submission(
        [_doc(scanned, _read(scanned, tmp_path, "ppocr"))], load_template(FORM)
    )
    assert [p.kind for p in split.pages] == ["licence"]
    fields, _ = stage.evidence_fields(split, load_template(FORM).catalogue["evidence"], None)
    assert fields["ev_licence[0].credit_code"]["value"] == docs[0].truth["credit_code"]


# --- the form is never evidence; evidence never feeds the form ----------------------------


def test_a_form_page_is_never_taken_for_evidence(applicant, tmp_path):
    a, _ = applicant
    form = tmp_path / "申报表.pdf"
    seals = {"applicant": seal_image(a.leaves["entity_name"], random.Random(2)), "city": None}
    printer.build_pdf(printer.application_story(a, printer.Marks(), seals), form)
    pages = _read(form, tmp_path)
    split = stage.split_submission(
        [_doc(form, pages, "application", "application")], load_template(FORM)
    )
    assert split.form_pages == {0: (0, len(pages))} and split.pages == []


def test_a_licence_file_detected_as_an_application_feeds_no_form_field(applicant, tmp_path):
    _, docs = applicant
    pdf = tmp_path / "营业执照.pdf"
    print_documents([next(d for d in docs if d.kind == "licence")], pdf, random.Random(1))
    doc = _doc(pdf, _read(pdf, tmp_path), kind="application")  # 统一社会信用代码 made it one
    record = build_record("b/a", "b", FORM, [doc], [], load_template(FORM), None)
    assert "credit_code" not in record["fields"]
    assert record["fields"]["ev_licence[0].credit_code"]["value"] == docs[0].truth["credit_code"]


def test_a_licence_before_the_form_is_evidence_and_caught_when_it_disagrees(tmp_path):
    rng = random.Random(8)
    a = values.make_applicant(rng, "武汉市")
    docs = make_evidence(a, rng, "wrong_credit_code")
    licence, form = tmp_path / "licence.pdf", tmp_path / "form.pdf"
    print_documents([d for d in docs if d.kind == "licence"], licence, rng)
    seals = {"applicant": seal_image(a.leaves["entity_name"], rng), "city": None}
    printer.build_pdf(printer.application_story(a, printer.Marks(), seals), form)
    from pypdf import PdfWriter

    writer = PdfWriter()
    for pdf in (licence, form):
        writer.append(str(pdf))
    both = tmp_path / "申报表.pdf"
    with both.open("wb") as f:
        writer.write(f)
    doc = _doc(both, _read(both, tmp_path), "application", "application")
    record = build_record("b/a", "b", FORM, [doc], [], load_template(FORM), None)
    assert record["fields"]["credit_code"]["value"] == a.leaves["credit_code"]
    assert [(p["page"], p["kind"]) for p in record["evidence"]] == [(1, "licence")]
    failed = [c for c in record["checks"] if c["rule"].startswith("ev.licence.credit_code")]
    assert failed[0]["status"] == "fail" and "申报表.pdf 第1页" in failed[0]["detail"]


def test_a_red_heading_survives_seal_removal(applicant, tmp_path):
    _, docs = applicant
    pdf = tmp_path / "信用报告.pdf"
    print_documents([next(d for d in docs if d.kind == "credit_report")], pdf, random.Random(1))
    image = np.asarray(convert_from_path(str(pdf), dpi=150, first_page=1, last_page=1)[0])[
        ..., ::-1
    ]
    seals = cleanup.find_red_seals(image.copy(), 150)
    clean = cleanup.remove_red(image.copy(), seals)
    heading = (slice(int(0.13 * image.shape[0]), int(0.18 * image.shape[0])), slice(None))
    red = cleanup.red_mask(image)[heading].sum()
    assert seals and red > 0
    assert (
        cleanup.red_mask(clean)[heading].sum() + (clean[heading] < 128).sum()
    ) >= 0.9 * red / 255


# --- rules ------------------------------------------------------------------------------

EVIDENCE_RULES = tuple(r for r in load_rules(FORM) if r.kind.startswith("evidence_"))


def _entry(value) -> dict:
    return {"value": value, "status": "auto_accepted", "confidence": 0.99}


def _fields(**changes) -> dict:
    """A clean record: form leaves and one document of every kind agreeing with them."""
    leaves = {
        "entity_name": "武汉恒信科技有限公司",
        "credit_code": "91420100MA4K1234X1",
        "trademark": "恒信牌",
        "filing_date": "2024-07-05",
        "patents_domestic[0].number": "ZL201910123456.7",
        "mgmt_certs[0].number": "00121Q12345R0M",
        "quality_test_report": "经湖北省产品质量监督检验研究院检验（报告编号：WT2024-01234），合格。",
        "serious_dishonesty_listed": False,
        "abnormal_operation_listed": False,
        "ev_licence.count": 1,
        "ev_licence[0].entity_name": "武汉恒信科技有限公司",
        "ev_licence[0].credit_code": "91420100MA4K1234X1",
        "ev_licence[0].address": "湖北省武汉市江岸区解放大道1号",
        "ev_trademark_certs.count": 1,
        "ev_trademark_certs[0].mark": "恒信牌",
        "ev_trademark_certs[0].holder": "武汉恒信科技有限公司",
        "ev_trademark_certs[0].valid_until": "2030-01-13",
        "ev_patent_certs.count": 1,
        "ev_patent_certs[0].number": "ZL201910123456.7",
        "ev_patent_certs[0].patentee": "武汉恒信科技有限公司",
        "ev_cert_docs.count": 1,
        "ev_cert_docs[0].number": "00121Q12345R0M",
        "ev_cert_docs[0].holder": "武汉恒信科技有限公司",
        "ev_cert_docs[0].valid_until": "2026-05-31",
        "ev_test_reports.count": 1,
        "ev_test_reports[0].report_no": "WT2024-01234",
        "ev_test_reports[0].conclusion": "合格",
        "ev_credit_reports.count": 1,
        "ev_credit_reports[0].entity_name": "武汉恒信科技有限公司",
        "ev_credit_reports[0].credit_code": "91420100MA4K1234X1",
        "ev_credit_reports[0].dishonesty_listed": False,
        "ev_credit_reports[0].abnormal_listed": False,
        "ev_unclassified_pages": 0,
        "evidence:pages": 8,
        "evidence:where:ev_licence[0]": "营业执照.pdf 第1页",
    }
    leaves.update(changes)
    return {k: _entry(v) for k, v in leaves.items() if v is not ...}


def _statuses(fields: dict) -> dict[str, str]:
    return {c["rule"]: c["status"] for c in run_checks(fields, True, EVIDENCE_RULES)}


def test_a_clean_record_passes_every_evidence_rule():
    statuses = _statuses(_fields())
    assert set(statuses.values()) == {"pass"}
    assert all(any(s == r.id or s.startswith(f"{r.id}.") for s in statuses) for r in EVIDENCE_RULES)


FAILING = {
    "ev.licence.required": {"ev_licence.count": 0},
    "ev.licence.credit_code": {"ev_licence[0].credit_code": "91420100MA4K9999X1"},
    "ev.licence.name": {"ev_licence[0].entity_name": "武汉恒信电气有限公司"},
    "ev.licence.in_hubei": {"ev_licence[0].address": "湖南省长沙市岳麓区1号"},
    "ev.trademark.required": {"ev_trademark_certs.count": 0},
    "ev.trademark.mark": {"ev_trademark_certs[0].mark": "恒达牌"},
    "ev.trademark.holder": {"ev_trademark_certs[0].holder": "武汉恒达科技有限公司"},
    "ev.trademark.valid": {"ev_trademark_certs[0].valid_until": "2024-03-15"},
    "ev.patent.certificate": {"ev_patent_certs[0].number": "ZL201810654321.0"},
    "ev.patent.patentee": {"ev_patent_certs[0].patentee": "某大学"},
    "ev.cert.certificate": {"ev_cert_docs[0].number": "00121Q99999R0M"},
    "ev.cert.holder": {"ev_cert_docs[0].holder": "武汉恒达科技有限公司"},
    "ev.cert.valid": {"ev_cert_docs[0].valid_until": "2024-05-31"},
    "ev.test_report.cited": {"ev_test_reports[0].report_no": "WT2024-99999"},
    "ev.test_report.conclusion": {"ev_test_reports[0].conclusion": "不合格"},
    "ev.credit.name": {"ev_credit_reports[0].entity_name": "武汉恒达科技有限公司"},
    "ev.credit.credit_code": {"ev_credit_reports[0].credit_code": "91420100MA4K9999X1"},
    "ev.credit.dishonesty": {"ev_credit_reports[0].dishonesty_listed": True},
    "ev.credit.abnormal": {"ev_credit_reports[0].abnormal_listed": True},
}


@pytest.mark.parametrize("rule_id", sorted(FAILING))
def test_each_evidence_rule_fails_on_its_mismatch_naming_the_page(rule_id):
    fields = _fields(**FAILING[rule_id])
    results = [c for c in run_checks(fields, True, EVIDENCE_RULES) if c["status"] == "fail"]
    assert [c["rule"].startswith(rule_id) for c in results] == [True]
    if "[0]" in next(iter(FAILING[rule_id])) and "ev_licence" in next(iter(FAILING[rule_id])):
        assert "营业执照.pdf 第1页" in results[0]["detail"]


def test_every_evidence_rule_has_a_failing_case():
    assert {r.id for r in EVIDENCE_RULES} == set(FAILING)


def test_an_unread_value_is_unsure_never_a_fail():
    fields = _fields(**{"ev_licence[0].credit_code": ...})
    statuses = _statuses(fields)
    assert statuses["ev.licence.credit_code.ev_licence[0]"] == "unsure"
    assert "fail" not in statuses.values()


def test_a_difference_only_in_characters_ocr_confuses_is_unsure():
    statuses = _statuses(_fields(**{"ev_cert_docs[0].number": "00121Q12345ROM"}))
    assert statuses["ev.cert.certificate.mgmt_certs[0].number"] == "unsure"


def test_a_value_that_did_not_normalize_is_unsure():
    fields = _fields(**{"ev_credit_reports[0].abnormal_listed": "信息 无"})
    fields["ev_credit_reports[0].abnormal_listed"]["valid"] = False
    assert _statuses(fields)["ev.credit.abnormal.ev_credit_reports[0]"] == "unsure"


def test_a_document_missing_among_unclassified_pages_is_unsure():
    statuses = _statuses(_fields(**{"ev_licence.count": 0, "ev_unclassified_pages": 2}))
    assert statuses["ev.licence.required"] == "unsure"


def test_a_claim_left_blank_asks_for_no_certificate():
    statuses = _statuses(_fields(**{"patents_domestic[0].number": "/", "ev_patent_certs.count": 0}))
    assert not any(s.startswith("ev.patent.certificate") for s in statuses)


# --- a submission without evidence ---------------------------------------------------------


def test_a_submission_without_evidence_fails_nothing_and_costs_nothing(printed_applicant, tmp_path):
    from pipeline.ingest import scan_inbox
    from pipeline.process import read_file

    template = load_template(FORM)
    sub = scan_inbox(printed_applicant.inbox)[0].submissions[0]
    docs = [
        read_file(f, ReadOptions(), tmp_path / "c", tmp_path / "p", template) for f in sub.files
    ]
    record = build_record(sub.key, "b", template.form, docs, [], template, None)
    assert record["evidence"] == []
    assert {r["status"] for r in record["checks"] if r["rule"].startswith("ev.")} <= {"pass"}
    assert record["fields"]["ev_unclassified_pages"]["value"] == 0
    assert all(
        record["fields"][f"{k.key}.count"]["value"] == 0
        and record["fields"][f"{k.key}.count"]["status"] == "auto_accepted"
        for k in load_kinds()
    )
    start = time.perf_counter()
    for _ in range(10):
        split = stage.split_submission(docs, template)
        stage.evidence_fields(split, template.catalogue["evidence"], None)
    assert (time.perf_counter() - start) / 10 < 0.05
