"""A form, chosen by name: its template, field catalogue, rules and evidence kinds as one object.

What a form is lives in ``data/forms/<id>.yaml``; nothing in code assumes a particular form.
A submission's form is decided by its documents: each form file lists printed phrases (titles
of its documents) and how many of them must show, and ``recognise`` picks the form whose
phrases the submission's text shows most, or says which it looked for when none matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from core.config import DATA_DIR
from extractors.evidence_kinds import EvidenceKind, load_kinds
from extractors.locate import label_regex
from extractors.template import Template, load_template
from pipeline.checks import Rule, load_rules

FORMS_DIR = DATA_DIR / "forms"


class FormError(ValueError):
    """A form that does not exist or whose data file cannot work; the message names it."""


class FormNotRecognised(FormError):
    """No known form's phrases show in a submission's documents."""


@dataclass(frozen=True, eq=False)  # one object per form id (``load_form`` caches)
class FormSpec:
    id: str
    title: str
    template: Template
    rules: tuple[Rule, ...]
    evidence_kinds: tuple[EvidenceKind, ...]
    phrases: tuple[str, ...]  # printed on its documents: how a submission is recognised
    at_least: int

    def matches(self, text: str) -> tuple[str, ...]:
        """The phrases of this form that ``text`` shows."""
        return tuple(p for p in self.phrases if label_regex(p).search(text))


def form_ids(root: Path = FORMS_DIR) -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in root.glob("*.yaml")))


def _kinds(where: str, names: list[str]) -> tuple[EvidenceKind, ...]:
    by_name = {k.kind: k for k in load_kinds()}
    unknown = sorted(set(names) - set(by_name))
    if unknown:
        raise FormError(f"{where}: evidence kinds {unknown} are not in data/evidence")
    return tuple(by_name[n] for n in names)


def parse_form(raw: dict, where: str) -> FormSpec:
    """A form file, checked: the template and rules it names exist and are this form's."""
    missing = sorted({"id", "title", "template", "rules", "recognise"} - set(raw))
    if missing:
        raise FormError(f"{where}: missing {', '.join(missing)}")
    recognise = raw["recognise"] or {}
    phrases = tuple(str(p) for p in recognise.get("phrases") or ())
    at_least = int(recognise.get("at_least", 1))
    if not phrases or not 1 <= at_least <= len(phrases):
        raise FormError(f"{where}: recognise needs phrases and 1 ≤ at_least ≤ their number")
    try:
        template = load_template(raw["template"])
    except FileNotFoundError as exc:
        raise FormError(f"{where}: no template data/templates/{raw['template']}.yaml") from exc
    if template.form != raw["id"]:
        raise FormError(f"{where}: template {raw['template']} is of form {template.form!r}")
    try:
        rules = load_rules(raw["rules"])
    except FileNotFoundError as exc:
        raise FormError(f"{where}: no rules data/rules/{raw['rules']}.yaml") from exc
    return FormSpec(
        raw["id"],
        str(raw["title"]),
        template,
        rules,
        _kinds(where, list(raw.get("evidence") or ())),
        phrases,
        at_least,
    )


@cache
def load_form(form_id: str) -> FormSpec:
    """The form ``form_id`` (``data/forms/<id>.yaml``), loaded and checked once per process."""
    path = FORMS_DIR / f"{form_id}.yaml"
    if not path.is_file():
        raise FormError(
            f"unknown form {form_id!r}: data/forms has {', '.join(form_ids()) or 'no forms'} / "
            f"未知的申报表类型"
        )
    spec = parse_form(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
    if spec.id != form_id:
        raise FormError(f"{path.name}: its id is {spec.id!r}, not its file name")
    return spec


def form_of(form: str | FormSpec) -> FormSpec:
    """A form given by id or already loaded (callers hold either)."""
    return form if isinstance(form, FormSpec) else load_form(form)


def recognise(texts: list[str], forms: tuple[str, ...] | None = None) -> FormSpec:
    """The form a submission's documents are, from their text; the most phrases shown wins."""
    text = "\n".join(texts)
    candidates = [load_form(f) for f in (form_ids() if forms is None else forms)]
    shown = {spec.id: spec.matches(text) for spec in candidates}
    fits = [s for s in candidates if len(shown[s.id]) >= s.at_least]
    if not fits:
        looked = "; ".join(
            f"{s.id}: {s.at_least} of {', '.join(s.phrases)} (found {len(shown[s.id])})"
            for s in candidates
        )
        raise FormNotRecognised(
            f"no known form in these documents / 无法识别申报表类型 — looked for {looked}"
        )
    return max(fits, key=lambda s: len(shown[s.id]))
