"""Form templates and the field catalogue, loaded once and checked before any page is read.

A template says where each leaf lives; ``fields.yaml`` says what type it is. A bad
entry stops start-up with a message naming the document, the key and what is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from core.config import DATA_DIR
from core.record import NAMED, Leaf
from extractors.normalize.base import REGISTRY

FIELDS = DATA_DIR / "fields.yaml"
RELATIONS = {"after", "right", "below", "pattern", "seal", "list"}
LIST = "list"  # the one type with no normalizer: its count and items have types of their own


class TemplateError(ValueError):
    """A template or catalogue entry that cannot work; the message names it."""


@dataclass(frozen=True)
class FieldSpec:
    key: str
    type: str
    options: tuple[str, ...] = ()
    item: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    key: str
    relation: str
    label: str
    aliases: tuple[str, ...] = ()
    pattern: re.Pattern | None = None
    until: re.Pattern | None = None
    pick: re.Pattern | None = None
    skip: tuple[str, ...] = ()
    page_with: str | None = None
    radius_mm: float = 40.0
    cell: bool = False
    unit: str = "项"  # list: the unit after the count (项, 个)
    attrs: tuple[tuple[str, str], ...] = ()  # list: (attribute, its anchor on the form)
    row: str | None = None  # the row's label cell: its right cell, where `label` was deleted


@dataclass(frozen=True)
class DocumentTemplate:
    kind: str
    detect: tuple[str, ...]
    rules: tuple[Rule, ...]
    # Printed prompts that end whatever value runs into them (a list's last item).
    stops: tuple[str, ...] = ()
    # The form's own guidance sentences, which applicants leave in place around their values.
    guidance: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    form: str
    version: int
    documents: dict[str, DocumentTemplate]
    catalogue: dict[str, dict[str, FieldSpec]]

    def spec(self, kind: str, key: str) -> FieldSpec:
        return self.catalogue[kind][key]


@cache
def read_fields(path: Path = FIELDS) -> dict:
    """fields.yaml as written, read once: the catalogue, labels and summary columns all come
    from here (callers copy before changing it)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def field_sections(path: Path = FIELDS) -> dict[str, str]:
    """Field key -> its section of the form (附件1 and its 一级指标 comments, 附件2, 附件3),
    from fields.yaml's layout: the comments the catalogue itself does not keep."""
    names = {"application": "附件1", "declaration": "附件2 自我声明", "summary": "附件3 汇总表"}
    out, section = {}, ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^(application|declaration|summary):", line):
            section = names[m.group(1)]
        elif (m := re.match(r"^  # (\S.*)$", line)) and section.startswith("附件1"):
            section = f"附件1 {m.group(1)}"
        elif m := re.match(r"^\s{2,4}([a-z_]+):\s*\{", line):
            out.setdefault(m.group(1), section)
    return out


def known_types() -> set[str]:
    """Every type a field may have: the normalizers' (``extractors.normalize``) and lists."""
    return {*REGISTRY, LIST}


@cache
def load_catalogue(path: Path = FIELDS) -> dict[str, dict[str, FieldSpec]]:
    """fields.yaml -> document -> key -> spec (the summary's row keys flattened); the
    ``evidence`` section, when the catalogue has one, is a document of its own."""
    raw = read_fields(path)
    catalogue: dict[str, dict[str, FieldSpec]] = {}
    for doc in (
        "application",
        "declaration",
        "summary",
        *(["evidence"] if "evidence" in raw else []),
    ):
        entries = dict(raw[doc])
        entries.update(entries.pop("row", {}) or {})
        catalogue[doc] = {key: _spec(path.name, doc, key, e) for key, e in entries.items()}
    return catalogue


def _spec(source: str, doc: str, key: str, entry: dict) -> FieldSpec:
    where = f"{source}: {doc}.{key}"
    types = known_types()
    if entry.get("type") not in types:
        raise TemplateError(f"{where}: unknown type {entry.get('type')!r}")
    if any(t not in types or t == LIST for t in (entry.get("item") or {}).values()):
        raise TemplateError(f"{where}: an item attribute has an unknown type")
    if (entry["type"] == "industry") != (key in NAMED):
        raise TemplateError(f"{where}: a code with a looked-up name must be in core.record.NAMED")
    return FieldSpec(
        key, entry["type"], tuple(entry.get("options", ())), dict(entry.get("item", {}))
    )


def spec_type(leaf: Leaf, specs: dict[str, FieldSpec]) -> tuple[str, tuple[str, ...]]:
    """Type and options of ``leaf`` among one document's specs (a count is an int)."""
    spec = specs[leaf.key]
    if spec.type != LIST:
        return spec.type, spec.options
    return ("int", ()) if leaf.count else (spec.item[leaf.attr], ())


