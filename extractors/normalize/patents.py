"""Patent numbers: CN application (check digit), CN publication, and foreign ones."""

from __future__ import annotations

import re

from extractors import identifiers
from extractors.normalize.base import EMPTY, Normalized, field_type, fold

CN_APPLICATION = re.compile(r"(?:ZL|CN)?([\dA-Z]{12}|[\dA-Z]{8})[.,·]?([\dX])")
CN_PUBLICATION = re.compile(r"CN\d{7,9}[ABCUSY]\d?")
FOREIGN = re.compile(rf"(?:{'|'.join(identifiers.FOREIGN_PATENT_OFFICES)})[\d/\-]{{5,}}[A-Z]?\d?")
# OCR reads these letters for digits inside a number.
DIGIT_FOR = str.maketrans(
    {
        "O": "0",
        "D": "0",
        "Q": "0",
        "I": "1",
        "L": "1",
        "Z": "2",
        "S": "5",
        "B": "8",
        "G": "6",
        "T": "7",
    }
)


def compact(raw: str) -> str:
    """Upper case without spaces or thousands commas: "US 10,123,456 B2" -> "US10123456B2"."""
    text = fold(raw).upper().replace("ZL.", "ZL").strip(" ，,；;。")
    return re.sub(r"(?<=\d),(?=\d{3})|\s+", "", text)


def _cn_application(text: str, repair: bool) -> Normalized | None:
    m = CN_APPLICATION.fullmatch(text)
    if not m or (text.startswith("CN") and "." not in text):
        return None
    body = m.group(1).translate(DIGIT_FOR) if repair else m.group(1)
    number = f"{body}.{m.group(2)}"
    if not repair:
        valid = identifiers.is_valid_cn_application(number)
        return Normalized(f"ZL{number}", valid, "as_read" if valid else "invalid")
    fixed = identifiers.repair(number, identifiers.is_valid_cn_application)
    method = "repaired" if fixed.method == "as_read" and body != m.group(1) else fixed.method
    return Normalized(f"ZL{fixed.value}", fixed.method != "invalid", method)


@field_type("patent", mentions=("PATENT_CN", "PATENT_PUB", "PATENT_FOREIGN"))
def norm_patent(raw: str, repair: bool = True) -> Normalized:
    """ZL + application number with a valid check digit, CN publication, or foreign as written."""
    text = compact(raw)
    if not text:
        return EMPTY
    if not text.startswith(identifiers.FOREIGN_PATENT_OFFICES) or text.startswith("CN"):
        found = _cn_application(text, repair)
        if found is not None:
            return found
    if CN_PUBLICATION.fullmatch(text) or FOREIGN.fullmatch(text):
        return Normalized(text)
    return Normalized(text, False, "invalid")
