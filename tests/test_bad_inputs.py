"""A batch full of bad files runs through the real flow: every file gets its reason, nothing
crashes, the good submissions are read, and no original is changed or lost."""

import os
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from sqlmodel import select

from core.config import load_settings
from jingpin.demo.score import load_truth
from models import store
from models.tables import Document, Submission

pytestmark = [pytest.mark.demo, pytest.mark.prefect, pytest.mark.ocr]
BATCH = "宜昌市-2024-07"
CODE = re.compile(r"\[(\w+)\]$")
GBK_NAME = "清单".encode("gbk")


def _printed(small_inbox) -> list[Path]:
    """The born-digital prints of the demo's 申报表: real forms with a text layer, read fast."""
    return sorted((small_inbox.truth / "printed").rglob("*.pdf"))


def build_bad_batch(root: Path, good: Path) -> dict[str, str | None]:
    """Files by path under the batch, each with the reason code it must get (None: read normally)."""
    batch = root / BATCH
    ok, bad, odd, none = (
        batch / n for n in ("宜昌好公司", "宜昌坏公司", "奇怪名字 公司 🎉", "宜昌无表公司")
    )
    for folder in (ok, bad, odd, none):
        folder.mkdir(parents=True)
    data = good.read_bytes()
    shutil.copy(good, ok / "申报表.pdf")
    shutil.copy(good, ok / "申报表(1).pdf")
    shutil.copy(good, odd / "申报表 (最终版)\n.pdf")
    (bad / "空文件.pdf").write_bytes(b"")
    (bad / "假的.pdf").write_text("这不是 PDF", encoding="utf-8")
    (bad / "坏头.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(4000))
    (bad / "截断.pdf").write_bytes(data[: len(data) // 3])
    for name, user in (("加密.pdf", "secret"), ("仅限打印.pdf", "")):
        writer = PdfWriter(clone_from=PdfReader(good))
        writer.encrypt(user_password=user, owner_password="owner")
        with (bad / name).open("wb") as f:
            writer.write(f)
    huge = PdfWriter()
    huge.add_blank_page(width=5000, height=5000)
    with (bad / "巨幅.pdf").open("wb") as f:
        huge.write(f)
    with (bad / "无页.pdf").open("wb") as f:
        PdfWriter().write(f)
    (bad / "说明.exe").write_bytes(b"MZ\x00\x00")
    (bad / "旧版申报表.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    (bad / "损坏.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (bad / "坏图.jpg").write_bytes(b"\xff\xd8\xff\xe0broken")
    from PIL import Image

    Image.new("RGB", (800, 600), "white").save(bad / "截断图.png")
    png = (bad / "截断图.png").read_bytes()
    (bad / "截断图.png").write_bytes(png[: len(png) // 2])
    (bad / "链接.pdf").symlink_to(good)
    with open(
        os.fsencode(bad) + b"/" + GBK_NAME + b".pdf", "wb"
    ) as f:  # a GBK name from an old zip
        f.write(data + b"\n")
    Image.new("RGB", (400, 200), "white").save(none / "营业执照.png")
    return {
        "宜昌好公司/申报表.pdf": None,
        "宜昌好公司/申报表(1).pdf": "duplicate",
        "奇怪名字 公司 🎉/申报表 (最终版)\n.pdf": None,
        "宜昌坏公司/空文件.pdf": "empty",
        "宜昌坏公司/假的.pdf": "not_pdf",
        "宜昌坏公司/坏头.pdf": "corrupt_pdf",
        "宜昌坏公司/截断.pdf": "corrupt_pdf",
        "宜昌坏公司/加密.pdf": "encrypted",
        "宜昌坏公司/仅限打印.pdf": None,
        "宜昌坏公司/巨幅.pdf": "enormous_page",
        "宜昌坏公司/无页.pdf": "no_pages",
        "宜昌坏公司/说明.exe": "unsupported",
        "宜昌坏公司/旧版申报表.doc": "old_office",
        "宜昌坏公司/损坏.docx": "corrupt_docx",
        "宜昌坏公司/坏图.jpg": "corrupt_image",
        "宜昌坏公司/截断图.png": "corrupt_image",
        "宜昌坏公司/链接.pdf": "link",
        f"宜昌坏公司/{GBK_NAME.decode('utf-8', 'replace')}.pdf": "bad_name",
        "宜昌无表公司/营业执照.png": None,
    }


def snapshot(root: Path) -> dict[bytes, bytes]:
    return {
        os.fsencode(p): (os.readlink(p).encode() if p.is_symlink() else p.read_bytes())
        for p in root.rglob("*")
        if p.is_file() or p.is_symlink()
    }


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory, small_inbox, prefect_home, prefect_harness):
    from flows.process import process_inbox

    root = tmp_path_factory.mktemp("bad") / "inbox"
    expected = build_bad_batch(root, _printed(small_inbox)[0])
    before = snapshot(root)
    home = tmp_path_factory.mktemp("bad-home")
    result = process_inbox(str(root), str(home))
    return expected, before, root, load_settings(home), result


def test_every_bad_file_gets_its_reason(bad_run):
    expected, _, _, settings, result = bad_run
    with store.session(settings.db_url) as s:
        docs = {d.path.removeprefix(f"{BATCH}/"): d for d in s.exec(select(Document))}
    got = {path: (CODE.search(d.error).group(1) if d.error else None) for path, d in docs.items()}
    assert got == expected
    for d in docs.values():
        if d.error:
            zh, en = d.error.rsplit(" [", 1)[0].split(" / ", 1)
            assert re.search(r"[\u4e00-\u9fff]", zh) and re.search(r"[a-z]{3}", en), d.error
    assert len({c for c in expected.values() if c}) >= 12
    assert result["stats"]["submissions"] == 4


def test_bad_files_are_quarantined_and_originals_untouched(bad_run):
    expected, before, root, settings, _ = bad_run
    assert snapshot(root) == before
    for path, code in expected.items():
        copy = settings.quarantine_dir / BATCH / path
        reason = copy.with_name(copy.name + ".reason.txt")
        assert reason.exists() == (code is not None), path
        if code is not None:
            assert reason.read_text(encoding="utf-8").startswith(code)
            assert copy.exists() == (code != "link"), path  # a link is reported, never followed


def test_good_and_odd_submissions_are_read_and_a_folder_without_form_is_reported(
    bad_run, small_inbox
):
    _, _, _, settings, _ = bad_run
    with store.session(settings.db_url) as s:
        subs = {x.key.split("/", 1)[1]: x for x in s.exec(select(Submission))}
    truths = load_truth(small_inbox.truth)
    names = {t["leaves"]["entity_name"] for t in truths.values()}
    for key in ("宜昌好公司", "奇怪名字 公司 🎉"):
        assert subs[key].record["fields"]["entity_name"]["value"] in names
        assert subs[key].error is None
    assert "no_application" in subs["宜昌无表公司"].error
    # the print-restricted PDF opens without a password and is recognised as the form by its text
    assert subs["宜昌坏公司"].record["problems"] == []
    assert subs["宜昌坏公司"].record["fields"]["entity_name"]["value"] in names
