"""Every relation of a template, on a real PDF of a second, made-up form.

The form is printed with reportlab and read by the real reading stages (text layer plus
the rasterized page for cells, seals and boxes), so the test also shows that a new form
needs only a new catalogue and template, no code.
"""

import random

import pytest
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from core.record import Leaf
from extractors.blocks import page_blocks
from extractors.locate import locate
from extractors.normalize import normalize
from extractors.template import FieldSpec, parse_template, spec_type
from jingpin.demo import printer
from jingpin.demo.seal import seal_image
from jingpin.demo.values import uscc
from pipeline.ingest import sha256_of
from pipeline.read import ReadOptions, read_document

CODE = uscc(random.Random(4), "420100")
ROWS = 44  # enough rows that the long table continues on the next page

CATALOGUE = {
    "form": {
        "no": FieldSpec("no", "text"),
        "name": FieldSpec("name", "text"),
        "code": FieldSpec("code", "uscc"),
        "scale": FieldSpec("scale", "choice", ("大型", "中型", "小型")),
        "summary": FieldSpec("summary", "text"),
        "awards": FieldSpec("awards", "list", (), {"name": "text", "issuer": "text"}),
        "first_item": FieldSpec("first_item", "text"),
        "last_item": FieldSpec("last_item", "text"),
        "sealed": FieldSpec("sealed", "seal"),
        "audit_sealed": FieldSpec("audit_sealed", "seal"),
    }
}
TEMPLATE = {
    "form": "made_up",
    "documents": {
        "form": {
            "fields": {
                "no": {"relation": "after", "label": "编号"},
                "name": {"relation": "right", "label": "单位名称"},
                "code": {"relation": "right", "label": "信用代码"},
                "scale": {"relation": "right", "label": "规模"},
                "summary": {
                    "relation": "below",
                    "label": "情况说明",
                    "skip": ["注："],
                    "until": "^国家级",
                },
                "awards": {
                    "relation": "list",
                    "label": "国家级",
                    "attrs": {"name": "奖项名称", "issuer": "颁发部门"},
                },
                "first_item": {"relation": "right", "label": "事项1号"},
                "last_item": {"relation": "right", "label": f"事项{ROWS}号"},
                "sealed": {"relation": "seal", "label": "申报单位(盖章)", "radius_mm": 45},
                "audit_sealed": {"relation": "seal", "label": "审核单位(盖章)", "radius_mm": 45},
            }
        }
    },
}


def made_up_form(path) -> None:
    st = printer.styles()

    def p(text: str) -> Paragraph:
        return Paragraph(text, st["cell"])

    merged = Table(
        [
            [p("基本信息"), p("单位名称"), p("武汉测试有限公司")],
            ["", p("信用代码"), p(CODE)],
            ["", p("规模"), p("□大型 ■中型 □小型")],
        ],
        colWidths=[20 * mm, 40 * mm, 100 * mm],
    )
    merged.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.8, colors.black), ("SPAN", (0, 0), (0, 2))])
    )
    long = Table(
        [[p(f"事项{i}号"), p(f"内容{i}")] for i in range(1, ROWS + 1)],
        colWidths=[40 * mm, 120 * mm],
    )
    long.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.8, colors.black)]))
    seal = seal_image("武汉测试有限公司", random.Random(1))
    story = [
        Paragraph("编号：T-2024-001", st["body"]),
        Spacer(1, 6 * mm),
        merged,
        Spacer(1, 6 * mm),
        Paragraph("情况说明", st["body"]),
        Paragraph("本单位成立于2001年，主营测试设备。", st["body"]),
        Paragraph("注：以上情况属实。", st["body"]),
        Paragraph(
            "国家级2项，奖项名称甲等奖、乙等奖，颁发部门科学技术部、工业和信息化部；", st["body"]
        ),
        Spacer(1, 6 * mm),
        long,
        PageBreak(),
        Paragraph("申报单位（盖章）：", st["body"]),
        printer.SealMark(seal, 35 * mm, 0),
        Spacer(1, 60 * mm),
        Paragraph("审核单位（盖章）：", st["body"]),
    ]
    printer.build_pdf(story, path)


@pytest.fixture(scope="module")
def fields(tmp_path_factory):
    folder = tmp_path_factory.mktemp("made-up")
    pdf = folder / "form.pdf"
    made_up_form(pdf)
    pages = read_document(
        pdf, sha256_of(pdf), ReadOptions(threads=1), folder / "cache", folder / "pages"
    )
    template = parse_template(TEMPLATE, CATALOGUE)
    blocks = [b for page in pages for b in page_blocks(page)]
    evidence = locate(
        template.documents["form"],
        CATALOGUE["form"],
        blocks,
        {p.number: p.seals for p in pages},
        {p.number: p.dpi for p in pages},
    )
    out = {}
    for ev in evidence:
        kind, options = spec_type(Leaf.parse(ev.leaf), CATALOGUE["form"])
        out[ev.leaf] = (normalize(kind, ev.raw, list(options)).value, ev.page)
    return out, pages


def test_the_long_table_continues_on_the_next_pages(fields):
    _, pages = fields
    assert len(pages) >= 3 and all(p.source == "text" for p in pages)


@pytest.mark.parametrize(
    ("leaf", "value"),
    [
        ("no", "T-2024-001"),  # after
        ("name", "武汉测试有限公司"),
        ("code", CODE),  # right, in rows of a merged label
        ("scale", "中型"),  # a tick box from the text layer
        ("summary", "本单位成立于2001年,主营测试设备。"),  # below, skipping the note
        ("awards.count", 2),
        ("awards[0].name", "甲等奖"),
        ("awards[1].issuer", "工业和信息化部"),  # pattern list
        ("first_item", "内容1"),
        ("sealed", True),
        ("audit_sealed", False),  # seal
    ],
)
def test_each_relation(fields, leaf, value):
    assert fields[0][leaf][0] == value


def test_a_row_on_the_continued_page(fields):
    value, page = fields[0]["last_item"]
    assert value == f"内容{ROWS}" and page > 1
