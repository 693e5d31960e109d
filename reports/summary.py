"""The province-wide 汇总: 附件3's columns for every applicant of every city, for the committee.

One row per applicant, city by city in the province's order (``data/cities.yaml``), with
what the secretariat adds: the recommending city, how far review got, the failed checks in
words and the reviewer. The sheet prints on A4 landscape, one page wide, headers repeated.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from reports.applicant import (
    failed_checks,
    in_province_order,
    name_of,
    state_of,
    state_text,
    value,
)
from reports.cities import city_of
from reports.labels import local_time, shown, word
from reports.xlsx import FAILED_FILL, UNSURE_FILL, write_table

TITLE = "“湖北精品”培育推荐汇总表（全省）"
ATTACHMENT3 = [
    "序号",
    "经营主体名称",
    "属地",
    "产品/服务名称",
    "执行标准名称及编号",
    "所属行业类别",
    "联系人及联系方式",
]
COLUMNS = ATTACHMENT3[:1] + ["推荐市州"] + ATTACHMENT3[1:] + ["状态", "未通过的核查", "审核人"]
HEADER_ROW = 3
STATE_FILLS = {"checks_failed": FAILED_FILL, "fields_open": UNSURE_FILL}


def _first(record: dict, *leaves: str):
    """The first of ``leaves`` with a value: the applicant's form before the city's summary."""
    return next((v for leaf in leaves if (v := value(record, leaf)) not in (None, "")), None)


def _joined(*parts) -> str | None:
    text = " ".join(str(shown(p)) for p in parts if p not in (None, ""))
    return text or None


def summary_row(number: int, record: dict) -> list:
    industry = _joined(
        _first(record, "industry", "summary.industry"),
        _first(record, "industry_name", "summary.industry_name"),
    )
    contact = _joined(value(record, "contact_name"), value(record, "contact_phone")) or _first(
        record, "summary.contact"
    )
    failed = failed_checks(record)
    return [
        number,
        city_of(record),
        name_of(record),
        _first(record, "summary.location", "address"),
        _first(record, "product_name", "summary.product_name"),
        _first(record, "executed_standard", "summary.executed_standard"),
        industry,
        contact,
        state_text(record),
        "\n".join(f"{n}. {c.message}" for n, c in enumerate(failed, start=1)) or None,
        record.get("review", {}).get("reviewer"),
    ]


def summary_rows(records: list[dict]) -> list[list]:
    """Every applicant, numbered through the province in the province's city order."""
    return [summary_row(n, r) for n, r in enumerate(in_province_order(records), start=1)]


def city_counts(records: list[dict]) -> list[list]:
    """Per city: applicants, and how many are complete, have fields open, failed checks."""
    ordered = in_province_order(records)
    states = Counter((city_of(r), state_of(r)) for r in ordered)
    return [
        [city, sum(1 for r in ordered if city_of(r) == city)]
        + [states[(city, s)] for s in ("complete", "fields_open", "checks_failed")]
        for city in dict.fromkeys(city_of(r) for r in ordered)
    ]


def _print_setup(ws: Worksheet) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def write_summary(records: list[dict], out: Path, made: datetime | None = None) -> Path:
    """The 汇总 workbook: the table, then the per-city counts."""
    rows = summary_rows(records)
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总表"
    ws.cell(1, 1, TITLE).font = Font(bold=True, size=16)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    made = local_time(made)
    ws.cell(2, 1, f"共 {len(rows)} 家；生成于 {made:%Y-%m-%d %H:%M}")
    fills = {
        (r, COLUMNS.index("状态")): STATE_FILLS[state]
        for r, record in enumerate(in_province_order(records))
        if (state := state_of(record)) in STATE_FILLS
    }
    write_table(ws, COLUMNS, rows, 3, fills, header_row=HEADER_ROW)
    _print_setup(ws)
    counts = wb.create_sheet("按市州统计")
    head = ["推荐市州", "申报数"] + [
        word("states", s) for s in ("complete", "fields_open", "checks_failed")
    ]
    write_table(counts, head, city_counts(records), 1)
    _print_setup(counts)
    counts.print_title_rows = "1:1"
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
