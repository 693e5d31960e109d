"""The 审核 sheet: what the committee's file holds about one applicant, as plain data.

``sheet_of`` decides what a sheet says — key data, every failed check with the fields it
names, the fields still unsure, what reviewers changed, what is still open — and the
renderers (``sheet_pdf``, ``sheet_docx``) only lay it out, so PDF and Word say the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core.record import Status
from reports.applicant import failed_checks, name_of, open_leaves, state_text
from reports.cities import city_of
from reports.dossier import Dossier
from reports.labels import header, local_time, ordered, shown, word
from reports.summary import COLUMNS, summary_row

TITLE = "“湖北精品”培育申报 审核单"
KEY_DATA = COLUMNS[1:8]  # the 汇总's columns after 序号: 推荐市州 … 联系人及联系方式
CHANGE_HEAD = ("时间（北京）", "审核人", "字段", "原值 → 新值", "备注")
UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass(frozen=True)
class Evidence:
    """One field as read, and the crop of the scan around it (or why there is none)."""

    text: str
    crop: Path | None
    no_crop: str


@dataclass(frozen=True)
class FailedItem:
    line: str  # "[错误] <the rule's message>"
    evidence: list[Evidence]


@dataclass(frozen=True)
class Sheet:
    name: str
    made: datetime
    key_data: list[tuple[str, str]]
    failed: list[FailedItem]
    unsure: list[Evidence]
    changes: list[tuple[str, ...]]  # CHANGE_HEAD's columns
    still_open: list[str]


def _evidence(d: Dossier, leaf: str) -> Evidence:
    f = d.record["fields"].get(leaf) or {}
    value = shown(f.get("value"))
    lines = [header(leaf), f"值：{'' if value is None else value}"]
    if f.get("raw") not in (None, "", f.get("value")):
        lines.append(f"识别原文：{f['raw']}")
    if f.get("confidence") is not None:
        lines.append(f"置信度：{f['confidence']:.2f}　状态：{word('statuses', f.get('status'))}")
    missing = f.get("status") == Status.MISSING
    why = "表中未找到此项" if missing else "无扫描图像：取自文字层、Word 版或汇总表"
    return Evidence("\n".join(lines), d.crops.get(leaf), f"（{why}）")


def _key_data(record: dict) -> list[tuple[str, str]]:
    values = summary_row(0, record)[1 : 1 + len(KEY_DATA)]
    review = record.get("review", {})
    return [(k, "" if v is None else str(v)) for k, v in zip(KEY_DATA, values, strict=True)] + [
        ("申报编号", record["submission_id"]),
        ("状态", state_text(record)),
        ("审核人", review.get("reviewer") or "（尚未审核）"),
    ]


def _failed(d: Dossier) -> list[FailedItem]:
    return [
        FailedItem(
            f"{n}. [{word('severities', c.severity)}] {c.message}",
            [_evidence(d, leaf) for leaf in c.leaves if leaf in d.record.get("fields", {})],
        )
        for n, c in enumerate(failed_checks(d.record), start=1)
    ]


def _unsure(d: Dossier) -> list[Evidence]:
    """Leaves waiting for a reviewer that no failed check has shown already."""
    shown_above = {leaf for c in failed_checks(d.record) for leaf in c.leaves}
    fields = d.record.get("fields", {})
    return [
        _evidence(d, leaf)
        for leaf in ordered(list(fields))
        if fields[leaf].get("status") == Status.NEEDS_REVIEW and leaf not in shown_above
    ]


def _change_rows(d: Dossier) -> list[tuple[str, ...]]:
    return [
        (
            f"{local_time(c.at):%Y-%m-%d %H:%M}",
            c.reviewer,
            header(c.leaf),
            f"{'（空）' if c.old is None else shown(c.old)} → {shown(c.new)}",
            c.comment or "",
        )
        for c in d.changes
    ]


def sheet_of(d: Dossier, made: datetime | None = None) -> Sheet:
    fields = d.record.get("fields", {})
    return Sheet(
        name_of(d.record),
        local_time(made),
        _key_data(d.record),
        _failed(d),
        _unsure(d),
        _change_rows(d),
        [
            f"{header(leaf)}（{word('statuses', fields[leaf]['status'])}）"
            for leaf in ordered(open_leaves(d.record))
        ],
    )


def file_stem(record: dict, taken: set[str]) -> str:
    """``<市州>-<applicant>``; the batch is added when two applicants share a name."""
    base = UNSAFE.sub("_", f"{city_of(record)}-{name_of(record)}")
    if base in taken:
        base = UNSAFE.sub("_", f"{base}-{record.get('batch', '')}")
    taken.add(base)
    return base


def write_sheets(dossiers: list[Dossier], folder: Path, docx: bool = False) -> list[Path]:
    """One sheet per applicant in ``folder``, named after it: PDF, and Word when asked."""
    from reports.sheet_pdf import write_pdf

    taken: set[str] = set()
    written = []
    for d in dossiers:
        stem, sheet = file_stem(d.record, taken), sheet_of(d)
        written.append(write_pdf(sheet, folder / f"{stem}.pdf"))
        if docx:
            from reports.sheet_docx import write_docx

            written.append(write_docx(sheet, folder / f"{stem}.docx"))
    return written
