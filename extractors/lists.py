"""Counted lists of the form ("国家级 __ 项，奖项名称 __，颁发部门 __；…") read by their anchors.

The form prints each list as a head (国家级), a count and its unit (项/个), then one anchor per
attribute (奖项名称, 颁发部门). Applicants fill the blanks their own way: items over several
lines, separators 、，；or new lines, attributes in either order, the closing 。 or ；
forgotten, "0", "无" or nothing for none. So a list's text is not matched by one regex:
it runs from its head to the next anchor of anything else on the form (another list's
head, another field's label, a printed prompt), and each attribute from its anchor to the
next attribute's anchor. Items are split by what the attribute's type recognises (a
standard or certificate number) and, for names, by the separator that gives as many items
as the count says. Pure: text in, spans out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors import mentions, organisations
from extractors.normalize import MENTION_KINDS
from extractors.normalize.numbers import cn_number

COUNT_CHARS = r"[\dOo〇零一二两三四五六七八九十_\s/／—\-无]*?"
# Stronger separators first: a name may hold 、 (化学分析用溶液、试剂和指示剂) but rarely ；.
# A colon between two Chinese characters is a misread ；(a name never holds one).
SEPARATORS = (
    r"\s*[;；\n]\s*|(?<=[\u4e00-\u9fff])\s*[:：]\s*(?=[\u4e00-\u9fff])",
    r"\s*[;；\n，]\s*|(?<!\d),|,(?!\d)",
    r"\s*[、;；\n，]\s*|(?<!\d),|,(?!\d)",
)
DASHED_ONE = re.compile(r"—(?=[\u4e00-\u9fff])")
EDGE = " \t\n,，;；。.:：_＿—-"
BLANK_COUNT = re.compile(r"^[\s_＿/／—\-无]*$")
NONE_WORDS = {"无", "—", "/", "／", "-"}
# An item written without the form's anchors: "名称（部门）" or "编号（名称）", maybe numbered.
# (A thousands comma inside a number stays: "US 9,434,527 B2（一种…）".)
PAIRED_ITEM = re.compile(
    r"(?P<a>(?:[^()（）、;；,，\n]|(?<=\d),(?=\d{3}))+?)\s*[(（](?P<b>[^()（）]+)[)）]"
)
NUMBERING = re.compile(r"(?:\d{1,2}[.．、](?!\d)|[①-⑳]|[(（]\d{1,2}[)）])\s*")


@dataclass(frozen=True)
class Span:
    """Characters ``start:end`` of a block's text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ListRead:
    """What a list's text says: the count as written and each attribute's items."""

    head: Span
    count: Span
    items: dict[str, list[Span]]
    count_blank: bool
    guessed: bool = False  # which text is which attribute was not written: taken in order
    numbered: int = 0  # the items numbered 1, 2, … n in the text: n (0 when not numbered)


def spaced(text: str) -> str:
    """A regex for ``text`` that lets OCR or the typist put spaces between characters."""
    return r"\s*".join(re.escape(c) for c in text.replace(" ", ""))


def find_head(
    text: str, label: str, unit: str, anchors: list[str], longer: tuple[str, ...] = ()
) -> re.Match | None:
    """Head, count and unit, followed by an attribute anchor or holding a count.

    "国家级项目" is not the head 国家级 + 项: nothing counted, no 奖项名称 after it; and
    "产品认证数量" is not the head 认证数量 when another list is headed 产品认证数量
    (``longer``: the other heads that contain this one).
    """
    # the unit may go with a none written as a word: 国家标准无；品牌认证数量：—
    head = re.compile(
        rf"{spaced(label)}\s*[:：]?\s*(?P<count>{COUNT_CHARS})\s*"
        rf"(?:{spaced(unit)}|(?<=[无—/／一])(?=\s*(?:[;；,，。]|$)))"
    )
    follow = re.compile(r"\s*[,，:：]?\s*(?:" + "|".join(spaced(a) for a in anchors) + ")")
    prefixes = [other[: other.index(label)] for other in longer if label in other]
    for m in head.finditer(text):
        before = text[: m.start()].replace(" ", "")
        if any(p and before.endswith(p) for p in prefixes):
            continue
        written = m.group("count").strip(" _")
        if count_value(written) is not None or follow.match(text, m.end()) or written in NONE_WORDS:
            return m
    return None


def region_end(text: str, start: int, stops: list[re.Pattern]) -> int:
    """Where the next thing printed on the form begins after ``start``."""
    ends = [m.start() for stop in stops if (m := stop.search(text, start))]
    return min(ends, default=len(text))


