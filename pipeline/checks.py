"""Cross-checks over one record, driven by the rules file of its form (``data/rules/``).

Each rule kind is a small pure function of the record's fields; what is checked, on
which leaves, how severe and what the reviewer reads all live in the rules file. A
failed error-level check sends every leaf it touches to review.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import yaml

from core.config import DATA_DIR
from core.record import CheckResult, CheckStatus, FieldEntry, Leaf, Status, matching
from extractors import identifiers
from extractors.blocks import fold
from extractors.lists import confusable_count, count_value
from extractors.normalize.patents import CN_PUBLICATION
from extractors.template import field_labels
from pipeline import calibration
from pipeline.evidence_checks import EVIDENCE_CHECKERS

KINDS = (
    "checksum",
    "count",
    "seal",
    "summary_row",
    "agree",
    "ratio",
    "date_window",
    "flag",
    "batch_city",
    *EVIDENCE_CHECKERS,
)
SEVERITIES = ("error", "warning")
WORD = "word."  # the Word version's value of a leaf, as the agreement rules read it
BATCH_CITY = "batch:city"  # the city the batch folder names, as the rules read it
VALIDATORS: dict[str, Callable[[str], bool]] = {
    "uscc": identifiers.is_valid_uscc,
    "cn_patent": lambda v: is_valid_cn_patent(str(v)),
}


def is_valid_cn_patent(number: str) -> bool:
    """An application number's check digit; a publication number (CN…B) carries none."""
    if CN_PUBLICATION.fullmatch(number):
        return True
    return identifiers.is_valid_cn_application(number.removeprefix("ZL"))


class RuleError(ValueError):
    pass


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    severity: str
    message: str
    params: dict = field(default_factory=dict)


def parse_rules(raw: dict, source: str = "rules") -> list[Rule]:
    """Rules from their YAML, checked: a bad entry fails with a message naming it."""
    rules = []
    for n, entry in enumerate(raw.get("rules") or [], start=1):
        where = f"{source}: rule {n} ({entry.get('id', '?')})"
        if entry.get("kind") not in KINDS:
            raise RuleError(f"{where}: kind must be one of {KINDS}, got {entry.get('kind')!r}")
        if entry.get("severity", "error") not in SEVERITIES:
            raise RuleError(f"{where}: severity must be one of {SEVERITIES}")
        if not entry.get("id") or not entry.get("message"):
            raise RuleError(f"{where}: id and message are required")
        params = {k: v for k, v in entry.items() if k not in ("id", "kind", "severity", "message")}
        rules.append(
            Rule(
                entry["id"], entry["kind"], entry.get("severity", "error"), entry["message"], params
            )
        )
    return rules


