"""Check characters of Chinese identifiers, and repair of OCR damage that a checksum proves.

Validators decide what an identifier is: checksum first, then format. A repair is
accepted only when exactly one candidate validates, so an ambiguous code goes to
review as read instead of being "fixed" into somebody else's code.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
PATENT_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)

# What OCR reads for a character, and what it may really have been.
CONFUSIONS: dict[str, str] = {
    "O": "0D", "0": "OD", "D": "0O", "Q": "0O",
    "I": "1L", "1": "IL", "L": "1I", "|": "1I",
    "Z": "2", "2": "Z", "S": "5", "5": "S",
    "B": "8", "8": "B", "G": "6", "6": "G",
    "T": "7", "7": "T", "U": "V", "V": "UY",
}


def uscc_check_char(body17: str) -> str:
    """The 18th character of a unified social credit code (GB 32100-2015)."""
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(body17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def org_code_check_char(body8: str) -> str:
    """The check character of an organisation code (GB 11714), positions 9-17 of a USCC."""
    total = sum(int(c, 36) * w for c, w in zip(body8, ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def is_valid_uscc(code: str) -> bool:
    if len(code) != 18 or any(c not in USCC_CHARSET for c in code):
        return False
    return uscc_check_char(code[:17]) == code[17]


def org_code_valid(code: str) -> bool:
    """Whether the organisation code inside a USCC carries a valid check (a weaker signal)."""
    body, check = code[8:16], code[16]
    return body.isalnum() and org_code_check_char(body) == check


def patent_check_digit(digits: str) -> str:
    """Check digit of a CN application number: 12 digits (2003+) or the older 8."""
    total = sum(int(d) * w for d, w in zip(digits, PATENT_WEIGHTS, strict=False))
    check = total % 11
    return "X" if check == 10 else str(check)


def is_valid_cn_application(number: str) -> bool:
    """``ZL201910123456.7`` or ``201910123456.7`` (also the older 8+1 form)."""
    m = re.fullmatch(r"(?:ZL)?(\d{12}|\d{8})\.([\dX])", number)
    return bool(m) and patent_check_digit(m.group(1)) == m.group(2)


@dataclass(frozen=True)
class Repair:
    value: str
    method: str  # "as_read", "repaired", "invalid"
    candidates: int = 1


def repair(raw: str, is_valid, max_edits: int = 2) -> Repair:
    """Substitute confusable characters until exactly one candidate validates."""
    if is_valid(raw):
        return Repair(raw, "as_read")
    spots = [i for i, c in enumerate(raw) if c in CONFUSIONS]
    for edits in range(1, max_edits + 1):
        found = set()
        for positions in itertools.combinations(spots, edits):
            for subs in itertools.product(*(CONFUSIONS[raw[i]] for i in positions)):
                chars = list(raw)
                for i, s in zip(positions, subs, strict=True):
                    chars[i] = s
                candidate = "".join(chars)
                if is_valid(candidate):
                    found.add(candidate)
        if len(found) == 1:
            return Repair(found.pop(), "repaired")
        if len(found) > 1:
            return Repair(raw, "invalid", candidates=len(found))
    return Repair(raw, "invalid", candidates=0)
