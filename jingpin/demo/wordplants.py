"""Planted discrepancies of the Word path: what a cross-check must catch, recorded in the truth.

Every other submission (``PLANT_EVERY``) carries one, the kinds taken in turn; one that does not
apply (a changed .docx needs a .docx sent; a miscount needs a list with items) waits its turn:

- ``summary_entity_name``: the city's 推荐汇总表 names the company with one character different;
- ``summary_standard``: the summary's 执行标准 is another year's;
- ``docx_number``: a figure in the sent .docx is not the printed one (one digit changed after
  printing: the scan is the signed form, the .docx the edited file);
- ``credit_code_check``: the 统一社会信用代码 typed with a wrong check character;
- ``count``: a list's count says one more than the items listed;
- ``no_city_seal``: the city's seal missing from the 推荐意见 cell. The city also forgets it
  unplanned (``wordpath.set_word_truth``): that too is recorded, whichever submission it is.

Each plant is ``{"kind", "rule", "fields"}``: ``rule`` is the id in
``data/rules/hubei_jingpin_2024.yaml`` that must fail for it. Choices are drawn from a stream
of their own (``plant-<seed>-<n>``), so the values of the submissions without a plant are
what they were before plants existed; the truth leaves say what was printed.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from extractors import identifiers
from jingpin.demo import habits as hb
from jingpin.demo import values

PLANT_KINDS = (
    "summary_entity_name",
    "summary_standard",
    "docx_number",
    "credit_code_check",
    "count",
    "no_city_seal",
)
PLANT_EVERY = 2  # submissions 0, 2, 4, … carry a plant
SENT_NUMBERS = ("rd_investment_wan", "sales_revenue_wan")  # a docx_number plant changes one


@dataclass
class Plan:
    """What one submission's plant changes beyond its truth leaves."""

    planted: list[dict] = field(default_factory=list)
    sent: dict = field(default_factory=dict)  # leaves the sent .docx says otherwise
    city_seal_withheld: bool = False  # pressed nowhere, though drawn and placed as usual


def plant_rng(seed: int, n: int) -> random.Random:
    return random.Random(f"plant-{seed}-{n}")


@dataclass
class Planter:
    """The kinds in turn, across a build's submissions: a kind that does not apply to a planted
    submission waits for the next one, so every round plants each kind once."""

    seed: int
    waiting: list[str] = field(default_factory=list)

    def plan(
        self, n: int, a: values.Applicant, h: hb.Habits, send_docx: bool, others: list[str]
    ) -> Plan:
        """Submission ``n``'s plant (``others``: the other names in its city's summary)."""
        v, out = a.leaves, Plan()
        if not v["city_recommendation_sealed"]:  # the city forgot: a discrepancy all the same
            out.planted.append(no_city_seal_plant())
            return out
        if n % PLANT_EVERY:
            return out
        if not self.waiting:
            self.waiting = list(PLANT_KINDS)
        kind = next((k for k in self.waiting if applies(k, a, send_docx)), None)
        if kind is not None:
            self.waiting.remove(kind)
            plant(kind, a, h, out, plant_rng(self.seed, n), others)
        return out


def applies(kind: str, a: values.Applicant, send_docx: bool) -> bool:
    if kind == "docx_number":
        return send_docx
    if kind == "count":
        return any(a.lists.values())
    return True


def no_city_seal_plant() -> dict:
    return {
        "kind": "no_city_seal",
        "rule": "seal.city_recommendation",
        "fields": ["city_recommendation_sealed"],
    }


def plant(
    kind: str, a: values.Applicant, h: hb.Habits, out: Plan, rng: random.Random, others: list[str]
) -> None:
    """Make the discrepancy ``kind`` in ``a``'s leaves (or in ``out``) and record it."""
    v = a.leaves
    if kind == "summary_entity_name":
        v["summary.entity_name"] = one_char_changed(
            v["entity_name"], rng, [*others, v["entity_name"]]
        )
        record = ("agree.entity_name", ["entity_name", "summary.entity_name"])
    elif kind == "summary_standard":
        v["summary.executed_standard"] = other_year(v["executed_standard"], rng)
        record = ("agree.executed_standard", ["executed_standard", "summary.executed_standard"])
    elif kind == "docx_number":
        leaf = rng.choice(SENT_NUMBERS)
        out.sent[leaf] = one_digit_changed(h, v[leaf], rng)
        record = (f"agree.word.{leaf}", [leaf])
    elif kind == "credit_code_check":
        v["credit_code"] = wrong_check_char(v["credit_code"], rng)
        record = ("credit_code.checksum", ["credit_code"])
    elif kind == "count":
        listed = [key for key, items in a.lists.items() if items]
        key = "patents_domestic" if "patents_domestic" in listed else rng.choice(listed)
        v[f"{key}.count"] = len(a.lists[key]) + 1
        record = (f"count.{key}", [f"{key}.count"])
    elif kind == "no_city_seal":
        v["city_recommendation_sealed"] = False
        out.city_seal_withheld = True
        out.planted.append(no_city_seal_plant())
        return
    else:
        raise ValueError(f"unknown plant kind {kind!r}")
    out.planted.append({"kind": kind, "rule": record[0], "fields": record[1]})


def one_char_changed(name: str, rng: random.Random, taken: list[str]) -> str:
    """The name with one of its distinctive characters (after the city's two) swapped for
    another, never a name the summary already holds."""
    while True:
        i = rng.randrange(2, len(name) - len("有限公司"))
        typo = name[:i] + rng.choice([c for c in values.WORDS if c != name[i]]) + name[i + 1 :]
        if typo not in taken:
            return typo


def other_year(standard: str, rng: random.Random) -> str:
    """``GB/T 1234-2015`` as ``GB/T 1234-2017``: the summary copied another edition."""
    m = re.search(r"(\d{4})$", standard)
    if m is None:
        return standard + "-2020"
    year = int(m.group(1)) + rng.choice([-3, -2, -1, 1, 2, 3])
    return standard[: m.start()] + str(year)


def one_digit_changed(h: hb.Habits, wan: float, rng: random.Random) -> float:
    """``wan`` with one digit of the applicant's typing of it (``habits.money``) changed."""
    typed = hb.money(h, wan)
    spots = [i for i, c in enumerate(typed) if c.isdigit()]
    i = rng.choice(spots)
    first = i == spots[0] and len(re.match(r"[\d,]*", typed[i:]).group().replace(",", "")) > 1
    digit = rng.choice([d for d in "0123456789"[1 if first else 0 :] if d != typed[i]])
    changed = typed[:i] + digit + typed[i + 1 :]
    number = float(re.sub(r"[^\d.]", "", changed)) * (10000 if "亿" in changed else 1)
    return round(number, 2)


def wrong_check_char(code: str, rng: random.Random) -> str:
    """The code with its 18th character replaced: typed wrong, so its check fails."""
    return code[:17] + rng.choice([c for c in identifiers.USCC_CHARSET if c != code[17]])
