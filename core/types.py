"""Plain data passed between stages."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

BBox = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels of the page image


@dataclass(frozen=True)
class Token:
    """A piece of text on a page: an OCR line or a text-layer word."""

    text: str
    bbox: BBox
    confidence: float = 1.0
    chars: tuple[BBox, ...] | None = None  # one box per character, when the reader gives them

    @property
    def cx(self) -> float:
        return (self.bbox[0] + self.bbox[2]) / 2

    @property
    def cy(self) -> float:
        return (self.bbox[1] + self.bbox[3]) / 2


@dataclass(frozen=True)
class Seal:
    bbox: BBox
    color: str  # "red" or "gray"
    score: float = 1.0


@dataclass(frozen=True)
class Mark:
    """A tick box: ``ticked`` True, False, or None when its ink does not say."""

    bbox: BBox
    ticked: bool | None
    score: float = 1.0
    filled: bool = False  # a solid ■: no character looks like it


@dataclass
class PageRead:
    """What reading one page produced; ``tokens`` and ``cells`` are in page-image pixels."""

    number: int  # 1-based
    source: str  # "text" (text layer) or "ocr"
    dpi: int
    width: int
    height: int
    tokens: list[Token] = field(default_factory=list)
    cells: list[BBox] = field(default_factory=list)
    seals: list[Seal] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    rotation: int = 0
    skew: float = 0.0
    image_path: str | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> PageRead:
        data = dict(data)
        data["tokens"] = [
            Token(
                t["text"],
                tuple(t["bbox"]),
                t["confidence"],
                tuple(tuple(c) for c in t["chars"]) if t.get("chars") else None,
            )
            for t in data["tokens"]
        ]
        data["seals"] = [Seal(tuple(s["bbox"]), s["color"], s["score"]) for s in data["seals"]]
        data["cells"] = [tuple(c) for c in data["cells"]]
        data["marks"] = [
            Mark(tuple(m["bbox"]), m["ticked"], m["score"], m["filled"])
            for m in data.get("marks", [])
        ]
        return cls(**data)
