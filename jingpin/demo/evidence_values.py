"""What an applicant's evidence documents say, with planted mismatches, and their truth.

Each document is one item of an ``ev_*`` list of fields.yaml: ``truth`` holds its item
attributes as the pipeline should read them, ``shown`` what else the printer needs. A
planted mismatch changes one document (or leaves one out) and records the rule that must
fail.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from jingpin.demo import values
from jingpin.demo.values import Applicant

LABS = ["湖北省产品质量监督检验研究院", "国家电线电缆质量检验检测中心", "武汉市产品质量监督检验所"]
CERT_BODIES = ["中国质量认证中心", "方圆标志认证集团有限公司", "华夏认证中心有限公司"]
# One planted mismatch per applicant, in turn; the first applicant's evidence is clean.
EV_PLANTS = [
    None,
    "wrong_credit_code",
    "expired_trademark",
    "missing_patent",
    "other_report_no",
    "abnormal_entry",
    "no_licence",
    "expired_cert",
]
PLANT_RULES = {
    "wrong_credit_code": ("ev.licence.credit_code", "ev_licence"),
    "expired_trademark": ("ev.trademark.valid", "ev_trademark_certs"),
    "missing_patent": ("ev.patent.certificate", "patents_domestic"),
    "other_report_no": ("ev.test_report.cited", "quality_test_report"),
    "abnormal_entry": ("ev.credit.abnormal", "ev_credit_reports"),
    "no_licence": ("ev.licence.required", "ev_licence"),
    "expired_cert": ("ev.cert.valid", "ev_cert_docs"),
}
# Where the documents go, in turn: appended after the form (with its 附录 heading page or
# without), as separate files, or some of each.
PLACEMENTS = ["appended", "files", "mixed", "appended_bare"]
FILE_NAMES = {
    "licence": "营业执照.pdf",
    "trademark": "商标注册证.pdf",
    "patent": "专利证书.jpg",
    "cert": "认证证书.pdf",
    "test_report": "检验报告.pdf",
    "credit_report": "信用报告.pdf",
}


@dataclass
class EvidenceDoc:
    kind: str
    key: str
    truth: dict
    shown: dict = field(default_factory=dict)


def _cn_date(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{y}年{m}月{d}日"


def report_number(rng: random.Random) -> str:
    return f"WT{rng.randint(2023, 2024)}-{rng.randint(10000, 99999)}"


def _ensure_items(a: Applicant, rng: random.Random, key: str) -> None:
    """A planted missing certificate needs the form to list one."""
    if a.lists[key]:
        return
    item = {attr: make(rng) for attr, make in values.LIST_ATTRS[key].items()}
    a.lists[key].append(item)
    a.leaves[f"{key}.count"] = a.leaves.get(f"{key}.count", 0) + 1
    for attr, value in item.items():
        a.leaves[f"{key}[0].{attr}"] = value


def licence(a: Applicant, rng: random.Random, wrong_code: bool) -> EvidenceDoc:
    v = a.leaves
    code = values.uscc(rng, values.CITIES[a.city][0]) if wrong_code else v["credit_code"]
    truth = {
        "entity_name": v["entity_name"],
        "credit_code": code,
        "address": v["address"],
        "legal_rep": v["legal_rep"],
    }
    founded = f"{rng.randint(1995, 2015)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    shown = {
        "founded": _cn_date(founded),
        "capital": f"{rng.choice(['伍仟', '壹亿', '贰仟'])}万元整",
    }
    return EvidenceDoc("licence", "ev_licence", truth, shown)


def trademark(a: Applicant, rng: random.Random, expired: bool) -> EvidenceDoc:
    until = "2024-03-15" if expired else f"{rng.randint(2026, 2033)}-{rng.randint(1, 12):02d}-13"
    truth = {
        "reg_no": str(rng.randint(10_000_000, 69_999_999)),
        "mark": a.leaves["trademark"],
        "holder": a.leaves["entity_name"],
        "valid_until": until,
    }
    start = f"{int(until[:4]) - 10}{until[4:8]}14"
    return EvidenceDoc("trademark", "ev_trademark_certs", truth, {"from": _cn_date(start)})


def patents(a: Applicant, missing: bool) -> list[EvidenceDoc]:
    items = a.lists["patents_domestic"][1:] if missing else a.lists["patents_domestic"]
    return [
        EvidenceDoc(
            "patent",
            "ev_patent_certs",
            {"number": p["number"], "title": p["name"], "patentee": a.leaves["entity_name"]},
        )
        for p in items
    ]


def certs(a: Applicant, rng: random.Random, expired: bool) -> list[EvidenceDoc]:
    out = []
    for i, c in enumerate(a.lists["mgmt_certs"]):
        until = "2024-05-31" if expired and i == 0 else f"{rng.randint(2025, 2027)}-05-31"
        truth = {
            "number": c["number"],
            "name": c["name"],
            "holder": a.leaves["entity_name"],
            "valid_until": until,
        }
        out.append(EvidenceDoc("cert", "ev_cert_docs", truth, {"body": rng.choice(CERT_BODIES)}))
    return out


def test_report(a: Applicant, rng: random.Random, cited: str, lab: str, other: bool) -> EvidenceDoc:
    truth = {
        "report_no": report_number(rng) if other else cited,
        "lab": lab,
        "conclusion": "合格",
        "issued": f"2024-0{rng.randint(1, 5)}-{rng.randint(10, 28)}",
    }
    return EvidenceDoc(
        "test_report", "ev_test_reports", truth, {"product": a.leaves["product_name"]}
    )


def credit_report(a: Applicant, rng: random.Random, abnormal: bool) -> EvidenceDoc:
    truth = {
        "entity_name": a.leaves["entity_name"],
        "credit_code": a.leaves["credit_code"],
        "issued": f"2024-06-{rng.randint(20, 30)}",
        "dishonesty_listed": False,
        "abnormal_listed": abnormal,
    }
    return EvidenceDoc(
        "credit_report", "ev_credit_reports", truth, {"no": f"XY{rng.randint(10**9, 10**10 - 1)}"}
    )


def make_evidence(a: Applicant, rng: random.Random, plant: str | None) -> list[EvidenceDoc]:
    """The documents an applicant appends; changes the form's 2.2.1 text to cite its report."""
    if plant == "missing_patent":
        _ensure_items(a, rng, "patents_domestic")
    if plant == "expired_cert":
        _ensure_items(a, rng, "mgmt_certs")
    lab = rng.choice(LABS)
    cited = report_number(rng)
    a.leaves["quality_test_report"] = f"经{lab}检验（报告编号：{cited}），产品质量合格。"
    docs = [] if plant == "no_licence" else [licence(a, rng, plant == "wrong_credit_code")]
    docs.append(trademark(a, rng, plant == "expired_trademark"))
    docs += patents(a, plant == "missing_patent")
    docs += certs(a, rng, plant == "expired_cert")
    docs.append(test_report(a, rng, cited, lab, plant == "other_report_no"))
    docs.append(credit_report(a, rng, plant == "abnormal_entry"))
    if plant:
        rule, leaf = PLANT_RULES[plant]
        a.planted.append({"kind": plant, "rule": rule, "fields": [leaf]})
    return docs


def truth_leaves(docs: list[EvidenceDoc], kinds: list[str]) -> dict:
    """``ev_*`` leaves of the documents (all kinds listed, zero where none)."""
    leaves: dict = {f"{key}.count": 0 for key in kinds}
    for doc in docs:
        i = leaves[f"{doc.key}.count"]
        leaves[f"{doc.key}.count"] = i + 1
        leaves.update({f"{doc.key}[{i}].{attr}": value for attr, value in doc.truth.items()})
    leaves["ev_unclassified_pages"] = 0
    return leaves
