"""The form's own guidance text, found in a value and taken out of it.

Applicants type into the Word form and leave its printed guidance in place ("（要求在湖北省
行政区域内依法注册登记，…需提供营业执照）"), before or after their value, or alone when they
wrote nothing. The template lists every such sentence of the form; here each is looked for
OCR-tolerantly (a fuzzy alignment, so a dropped comma or a misread character still
matches), also cut short by a page or cell break, and removed with its brackets.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from extractors.blocks import fold

MIN_SCORE = 88
MIN_CHARS = 12  # shorter matches could be the applicant's own words that the guidance also uses
EDGE = " \t\n,，;；。:：_＿、"
BRACKETS = "()（）"


@dataclass(frozen=True)
class Stripped:
    """A value with the guidance taken out, and how many guidance characters were there."""

    text: str
    removed: int


def _pieces(sentence: str) -> list[str]:
    """The sentence, then its halves and three-quarters from either end (cut by a break)."""
    n = len(sentence)
    cuts = [n, n * 3 // 4, n // 2]
    out = [sentence]
    for k in cuts[1:]:
        if k >= MIN_CHARS:
            out += [sentence[:k], sentence[-k:]]
    return out


def _find(text: str, sentence: str) -> tuple[int, int] | None:
    """Where ``sentence`` (or a piece of it) sits in ``text``, its unmatched ends included.

    Aligned without spaces (OCR and typists add them; the sentences have none), then
    mapped back to positions in ``text``.
    """
    where = [i for i, c in enumerate(text) if c != " "]
    compact = "".join(text[i] for i in where)
    for piece in _pieces(sentence):
        al = fuzz.partial_ratio_alignment(piece, compact, score_cutoff=MIN_SCORE)
        if al is not None and al.dest_end - al.dest_start >= min(MIN_CHARS, len(piece)):
            start = max(al.dest_start - al.src_start, 0)
            end = min(al.dest_end + len(piece) - al.src_end, len(compact))
            return where[start], where[end - 1] + 1
    return None


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Take the brackets and separators around a removed sentence with it."""
    while start > 0 and text[start - 1] in BRACKETS + " ":
        start -= 1
    while end < len(text) and text[end] in BRACKETS + " :：":
        end += 1
    return start, end


def strip_guidance(text: str, guidance: tuple[str, ...]) -> Stripped:
    """``text`` without any of the form's guidance sentences (longest first)."""
    removed = 0
    for sentence in sorted((fold(g).replace(" ", "") for g in guidance), key=len, reverse=True):
        for _ in range(3):  # a sentence may be pasted more than once
            if len(text) < MIN_CHARS:
                break
            span = _find(text, sentence.strip(BRACKETS))
            if span is None:
                break
            start, end = _widen(text, *span)
            removed += end - start
            text = _joined(text[:start], text[end:])
    return Stripped(text.strip(), removed)


def _joined(before: str, after: str) -> str:
    """The value around a removed sentence, without the separators that led to it."""
    if not before.strip():
        return after.lstrip(EDGE)
    if not after.strip():
        return before.rstrip(EDGE)
    return before.rstrip() + after.lstrip()