@cache
def load_rules(form: str) -> tuple[Rule, ...]:
    """The form's rules, then those of its companion files (``<form>.evidence.yaml``)."""
    root: Path = DATA_DIR / "rules"
    paths = [root / f"{form}.yaml", *sorted(root.glob(f"{form}.*.yaml"))]
    return tuple(
        rule
        for path in paths
        for rule in parse_rules(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
    )


def _value(fields: dict, leaf: str):
    entry = fields.get(leaf)
    return None if entry is None or entry.get("status") == Status.MISSING else entry.get("value")


def _same(a, b) -> bool:
    def norm(v):
        return re.sub(r"\s+", "", fold(str(v))).upper()

    return norm(a) == norm(b)


def _result(
    rule: Rule,
    ok: bool | None,
    leaves: list[str],
    rule_id: str | None = None,
    unsure: bool = False,
    **values,
) -> dict:
    """pass / fail; with ``ok`` None: "unsure" when the rule could not decide from what was
    read (``unsure``: its leaves go to review), else not_applicable (nothing to compare)."""
    status = (
        (CheckStatus.UNSURE if unsure else CheckStatus.NOT_APPLICABLE)
        if ok is None
        else CheckStatus.PASS
        if ok
        else CheckStatus.FAIL
    )
    return {
        "rule": rule_id or rule.id,
        "status": status,
        "severity": rule.severity,
        "fields": leaves,
        "detail": None
        if ok is True or status == CheckStatus.NOT_APPLICABLE
        else rule.message.format(**values),
    }


def check_checksum(rule: Rule, fields: dict, _matched: bool) -> Iterator[dict]:
    """One result for the rule: every value of the leaf (or of each list item) validates."""
    valid = VALIDATORS[rule.params["validator"]]
    values = {leaf: _value(fields, leaf) for leaf in matching(rule.params["leaf"], fields)}
    values = {leaf: v for leaf, v in values.items() if v is not None}
    if not values:
        return
    bad = [leaf for leaf, v in values.items() if not valid(v)]
    written = {lf: _written_elsewhere(fields, lf) or _read_surely(fields, lf) for lf in values}
    written = {lf: w for lf, w in written.items() if w is not None and not valid(w)}
    if bad or written:  # invalid as read, or as read here and written alike in another source
        shown = {**{lf: values[lf] for lf in bad}, **written}
        yield _result(rule, False, list(shown), value="、".join(str(v) for v in shown.values()))
        return
    repaired = [lf for lf in values if _repaired_unconfirmed(fields, lf)]
    if repaired:  # valid only after OCR repair, and no other source says the same: a person looks
        shown = "、".join(
            f"读作 {fields[lf].get('raw')}，按校验位修正为 {values[lf]}" for lf in repaired
        )
        yield {**_result(rule, None, repaired, unsure=True, value=shown), "detail": shown}
        return
    yield _result(rule, True, list(values))


def _others(fields: dict, leaf: str) -> list[dict]:
    """The other sources' entries for ``leaf``: the Word version's and the summary's."""
    names = (WORD + leaf, str(Leaf.parse(leaf).in_summary()))
    return [fields[n] for n in names if fields.get(n) and fields[n].get("value") is not None]


def _repaired_unconfirmed(fields: dict, leaf: str) -> bool:
    """A value the normalizer repaired that neither the Word version nor the summary repeats:
    an applicant's wrong check character must not be hidden by the repair."""
    entry = fields.get(leaf) or {}
    if entry.get("method") != "repaired":
        return False
    return not any(_same(o["value"], entry.get("value")) for o in _others(fields, leaf))


def _written_elsewhere(fields: dict, leaf: str):
    """A repaired value's reading before the repair, when another source says exactly that:
    two sources agreeing on what was written (the Word version is typed, never repaired) make
    it the applicant's value, not a misreading. None otherwise."""
    entry = fields.get(leaf) or {}
    raw = entry.get("raw")
    if entry.get("method") != "repaired" or not isinstance(raw, str):
        return None
    same = [o["value"] for o in _others(fields, leaf) if _same(o["value"], raw)]
    return same[0] if same else None


# An OCR score at which a code was read as written: on the Word fixtures 50 of 54 credit codes
# read at 0.999 or more and none of those was misread (the one misread, O for 0, scored 0.98).
SURE_READING = 0.999


def _read_surely(fields: dict, leaf: str) -> str | None:
    """A repaired code's reading before the repair, when OCR was sure of it (or it came from a
    text layer): the applicant's wrong check character, which a repair must not hide. Only a
    repair that changed characters in place (same length): one that also re-spaced or cut
    the value says nothing of what was written. None otherwise."""
    entry = fields.get(leaf) or {}
    raw, value = entry.get("raw"), entry.get("value")
    sure = (entry.get("evidence") or {}).get("ocr", 0.0) >= SURE_READING
    if entry.get("method") != "repaired" or not sure or not isinstance(raw, str):
        return None
    read = re.sub(r"\s+", "", fold(raw)).upper()
    return read if len(read) == len(str(value)) and read != value else None


def listed_counts(fields: dict, key: str) -> dict[str, int]:
    """How many items each attribute of list ``key`` has (names and numbers may differ)."""
    counts: dict[str, int] = {}
    for name, entry in fields.items():
        leaf = Leaf.match(name)
        listed = leaf is not None and leaf.key == key and not leaf.summary and leaf.attr
        if listed and entry.get("value") not in (None, ""):
            counts[leaf.attr] = counts.get(leaf.attr, 0) + 1
    return counts


def check_count(rule: Rule, fields: dict, _matched: bool) -> Iterator[dict]:
    """The stated count against the items: it passes when any attribute lists that many
    (a name holding 、 may split in two where its number does not). A count the reading took
    from its items, the numeral read being one stroke off (``read_as``), is unsure: the form
    may say the other count, an applicant's miscount a pass must not hide; unless the numeral
    stands on no underline (``numeral_clear``, ``pipeline.underline``): then OCR read it as
    written, and a miscount fails. A count the items' own numbering (1. … n.) agrees with is
    unsure: the reading lost or split an item."""
    wanted = rule.params.get("lists", "all")
    for leaf in sorted(fields):
        parsed, stated = Leaf.match(leaf), _value(fields, leaf)
        if parsed is None or not parsed.count or parsed.summary or not isinstance(stated, int):
            continue
        key = parsed.key
        if wanted != "all" and key not in wanted:
            continue
        counts = listed_counts(fields, key)
        listed = max(counts.values(), default=0)
        ok = stated in counts.values() or (stated == 0 and not counts)
        written = count_value(str(fields[leaf].get("read_as") or ""))
        clear = bool((fields[leaf].get("evidence") or {}).get("numeral_clear"))
        if ok and written not in (None, stated):  # read as written where no line runs under it
            ok, stated = (False if clear else None), written
        elif not ok and _numbered(fields[leaf]) == stated:
            ok = None  # the items' own numbering agrees with the count: an item misread
        elif not ok and confusable_count(fields[leaf].get("raw"), stated, listed) and not clear:
            ok = None  # the numeral may have a stroke more or less than written
        yield _result(
            rule, ok, [leaf], rule.id.format(key=key), stated=stated, listed=listed, unsure=True
        )


def _numbered(entry: dict) -> int:
    """The items numbered 1 … n in a list's text (0 when not numbered): where the applicant's
    numbering agrees with their count, an item the reading lost or split is the difference."""
    return int((entry.get("evidence") or {}).get("items_numbered", 0))


def check_seal(rule: Rule, fields: dict, _matched: bool) -> Iterator[dict]:
    leaf = rule.params["leaf"]
    if leaf in fields and fields[leaf].get("status") != Status.MISSING:
        yield _result(rule, _value(fields, leaf) is True, [leaf])


def check_summary_row(rule: Rule, _fields: dict, matched: bool) -> Iterator[dict]:
    yield _result(rule, matched, list(rule.params.get("leaves", [])))


def check_agree(rule: Rule, fields: dict, matched: bool) -> Iterator[dict]:
    a_leaf, b_leaf = rule.params["leaves"]
    a, b = _value(fields, a_leaf), _value(fields, b_leaf)
    ok = None if (not matched and _in_summary(b_leaf)) or a is None or b is None else _same(a, b)
    # two readings of one document disagreeing is a misreading, not the applicant's error;
    # so is a repaired value differing from another source that says what was read before it,
    # and a form's reading that both other sources contradict alike
    misread = (
        bool(rule.params.get("same_document"))
        or _repair_differs(fields, a_leaf, b_leaf)
        or _outvoted(fields, a_leaf, b_leaf)
    )
    unsure = ok is False and (misread or any(_shaky(fields.get(leaf)) for leaf in (a_leaf, b_leaf)))
    yield _result(
        rule,
        None if unsure else ok,
        [a_leaf, b_leaf] if ok is not None else [a_leaf],
        unsure=unsure,
        a=a,
        b=b,
    )


def _repair_differs(fields: dict, a_leaf: str, b_leaf: str) -> bool:
    """One side was repaired (a checksum) and the other says its reading before the repair:
    the two sources agree on what was written; the difference is the repair's."""
    for mine, other in ((a_leaf, b_leaf), (b_leaf, a_leaf)):
        entry, value = fields.get(mine) or {}, _value(fields, other)
        raw = entry.get("raw")
        repaired = entry.get("method") == "repaired" and isinstance(raw, str)
        if repaired and value is not None and _same(raw, value):
            return True
    return False


def _outvoted(fields: dict, a_leaf: str, b_leaf: str) -> bool:
    """The form's reading ``a_leaf`` against one of its other sources (the Word version, the
    summary row), the two of which say the same: the OCR reading is the odd one out, likelier
    misread than written otherwise, so the rule cannot decide."""
    others = (WORD + a_leaf, str(Leaf.parse(a_leaf).in_summary()))
    values = [_value(fields, leaf) for leaf in others]
    return b_leaf in others and None not in values and _same(*values)


def _in_summary(leaf: str) -> bool:
    parsed = Leaf.match(leaf)
    return parsed is not None and parsed.summary


def _shaky(entry: dict | None) -> bool:
    """A value whose own reading is in doubt: a disagreement may be the reading's, not the
    applicant's, so the rule says unsure and a person looks."""
    if not entry:
        return False
    reading = (entry.get("evidence") or {}).get(
        calibration.READING_CONFIDENCE, entry.get("confidence", 1.0)
    )
    return reading < calibration.default_threshold()


def check_ratio(rule: Rule, fields: dict, _matched: bool) -> Iterator[dict]:
    p = rule.params
    value, top, bottom = (_value(fields, k) for k in (p["leaf"], p["numerator"], p["denominator"]))
    if (
        not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in (value, top, bottom)
        )
        or not bottom
    ):
        yield _result(rule, None, [p["leaf"]])
        return
    computed = round(top / bottom * p.get("scale", 1), 2)
    yield _result(
        rule,
        abs(value - computed) <= p.get("tolerance", 0),
        [p["leaf"], p["numerator"], p["denominator"]],
        value=value,
        computed=computed,
    )


