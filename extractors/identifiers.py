"""Check characters of Chinese identifiers, and repair of OCR damage that a checksum proves.

Validators decide what an identifier is: checksum first, then format. A repair is
accepted only when exactly one candidate validates, so an ambiguous code goes to
review as read instead of being "fixed" into somebody else's code.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
PATENT_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)

# What OCR reads for a character, and what it may really have been.
CONFUSIONS: dict[str, str] = {
    "O": "0D",
    "0": "OD",
    "D": "0O",
    "Q": "0O",
    "I": "1L",
    "1": "IL",
    "L": "1I",
    "|": "1I",
    "Z": "2",
    "2": "Z",
    "S": "5",
    "5": "S",
    "B": "8",
    "8": "B",
    "G": "6",
    "6": "G",
    "T": "7",
    "7": "T",
    "U": "V",
    "V": "UY",
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


# Codes of China's industry standards (行业标准代号), e.g. JB/T machinery, QB/T light industry.
INDUSTRY_STANDARD_CODES = frozenset(
    {
        "AQ",
        "BB",
        "CB",
        "CH",
        "CJ",
        "CY",
        "DA",
        "DL",
        "DZ",
        "EJ",
        "FZ",
        "GA",
        "GH",
        "GM",
        "GY",
        "HB",
        "HG",
        "HJ",
        "HS",
        "HY",
        "JB",
        "JC",
        "JG",
        "JR",
        "JT",
        "JY",
        "LB",
        "LD",
        "LS",
        "LY",
        "MH",
        "MT",
        "MZ",
        "NB",
        "NY",
        "QB",
        "QC",
        "QJ",
        "QX",
        "RB",
        "SB",
        "SC",
        "SF",
        "SH",
        "SJ",
        "SL",
        "SN",
        "SW",
        "SY",
        "TB",
        "TD",
        "TY",
        "WB",
        "WH",
        "WJ",
        "WM",
        "WS",
        "WW",
        "XB",
        "YB",
        "YC",
        "YD",
        "YS",
        "YY",
        "YZ",
        "ZY",
    }
)
FOREIGN_PATENT_OFFICES = ("US", "EP", "JP", "WO", "KR", "DE", "GB", "FR", "CA", "AU", "RU", "TW")


def plausible_year(year: str) -> bool:
    """A standard's or certificate's year: four digits from 1950 to next year, or two digits."""
    if len(year) == 2:
        return True
    return len(year) == 4 and 1950 <= int(year) <= date.today().year + 1


def is_known_standard_code(code: str) -> bool:
    """GB, GB/T, GB/Z, an industry code (+/T), DBnn(/T), T/xxx, Q/xxx, ISO, IEC, ISO/IEC, EN."""
    if code in (
        "GB",
        "GB/T",
        "GB/Z",
        "ISO",
        "IEC",
        "ISO/IEC",
        "EN",
        "ISO/TS",
        "ISO/TR",
        "IEC/TS",
        "IEC/TR",
    ):
        return True
    if re.fullmatch(r"DB\d{2}(?:/T)?", code) or re.fullmatch(r"[TQ]/[A-Z]{2,10}", code):
        return True
    m = re.fullmatch(r"([A-Z]{2})(?:/[TZ])?", code)
    return bool(m) and m.group(1) in INDUSTRY_STANDARD_CODES


STANDARD_NUMBER = re.compile(
    r"(?P<code>ISO/IEC|ISO/TS|ISO/TR|IEC/TS|IEC/TR|ISO|IEC|EN|GB/[TZ]|GB|DB\d{2}/T|DB\d{2}"
    r"|[A-Z]{2}/[TZ]|[TQ]/[A-Z]{2,10}|[A-Z]{2})"
    r"\s*(?P<num>\d+(?:\.\d+)*(?:-\d{1,3}(?!\d))*)"
    r"(?:\s*(?P<sep>[-—－:：])?\s*(?P<year>(?:19|20)\d{2}|\d{2})(?!\d))?"
)
# OCR of a standard's code: "IS0 9001" or "IS09001" for ISO 9001, "GB/ T" for GB/T, and
# "工HBAS 704" for T/HBAS 704 (T and its slash read as the character 工).
STANDARD_CODE_FIXES = (
    (re.compile(r"\bIS0(?=[\s\d/]|$)"), "ISO"),
    (re.compile(r"\s*/\s*"), "/"),
    (re.compile(r"工(?=[A-Z]{2,10}\s*\d)"), "T/"),
)


# A code's slash lost in OCR or typing: GBT 1029 / JBT 10303 (national and industry codes
# with /T or /Z), TCEEIA 063 / QYCXI 016 (association and enterprise codes).
SLASHLESS_CODE = re.compile(r"(?<![A-Z/])([A-Z]{2})([TZ])(?=\s*\d)")
SLASHLESS_OWN_CODE = re.compile(r"(?<![A-Z/])([TQ])([A-Z]{2,10})(?=\s*\d)")


def _slash_national(m: re.Match) -> str:
    known = m.group(1) == "GB" or m.group(1) in INDUSTRY_STANDARD_CODES
    return f"{m.group(1)}/{m.group(2)}" if known else m.group(0)


def _slash_own(m: re.Match) -> str:
    letters = m.group(0)
    return letters if is_known_standard_code(letters) else f"{m.group(1)}/{m.group(2)}"


def fix_standard_code(text: str) -> str:
    """A standard's code as printed: IS0 -> ISO, "GB/ T" -> GB/T, GBT -> GB/T, TCEEIA -> T/CEEIA."""
    for regex, repl in STANDARD_CODE_FIXES:
        text = regex.sub(repl, text)
    text = SLASHLESS_CODE.sub(_slash_national, text)
    return SLASHLESS_OWN_CODE.sub(_slash_own, text)


def find_standard(text: str) -> re.Match | None:
    """The first standard number in ``text`` (upper case) whose code is a known one."""
    return next(
        (
            m
            for m in STANDARD_NUMBER.finditer(fix_standard_code(text))
            if is_known_standard_code(m.group("code"))
        ),
        None,
    )


CERT_FORMATS: dict[str, re.Pattern] = {
    # CCC: year, then 12 digits (certification body, product category, serial).
    "ccc": re.compile(r"(?P<year>20\d{2})\d{12}"),
    # Management systems (CNCA): body 3 digits, year 2, system letters, serial, R + renewal, scope.
    "mgmt": re.compile(r"\d{3}(?P<year>\d{2})[A-Z]{1,3}\d{4,6}R\d[A-Z]?"),
    "cqc": re.compile(r"CQC\d{8,14}"),
    "cma": re.compile(r"(?:CMA)?\d{12}"),
    "cnas": re.compile(r"CNAS[LCIPGNMR]\d{4,5}"),
}


def cert_kind(number: str) -> str | None:
    """Which known certificate format ``number`` (upper case, no spaces) has, if any."""
    for kind, regex in CERT_FORMATS.items():
        m = regex.fullmatch(number)
        if m and (kind != "ccc" or int(m.group("year")) <= date.today().year + 1):
            return kind
    return None


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
