"""Unified social credit codes, GB/T 4754 industry codes and certificate numbers."""

from __future__ import annotations

import re

from extractors import identifiers, industry
from extractors.normalize.base import EMPTY, Normalized, field_type, fold, invalid_or_empty

# Letters the credit-code alphabet lacks can only be misread digits (or U for V).
USCC_FORCED = str.maketrans({"O": "0", "I": "1", "Z": "2", "S": "5", "V": "U"})


@field_type("uscc", mentions=("USCC",))
def norm_uscc(raw: str, repair: bool = True) -> Normalized:
    """Checksum first: a code is repaired only when exactly one candidate validates."""
    read = re.sub(r"[^0-9A-Za-z]", "", fold(raw)).upper()
    if not read:
        return EMPTY
    code = read.translate(USCC_FORCED) if repair else read
    if not repair:
        valid = identifiers.is_valid_uscc(code)
        return Normalized(code, valid, "as_read" if valid else "invalid")
    fixed = identifiers.repair(code, identifiers.is_valid_uscc)
    method = "repaired" if fixed.method == "as_read" and code != read else fixed.method
    extra = {"raw": read} if method == "repaired" else None
    return Normalized(fixed.value, fixed.method != "invalid", method, extra)


@field_type("industry")
def norm_industry(raw: str) -> Normalized:
    """ "3811 发电机…" or "C3811" -> C3811; a written name that disagrees is flagged."""
    text = fold(raw)
    found = industry.lookup(text)
    if found is None:
        return invalid_or_empty(raw)
    code, name = found
    written = re.sub(r"^[A-Z]?\s*\d{2,4}\s*", "", text).strip(" ()（）")
    if written and not industry.names_agree(written, name):
        return Normalized(code, False, "invalid", {"name": name, "written_name": written})
    return Normalized(code, True, "as_read", {"name": name})


@field_type("cert", mentions=("CERT",))
def norm_cert(raw: str) -> Normalized:
    """Upper case, spaces removed; ``extra.kind`` says which known format it has, if any."""
    value = re.sub(r"\s+", "", fold(raw)).upper().strip("，,；;。")
    if not value:
        return EMPTY
    value = re.sub(r"^(?:证书编号|编号)[:：]?", "", value)
    return Normalized(value, True, "as_read", {"kind": identifiers.cert_kind(value) or "other"})
