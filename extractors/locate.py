"""Apply a document template to its blocks: each rule finds its label, then its value.

Pure: blocks and seals in, ``Evidence`` per leaf out. Nothing here knows a field by
name; what a field is and where it sits comes from the template.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from core.record import count_leaf
from core.types import BBox, Seal
from extractors import lists
from extractors.blocks import EMPTY_MARK, TICKED_MARK, Block, fold
from extractors.guidance import strip_guidance
from extractors.template import DocumentTemplate, FieldSpec, Rule

FUZZY_MIN = 86


@dataclass
class Evidence:
    """What was found for one leaf, before normalization."""

    leaf: str
    raw: object
    page: int | None = None
    bbox: BBox | None = None
    label_score: float = 0.0
    ocr_confidence: float = 0.0
    found: bool = True
    structure: float = 1.0
    notes: list[str] = field(default_factory=list)
    guidance: int = 0  # characters of the form's guidance text taken out of ``raw``
    blank: bool = False  # the label was found with nothing written where its value goes
    fallback: bool = False  # found by a fallback relation, not the rule's own
    continued: bool = False  # runs into text a page break had cut off
    label_inside: bool = False  # holds another field's label or a printed prompt
    read_as: str | None = None  # what was read, where ``raw`` is put in its place
    under_seal: bool = False  # OCR read it through a seal's ink (``mark_under_seals``)
    items_numbered: int = 0  # a list's count: the items numbered 1 … n in its text
    numeral_box: BBox | None = None  # a list's count written 一/二/三: the numeral's own box
    numeral_underlined: bool | None = None  # it stands on an underline (``pipeline.underline``)
    # Whole blocks taken as this value (a cell, the 概述 box): no other field's label is
    # looked for inside them (the 概述 repeats "上年度研发投入…" in its own words).
    consumed: tuple[Block, ...] = field(default=(), repr=False)


@dataclass
class Hit:
    block: Block
    start: int
    end: int
    score: float


def label_regex(label: str) -> re.Pattern:
    text = fold(label).replace(" ", "")
    optional_q = text.endswith("?")
    chars = [re.escape(c) for c in (text[:-1] if optional_q else text)]
    return re.compile(r"\s*".join(chars) + (r"\s*\??" if optional_q else ""))


def find_label(blocks: list[Block], rule: Rule) -> list[Hit]:
    """Exact (space-tolerant) matches first, then fuzzy ones, each in reading order."""
    return find_text(blocks, (rule.label, *rule.aliases))


def cut_label_cells(blocks: list[Block], labels: tuple[str, ...]) -> list[Hit]:
    """Label cells a page break cut short: the cell's text ends with the first 60% or more of
    a long label ("1.2.3 产品或服务的知名度、" at a page's foot, its 美誉度情况 on the next)."""
    hits = []
    for label in labels:
        full = fold(label).replace(" ", "")
        if len(full) < 8:
            continue
        for b in blocks:
            if not b.is_cell:
                continue
            text = b.text.replace(" ", "").rstrip()
            # eight characters at least: a short head is another field's whole label
            # (经营主体名称 is the head of 经营主体名称(盖章))
            for k in range(len(full) - 1, max(int(len(full) * 0.6), 8) - 1, -1):
                if text.endswith(full[:k]):
                    hits.append(Hit(b, len(b.text), len(b.text), 0.9 * k / len(full)))
                    break
    return sorted(hits, key=lambda h: -h.score)


def find_text(blocks: list[Block], labels: tuple[str, ...]) -> list[Hit]:
    """Where the first of ``labels`` is printed: exact matches, else fuzzy ones, best first.
    A fuzzy hit takes in the colon that follows it past two misread characters
    ("申报单位(盖章泉:" is "申报单位(盖章):" with its bracket read as 泉)."""
    hits = []
    for label in labels:
        regex = label_regex(label)
        for b in blocks:
            m = regex.search(b.text)
            if m:
                hits.append(Hit(b, m.start(), m.end(), 1.0))
        if hits:
            return hits
    hits = cut_label_cells(blocks, labels)
    if hits:
        return hits
    target = fold(labels[0]).replace(" ", "")
    for b in blocks:
        if len(b.text) < len(target) * 0.7:
            continue
        al = fuzz.partial_ratio_alignment(target, b.text.replace(" ", " "), score_cutoff=FUZZY_MIN)
        if al is not None:
            colon = re.match(r".{0,2}[:：]", b.text[al.dest_end : al.dest_end + 3])
            end = al.dest_end + (colon.end() if colon else 0)
            hits.append(Hit(b, al.dest_start, end, al.score / 100))
    return sorted(hits, key=lambda h: -h.score)


def right_of(blocks: list[Block], cell: Block) -> Block | None:
    """The nearest cell to the right sharing most of ``cell``'s height."""
    best = None
    for b in blocks:
        if not b.is_cell or b.page != cell.page or b.bbox[0] < cell.bbox[2] - 8:
            continue
        overlap = min(b.bbox[3], cell.bbox[3]) - max(b.bbox[1], cell.bbox[1])
        if overlap < 0.5 * min(b.bbox[3] - b.bbox[1], cell.bbox[3] - cell.bbox[1]):
            continue
        if best is None or b.bbox[0] < best.bbox[0]:
            best = b
    return best


def below(blocks: list[Block], hit: Hit, rule: Rule) -> list[Block]:
    """The cell under a label, or the lines under a heading up to ``until`` or a table.

    A heading whose text box follows it (the 概述 page: a title, a note, one big cell) gives
    that cell.
    """
    top = hit.block.bbox[3]
    same_page = sorted(
        (
            b
            for b in blocks
            if b.page == hit.block.page and b.bbox[1] >= top - 4 and b is not hit.block
        ),
        key=lambda b: b.bbox[1],
    )
    if rule.cell:
        col = [
            b
            for b in same_page
            if b.is_cell and b.bbox[0] < hit.block.bbox[2] and b.bbox[2] > hit.block.bbox[0]
        ]
        return col[:1]
    out, skip = [], [fold(s) for s in rule.skip]
    for b in same_page:
        if b.text and any(s in b.text for s in skip):
            continue
        if b.is_cell:
            return [b] if not out and b.text.strip() else out
        if rule.until is not None and rule.until.search(b.text):
            break
        if b.text:
            out.append(b)
    return out


def _evidence(
    rule: Rule, block: Block, start: int, end: int, raw: str, score: float, structure: float = 1.0
) -> Evidence:
    cut = block.continued_at
    return Evidence(
        rule.key,
        raw,
        block.page,
        block.span_bbox(start, end),
        score,
        block.confidence(start, end),
        True,
        structure,
        continued=cut is not None and end > cut,
    )


def _picked(rule: Rule, ev: Evidence) -> Evidence:
    if rule.pick is None or not isinstance(ev.raw, str):
        return ev
    m = rule.pick.search(ev.raw)
    ev.raw = m.group("value") if m else ""
    if not m:
        ev.structure *= 0.5
    return ev


def locate_after(blocks: list[Block], rule: Rule, hits: list[Hit]) -> Evidence | None:
    for hit in hits:
        text = hit.block.text
        start = hit.end
        while start < len(text) and text[start] in " :：·•・.,，、":  # a colon OCR'd as · . , 、
            start += 1
        end = len(text)
        if rule.until is not None:
            m = rule.until.search(text, start)
            end = m.start() if m else end
        if _written(text[start:end]):
            return _evidence(rule, hit.block, start, end, text[start:end].strip(), hit.score)
        nxt = None if hit.block.is_cell else right_of(blocks, hit.block) or next_line(blocks, hit)
        if nxt is not None and nxt.text:
            ev = _evidence(rule, nxt, 0, len(nxt.text), nxt.text, hit.score, 0.9)
            ev.fallback = True
            return ev
    if hits and not hits[0].block.is_cell:  # "报告编号：" and nothing after it: left blank?
        ev = blank(rule, hits[0])
        ev.structure = 0.5  # or written where no relation looks: not sure enough to accept
        return ev
    return None


def _written(rest: str) -> bool:
    """Something after the label besides a lone Latin letter (a seal's stroke read as M)."""
    rest = rest.strip()
    return bool(rest) and not (len(rest) == 1 and rest.isascii() and rest.isalpha())


def next_line(blocks: list[Block], hit: Hit) -> Block | None:
    """The line right under a label line whose value the applicant typed on the next line:
    close below it (within a line's height; OCR boxes of adjacent lines may overlap a little),
    overlapping it across, and not a label line itself."""
    label = hit.block
    height = label.bbox[3] - label.bbox[1]
    below = [
        b
        for b in blocks
        if b.page == label.page
        and not b.is_cell
        and b is not label
        and -0.3 * height <= b.bbox[1] - label.bbox[3] < 1.2 * height
        and b.bbox[0] < label.bbox[2]
        and b.bbox[2] > label.bbox[0]
    ]
    line = min(below, key=lambda b: b.bbox[1], default=None)
    return None if line is None or re.search("[:：]", line.text) else line


def blank(rule: Rule, hit: Hit) -> Evidence:
    """The label is there with nothing written after it: a blank, not a value unread."""
    ev = _evidence(rule, hit.block, hit.start, hit.end, "", hit.score)
    ev.blank = True
    return ev


def locate_right(blocks: list[Block], rule: Rule, hits: list[Hit]) -> Evidence | None:
    # Prefer a cell that holds little besides the label: that is the label cell.
    ranked = sorted(
        hits, key=lambda h: (-h.score, -(h.end - h.start) / max(len(h.block.text.strip()), 1))
    )
    for hit in ranked:
        if hit.block.is_cell:
            target = right_of(blocks, hit.block)
            if target is not None and not target.text.strip():
                target = _ticked_beyond(blocks, target) or target
            if target is not None:
                cut = rule.until.search(target.text) if rule.until is not None else None
                end = cut.start() if cut else len(target.text)
                ev = _evidence(rule, target, 0, end, target.text[:end].strip(), hit.score)
                ev.consumed = () if cut else (target,)  # the rest is the next field's
                return _picked(rule, ev)
    ev = locate_after(blocks, rule, hits)
    if ev is not None:
        ev.fallback = True  # no cell right of the label: the text after it instead
    return ev


def by_row(blocks: list[Block], rule: Rule) -> Evidence | None:
    """The cell right of the row's label cell, where the applicant deleted the printed
    question and left its answer ("3.1.1 制定和执行创新战略情况 | ☑是 ☐否")."""
    ev = locate_right(blocks, rule, find_text(blocks, (rule.row,)))
    if ev is not None:
        # a guess from the row, less sure than the question's own answer (the tick family
        # still scores it above the threshold when its boxes read clearly)
        ev.fallback, ev.structure = True, min(ev.structure, 0.6)
    return ev


def _ticked_beyond(blocks: list[Block], empty: Block) -> Block | None:
    """The cell after an empty one when it holds the tick boxes: an applicant's copy of the
    form split the value cell ("经营主体规模 | | (依据…填写) ☑大型 ☐中型"). The evidence
    column, the other cell that may follow, never has boxes."""
    further = right_of(blocks, empty)
    if further is not None and any(m in further.text for m in (TICKED_MARK, EMPTY_MARK)):
        return further
    return None


def locate_below(blocks: list[Block], rule: Rule, hits: list[Hit]) -> Evidence | None:
    for hit in hits:
        under = below(blocks, hit, rule)
        if under:
            text = "".join(b.text for b in under).strip()
            ev = _evidence(rule, under[0], 0, len(under[0].text), text, hit.score)
            ev.ocr_confidence = min(b.confidence() for b in under)
            ev.bbox = (
                min(b.bbox[0] for b in under),
                min(b.bbox[1] for b in under),
                max(b.bbox[2] for b in under),
                max(b.bbox[3] for b in under),
            )
            ev.consumed = tuple(under)
            return ev
    return None


def _near(seal: Seal, box: BBox, radius: float) -> bool:
    sx, sy = (seal.bbox[0] + seal.bbox[2]) / 2, (seal.bbox[1] + seal.bbox[3]) / 2
    dx = max(box[0] - sx, 0, sx - box[2])
    dy = max(box[1] - sy, 0, sy - box[3])
    return (dx * dx + dy * dy) ** 0.5 <= radius


def seal_area(blocks: list[Block], label: Block) -> BBox:
    """Where a label's seal goes: the cell right of a label cell, or, where that side of the
    row is not ruled into a cell (the 推荐意见 text and its 盖章 line), the row to its right."""
    target = right_of(blocks, label)
    if target is not None:
        return target.bbox
    right = max((b.bbox[2] for b in blocks if b.page == label.page), default=label.bbox[2])
    return (label.bbox[2], label.bbox[1], right, label.bbox[3])


def _inside(seal: Seal, box: BBox) -> bool:
    sx, sy = (seal.bbox[0] + seal.bbox[2]) / 2, (seal.bbox[1] + seal.bbox[3]) / 2
    return box[0] <= sx <= box[2] and box[1] <= sy <= box[3]


def locate_seal(
    blocks: list[Block],
    rule: Rule,
    hits: list[Hit],
    seals: dict[int, list[Seal]],
    dpi: dict[int, int],
) -> Evidence | None:
    if not hits:
        return seal_on_page(blocks, rule, seals)
    hit = hits[0]
    page_seals = seals.get(hit.block.page, [])
    label_cell = hit.block.is_cell and hit.end - hit.start >= 0.6 * len(hit.block.text.strip())
    if label_cell:
        area = seal_area(blocks, hit.block)
        found = [s for s in page_seals if _inside(s, area)]
    else:  # near the label's line, or its words inside a text cell ("…特此声明。某公司（盖章）")
        area = hit.block.span_bbox(hit.start, hit.end) if hit.block.is_cell else hit.block.bbox
        radius = rule.radius_mm * dpi.get(hit.block.page, 300) / 25.4
        found = [s for s in page_seals if _near(s, area, radius)]
    return Evidence(
        rule.key,
        bool(found),
        hit.block.page,
        found[0].bbox if found else area,
        hit.score,
        max((s.score for s in found), default=0.9),
        True,
    )


def seal_on_page(blocks: list[Block], rule: Rule, seals: dict[int, list[Seal]]) -> Evidence | None:
    """The seal's label unreadable (the seal over it: "经营主体名称(言产)") on the page the
    rule names by its text: a seal anywhere on that page, as a fallback for a person."""
    pages = sorted({b.page for b in blocks}) if rule.page_with else []
    if not pages:
        return None
    found = [(page, s) for page in pages for s in seals.get(page, [])]
    page, seal = found[0] if found else (pages[0], None)
    ev = Evidence(rule.key, bool(found), page, seal.bbox if seal else None, 0.5, 0.9, True, 0.6)
    ev.fallback = True
    return ev


BLANK_MARKS = " _＿\t\n"


def locate_pattern(rule: Rule, hits: list[Hit]) -> list[Evidence]:
    """The pattern's ``value`` group; a pattern whose value is optional and absent, or
    matched nothing but a blank's line (模式名称____；☐否), reads the blank the applicant left:
    the pattern took everything up to where its value must end."""
    for hit in hits:
        m = rule.pattern.search(hit.block.text)
        if m and not (m.group("value") or "").strip(BLANK_MARKS):
            return [blank(rule, hit)]
        if m:
            s, e = m.span("value")
            return [_evidence(rule, hit.block, s, e, m.group("value").strip(), hit.score)]
    return []


def stop_patterns(doc: DocumentTemplate, own: Rule) -> list[re.Pattern]:
    """What ends a list's text: other lists' heads, other fields' labels, printed prompts."""
    stops = []
    for rule in doc.rules:
        if rule is own:
            continue
        if rule.relation == "list":  # its head, the unit maybe left out ("省部级—；")
            head = rf"{lists.spaced(rule.label)}\s*{lists.COUNT_CHARS}\s*"
            stops.append(re.compile(rf"{head}(?:{lists.spaced(rule.unit)}|(?=[;；:：,，。]|$))"))
        elif len(fold(rule.label).replace(" ", "")) >= 4:
            stops.append(label_regex(rule.label))
    stops.extend(label_regex(s) for s in doc.stops)
    return stops


def locate_list(
    doc: DocumentTemplate, rule: Rule, spec: FieldSpec, blocks: list[Block]
) -> list[Evidence]:
    """``key.count`` and ``key[i].attr`` from the first block that holds the list's head."""
    attrs = dict(rule.attrs)
    stops = stop_patterns(doc, rule)
    longer = tuple(r.label for r in doc.rules if r.relation == "list" and r is not rule)
    for b in blocks:
        read = lists.read_list(
            b.text,
            rule.label,
            rule.unit,
            attrs,
            spec.item,
            stops,
            longer,
            lists.Lines(tuple(b.line_starts), tuple(b.hard_breaks)),
        )
        if read is not None:
            return list_evidence(rule, b, read)
    return []


def list_evidence(rule: Rule, b: Block, read: lists.ListRead) -> list[Evidence]:
    n = max((len(v) for v in read.items.values()), default=0)
    written = lists.count_value(read.count.text)
    read_as = None
    paired = len({len(v) for v in read.items.values()}) <= 1 and written in (None, n)
    structure = 1.0 if paired else 0.6
    if read.guessed:
        structure = min(structure, 0.6)  # name and issuer without their anchors: in form order
    if read.count_blank:  # nothing written: none when no item either, else as many as listed
        raw = str(n)
        structure = 1.0 if n == 0 else 0.6
    elif (
        written is not None
        and lists.confusable_count(read.count.text, written, n)
        and len({len(v) for v in read.items.values() if v}) == 1
    ):
        raw = str(n)  # 二 read where 一 is written, the items agreeing among themselves
        read_as = read.count.text  # kept: the count rule cannot tell that from a miscount
    elif n == 0 and read.count.text.strip() == "一":  # "—项" with nothing listed: a dash
        raw, structure = "0", 0.6
    else:
        raw = read.count.text
    out = [_evidence(rule, b, read.head.start, read.head.end, raw, 1.0, structure)]
    out[0].leaf = count_leaf(rule.key)
    out[0].read_as = read_as
    out[0].items_numbered = read.numbered
    if read.count.text in lists.STROKE_NUMERALS:  # its own box only, none when OCR gave none
        at = b.text.find(read.count.text, read.count.start, read.count.end)
        out[0].numeral_box = b.boxes[at] if 0 <= at < len(b.boxes) else None
    for attr, items in read.items.items():
        for i in range(n):
            span = items[i] if i < len(items) else None
            start, end = (span.start, span.end) if span else (read.head.start, read.head.end)
            ev = _evidence(rule, b, start, end, span.text if span else "", 1.0, structure)
            ev.leaf = f"{rule.key}[{i}].{attr}"
            out.append(ev)
    return out


def other_labels(doc: DocumentTemplate, own: Rule) -> list[re.Pattern]:
    """Labels of the document's other fields (long enough to mean something) and its prompts:
    one of them inside a value says the value ran past where it should have stopped. Not the
    labels of fields found by a pattern inside running text (``模式名称…``, ``国内市场占有率…``):
    they stand in the middle of a cell, beside a question's boxes or in an applicant's prose."""
    labels = {
        r.label
        for r in doc.rules
        if r.label != own.label
        and r.relation != "pattern"
        and len(fold(r.label).replace(" ", "")) >= 4
    }
    return [label_regex(label) for label in sorted(labels | set(doc.stops))]


def label_matcher(doc: DocumentTemplate) -> Callable[[str], bool]:
    """Whether a text holds one of the document's field labels (for telling rows apart)."""
    regexes = [label_regex(r.label) for r in doc.rules if len(fold(r.label).replace(" ", "")) >= 4]
    return lambda text: any(r.search(text) for r in regexes)


def scoped(blocks: list[Block], rule: Rule) -> list[Block]:
    if not rule.page_with:
        return blocks
    pages = {hit.block.page for hit in find_text(blocks, (rule.page_with,))}
    return [b for b in blocks if b.page in pages]


def without_guidance(ev: Evidence, sentences: tuple[str, ...]) -> None:
    """Take the form's own guidance out of a value the applicant typed around it."""
    if not sentences or not isinstance(ev.raw, str):
        return
    stripped = strip_guidance(ev.raw, sentences)
    if stripped.removed:
        ev.raw, ev.guidance = stripped.text, stripped.removed


SEAL_CORE = 0.15  # of a seal's box on each side: its corners hold no ink (the seal is round)


def mark_under_seals(evidence: list[Evidence], seals: dict[int, list[BBox]]) -> None:
    """Flag each value read as text whose box reaches into the core of a seal's box on its
    page: strokes under red ink are lost or changed, whatever the OCR's own score (``seals``:
    of the pages read by OCR only; a text layer under a seal is exact)."""
    for ev in evidence:
        if isinstance(ev.raw, str) and ev.bbox and ev.page in seals:
            ev.under_seal = any(_overlaps(ev.bbox, _core(box)) for box in seals[ev.page])


def _core(box: BBox) -> BBox:
    x0, y0, x1, y1 = box
    dx, dy = (x1 - x0) * SEAL_CORE, (y1 - y0) * SEAL_CORE
    return (x0 + dx, y0 + dy, x1 - dx, y1 - dy)


def _overlaps(a: BBox, b: BBox) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def locate(
    doc: DocumentTemplate,
    specs: dict[str, FieldSpec],
    blocks: list[Block],
    seals: dict[int, list[Seal]],
    dpi: dict[int, int],
) -> list[Evidence]:
    """Evidence for every rule of ``doc``; a rule whose label is nowhere gives found=False."""
    out: list[Evidence] = []
    taken: dict[int, str] = {}  # block -> the label whose value it is
    others = {rule.key: other_labels(doc, rule) for rule in doc.rules}
    for rule in doc.rules:
        pool = [b for b in scoped(blocks, rule) if taken.get(id(b), rule.label) == rule.label]
        hits = [] if rule.relation == "list" else find_label(pool, rule)
        spec = specs[rule.key]
        if rule.relation == "list":
            found = locate_list(doc, rule, spec, pool)
        elif rule.relation == "pattern":
            found = locate_pattern(rule, hits)
        else:
            handler = {"after": locate_after, "right": locate_right, "below": locate_below}.get(
                rule.relation
            )
            ev = (
                locate_seal(pool, rule, hits, seals, dpi)
                if rule.relation == "seal"
                else handler(pool, rule, hits)
                if hits or rule.row is None
                else by_row(pool, rule)
            )
            found = [] if ev is None else [_picked(rule, ev) if rule.relation == "after" else ev]
        for ev in found:
            without_guidance(ev, doc.guidance)
            ev.label_inside = isinstance(ev.raw, str) and any(
                r.search(ev.raw) for r in others[rule.key]
            )
            taken.update((id(b), rule.label) for b in ev.consumed)
        if not found:
            leaf = count_leaf(rule.key) if spec.type == "list" else rule.key
            found = [Evidence(leaf, None, found=False, label_score=hits[0].score if hits else 0.0)]
        out.extend(found)
    return out