def _trimmed(text: str, start: int, end: int) -> Span:
    """Without separators at either edge; a dash before a character is 一 as OCR reads it
    ("—种锂电池隔膜的制造方法"), so it stays (the text normalizer makes it 一 again)."""
    while start < end and text[start] in EDGE and not DASHED_ONE.match(text, start, end):
        start += 1
    while end > start and text[end - 1] in EDGE:
        end -= 1
    return Span(start, end, text[start:end])


def attribute_spans(
    text: str, start: int, end: int, attrs: dict[str, str]
) -> dict[str, Span | None]:
    """Each attribute's text: from its anchor to the next anchor or the region's end."""
    found = {}
    for attr, anchor in attrs.items():
        m = re.compile(spaced(anchor)).search(text, start, end)
        found[attr] = (m.start(), m.end()) if m else None
    bounds = sorted(v for v in found.values() if v)
    out: dict[str, Span | None] = {}
    for attr, where in found.items():
        if where is None:
            out[attr] = None
            continue
        nxt = min((s for s, _ in bounds if s >= where[1]), default=end)
        out[attr] = _trimmed(text, where[1], nxt)
    return out


def split_identifiers(span: Span, kind: str) -> list[Span] | None:
    labels = MENTION_KINDS.get(kind)
    if not labels:
        return None
    found = [m for m in mentions.find(span.text) if m.label in labels]
    if not found:
        return None
    return [Span(span.start + m.start, span.start + m.end, m.text) for m in found]


def split_names(span: Span, expected: int | None) -> list[Span]:
    """Split on the strongest separator that yields ``expected`` items, else on all of them."""
    candidates = []
    for sep in SEPARATORS:
        pieces, pos = [], 0
        for m in re.finditer(sep, span.text):
            pieces.append(_trimmed(span.text, pos, m.start()))
            pos = m.end()
        pieces.append(_trimmed(span.text, pos, len(span.text)))
        pieces = [Span(span.start + p.start, span.start + p.end, p.text) for p in pieces if p.text]
        candidates.append(pieces)
        if expected and len(pieces) == expected:
            return pieces
    return candidates[-1]


@dataclass(frozen=True)
class Lines:
    """Where a block's lines start, and which of those starts follow an Enter (a short line)."""

    starts: tuple[int, ...] = ()
    hard: tuple[int, ...] = ()


def line_items(
    text: str,
    spans: dict[str, Span | None],
    items: dict[str, list[Span]],
    lines: Lines,
    expected: int | None,
    count_raw: str,
    bodies: frozenset[str] = frozenset(),
) -> dict[str, list[Span]]:
    """Attributes short of the count, split one item a line, only where that is corroborated.

    Lines that ended short (Enter pressed) as many as the count say so themselves. Every line
    break (wraps included) needs more: another attribute already lists that many, or two
    attributes split alike, or the count is not one of 一/二/三 (which differ by a stroke,
    and a wrapped name is not two items). And an issuing body's attribute (``bodies``) splits
    only into bodies: "湖北省市场/监督管理局" is one bureau wrapped, not two items.
    """
    short = [
        a for a, found in items.items() if spans[a] is not None and len(found) < (expected or 0)
    ]
    if not short:
        return {}
    hard = {a: by_lines(text, spans[a], lines.hard, expected) for a in short}
    if all(hard.values()):
        return hard
    # else every break, wraps included, where no separator was written (a break is then a wrap)
    split = {
        a: hard[a]
        or (by_lines(text, spans[a], lines.starts, expected) if len(items[a]) <= 1 else [])
        for a in short
    }
    corroborated = (
        len(short) < len(items)  # another attribute lists as many
        or len(short) > 1  # two attributes split line by line into the same number
        or not re.search(r"[一二三]", count_raw)
    )
    whole = all(organisations.is_body(p.text) for a in short if a in bodies for p in split[a])
    return split if corroborated and whole and all(split.values()) else {}


def by_lines(text: str, span: Span, starts: tuple[int, ...], expected: int) -> list[Span]:
    """One item a line, where the applicant pressed Enter after each and wrote no separator
    ("绿色产品认证⏎CCC认证⏎…"): only when the lines are exactly as many as the count says."""
    cuts = [i for i in starts if span.start < i < span.end]
    if len(cuts) != expected - 1:
        return []
    bounds = [span.start, *cuts, span.end]
    pieces = [_trimmed(text, a, b) for a, b in zip(bounds, bounds[1:], strict=False)]
    return pieces if all(p.text for p in pieces) else []


