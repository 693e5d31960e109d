"""The Word (.docx) version of a 申报表, as applicants send it beside the stamped scan."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document

from jingpin.demo.printer import Marks, description_rows
from jingpin.demo.values import Applicant


def plain(text: str) -> str:
    """Printer markup to Word text: line breaks kept, font tags dropped."""
    return re.sub(r"<[^>]+>", "", re.sub(r"<br/>", "\n", text))


def write_docx(a: Applicant, marks: Marks, path: Path) -> None:
    v = a.leaves
    doc = Document()
    doc.add_heading("“湖北精品”培育申报表", level=1)
    for label, value in [
        ("报告编号", v["report_no"]),
        ("申报单位（盖章）", v["applicant_unit"]),
        ("申报产品/服务名称", v["product_name"]),
        ("所属行业类别", f"{v['industry'][1:]} {v['industry_name']}"),
        ("市州市场监管部门", v["city_regulator"]),
    ]:
        doc.add_paragraph(f"{label}：{value}")
    basic = doc.add_table(rows=0, cols=2)
    for label, value in [
        ("经营主体名称", v["entity_name"]),
        ("统一社会信用代码", v["credit_code"]),
        ("注册商标名称", v["trademark"]),
        ("经营主体注册地址", v["address"]),
        ("经营主体规模", marks.options(v["scale"], ["大型", "中型", "小型", "微型"])),
        ("法人代表/电话", f"{v['legal_rep']}/{v['legal_rep_phone']}"),
        ("联系人/电话/邮箱", f"{v['contact_name']}/{v['contact_phone']}/{v['contact_email']}"),
    ]:
        cells = basic.add_row().cells
        cells[0].text, cells[1].text = label, plain(value)
    table = doc.add_table(rows=0, cols=2)
    for _, _, indicator, description in description_rows(a, marks):
        cells = table.add_row().cells
        cells[0].text = indicator
        cells[1].text = plain(description)
    doc.save(str(path))
