"""Evidence benchmark: the demo with evidence (``jingpin demo --evidence``) read submission by
submission, printed per kind: pages, classified right, leaves exact, planted mismatches
caught, false failures on clean evidence, and the time per evidence page against a form
page (reading and extraction), plus what the evidence stage costs a submission without any.

    .venv/bin/python -m bench.evidence [--cities 2 --per-city 4] [--engine fake|ppocr]

With the ``fake`` engine (default; the tests' plug-in, ``tests/plugins/fake_ocr.py``) each
submission's prints are its only known pages, so the stages after OCR run on the real scans;
``ppocr`` reads them for real (slow).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from contextlib import nullcontext
from pathlib import Path

from extractors.evidence_kinds import load_kinds
from extractors.template import load_template
from jingpin.demo import FORM
from jingpin.demo.evidence_score import score_kinds
from jingpin.demo.inbox import build_inbox
from pipeline import evidence as evidence_stage
from pipeline.ingest import scan_inbox
from pipeline.process import build_record, extract, read_file
from pipeline.read import ReadOptions
from tests.plugins.fake_ocr import plugged_in

PAGES_PER_DOC = {"test_report": 2, "credit_report": 2}


def _prints(truth: Path, batch: str, applicant: str) -> list[Path]:
    """The prints an applicant's scans were made from: the fake engine's known pages."""
    printed = truth / "printed" / batch
    return [
        pdf
        for pdf in [
            printed / f"{applicant}.pdf",
            *sorted((printed / f"{applicant}-evidence").glob("*.pdf")),
        ]
        if pdf.exists() and pdf.name != "appendix.pdf"
    ]


def _timed_read(files, opts, cache, pages_dir, template):
    docs = []
    for f in files:
        start = time.perf_counter()
        d = read_file(f, opts, cache, pages_dir, template)
        docs.append((d, time.perf_counter() - start))
    return docs


def run(args: argparse.Namespace) -> dict:
    home = Path(args.home or tempfile.mkdtemp(prefix="jingpin-bench-evidence-"))
    demo = home / "demo"
    if not (demo / "truth").exists():
        build_inbox(demo, seed=args.seed, cities=args.cities, per_city=args.per_city, evidence=True)
    template, kinds = load_template(FORM), load_kinds()
    opts = ReadOptions(engine=args.engine, threads=2)
    truths = {
        (t := json.loads(p.read_text(encoding="utf-8")))["submission_id"]: t
        for p in sorted((demo / "truth").rglob("*.json"))
    }
    table = {k.key: Counter() for k in kinds}
    seconds = Counter()
    pages = Counter()
    caught, planted, false_fail, clean_subs = 0, 0, [], 0
    for batch in scan_inbox(demo / "inbox"):
        for sub in batch.submissions:
            truth = truths[sub.key]
            known = (
                plugged_in(_prints(demo / "truth", batch.name, sub.applicant))
                if args.engine == "fake"
                else nullcontext()
            )
            with known:
                read = _timed_read(sub.files, opts, home / "cache", home / "pages", template)
            docs = [d for d, _ in read]
            start = time.perf_counter()
            split = evidence_stage.split_submission(docs, template)
            found, _ = evidence_stage.evidence_fields(split, template.catalogue["evidence"], None)
            seconds["evidence_extract"] += time.perf_counter() - start
            ev_pages = {(p.source, p.page) for p in split.pages}
            for i, (d, took) in enumerate(read):
                n = len(d.pages)
                ev_n = sum((i, p.number) in ev_pages for p in d.pages)
                if n:
                    seconds["evidence_read"] += took * ev_n / n
                    seconds["form_read"] += took * (n - ev_n) / n
                pages["evidence"] += ev_n
                pages["form"] += n - ev_n
                part = split.form_part(i, d)
                if part is not None and d.kind in ("application", "declaration"):
                    start = time.perf_counter()
                    extract(part, template, i, None)
                    seconds["form_extract"] += time.perf_counter() - start
            record = build_record(sub.key, batch.name, template.form, docs, [], template, None)
            got = Counter(p.kind for p in split.pages)
            for k in kinds:
                expected = truth["leaves"].get(f"{k.key}.count", 0) * PAGES_PER_DOC.get(k.kind, 1)
                table[k.key]["pages"] += expected
                table[k.key]["right"] += min(expected, got.get(k.kind, 0))
            for key, s in score_kinds(record["fields"], truth["leaves"], list(table)).items():
                table[key]["leaves"] += s.leaves
                table[key]["exact"] += s.exact
            table_unclassified = record["fields"]["ev_unclassified_pages"]["value"]
            pages["unclassified"] += table_unclassified
            ev_plants = [p for p in truth["planted"] if p["rule"].startswith("ev.")]
            failed = {c["rule"] for c in record["checks"] if c["status"] == "fail"}
            for p in ev_plants:
                planted += 1
                hit = any(r.startswith(p["rule"]) for r in failed)
                caught += hit
                for k in kinds:
                    if p["rule"].startswith(f"ev.{k.kind.split('_')[0]}"):
                        table[k.key]["planted"] += 1
                        table[k.key]["caught"] += hit
            clean_subs += not ev_plants
            false_fail += sorted(
                r
                for r in failed
                if r.startswith("ev.") and not any(r.startswith(p["rule"]) for p in ev_plants)
            )
    return {
        "table": table,
        "seconds": seconds,
        "pages": pages,
        "caught": caught,
        "planted": planted,
        "false_fail": false_fail,
        "clean": clean_subs,
    }


def no_evidence_cost(template) -> float:
    """Seconds the evidence stage adds to a submission without evidence (its form only)."""
    home = Path(tempfile.mkdtemp(prefix="jingpin-bench-noev-"))
    build_inbox(home / "demo", seed=11, cities=1, per_city=1)
    sub = scan_inbox(home / "demo" / "inbox")[0].submissions[0]
    with plugged_in():  # knowing no page: only the form's text layer is read
        docs = [
            read_file(f, ReadOptions(engine="fake"), home / "c", home / "p", template)
            for f in sub.files
        ]
    start = time.perf_counter()
    for _ in range(20):
        split = evidence_stage.split_submission(docs, template)
        evidence_stage.evidence_fields(split, template.catalogue["evidence"], None)
    return (time.perf_counter() - start) / 20


def report(out: dict, extra: float) -> None:
    print(
        f"{'kind':<20}{'pages':>7}{'class.ok':>10}{'leaves':>8}{'exact':>8}{'planted':>9}{'caught':>8}"
    )
    for key, c in out["table"].items():
        rate = c["exact"] / c["leaves"] if c["leaves"] else 0
        print(
            f"{key:<20}{c['pages']:>7}{c['right']:>10}{c['leaves']:>8}{rate:>8.3f}{c['planted']:>9}{c['caught']:>8}"
        )
    t, s, p = out["table"].values(), out["seconds"], out["pages"]
    pages, right = sum(c["pages"] for c in t), sum(c["right"] for c in t)
    leaves, exact = sum(c["leaves"] for c in t), sum(c["exact"] for c in t)
    print(
        f"pages classified right {right}/{pages}; leaves exact {exact}/{leaves} = {exact / max(leaves, 1):.3f}; "
        f"unclassified pages {p['unclassified']}"
    )
    print(
        f"planted evidence mismatches caught {out['caught']}/{out['planted']}; "
        f"evidence checks failed with nothing planted ({out['clean']} clean submissions "
        f"and the others' unplanted rules): {out['false_fail'] or 'none'}"
    )
    ev_page = (s["evidence_read"] + s["evidence_extract"]) / max(p["evidence"], 1)
    form_page = (s["form_read"] + s["form_extract"]) / max(p["form"], 1)
    print(
        f"seconds per page: evidence {ev_page:.3f} ({p['evidence']} pages), form {form_page:.3f} ({p['form']} pages)"
    )
    print(f"evidence stage on a submission without evidence: {extra * 1000:.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cities", type=int, default=2)
    ap.add_argument("--per-city", type=int, default=4)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--engine", default="fake")
    ap.add_argument("--home", type=Path, default=None)
    args = ap.parse_args()
    report(run(args), no_evidence_cost(load_template(FORM)))


if __name__ == "__main__":
    main()