def leaf_type(
    leaf: str | Leaf, catalogue: dict[str, dict[str, FieldSpec]]
) -> tuple[str, tuple[str, ...]]:
    """Type and options of any record leaf: "summary.x", "decl_x", "industry_name" included."""
    leaf = Leaf.parse(leaf) if isinstance(leaf, str) else leaf
    if leaf.name:
        return "text", ()
    return spec_type(leaf, catalogue[leaf.doc])


@cache
def field_labels() -> dict[str, str]:
    """Leaf key -> its label on the form (fields.yaml), for people to read; summary keys prefixed."""
    raw = read_fields()
    labels = {k: v["label"] for doc in ("application", "declaration") for k, v in raw[doc].items()}
    labels.update(
        {f"summary.{k}": f"汇总表·{v['label']}" for k, v in raw["summary"]["row"].items()}
    )
    labels.update({k: f"证明材料·{v['label']}" for k, v in (raw.get("evidence") or {}).items()})
    return labels


@cache
def summary_labels() -> dict[str, str]:
    """Column labels of the summary table."""
    return {k: v["label"] for k, v in read_fields()["summary"]["row"].items()}


def _regex(doc: str, key: str, text: str | None, what: str) -> re.Pattern | None:
    if text is None:
        return None
    try:
        return re.compile(text, re.DOTALL)  # a value may run over the lines of its cell
    except re.error as exc:
        raise TemplateError(f"template {doc}.{key}: bad {what} regex {text!r}: {exc}") from exc


def _rule(doc: str, key: str, entry: dict, specs: dict[str, FieldSpec]) -> Rule:
    where = f"template {doc}.{key}"
    if key not in specs:
        raise TemplateError(f"{where}: no such field in fields.yaml")
    if not isinstance(entry, dict) or entry.get("relation") not in RELATIONS:
        raise TemplateError(
            f"{where}: relation must be one of {sorted(RELATIONS)}, got "
            f"{entry.get('relation') if isinstance(entry, dict) else entry!r}"
        )
    if not entry.get("label"):
        raise TemplateError(f"{where}: a label is required")
    pattern = _regex(doc, key, entry.get("pattern"), "pattern")
    is_list = specs[key].type == LIST
    if is_list != (entry["relation"] == "list"):
        raise TemplateError(f"{where}: a list field needs relation 'list', and only a list has it")
    attrs = dict(entry.get("attrs") or {})
    if is_list and set(attrs) != set(specs[key].item):
        raise TemplateError(
            f"{where}: attrs must give an anchor for each item attribute {sorted(specs[key].item)}"
        )
    if entry["relation"] == "pattern":
        if pattern is None:
            raise TemplateError(f"{where}: relation 'pattern' needs a pattern")
        if "value" not in pattern.groupindex:
            raise TemplateError(f"{where}: pattern lacks groups ['value']")
    return Rule(
        key=key,
        relation=entry["relation"],
        label=str(entry["label"]),
        aliases=tuple(entry.get("aliases", ())),
        pattern=pattern,
        until=_regex(doc, key, entry.get("until"), "until"),
        pick=_regex(doc, key, entry.get("pick"), "pick"),
        skip=tuple(entry.get("skip", ())),
        page_with=entry.get("page_with"),
        radius_mm=float(entry.get("radius_mm", 40)),
        cell=bool(entry.get("cell", False)),
        unit=str(entry.get("unit", "项")),
        attrs=tuple((str(k), str(v)) for k, v in attrs.items()),
        row=entry.get("row"),
    )


def parse_document(doc: str, body: dict, specs: dict[str, FieldSpec]) -> DocumentTemplate:
    """One document's rules, checked against its field specs (a form, or an evidence kind)."""
    rules = tuple(
        _rule(doc, key, entry, specs) for key, entry in (body.get("fields") or {}).items()
    )
    return DocumentTemplate(
        doc,
        tuple(body.get("detect", ())),
        rules,
        tuple(body.get("stops", ())),
        tuple(body.get("guidance", ())),
    )


def parse_template(raw: dict, catalogue: dict[str, dict[str, FieldSpec]]) -> Template:
    documents = {}
    for doc, body in (raw.get("documents") or {}).items():
        if doc not in catalogue:
            raise TemplateError(
                f"template: unknown document {doc!r} (fields.yaml has {sorted(catalogue)})"
            )
        documents[doc] = parse_document(doc, body, catalogue[doc])
    return Template(raw.get("form", "?"), int(raw.get("version", 1)), documents, catalogue)


@cache
@cache
def load_template(name: str) -> Template:
    """``data/templates/<name>.yaml`` with the field catalogue; forms name theirs (``pipeline.form``)."""
    catalogue = load_catalogue()
    path = DATA_DIR / "templates" / f"{name}.yaml"
    return parse_template(yaml.safe_load(path.read_text(encoding="utf-8")), catalogue)
