"""Find identifiers and quantities in free text with spaCy rule matchers.

A blank ``zh`` pipeline whose tokenizer splits text the way OCR breaks identifiers
apart: each CJK character, each run of ASCII letters, each run of digits and each
punctuation mark is a token, spaces are kept as token whitespace. Token patterns
(``Matcher``) propose candidate spans of each shape; a shape check on the span's
compact text keeps the plausible ones, and overlapping candidates resolve to the
longest. Validation (check digits, known prefixes) is the normalizers' job: a
mention whose checksum fails is still a mention, flagged downstream.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractors.identifiers import FOREIGN_PATENT_OFFICES, find_standard

TOKEN = re.compile(r"[A-Za-z]+|\d+|\S")
CN_NUM = "〇零○一二两三四五六七八九十百"
NUMBER = [{"IS_DIGIT": True}, {"TEXT": {"REGEX": r"^(?:[.,]|\d+)$"}, "OP": "{0,6}"}]
COUNTED = {"TEXT": {"REGEX": rf"^(?:\d+|[{CN_NUM}])$"}, "OP": "{1,4}"}
ALNUM = {"TEXT": {"REGEX": r"^[0-9A-Za-z]+$"}}

PATTERNS: dict[str, list[list[dict]]] = {
    "USCC": [[{**ALNUM, "OP": "{1,8}"}]],
    "PATENT_CN": [
        [
            {"LOWER": {"IN": ["zl", "cn"]}, "OP": "?"},
            {**ALNUM, "OP": "{1,6}"},
            {"TEXT": {"IN": [".", "·", ","]}},
            {"TEXT": {"REGEX": r"^[\dXx]$"}},
        ]
    ],
    "PATENT_PUB": [
        [
            {"TEXT": "CN"},
            {"IS_DIGIT": True, "OP": "{1,3}"},
            {"TEXT": {"IN": list("ABCUSY")}},
            {"TEXT": {"REGEX": r"^\d$"}, "OP": "?"},
        ]
    ],
    "PATENT_FOREIGN": [
        [
            {"TEXT": {"IN": list(FOREIGN_PATENT_OFFICES)}},
            {"TEXT": {"REGEX": r"^(?:\d+|[,/\-])$"}, "OP": "{1,9}"},
            {"TEXT": {"REGEX": r"^[A-Z]$"}, "OP": "?"},
            {"TEXT": {"REGEX": r"^\d$"}, "OP": "?"},
        ]
    ],
    "STANDARD": [
        [
            {"TEXT": {"REGEX": r"^[A-Z]{1,11}$"}},  # up to T+association code written without /
            {"TEXT": {"REGEX": r"^(?:/|\d{2}|[A-Z]{1,10})$"}, "OP": "{0,4}"},
            {"IS_DIGIT": True},
            {"TEXT": {"REGEX": r"^(?:[.\-—－:：]|\d+)$"}, "OP": "{0,8}"},
        ]
    ],
    "CERT": [
        [
            {"TEXT": {"REGEX": r"^\d{5}$"}},
            {"TEXT": {"REGEX": r"^[A-Z]{1,3}$"}},
            {"TEXT": {"REGEX": r"^\d{4,6}$"}},
            {"TEXT": "R"},
            {"TEXT": {"REGEX": r"^\d$"}},
            {"TEXT": {"REGEX": r"^[A-Z]$"}, "OP": "?"},
        ],
        [{"TEXT": {"REGEX": r"^20\d{14}$"}}],
        [{"TEXT": "CQC"}, {"TEXT": {"REGEX": r"^\d{8,14}$"}}],
        [
            {"TEXT": "CMA"},
            {"TEXT": {"IN": [":", "："]}, "OP": "?"},
            {"TEXT": {"REGEX": r"^\d{12}$"}},
        ],
        [{"TEXT": "CNAS"}, {"TEXT": {"IN": list("LCIPGNMR")}}, {"TEXT": {"REGEX": r"^\d{4,5}$"}}],
    ],
    "PHONE": [
        [{"TEXT": {"REGEX": r"^1[3-9]\d{9}$"}}],
        [
            {"TEXT": "(", "OP": "?"},
            {"TEXT": {"REGEX": r"^0\d{2,3}$"}},
            {"TEXT": {"IN": [")", "-", "—", "－"]}, "OP": "?"},
            {"TEXT": {"REGEX": r"^\d{7,8}$"}},
        ],
    ],
    "EMAIL": [
        [
            {"TEXT": {"REGEX": r"^(?:[A-Za-z0-9]+|[._+\-])$"}, "OP": "{1,12}"},
            {"TEXT": "@"},
            {"TEXT": {"REGEX": r"^(?:[A-Za-z0-9]+|[.\-])$"}, "OP": "{3,12}"},
        ]
    ],
    "DATE": [
        [
            {"TEXT": {"REGEX": r"^\d{4}$"}},
            {"TEXT": {"IN": ["年", ".", "-", "/"]}},
            {"TEXT": {"REGEX": r"^\d{1,2}$"}},
            {"TEXT": {"IN": ["月", ".", "-", "/"]}},
            {"TEXT": {"REGEX": r"^\d{1,2}$"}},
            {"TEXT": "日", "OP": "?"},
        ],
        [
            {"TEXT": {"IN": list("〇零○一二三四五六七八九")}, "OP": "{4}"},
            {"TEXT": "年"},
            {"TEXT": {"IN": list("一二三四五六七八九十")}, "OP": "{1,2}"},
            {"TEXT": "月"},
            {"TEXT": {"IN": list("一二三四五六七八九十")}, "OP": "{1,3}"},
            {"TEXT": "日"},
        ],
    ],
    "MONEY": [[*NUMBER, {"TEXT": {"IN": ["万", "亿"]}}, {"TEXT": "元"}]],
    "PERCENT": [[*NUMBER, {"TEXT": "%"}]],
    "COUNT": [[COUNTED, {"TEXT": {"IN": ["项", "个", "件", "家"]}}]],
    "RANK": [[{"TEXT": "第"}, COUNTED, {"TEXT": {"IN": ["名", "位"]}}]],
}

# Shape each label's compact text (upper case, no spaces) must have to be kept.
SHAPES: dict[str, re.Pattern] = {
    "USCC": re.compile(r"(?=(?:.*\d){8})[0-9A-Z]{18}"),
    "PATENT_CN": re.compile(r"(?:ZL|CN)?[0-9A-Z]{12}[.·,][\dX]|(?:ZL|CN)?[0-9A-Z]{8}[.·,][\dX]"),
    "PATENT_PUB": re.compile(r"CN\d{7,9}[ABCUSY]\d?"),
    "PATENT_FOREIGN": re.compile(r"[A-Z]{2}\d[\d,/\-]{4,}\d(?:[A-Z]\d?)?"),
}
# Labels whose parts must not be split by spaces (checked on the span's own text).
UNSPACED: dict[str, re.Pattern] = {
    "EMAIL": re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.ASCII),
    "MONEY": re.compile(r"\d[\d.,]*\s?[万亿]元"),
    "PERCENT": re.compile(r"\d[\d.,]*\s?%"),
}
TRAILING = ".,-/:：—－"


@dataclass(frozen=True)
class Mention:
    label: str
    text: str
    start: int
    end: int


def fold_chars(text: str) -> str:
    """NFKC per character where it keeps the length, so offsets stay those of ``text``."""
    return "".join(f if len(f := unicodedata.normalize("NFKC", c)) == 1 else c for c in text)


class OcrTokenizer:
    """CJK characters, letter runs, digit runs and marks as separate tokens."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for m in TOKEN.finditer(text):
            gap = text[pos : m.start()]
            if gap == " " and words:
                spaces[-1] = True
            elif gap:  # other whitespace is a token of its own, so offsets stay exact
                words.append(gap)
                spaces.append(False)
            words.append(m.group(0))
            spaces.append(False)
            pos = m.end()
        if pos < len(text):
            words.append(text[pos:])
            spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)