def check_date_window(rule: Rule, fields: dict, _matched: bool) -> Iterator[dict]:
    start, end = (date.fromisoformat(str(rule.params[k])) for k in ("from", "to"))
    for leaf in rule.params["leaves"]:
        value = _value(fields, leaf)
        if not isinstance(value, str):
            continue
        try:
            ok = start <= date.fromisoformat(value) <= end
        except ValueError:
            ok = None  # no such day (月 0): a misreading, not a date outside the window
        if ok is False and _shaky(fields.get(leaf)):
            ok = None  # read in doubt (under a seal, by hand): a person looks, nothing fails
        yield _result(
            rule,
            ok,
            [leaf],
            f"{rule.id}.{leaf}",
            unsure=True,
            label=field_labels().get(leaf, leaf),
            value=value,
        )


def check_flag(rule: Rule, fields: dict, _matched: bool) -> Iterator[dict]:
    leaf = rule.params["leaf"]
    value = _value(fields, leaf)
    if value is not None:
        yield _result(rule, value != rule.params["bad"], [leaf], value=value)


def check_batch_city(rule: Rule, fields: dict, _matched: bool) -> Iterator[dict]:
    """The regulator named on the form is the city whose folder the form came in. A
    difference is a misread name under the seal or a form filed in the wrong folder: either
    way a person looks (unsure), nothing the applicant did wrong."""
    leaf = rule.params["leaf"]
    value, city = _value(fields, leaf), _value(fields, BATCH_CITY)
    if value is not None and city is not None:
        same = str(value).startswith(city)
        yield _result(rule, True if same else None, [leaf], unsure=not same, a=value, b=city)


