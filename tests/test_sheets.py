"""审核 sheets from a real store after a real review session, read back with pdfplumber; and
the README's pictures of the 汇总 and of one sheet."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pdfplumber
import pytest
from fastapi.testclient import TestClient
from sqlmodel import select
from typer.testing import CliRunner

from jingpin.cli import app as cli_app
from models import store
from models.tables import FieldValue, Submission
from review.app import create_app
from review.auth import add_user

pytestmark = pytest.mark.demo  # a store of three cities' demo, read with the fake engine

runner = CliRunner()
PASSWORD = "li-password-1"


def cli(*args: str) -> str:
    result = runner.invoke(cli_app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def login(client: TestClient) -> str:
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"name": "li", "password": PASSWORD, "csrf": token})
    return re.search(r'data-csrf="([^"]+)"', client.get("/").text).group(1)


def docx_text(path: Path) -> str:
    doc = docx.Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "".join([p.text for p in doc.paragraphs] + cells)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return flat("".join(page.extract_text() or "" for page in pdf.pages))


def review_session(settings, city: str) -> tuple[TestClient, str]:
    """li, signed in to the review app, corrects the trademark of ``city``'s applicant (with a
    comment) and confirms one of its unsure fields; returns the client and the old trademark."""
    with store.session(settings.db_url) as s:
        add_user(s, "li", PASSWORD, "admin")
        trademark = s.exec(
            select(FieldValue)
            .join(Submission)
            .where(FieldValue.leaf == "trademark", Submission.key.startswith(city))
        ).one()
        unsure = s.exec(
            select(FieldValue).where(
                FieldValue.submission_id == trademark.submission_id,
                FieldValue.status == "needs_review",
            )
        ).first()
    client = TestClient(create_app(settings))
    csrf = login(client)
    fixed = client.post(
        f"/api/fields/{trademark.id}",
        data={
            "version": trademark.version,
            "action": "replace",
            "value": "楚天新牌",
            "comment": "据商标注册证",
            "csrf": csrf,
        },
    )
    assert fixed.status_code == 200, fixed.text
    kept = client.post(f"/api/fields/{unsure.id}", data={"version": unsure.version, "csrf": csrf})
    assert kept.status_code == 200, kept.text
    return client, trademark.value


@pytest.fixture(scope="module")
def reviewed(three_cities, make_store, tmp_path_factory):
    """The three-city store after a review session on 黄石's applicant."""
    settings = make_store(
        three_cities, tmp_path_factory.mktemp("sheets-home"), tmp_path_factory.mktemp("c")
    )
    client, old_trademark = review_session(settings, "黄石市")
    return settings, client, old_trademark


def records(settings) -> dict[str, Submission]:
    with store.session(settings.db_url) as s:
        return {sub.key: sub for sub in s.exec(select(Submission))}


def test_a_sheet_per_applicant_with_checks_and_corrections(reviewed, tmp_path):
    settings, _, old_trademark = reviewed
    cli("report", "sheets", "--out", str(tmp_path), "--docx", "--home", str(settings.home))
    subs = records(settings)
    files = sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert sorted(p.stem for p in tmp_path.glob("*.docx")) == [Path(f).stem for f in files]
    assert len(files) == len(subs) == 3
    for key, sub in subs.items():
        name = key.split("/")[1]
        (path,) = [tmp_path / f for f in files if name in f]  # named after the applicant
        text = pdf_text(path)
        word = flat(docx_text(path.with_suffix(".docx")))
        assert name in text and name in word
        failed = [c["detail"] for c in sub.record["checks"] if c["status"] == "fail"]
        for message in failed:
            assert flat(message) in text and flat(message) in word, (key, message)
        if key.startswith("黄石市"):
            for said in (text, word):
                assert "li" in said and "据商标注册证" in said
                assert flat(f"{old_trademark} → 楚天新牌") in said
        else:
            assert "尚无审核修改" in text
    wuhan = next(tmp_path / f for f in files if f.startswith("武汉市"))
    with pdfplumber.open(wuhan) as pdf:
        assert pdf.pages[0].images  # the scan's crop beside the failed check
    assert docx.Document(str(wuhan.with_suffix(".docx"))).inline_shapes


def test_record_page_serves_the_sheet(reviewed):
    settings, client, _ = reviewed
    sub = next(s for k, s in records(settings).items() if k.startswith("黄石市"))
    assert f'href="/submissions/{sub.id}/sheet.pdf"' in client.get(f"/submissions/{sub.id}").text
    response = client.get(f"/submissions/{sub.id}/sheet.pdf")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert (
        TestClient(create_app(settings)).get(f"/submissions/{sub.id}/sheet.pdf").status_code == 401
    )


def test_pictures_for_the_readme(three_cities, make_store, tmp_path):
    """The printed 汇总 and 武汉's 审核 sheet (a failed check, a review session) as PNGs;
    ``JINGPIN_SCREENSHOTS=docs`` writes them where the README shows them."""
    settings = make_store(three_cities, tmp_path / "home", tmp_path / "cache")
    review_session(settings, "武汉市")
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler's pdftoppm is needed (setup.sh installs it)")
    out = Path(os.environ.get("JINGPIN_SCREENSHOTS", tmp_path))
    summary, printed = tmp_path / "summary.xlsx", tmp_path / "summary.pdf"
    home = str(settings.home)
    cli("report", "summary", "--out", str(summary), "--pdf", str(printed), "--home", home)
    with pdfplumber.open(printed) as pdf:
        first = pdf.pages[0]
        assert first.width > first.height  # A4 landscape
        table = [[flat(cell or "") for cell in row] for row in first.extract_table()]
    assert table[0][:3] == ["序号", "推荐市州", "经营主体名称"]
    assert [(row[1], row[2]) for row in table[1:]] == [
        (key.split("-")[0], key.split("/")[1])
        for key in sorted(records(settings), key=lambda k: ["武", "黄", "十"].index(k[0]))
    ]
    sheets = tmp_path / "sheets"
    cli("report", "sheets", "--out", str(sheets), "--home", home)
    wuhan = next(sheets.glob("武汉市-*.pdf"))
    for pdf, name in ((printed, "summary"), (wuhan, "review-sheet")):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf)]
            + [str(out / name)],
            check=True,
            timeout=60,
        )
        assert (out / f"{name}.png").stat().st_size > 10_000
