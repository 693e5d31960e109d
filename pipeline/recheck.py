"""A record's checks, decided in one place: when the pipeline builds it and after each review.

The checks read the record alone (its leaves, the Word version's values, where each
evidence document is), so the review desk re-runs exactly what the pipeline ran.
"""

from __future__ import annotations

from collections.abc import Callable

from core.record import CheckResult, FieldEntry, Leaf, Record, Status
from extractors import cities
from extractors.template import summary_labels
from pipeline.checks import BATCH_CITY, apply_checks, run_checks, with_word_version
from pipeline.evidence_checks import VIEW_PAGES, WHERE
from pipeline.form import load_form

Weigh = Callable[[dict[str, FieldEntry], list[CheckResult]], None]


def summary_matched(record: Record) -> bool:
    """Whether the summary table's row of this applicant was found: its leaves are there."""
    columns = summary_labels()
    leaves = (Leaf.match(leaf) for leaf in record.fields)
    return any(leaf is not None and leaf.summary and leaf.key in columns for leaf in leaves)


def shown(path: str, pages: list[int]) -> str:
    """Where a document is, for a reviewer: "营业执照.pdf 第1页", "检验报告.pdf 第1–2页"."""
    name, first, last = path.rsplit("/", 1)[-1], min(pages), max(pages)
    return f"{name} 第{first}页" if first == last else f"{name} 第{first}–{last}页"


def evidence_view(record: Record) -> dict[str, dict]:
    """What the evidence rules read besides leaves: the number of evidence pages and, per
    item, where it is in words."""
    view = {VIEW_PAGES: {"value": len(record.evidence or []), "status": Status.AUTO_ACCEPTED}}
    places: dict[str, list[dict]] = {}
    for page in record.evidence or []:
        if page.get("item"):
            places.setdefault(page["item"], []).append(page)
    for item, pages in places.items():
        path = record.sources[pages[0]["source"]]["path"]
        where = shown(path, [p["page"] for p in pages])
        view[WHERE + item] = {"value": where, "status": Status.AUTO_ACCEPTED}
    return view


def check_view(record: Record) -> dict[str, dict]:
    """The leaves as the rule kinds read them, with the Word version and the evidence places."""
    fields = {leaf: entry.to_json() for leaf, entry in record.fields.items()}
    city = {BATCH_CITY: {"value": cities.named_in(record.batch), "status": Status.AUTO_ACCEPTED}}
    return {**with_word_version(fields, record.word), **evidence_view(record), **city}


def recheck(record: Record, form: str, weigh: Weigh | None = None) -> None:
    """Run the checks of the form ``form`` names over ``record`` as it stands and send the leaves of the failed
    ones to review. ``weigh`` (the pipeline's re-weighing by agreement) runs in between."""
    found = run_checks(check_view(record), summary_matched(record), load_form(form).rules)
    checks = [CheckResult.from_json(c) for c in found]
    if weigh is not None:
        weigh(record.fields, checks)
    apply_checks(record.fields, checks)
    record.checks = checks
    record.review.needs_review = record.open_count()
    record.review.corrected = record.reviewed_count()