CHECKERS: dict[str, Callable[[Rule, dict, bool], Iterator[dict]]] = {
    "checksum": check_checksum,
    "count": check_count,
    "seal": check_seal,
    "summary_row": check_summary_row,
    "agree": check_agree,
    "ratio": check_ratio,
    "date_window": check_date_window,
    "flag": check_flag,
    "batch_city": check_batch_city,
    **EVIDENCE_CHECKERS,
}


def with_word_version(fields: dict, word: dict | None) -> dict:
    """The fields plus the Word version's values as ``word.<leaf>``, for the agreement rules."""
    return {
        **fields,
        **{
            WORD + leaf: {"value": value, "status": Status.AUTO_ACCEPTED}
            for leaf, value in (word or {}).items()
        },
    }


def run_checks(fields: dict, summary_matched: bool, rules: tuple[Rule, ...]) -> list[dict]:
    """Every rule of the record's form (``FormSpec.rules``), its results for the record's fields."""
    return [
        result for rule in rules for result in CHECKERS[rule.kind](rule, fields, summary_matched)
    ]


def apply_checks(fields: dict[str, FieldEntry], checks: list[CheckResult]) -> None:
    """A failed error-level check, or one unsure of its reading, sends its leaves to review."""
    for check in checks:
        if not check.sends_to_review:
            continue
        for leaf in check.fields:
            if leaf in fields and fields[leaf].status == Status.AUTO_ACCEPTED:
                fields[leaf].status = Status.NEEDS_REVIEW