def count_value(raw: str) -> int | None:
    """The count as written: 3, 三, 两; None when no number is there (blank, 无, /)."""
    m = re.search(r"\d+", raw)
    if m:
        return int(m.group(0))
    m = re.search(r"[〇零一二两三四五六七八九十]+", raw)
    return cn_number(m.group(0)) if m else None


STROKE_NUMERALS = ("一", "二", "三")  # numerals one horizontal stroke apart


def confusable_count(raw: object, stated: int, listed: int) -> bool:
    """一/二/三 differ by a stroke (an underline under 一 reads 二): a count in Chinese
    numerals one off the items listed is OCR's doubt, not the applicant's word."""
    text = str(raw or "")
    return (
        abs(stated - listed) == 1
        and not re.search(r"\d", text)
        and bool(re.search("[一二三]", text))
    )


def bare_items(
    text: str, start: int, end: int, attrs: dict[str, str], kinds: dict[str, str]
) -> tuple[dict[str, list[Span]], bool]:
    """Items an applicant wrote without the anchors: "甲奖（某部）、乙奖（某厅）". An identifier
    goes to the identifier attribute, in or out of the brackets; of two text attributes the
    issuing body goes to the one anchored 部门, else they are taken in the form's order, a
    guess (second value True). A one-attribute list is split on
    its separators. Items numbered 1, 2, 3 lose their numbers."""
    region = _trimmed(text, start, end)
    if not region.text or BLANK_COUNT.match(region.text):
        return {attr: [] for attr in attrs}, False
    names = list(attrs)
    pairs = list(PAIRED_ITEM.finditer(text, region.start, region.end))
    if len(names) != 2 or not pairs:
        pieces = numbered_off(text, [_unnumbered(text, p) for p in split_names(region, None)], None)
        return {names[0]: [p for p in pieces if p.text], **{attr: [] for attr in names[1:]}}, False
    code = next((n for n in names if kinds[n] in MENTION_KINDS), None)
    outside = numbered_off(
        text,
        [_unnumbered(text, _trimmed(text, m.start("a"), m.end("a"))) for m in pairs],
        kinds[code] if code else None,
    )
    inside = [_trimmed(text, m.start("b"), m.end("b")) for m in pairs]
    out: dict[str, list[Span]] = {attr: [] for attr in names}
    guessed = False
    for a, b in zip(outside, inside, strict=True):
        if code is None:
            first, second, sure = _text_pair(a, b, names, attrs)
            out[names[0]].append(first)
            out[names[1]].append(second)
            guessed = guessed or not sure
            continue
        other = names[1] if code == names[0] else names[0]
        number_inside = _code_like(b, kinds[code]) and not _code_like(a, kinds[code])
        out[code].append(b if number_inside else a)
        out[other].append(a if number_inside else b)
    return out, guessed


def _text_pair(
    a: Span, b: Span, names: list[str], attrs: dict[str, str]
) -> tuple[Span, Span, bool]:
    """Two text halves in the form's attribute order, and whether that order is known: the
    half that names an issuing body goes to the attribute anchored 部门/单位, else as written."""
    body_attr = next((n for n in names if organisations.names_body(attrs[n])), None)
    a_body, b_body = organisations.is_body(a.text), organisations.is_body(b.text)
    if body_attr is None or a_body == b_body:
        return a, b, False
    body, other = (a, b) if a_body else (b, a)
    return (body, other, True) if body_attr == names[0] else (other, body, True)


