"""Identifier precision / recall per kind, after OCR and after checksum repair.

    .venv/bin/python -m bench.identifiers [--cities 3 --per-city 2 --seed 7] [--home DIR]

Two views on the same demo inbox:
- fields: the identifier leaves of each record (credit code, patent, standard and
  certificate numbers) against the truth, normalized with and without repair;
- text: the spaCy matchers run over each 申报表 page's whole text, every mention of
  an identifier kind compared with the set of that applicant's true identifiers
  (certificate numbers of no recognised format, such as brand certificates "PJ…",
  have no shape to find in free text; the field view covers them by position).
Rows group the scan variants as clean (born-digital, clean scan) and noisy (stamped,
gray, 200 dpi).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

from bench.common import arguments, run_demo
from core.record import Leaf, Status
from extractors import mentions
from extractors.blocks import page_blocks
from extractors.identifiers import cert_kind
from extractors.normalize import (
    NORMALIZERS,
    TYPE_OF_MENTION,
    normalize,
    normalize_mention,
    pick_identifier,
)
from extractors.template import Template, leaf_type
from jingpin.demo.score import load_truth

KINDS = ("uscc", "patent", "standard", "cert")
GROUP = {"born_digital": "clean", "clean": "clean"}


@dataclass
class Tally:
    predicted: int = 0
    truth: int = 0
    hits: int = 0

    def add(self, predicted: set, truth: set) -> None:
        self.predicted += len(predicted)
        self.truth += len(truth)
        self.hits += len(predicted & truth)

    def row(self) -> list[str]:
        p = self.hits / self.predicted if self.predicted else 1.0
        r = self.hits / self.truth if self.truth else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return [str(self.truth), f"{p:.3f}", f"{r:.3f}", f"{f1:.3f}"]


def _value(kind: str, raw: str | None, repair: bool):
    if raw is None:
        return None
    if kind in ("uscc", "patent"):
        return NORMALIZERS[kind](pick_identifier(kind, raw), repair=repair).value
    return normalize(kind, raw).value


def _application_type(leaf: str, template: Template) -> str | None:
    """The type of a leaf of the 申报表 itself; None for the other documents' and names."""
    parsed = Leaf.match(leaf)
    if parsed is None or parsed.doc != "application" or parsed.name:
        return None
    return leaf_type(parsed, template.catalogue)[0]


def field_tallies(run, truths) -> dict[tuple, Tally]:
    tallies: dict[tuple, Tally] = defaultdict(Tally)
    for record in run.records:
        truth = truths[record["submission_id"]]
        group = GROUP.get(truth["variant"], "noisy")
        for leaf, expected in truth["leaves"].items():
            kind = _application_type(leaf, run.template)
            if kind not in KINDS:
                continue
            got = record["fields"].get(leaf) or {}
            for stage, repair in (("after OCR", False), ("after repair", True)):
                value = (
                    _value(kind, got.get("raw"), repair)
                    if got.get("status") != Status.MISSING
                    else None
                )
                tallies[(kind, group, stage)].add(
                    {(leaf, value)} if value is not None else set(),
                    {(leaf, expected)} if expected is not None else set(),
                )
    return tallies


def text_tallies(run, truths) -> dict[tuple, Tally]:
    tallies: dict[tuple, Tally] = defaultdict(Tally)
    for sid, docs in run.docs.items():
        truth = truths[sid]
        group = GROUP.get(truth["variant"], "noisy")
        expected = defaultdict(set)
        for leaf, value in truth["leaves"].items():
            kind = _application_type(leaf, run.template)
            if value is not None and kind in KINDS and (kind != "cert" or cert_kind(value)):
                expected[kind].add(value)
        found = {stage: defaultdict(set) for stage in ("after OCR", "after repair")}
        for doc in docs:
            if doc.kind != "application":
                continue
            for page in doc.pages:
                text = "\n".join(b.text for b in page_blocks(page))
                for m in mentions.find(text):
                    kind = TYPE_OF_MENTION[m.label]
                    if kind in KINDS:
                        for stage, repair in (("after OCR", False), ("after repair", True)):
                            found[stage][kind].add(normalize_mention(m, repair=repair).value)
        for stage, by_kind in found.items():
            for kind in KINDS:
                tallies[(kind, group, stage)].add(by_kind[kind], expected[kind])
    return tallies


def print_table(console: Console, title: str, tallies: dict[tuple, Tally]) -> None:
    t = Table(title=title)
    for col in ("kind", "scans", "stage", "true ids", "precision", "recall", "F1"):
        t.add_column(col, justify="right")
    for kind in KINDS:
        for group in ("clean", "noisy"):
            for stage in ("after OCR", "after repair"):
                if (kind, group, stage) in tallies:
                    t.add_row(kind, group, stage, *tallies[(kind, group, stage)].row())
    for group in ("clean", "noisy"):
        total = Tally()
        for (_, g, stage), tally in tallies.items():
            if g == group and stage == "after repair":
                total.predicted += tally.predicted
                total.truth += tally.truth
                total.hits += tally.hits
        t.add_row("all", group, "after repair", *total.row())
    console.print(t)


def main() -> None:
    args = arguments(__doc__).parse_args()
    run = run_demo(args)
    truths = load_truth(run.demo.truth)
    console = Console()
    print_table(
        console, f"identifier leaves of the records (seed {args.seed})", field_tallies(run, truths)
    )
    print_table(console, "spaCy matchers over whole 申报表 pages", text_tallies(run, truths))


if __name__ == "__main__":
    main()
