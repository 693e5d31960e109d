"""Rule kinds that hold the form's claims against its evidence documents (``ev_*`` leaves).

``pipeline.checks`` runs them like its own kinds; what is checked lives in
``data/rules/*.evidence.yaml``. A submission with no evidence page at all (deliveries made
before evidence was read) gets ``not_applicable`` from every one. A value that was not read,
or a missing document that may be hiding among the unclassified pages, gives ``unsure``
(its leaves go to review), never ``fail``. Messages may use ``{where}``: the document and
its pages ("营业执照.pdf 第1页").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from core.record import CheckStatus, Leaf, Status, count_leaf, matching
from extractors.blocks import fold
from extractors.normalize.base import is_blank

if TYPE_CHECKING:
    from pipeline.checks import Rule

VIEW_PAGES = "evidence:pages"
WHERE = "evidence:where:"  # + "key[i]": where that document is, in words
UNCLASSIFIED = "ev_unclassified_pages"


def _value(fields: dict, leaf: str) -> Any:
    entry = fields.get(leaf)
    return None if entry is None or entry.get("status") == Status.MISSING else entry.get("value")


def _norm(value: object) -> str:
    return re.sub(r"\s+", "", fold(str(value))).upper()


def _outcome(rule: Rule, status: CheckStatus, leaves: list[str], rule_id: str, **values) -> dict:
    """A check result in the shape of ``pipeline.checks._result``."""
    return {
        "rule": rule_id,
        "status": status,
        "severity": rule.severity,
        "fields": leaves,
        "detail": rule.message.format(**values)
        if status in (CheckStatus.FAIL, CheckStatus.UNSURE)
        else None,
    }


def _has_evidence(fields: dict) -> bool:
    return bool(_value(fields, VIEW_PAGES))


def _items(fields: dict, key: str, attr: str) -> list[Leaf]:
    """``key[0].attr``, ``key[1].attr``, … for as many items as the record counts."""
    n = _value(fields, count_leaf(key))
    return [Leaf(key, index=i, attr=attr) for i in range(n if isinstance(n, int) else 0)]


def _where(fields: dict, item: str) -> str:
    return str(_value(fields, WHERE + item) or item)


def _unread(fields: dict, leaf: str) -> bool:
    """Nothing read, or what was read is not a value of its type (是/否 read as "信息 无")."""
    entry = fields.get(leaf)
    return (
        entry is None
        or entry.get("status") == Status.MISSING
        or entry.get("value") in (None, "")
        or entry.get("valid") is False
    )


# Characters OCR takes for one another in codes and numbers: a difference only in these is
# more likely the reading's than the applicant's.
CONFUSABLE = str.maketrans("OQDIlZSB", "00011258")


def _near(a: object, b: object) -> bool:
    return _norm(a).translate(CONFUSABLE) == _norm(b).translate(CONFUSABLE)


def _shaky(fields: dict, leaf: str) -> bool:
    from pipeline import calibration

    entry = fields.get(leaf) or {}
    return entry.get("confidence", 1.0) < calibration.default_threshold()


def _hidden(fields: dict) -> bool:
    """Unclassified evidence pages: a document looked for may be one of them."""
    return bool(_value(fields, UNCLASSIFIED))


def check_required(rule: Rule, fields: dict, _matched: bool) -> Iterator[dict]:
    """The kind ``evidence`` has at least one document, when the submission has evidence."""
    key = rule.params["evidence"]
    if not _has_evidence(fields):
        return
    n = _value(fields, count_leaf(key))
    found = isinstance(n, int) and n > 0
    status = (
        CheckStatus.PASS if found else CheckStatus.UNSURE if _hidden(fields) else CheckStatus.FAIL
    )
    yield _outcome(rule, status, [count_leaf(key)], rule.id)


def check_agree(rule: Rule, fields: dict, _matched: bool) -> Iterator[dict]:
    """Each document's ``attr`` equals the form's ``claim`` (name, credit code, holder)."""
    p = rule.params
    claim = _value(fields, p["claim"])
    if claim is None:
        return
    for attr in _items(fields, p["evidence"], p["attr"]):
        leaf, item = str(attr), attr.item
        value = _value(fields, leaf)
        if _unread(fields, leaf):
            status = CheckStatus.UNSURE
        elif _norm(value) == _norm(claim):
            status = CheckStatus.PASS
        else:
            shaky = _shaky(fields, leaf) or _shaky(fields, p["claim"]) or _near(value, claim)
            status = CheckStatus.UNSURE if shaky else CheckStatus.FAIL
        yield _outcome(
            rule,
            status,
            [leaf, p["claim"]],
            f"{rule.id}.{item}",
            where=_where(fields, item),
            value=value,
            claim=claim,
        )


def check_pattern(rule: Rule, fields: dict, _matched: bool) -> Iterator[dict]:
    """Each document's ``attr`` matches ``pattern`` (住所 in 湖北, conclusion 合格)."""
    p = rule.params
    regex = re.compile(p["pattern"])
    for attr in _items(fields, p["evidence"], p["attr"]):
        leaf, item = str(attr), attr.item
        value = _value(fields, leaf)
        status = (
            CheckStatus.UNSURE
            if _unread(fields, leaf)
            else CheckStatus.PASS
            if regex.search(fold(str(value)))
            else CheckStatus.FAIL
        )
        yield _outcome(
            rule, status, [leaf], f"{rule.id}.{item}", where=_where(fields, item), value=value
        )


