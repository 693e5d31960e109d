"""Standard numbers: "GB/T 19001-2016", "T/HBAS 012-2023", "ISO 9001:2015"."""

from __future__ import annotations

import re

from extractors import identifiers
from extractors.normalize.base import Normalized, field_type, fold, invalid_or_empty


@field_type("standard", mentions=("STANDARD",))
def norm_standard(raw: str) -> Normalized:
    """Code upper case, one space, number, '-' or (ISO/IEC/EN) ':' before the year."""
    text = re.sub(r"《[^》]*》", " ", fold(raw)).upper().strip(" ，,；;。")
    m = identifiers.find_standard(text)
    if m is None:
        return invalid_or_empty(text)
    code, num, year = m.group("code"), m.group("num"), m.group("year")
    international = code.startswith(("ISO", "IEC", "EN"))
    method = "as_read"
    if year is None and not international and (old := re.fullmatch(r"(.+)-(\d{2})", num)):
        num, year = old.groups()  # GB 8918-88: a two-digit year, not a part number
    elif year is None and (glued := re.fullmatch(r"(\d{3,5})((?:19|20)\d{2})", num)):
        num, year = glued.groups()  # GB 132682013: the dash before the year lost
        method = "repaired"
    colon = m.group("sep") in (":", "：") and international
    value = f"{code} {num}" + (f"{':' if colon else '-'}{year}" if year else "")
    plausible = year is None or identifiers.plausible_year(year)
    return Normalized(value, plausible, method if plausible else "invalid")