BARE_NUMBER = re.compile(r"\d{1,2}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _code_like(span: Span, kind: str) -> bool:
    """A number the matchers know, or at least digits and letters without a Chinese word
    (a brand certificate's PJ1358976 has no format of its own)."""
    return bool(split_identifiers(span, kind)) or (
        not CJK.search(span.text) and bool(re.search(r"\d", span.text))
    )


def numbered_off(text: str, items: list[Span], code_kind: str | None) -> list[Span]:
    """Items that start 1, 2, 3 … in order (the dot of "1." lost or never typed) without
    those numbers; an identifier only where the number off makes it valid and on does not."""
    from extractors.normalize import normalize

    starts = [BARE_NUMBER.match(i.text) for i in items]
    if not items or not all(starts):
        return items
    for digits in (1, 2):
        if [int(m.group(0)[:digits]) for m in starts] != list(range(1, len(items) + 1)):
            continue
        out = []
        for item in items:
            rest = Span(item.start + digits, item.end, item.text[digits:])
            if CJK.search(item.text):  # a name: the number is the digits before its words
                ok = bool(rest.text) and not rest.text[0].isdigit()
            else:  # a code: where the number off makes it valid and on does not, or the
                # number runs into the code's letters (1PJ9948067: the dot of "1." lost)
                ok = code_kind is not None and (
                    normalize(code_kind, rest.text).valid
                    and not normalize(code_kind, item.text).valid
                    or rest.text[:1].isascii()
                    and rest.text[:1].isalpha()
                )
            out.append(rest if ok else item)
        return out
    return items


def bare_lines(
    text: str, region: Span, items: dict[str, list[Span]], lines: Lines, count_raw: str
) -> dict[str, list[Span]]:
    """A one-attribute list without anchors, one item a line where its separators fell short."""
    (attr,) = items
    split = line_items(text, {attr: region}, items, lines, count_value(count_raw), count_raw)
    if not split:
        return {}
    return {attr: numbered_off(text, [_unnumbered(text, p) for p in split[attr]], None)}


def _an_item(text: str) -> bool:
    """Not a blank's mark: something with a letter, digit or character in it (not "/", "⊥",
    nor 一, a dash as OCR reads it)."""
    return not BLANK_COUNT.match(text) and text != "一" and bool(re.search(r"\w", text))


def _unnumbered(text: str, span: Span) -> Span:
    """The item without its "1." / "①" / "(1)" number."""
    m = NUMBERING.match(text, span.start, span.end)
    return _trimmed(text, m.end(), span.end) if m and m.start() == span.start else span


ITEM_NUMBER = re.compile(r"(?<![\d.])(?:(\d{1,2})[.．、](?!\d)|[(（](\d{1,2})[)）])|([①-⑳])")


def numbered_upto(text: str, start: int, end: int) -> int:
    """How far the items between ``start`` and ``end`` are numbered 1, 2, 3 … in order: the
    applicant's own count of what is listed, whether or not each item was read."""
    n = 0
    for m in ITEM_NUMBER.finditer(text, start, end):
        circled = m.group(3)
        number = ord(circled) - ord("①") + 1 if circled else int(m.group(1) or m.group(2))
        if number == n + 1:
            n = number
    return n


def read_list(
    text: str,
    label: str,
    unit: str,
    attrs: dict[str, str],
    kinds: dict[str, str],
    stops: list[re.Pattern],
    longer: tuple[str, ...] = (),
    lines: Lines = Lines(),
) -> ListRead | None:
    """The list headed by ``label`` in ``text``, or None when its head is not there."""
    head = find_head(text, label, unit, list(attrs.values()), longer)
    if head is None:
        return None
    end = region_end(text, head.end(), stops)
    spans = attribute_spans(text, head.end(), end, attrs)
    count_raw = head.group("count")
    expected = count_value(count_raw)
    if all(span is None for span in spans.values()):  # the anchors deleted: items as written
        items, guessed = bare_items(text, head.end(), end, attrs, kinds)
        if len(attrs) == 1:  # names one a line: "国家级平台3个：⏎甲中心⏎乙中心⏎丙中心"
            items.update(bare_lines(text, _trimmed(text, head.end(), end), items, lines, count_raw))
        return _list_read(text, head, end, items, guessed)
    items: dict[str, list[Span]] = {}
    for attr, span in spans.items():  # identifiers first: they tell how many names to expect
        if span is not None and span.text:
            ids = split_identifiers(span, kinds[attr])
            # the matchers win unless they found fewer than the separators split (one unread)
            if ids is not None and len(ids) >= len(split_names(span, expected)):
                items[attr] = ids
                expected = expected or len(ids)
    for attr, span in spans.items():
        if attr not in items:
            items[attr] = split_names(span, expected) if span is not None and span.text else []
    bodies = frozenset(a for a, anchor in attrs.items() if organisations.names_body(anchor))
    items.update(line_items(text, spans, items, lines, expected, count_raw, bodies))
    items = {attr: [i for i in found if _an_item(i.text)] for attr, found in items.items()}
    return _list_read(text, head, end, items)


def _list_read(
    text: str, head: re.Match, end: int, items: dict[str, list[Span]], guessed: bool = False
) -> ListRead:
    """The read of the list whose head matched ``head`` and whose items end at ``end``."""
    count_raw = head.group("count")
    return ListRead(
        Span(head.start(), head.end(), head.group(0)),
        Span(head.start("count"), head.end("count"), count_raw.strip()),
        items,
        bool(BLANK_COUNT.match(count_raw)),
        guessed,
        numbered_upto(text, head.end(), end),
    )
