"""Cross-checks over one record: identifiers, stated counts, seals, agreement with the summary.

A failed check sends the leaves it touches to review. (First set; issue #6 moves the
rules into data files with Chinese messages.)
"""

from __future__ import annotations

import re

from extractors import identifiers
from extractors.blocks import fold

AGREE = ("entity_name", "product_name", "executed_standard", "industry")
LIST_KEY = re.compile(r"^([a-z_]+)\.count$")


def _value(fields: dict, leaf: str):
    entry = fields.get(leaf)
    return None if entry is None else entry.get("value")


def _same(a, b) -> bool:
    def norm(v):
        return (re.sub(r"\s+", "", fold(str(v))).upper())
    return norm(a) == norm(b)


def run_checks(fields: dict, summary_matched: bool) -> list[dict]:
    checks = []
    code = _value(fields, "credit_code")
    if code is not None:
        ok = identifiers.is_valid_uscc(code)
        checks.append({"rule": "credit_code.checksum", "status": "pass" if ok else "fail",
                       "fields": ["credit_code"], "detail": None if ok else f"校验位不正确 / check character wrong: {code}"})
    for leaf in sorted(fields):
        m = LIST_KEY.match(leaf)
        if not m or not isinstance(_value(fields, leaf), int):
            continue
        key = m.group(1)
        listed = len({re.match(rf"^{key}\[(\d+)\]", k).group(1) for k in fields if k.startswith(f"{key}[")})
        stated = _value(fields, leaf)
        ok = stated == listed
        checks.append({"rule": f"count.{key}", "status": "pass" if ok else "fail", "fields": [leaf],
                       "detail": None if ok else f"填写 {stated} 项，列出 {listed} 项 / states {stated}, lists {listed}"})
    for rule, leaf in (("seal.applicant", "applicant_sealed"), ("seal.city_recommendation", "city_recommendation_sealed"),
                       ("seal.summary", "summary.sealed"), ("seal.declaration", "decl_sealed")):
        if leaf in fields and fields[leaf]["status"] != "missing":
            ok = _value(fields, leaf) is True
            checks.append({"rule": rule, "status": "pass" if ok else "fail", "fields": [leaf],
                           "detail": None if ok else "未检测到公章 / no seal found"})
    checks.append({"rule": "summary.row", "status": "pass" if summary_matched else "fail", "fields": ["entity_name"],
                   "detail": None if summary_matched else "汇总表中没有该申报单位 / applicant not in the city's summary"})
    for key in AGREE:
        a, b = _value(fields, key), _value(fields, f"summary.{key}")
        if not summary_matched or a is None or b is None:
            checks.append({"rule": f"agree.{key}", "status": "not_applicable", "fields": [key]})
            continue
        ok = _same(a, b)
        checks.append({"rule": f"agree.{key}", "status": "pass" if ok else "fail",
                       "fields": [key, f"summary.{key}"],
                       "detail": None if ok else f"申报表：{a}；汇总表：{b}"})
    return checks


def apply_checks(fields: dict, checks: list[dict]) -> None:
    """A failed check sends every leaf it touches to review."""
    for check in checks:
        if check["status"] != "fail":
            continue
        for leaf in check.get("fields") or []:
            if leaf in fields and fields[leaf]["status"] == "auto_accepted":
                fields[leaf]["status"] = "needs_review"
