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
    rotation: int = 0
    skew: float = 0.0
    image_path: str | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> PageRead:
        data = dict(data)
        data["tokens"] = [Token(t["text"], tuple(t["bbox"]), t["confidence"]) for t in data["tokens"]]
        data["seals"] = [Seal(tuple(s["bbox"]), s["color"], s["score"]) for s in data["seals"]]
        data["cells"] = [tuple(c) for c in data["cells"]]
        return cls(**data)