@cache
def pipeline() -> tuple[spacy.language.Language, Matcher]:
    """The blank zh pipeline and its matcher, built once per process."""
    nlp = spacy.blank("zh")
    nlp.tokenizer = OcrTokenizer(nlp.vocab)
    matcher = Matcher(nlp.vocab)
    for label, patterns in PATTERNS.items():
        matcher.add(label, patterns)
    return nlp, matcher


def _trimmed(span: Span) -> Span:
    """Drop a trailing separator the greedy number patterns swallowed."""
    end = span.end
    while end > span.start + 1 and span.doc[end - 1].text in TRAILING:
        end -= 1
    return span.doc[span.start : end]


def _plausible(label: str, span: Span) -> bool:
    if label in UNSPACED:
        return bool(UNSPACED[label].fullmatch(span.text))
    if label == "STANDARD":  # a known code, not any letters before a number
        m = find_standard(span.text.upper())
        return m is not None and m.start() == 0
    shape = SHAPES.get(label)
    return shape is None or bool(shape.fullmatch(span.text.upper().replace(" ", "")))


def _cert_number(span: Span) -> Span:
    """``CMA: 201519125678`` names the number; the mention is the number itself."""
    if span[0].text == "CMA":
        return span.doc[span.end - 1 : span.end]
    return span


def find(text: str) -> list[Mention]:
    """Non-overlapping mentions in reading order; the longest plausible one wins an overlap."""
    nlp, matcher = pipeline()
    doc = nlp(fold_chars(text))
    spans = []
    for match_id, start, end in matcher(doc):
        label = nlp.vocab.strings[match_id]
        span = _trimmed(doc[start:end])
        if label == "CERT":
            span = _cert_number(span)
        if _plausible(label, span):
            spans.append(Span(doc, span.start, span.end, label=label))
    return [
        Mention(s.label_, s.text, s.start_char, s.end_char) for s in sorted(filter_spans(spans))
    ]
