"""Bad input gets a clear reason, is copied to quarantine, and the original is left as it was."""

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from pipeline.ingest import quarantine, scan_inbox, sha256_of


def _good_pdf(printed_applicant) -> Path:
    return next(printed_applicant.inbox.rglob("申报表.pdf"))


@pytest.fixture
def bad_inbox(tmp_path, printed_applicant) -> Path:
    folder = tmp_path / "inbox" / "宜昌市-2024-07" / "宜昌某某有限公司"
    folder.mkdir(parents=True)
    good = _good_pdf(printed_applicant)
    shutil.copy(good, folder / "申报表.pdf")
    shutil.copy(good, folder / "申报表(1).pdf")  # duplicate content
    (folder / "空文件.pdf").write_bytes(b"")
    (folder / "假的.pdf").write_text("this is not a pdf", encoding="utf-8")
    data = good.read_bytes()
    (folder / "截断.pdf").write_bytes(data[: len(data) // 3])
    writer = PdfWriter(clone_from=PdfReader(good))
    writer.encrypt("secret")
    with (folder / "加密.pdf").open("wb") as f:
        writer.write(f)
    (folder / "说明.exe").write_bytes(b"MZ\x00\x00")
    (folder / "坏图.jpg").write_bytes(b"\xff\xd8\xff\xe0broken")
    (folder / "~$临时.docx").write_bytes(b"lock")
    return tmp_path / "inbox"


def test_bad_files_get_reasons(bad_inbox):
    (batch,) = scan_inbox(bad_inbox)
    (sub,) = batch.submissions
    reasons = {f.path.name: (f.problem.code if f.problem else None) for f in sub.files}
    assert reasons == {
        "申报表.pdf": None,
        "申报表(1).pdf": "duplicate",
        "空文件.pdf": "empty",
        "假的.pdf": "not_pdf",
        "截断.pdf": "corrupt_pdf",
        "加密.pdf": "encrypted",
        "说明.exe": "unsupported",
        "坏图.jpg": "corrupt_image",
    }
    for f in sub.files:
        if f.problem:
            assert f.problem.zh and f.problem.en


def test_quarantine_copies_and_never_touches_original(bad_inbox, tmp_path):
    (batch,) = scan_inbox(bad_inbox)
    before = {f.path: sha256_of(f.path) for f in batch.submissions[0].files}
    for f in batch.submissions[0].files:
        if f.problem:
            target = quarantine(f, tmp_path / "quarantine")
            assert target.exists() and target.with_name(target.name + ".reason.txt").read_text(
                encoding="utf-8"
            )
    assert {p: sha256_of(p) for p in before} == before


def test_loose_files_grouped_by_applicant(tmp_path, printed_applicant):
    batch = tmp_path / "inbox" / "襄阳市-2024-07"
    batch.mkdir(parents=True)
    good = _good_pdf(printed_applicant)
    shutil.copy(good, batch / "襄阳甲公司-申报表.pdf")
    (batch / "襄阳甲公司-自我声明.pdf").write_bytes(good.read_bytes() + b"\n")
    shutil.copy(good, batch / "襄阳乙公司_申报表.pdf")
    (batch / "推荐汇总表.xlsx").write_bytes(b"x")
    (plan,) = scan_inbox(tmp_path / "inbox")
    assert sorted(s.key for s in plan.submissions) == [
        "襄阳市-2024-07/襄阳乙公司",
        "襄阳市-2024-07/襄阳甲公司",
    ]
    assert [f.kind for f in plan.files] == ["summary"]
