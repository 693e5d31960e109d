"""Tick boxes and yes/no answers: 是/否, one choice, several choices, seals.

A box's state comes from its mark before the option: ticked (☑ ■ √ …), empty (☐ □),
or unsure (◌, the image did not say). Every answer that is not a clean reading, an
option without a mark while others have one, an unsure box, nothing ticked where one
answer is required, is invalid and so goes to review; it is never guessed.
"""

from __future__ import annotations

import re
from typing import Any

from extractors.normalize.base import Normalized, field_type, fold, invalid_or_empty

TICKED = set("☑☒■√✓✔▣")
UNTICKED = set("☐□口")
UNSURE = "◌"
MARK_CLASS = "[" + "".join(sorted(TICKED | UNTICKED | {UNSURE})) + "]"


def box_states(text: str, options: list[str]) -> dict[str, bool | None] | None:
    """Each option's box: True ticked, False empty, None unsure or no mark at all.

    None for the whole text when no option has a legible mark (plain "是" is an answer
    in words, not boxes).
    """
    states: dict[str, bool | None] = {}
    for option in options:
        m = re.search(rf"({MARK_CLASS})[\s:,.;]*{re.escape(option)}", text)
        if m:
            states[option] = None if m.group(1) == UNSURE else m.group(1) in TICKED
        elif option in text:
            states[option] = None
    if not any(s is not None for s in states.values()) and UNSURE not in text:
        return None
    return states


def ticked_options(text: str, options: list[str]) -> list[str] | None:
    """The ticked options in order; None when no box is legible."""
    states = box_states(text, options)
    return None if states is None else [o for o in options if states.get(o)]


def _one_of(states: dict[str, bool | None], options: list[str]) -> Normalized:
    ticked = [o for o in options if states.get(o)]
    unsure = [o for o, s in states.items() if s is None]
    if len(ticked) == 1 and not unsure:
        return Normalized(ticked[0])
    reason = "several ticked" if len(ticked) > 1 else "unsure box" if unsure else "nothing ticked"
    return Normalized(None, False, "invalid", {"reason": reason, "ticked": ticked})


@field_type("yesno")
def norm_yesno(raw: str) -> Normalized:
    text = fold(raw)
    pair = ["有", "无"] if ("有" in text and "无" in text and "是" not in text) else ["是", "否"]
    states = box_states(text, pair)
    if states is not None:
        answer = _one_of(states, pair)
        return answer if not answer.valid else Normalized(answer.value == pair[0])
    boxes = [c for c in text if c in TICKED | UNTICKED]
    if len(boxes) == 2 and not re.search("[是否有无]", text):  # the words gone, the boxes left
        ticked = [c in TICKED for c in boxes]  # in the form's order: 是 then 否
        if ticked.count(True) == 1:
            return Normalized(ticked[0])
    word = text.strip(" 。.")
    if word in ("是", "有", "true", "True"):
        return Normalized(True)
    if word in ("否", "无", "false", "False"):
        return Normalized(False)
    return invalid_or_empty(raw)


@field_type("choice", takes="options")
def norm_choice(raw: str, options: list[str]) -> Normalized:
    plain = fold(raw)
    states = box_states(plain, options)
    if states is not None:
        return _one_of(states, options)
    return Normalized(plain) if plain in options else invalid_or_empty(raw)


@field_type("choices", takes="options")
def norm_choices(raw: str, options: list[str]) -> Normalized:
    states = box_states(fold(raw), options)
    if states is None:
        return invalid_or_empty(raw)  # text but no legible box: a person must look
    ticked = [o for o in options if states.get(o)]
    if any(s is None for s in states.values()):
        return Normalized(ticked, False, "invalid", {"reason": "unsure box", "ticked": ticked})
    return Normalized(ticked)


@field_type("seal", takes="raw")
def norm_seal(raw: Any) -> Normalized:
    return Normalized(bool(raw))