def check_valid(rule: Rule, fields: dict, _matched: bool) -> Iterator[dict]:
    """Each document's ``attr`` (有效期至) is on or after the form's date ``valid_on``."""
    p = rule.params
    on = _value(fields, p["valid_on"])
    if not isinstance(on, str):
        return
    for attr in _items(fields, p["evidence"], p["attr"]):
        leaf, item = str(attr), attr.item
        value = _value(fields, leaf)
        try:
            ok = date.fromisoformat(str(value)) >= date.fromisoformat(on)
            status = CheckStatus.PASS if ok else CheckStatus.FAIL
        except ValueError:
            status = CheckStatus.UNSURE
        yield _outcome(
            rule,
            status,
            [leaf, p["valid_on"]],
            f"{rule.id}.{item}",
            where=_where(fields, item),
            value=value,
            on=on,
        )


def _claims(fields: dict, pattern: str, pick: str | None) -> list[tuple[str, str]]:
    """(leaf, claimed value) for a form leaf or each item of a list (``key[*].attr``)."""
    out = []
    for leaf in matching(pattern, fields):
        value = _value(fields, leaf)
        if value is None or is_blank(str(value)):  # "/" written where nothing is claimed
            continue
        if pick is not None:
            m = re.search(pick, fold(str(value)))
            if not m:
                continue
            value = m.group("value")
        out.append((leaf, str(value)))
    return out


def check_covers(rule: Rule, fields: dict, _matched: bool) -> Iterator[dict]:
    """Every value the form claims (a patent number, a certificate, a cited report number)
    has its document: an item of ``evidence`` whose ``attr`` is that value. With
    ``when_present``, only where the kind has some document."""
    p = rule.params
    items = [str(attr) for attr in _items(fields, p["evidence"], p["attr"])]
    if not _has_evidence(fields) or (p.get("when_present") and not items):
        return  # with when_present, a kind missing altogether is evidence_required's to say
    have = [_value(fields, leaf) for leaf in items]
    unread = any(_unread(fields, leaf) for leaf in items)
    for leaf, claim in _claims(fields, p["claims"], p.get("pick")):
        if any(_norm(claim) == _norm(v) for v in have):
            status = CheckStatus.PASS
        else:
            near = any(_near(claim, v) for v in have)
            doubt = unread or near or _hidden(fields) or _shaky(fields, leaf)
            status = CheckStatus.UNSURE if doubt else CheckStatus.FAIL
        yield _outcome(rule, status, [leaf], f"{rule.id}.{leaf}", claim=claim)


def check_flag(rule: Rule, fields: dict, _matched: bool) -> Iterator[dict]:
    """A document's ``attr`` is not ``bad`` while the form's ``claim`` says ``claimed``
    (经营异常 on the credit report, 否 ticked on the form)."""
    p = rule.params
    claim = _value(fields, p["claim"])
    for attr in _items(fields, p["evidence"], p["attr"]):
        leaf, item = str(attr), attr.item
        value = _value(fields, leaf)
        if _unread(fields, leaf):
            status = CheckStatus.UNSURE
        elif value != p["bad"]:
            status = CheckStatus.PASS
        else:
            status = CheckStatus.FAIL if claim == p["claimed"] else CheckStatus.NOT_APPLICABLE
        yield _outcome(
            rule, status, [leaf, p["claim"]], f"{rule.id}.{item}", where=_where(fields, item)
        )


EVIDENCE_CHECKERS: dict[str, Callable[[Rule, dict, bool], Iterator[dict]]] = {
    "evidence_required": check_required,
    "evidence_agree": check_agree,
    "evidence_pattern": check_pattern,
    "evidence_valid": check_valid,
    "evidence_covers": check_covers,
    "evidence_flag": check_flag,
}
