"""The records workbook people read: Chinese headers in the forms' order, a sheet per city.

Sheets: 申报记录 (one row per applicant), one per 市州 (the same rows, that city's), 核查未通过
(each failed check with its rule's message), 字段明细 (every leaf: value, reading, confidence,
status) and 说明 (what the colours mean). Programs keep the key-headed workbook of
``pipeline.export``.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from core.record import Status
from reports.applicant import (
    failed_checks,
    in_province_order,
    name_of,
    open_leaves,
    state_text,
)
from reports.cities import city_of
from reports.labels import header, ordered, shown, word
from reports.xlsx import FAILED_FILL, MISSING_FILL, UNSURE_FILL, write_table

HEAD = [
    "推荐市州",
    "经营主体名称",
    "申报编号",
    "批次",
    "状态",
    "待审字段",
    "未通过核查",
    "审核人",
    "审核完成时间",
]
FROZEN = 2  # 推荐市州 and 经营主体名称 stay in view while scrolling right
LEAF_FILLS = {Status.NEEDS_REVIEW: UNSURE_FILL, Status.MISSING: MISSING_FILL}
CHECK_HEAD = ["推荐市州", "经营主体名称", "申报编号", "核查规则", "严重程度", "说明", "涉及字段"]
DETAIL_HEAD = [
    "经营主体名称",
    "申报编号",
    "字段",
    "值",
    "原始识别",
    "置信度",
    "状态",
    "审核人",
    "页码",
]
LEGEND = [
    ("黄色", "待审核：置信度低于阈值或核查未通过，需要人工确认"),
    ("橙色", "未找到：表格中有此栏，但未识别出内容"),
    ("红色", "状态为核查未通过的申报"),
]


def record_row(record: dict, leaves: list[str]) -> list:
    review = record.get("review", {})
    fields = record.get("fields", {})
    return [
        city_of(record),
        name_of(record),
        record["submission_id"],
        record.get("batch"),
        state_text(record),
        len(open_leaves(record)),
        len(failed_checks(record)),
        review.get("reviewer"),
        review.get("completed_at"),
    ] + [shown((fields.get(leaf) or {}).get("value")) for leaf in leaves]


def record_fills(records: list[dict], leaves: list[str]) -> dict:
    """Unsure and missing leaves highlighted; the state cell red when a check failed."""
    fills = {}
    for r, record in enumerate(records):
        if failed_checks(record):
            fills[(r, HEAD.index("状态"))] = FAILED_FILL
        fields = record.get("fields", {})
        for c, leaf in enumerate(leaves, start=len(HEAD)):
            fill = LEAF_FILLS.get((fields.get(leaf) or {}).get("status"))
            if fill is not None:
                fills[(r, c)] = fill
    return fills


def check_rows(records: list[dict]) -> list[list]:
    return [
        [
            city_of(r),
            name_of(r),
            r["submission_id"],
            c.rule,
            word("severities", c.severity),
            c.message,
            "；".join(header(leaf) for leaf in c.leaves),
        ]
        for r in records
        for c in failed_checks(r)
    ]


def detail_rows(records: list[dict]) -> list[list]:
    return [
        [
            name_of(r),
            r["submission_id"],
            header(leaf),
            shown(f.get("value")),
            None if f.get("raw") is None else str(f["raw"]),
            f.get("confidence"),
            word("statuses", f.get("status")),
            f.get("reviewed_by"),
            f.get("page"),
        ]
        for r in records
        for leaf in ordered(list(r.get("fields", {})))
        for f in [r["fields"][leaf]]
    ]


def _records_sheet(wb: Workbook, title: str, records: list[dict], leaves: list[str]) -> None:
    ws = wb.create_sheet(title)
    rows = [record_row(r, leaves) for r in records]
    write_table(
        ws, HEAD + [header(leaf) for leaf in leaves], rows, FROZEN, record_fills(records, leaves)
    )
    ws.row_dimensions[1].height = 48


def write_workbook(records: list[dict], out: Path) -> Path:
    """The people's records workbook at ``out``."""
    records = in_province_order(records)
    leaves = ordered([leaf for r in records for leaf in r.get("fields", {})])
    wb = Workbook()
    wb.remove(wb.active)
    _records_sheet(wb, "申报记录", records, leaves)
    for city in dict.fromkeys(city_of(r) for r in records):
        _records_sheet(wb, city[:31], [r for r in records if city_of(r) == city], leaves)
    write_table(wb.create_sheet("核查未通过"), CHECK_HEAD, check_rows(records), 2)
    write_table(wb.create_sheet("字段明细"), DETAIL_HEAD, detail_rows(records), 1)
    legend = wb.create_sheet("说明")
    write_table(legend, ["颜色", "含义"], LEGEND)
    for (colour, _), fill in zip(LEGEND, (UNSURE_FILL, MISSING_FILL, FAILED_FILL), strict=True):
        next(c for c in legend["A"] if c.value == colour).fill = fill
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
