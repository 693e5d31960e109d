"""Prints evidence documents (附录：证明性材料) as they reach the secretariat: a landscape
营业执照 in its border, a 商标注册证, 发明专利证书, management-system certificates, a test
report (cover with its CMA mark and the lab's seal, then a results page) and a 信用中国（湖北）
credit report with its red heading. Drawn on a reportlab canvas, one function per kind.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from jingpin.demo.evidence_values import EvidenceDoc, _cn_date
from jingpin.demo.seal import seal_image
from reports.fonts import FONT, register_font

INK = (0.1, 0.1, 0.1)
RED = (0.84, 0.13, 0.15)
BORDER = (0.62, 0.36, 0.16)


def _text(c: Canvas, x: float, y: float, text: str, size: float = 11, color=INK) -> None:
    c.setFillColorRGB(*color)
    c.setFont(FONT, size)
    c.drawString(x, y, text)


def _centred(c: Canvas, y: float, text: str, size: float, color=INK) -> None:
    c.setFillColorRGB(*color)
    c.setFont(FONT, size)
    c.drawCentredString(c._pagesize[0] / 2, y, text)


def _seal(
    c: Canvas, image: Image.Image, cx: float, cy: float, rng: random.Random, d: float = 40 * mm
) -> None:
    """Stamped by hand: never twice in the same place (which also tells copies apart)."""
    cx, cy = cx + rng.uniform(-25, 25) * mm, cy + rng.uniform(-12, 12) * mm
    c.drawImage(ImageReader(image), cx - d / 2, cy - d / 2, d, d, mask="auto")


def licence(c: Canvas, doc: EvidenceDoc, rng: random.Random) -> None:
    c.setPageSize(landscape(A4))
    w, h = landscape(A4)
    t, s = doc.truth, doc.shown
    c.setStrokeColorRGB(*BORDER)
    c.setLineWidth(6)
    c.rect(10 * mm, 10 * mm, w - 20 * mm, h - 20 * mm)
    c.setLineWidth(1.2)
    c.rect(14 * mm, 14 * mm, w - 28 * mm, h - 28 * mm)
    _text(c, 24 * mm, h - 34 * mm, f"统一社会信用代码  {t['credit_code']}", 12)
    _centred(c, h - 52 * mm, "营 业 执 照", 34)
    _centred(c, h - 62 * mm, "（副      本）", 13)
    left, right, y = 34 * mm, 160 * mm, h - 82 * mm
    rows = [
        (f"名        称  {t['entity_name']}", f"注册资本  {s['capital']}"),
        ("类        型  有限责任公司", f"成立日期  {s['founded']}"),
        (f"法定代表人  {t['legal_rep']}", "营业期限  长期"),
        ("经营范围  一般项目：产品研发、生产与销售；", f"住        所  {t['address']}"),
    ]
    for a, b in rows:
        _text(c, left, y, a, 12)
        _text(c, right, y, b, 12)
        y -= 13 * mm
    _text(c, left + 24 * mm, y + 6 * mm, "技术服务；货物进出口。", 12)
    _text(c, right + 20 * mm, 40 * mm, "登记机关", 13)
    _text(c, right + 20 * mm, 30 * mm, "2023年05月12日", 12)
    _seal(c, seal_image(f"{t['address'][3:6]}市场监督管理局", rng), right + 35 * mm, 40 * mm, rng)
    _text(c, 24 * mm, 20 * mm, "国家企业信用信息公示系统网址：http://www.gsxt.gov.cn", 9)
    c.showPage()


def _bordered_page(c: Canvas) -> tuple[float, float]:
    """An A4 certificate page with its heavy printed border; returns its width and height."""
    c.setPageSize(A4)
    w, h = A4
    c.setStrokeColorRGB(*BORDER)
    c.setLineWidth(3)
    c.rect(12 * mm, 12 * mm, w - 24 * mm, h - 24 * mm)
    return w, h


def trademark(c: Canvas, doc: EvidenceDoc, rng: random.Random) -> None:
    w, h = _bordered_page(c)
    t = doc.truth
    _centred(c, h - 45 * mm, "商 标 注 册 证", 30)
    _centred(c, h - 62 * mm, f"第  {t['reg_no']}  号", 14)
    c.setStrokeColorRGB(*INK)
    c.setLineWidth(1)
    c.rect(w / 2 - 45 * mm, h - 110 * mm, 90 * mm, 38 * mm)
    _centred(c, h - 95 * mm, t["mark"], 30)
    y = h - 128 * mm
    for line in [
        "核定使用商品（第9类）：电器设备；配电箱；电线；",
        f"注册人  {t['holder']}",
        f"注册地址  {doc.shown.get('address', '湖北省')}",
        f"注册有效期限  自{doc.shown['from']}至{_cn_date(t['valid_until'])}",
    ]:
        _text(c, 28 * mm, y, line, 12)
        y -= 12 * mm
    _text(c, w - 80 * mm, 40 * mm, "局长", 12)
    _seal(c, seal_image("国家知识产权局商标局", rng), w - 60 * mm, 45 * mm, rng)
    c.showPage()


def patent(c: Canvas, doc: EvidenceDoc, rng: random.Random) -> None:
    w, h = _bordered_page(c)
    t = doc.truth
    _text(c, w - 70 * mm, h - 25 * mm, f"证书号第{rng.randint(1000000, 6999999)}号", 10)
    _centred(c, h - 50 * mm, "发 明 专 利 证 书", 28)
    digits = t["number"].removeprefix("ZL")
    spaced = f"ZL {digits[:4]} {digits[4]} {digits[5:]}"
    y = h - 75 * mm
    for line in [
        f"发明名称：{t['title']}",
        f"发明人：{rng.choice('王李张刘陈')}{rng.choice(['建华', '立新', '海波'])}",
        f"专利号：{spaced}",
        f"专利申请日：{digits[:4]}年03月02日",
        f"专利权人：{t['patentee']}",
        "地址：湖北省",
        f"授权公告日：{int(digits[:4]) + 2}年08月16日",
    ]:
        _text(c, 28 * mm, y, line, 12)
        y -= 11 * mm
    for line in [
        "国家知识产权局依照中华人民共和国专利法进行审查，决定授予专利权，",
        "颁发发明专利证书并在专利登记簿上予以登记。专利权自授权公告之日起生效。",
    ]:
        _text(c, 28 * mm, y, line, 10)
        y -= 8 * mm
    _seal(c, seal_image("国家知识产权局", rng), w - 60 * mm, 50 * mm, rng)
    c.showPage()


def cert(c: Canvas, doc: EvidenceDoc, rng: random.Random) -> None:
    c.setPageSize(A4)
    w, h = A4
    t = doc.truth
    system = t["name"].removesuffix("认证证书")
    c.setStrokeColorRGB(0.2, 0.35, 0.6)
    c.setLineWidth(4)
    c.rect(12 * mm, 12 * mm, w - 24 * mm, h - 24 * mm)
    _centred(c, h - 45 * mm, t["name"], 24)
    _text(c, 28 * mm, h - 65 * mm, f"证书编号：{t['number']}", 12)
    _text(c, 28 * mm, h - 82 * mm, "兹证明", 13)
    _centred(c, h - 96 * mm, t["holder"], 16)
    y = h - 112 * mm
    for line in [
        "注册地址：湖北省",
        f"{system}符合 GB/T 19001-2016/ISO 9001:2015 标准",
        "认证范围：产品的设计、生产和服务",
        "发证日期：2022年06月01日",
        f"有效期至：{_cn_date(t['valid_until'])}",
    ]:
        _text(c, 28 * mm, y, line, 12)
        y -= 11 * mm
    _text(c, 28 * mm, 40 * mm, doc.shown["body"], 12)
    _seal(c, seal_image(doc.shown["body"], rng), 60 * mm, 45 * mm, rng)
    c.showPage()


def _cma(c: Canvas, x: float, y: float) -> None:
    """The CMA mark: the letters over an arc, and the accreditation number under them."""
    c.setStrokeColorRGB(*INK)
    c.setLineWidth(2)
    c.arc(x, y - 4 * mm, x + 34 * mm, y + 14 * mm, 200, 140)
    _text(c, x + 4 * mm, y, "CMA", 22)
    _text(c, x, y - 8 * mm, "201817000123", 8)


def test_report(c: Canvas, doc: EvidenceDoc, rng: random.Random) -> None:
    c.setPageSize(A4)
    w, h = A4
    t = doc.truth
    _cma(c, 24 * mm, h - 30 * mm)
    _text(c, w - 85 * mm, h - 30 * mm, f"报告编号：{t['report_no']}", 11)
    _centred(c, h - 80 * mm, "检 验 报 告", 34)
    y = h - 120 * mm
    for line in [
        f"产品名称：{doc.shown['product']}",
        "委托单位：见第2页",
        "检验类别：委托检验",
    ]:
        _text(c, 50 * mm, y, line, 14)
        y -= 14 * mm
    _text(c, 50 * mm, 70 * mm, f"检验单位：{t['lab']}", 13)
    _text(c, 50 * mm, 58 * mm, f"签发日期：{_cn_date(t['issued'])}", 13)
    _seal(c, seal_image(t["lab"], rng), w - 65 * mm, 70 * mm, rng)
    c.showPage()
    _text(c, 24 * mm, h - 25 * mm, f"报告编号：{t['report_no']}", 10)
    _text(c, w - 55 * mm, h - 25 * mm, "第 2 页 共 2 页", 10)
    _centred(c, h - 45 * mm, "检 验 报 告", 18)
    y = h - 65 * mm
    rows = [("检验项目", "标准要求", "检验结果", "单项判定")] + [
        (f"项目{i}", "符合要求", "符合", "合格") for i in range(1, 6)
    ]
    for row in rows:
        for j, cell in enumerate(row):
            _text(c, (24 + 42 * j) * mm, y, cell, 11)
        y -= 10 * mm
    _text(c, 24 * mm, y - 6 * mm, f"检验结论：{t['conclusion']}", 13)
    c.showPage()


def credit_report(c: Canvas, doc: EvidenceDoc, rng: random.Random) -> None:
    c.setPageSize(A4)
    w, h = A4
    t = doc.truth
    _centred(c, h - 40 * mm, "信用中国（湖北）", 22, RED)  # the red heading
    c.setStrokeColorRGB(*RED)
    c.setLineWidth(2)
    c.line(24 * mm, h - 48 * mm, w - 24 * mm, h - 48 * mm)
    _centred(c, h - 75 * mm, "法人和非法人组织公共信用信息报告", 20)
    y = h - 110 * mm
    for line in [
        f"主体名称：{t['entity_name']}",
        f"统一社会信用代码：{t['credit_code']}",
        f"报告出具日期：{_cn_date(t['issued'])}",
    ]:
        _text(c, 40 * mm, y, line, 13)
        y -= 13 * mm
    _seal(c, seal_image("湖北省社会信用信息服务中心", rng), w - 60 * mm, 60 * mm, rng)
    c.showPage()
    _centred(c, h - 30 * mm, "信用信息概要", 16)
    yes_no = {True: "有（1条）", False: "无"}
    rows = [
        ("严重失信主体名单信息", yes_no[t["dishonesty_listed"]]),
        ("经营异常名录信息", yes_no[t["abnormal_listed"]]),
        ("行政处罚信息", "无"),
        ("行政许可信息", "有（3条）"),
    ]
    _ruled_table(c, rows, 24 * mm, h - 45 * mm, (90 * mm, 72 * mm), 12 * mm)
    c.showPage()


def _ruled_table(
    c: Canvas, rows: list[tuple[str, str]], x: float, top: float, widths: tuple, height: float
) -> None:
    """Label and value cells in a grid, as the report prints its entries."""
    c.setStrokeColorRGB(*INK)
    c.setLineWidth(1)
    xs = [x, x + widths[0], x + widths[0] + widths[1]]
    for i in range(len(rows) + 1):
        c.line(xs[0], top - i * height, xs[-1], top - i * height)
    for cx in xs:
        c.line(cx, top, cx, top - len(rows) * height)
    for i, (label, value) in enumerate(rows):
        y = top - (i + 1) * height + 4 * mm
        _text(c, xs[0] + 3 * mm, y, label, 12)
        _text(c, xs[1] + 3 * mm, y, value, 12)


DRAW: dict[str, Callable[[Canvas, EvidenceDoc, random.Random], None]] = {
    "licence": licence,
    "trademark": trademark,
    "patent": patent,
    "cert": cert,
    "test_report": test_report,
    "credit_report": credit_report,
}


def appendix_heading(c: Canvas) -> None:
    """The form's own last page in the notice: 附录：证明性材料."""
    c.setPageSize(A4)
    _centred(c, A4[1] - 40 * mm, "附录：证明性材料", 18)
    _centred(
        c,
        A4[1] - 52 * mm,
        "（对照《“湖北精品”培育申报表》的证明性材料清单提供证明性材料，可附页）",
        10,
    )
    c.showPage()


def print_documents(
    docs: list[EvidenceDoc], out: Path, rng: random.Random, heading: bool = False
) -> None:
    """One PDF with ``docs`` in order (after the 附录 heading page when ``heading``)."""
    register_font()
    c = Canvas(str(out), pagesize=A4, invariant=1)
    if heading:
        appendix_heading(c)
    for doc in docs:
        DRAW[doc.kind](c, doc, rng)
    c.save()
