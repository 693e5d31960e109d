"""One settings object, read once and passed down.

Where a value comes from, lowest first: the defaults below (the only place they are written),
the project's ``jingpin.toml`` (or the file ``$JINGPIN_CONFIG`` names), an inbox's own
``jingpin.toml``, ``JINGPIN_*`` variables, and what the caller passes explicitly (a CLI
option). Nothing reads the environment at import time: ``load_settings`` reads it when called,
at the edge (the CLI, a flow's entry), and everything below takes the ``Settings`` it returns.
Prefect tasks get it as ``to_dict()`` and rebuild it with ``Settings.from_dict``.

Everything jingpin writes at run time lives under one folder, ``paths.home`` (default
``./var``), so an inbox is only ever read and a reset is one ``rm -r``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / "data"
CONFIG_NAME = "jingpin.toml"


class SettingsError(ValueError):
    """A settings file or variable that cannot be used; the message names it."""


def _cores() -> int:
    return os.cpu_count() or 1


@dataclass(frozen=True)
class Paths:
    home: Path = Path("var")
    db_url: str | None = None  # None: SQLite in home
    paddle_models: Path | None = None  # PaddleOCR's model folders; None: under the temp folder


@dataclass(frozen=True)
class Reading:
    dpi: int = 300
    max_side: int | None = 2000  # page images no larger (long side, pixels); None = full DPI
    ocr_engine: str = "ppocr"
    det_limit: int | None = 960  # detector input; None = the engine's full size
    keep_work: Path | None = None  # keep each page's intermediate images here (pages re-read)


@dataclass(frozen=True)
class Workers:
    documents: int = field(default_factory=_cores)  # documents read at once per batch
    page_threads: int = field(default_factory=_cores)  # one pool of page threads per process


@dataclass(frozen=True)
class Schedule:
    nightly: str = "0 2 * * *"  # cron, in ``timezone``
    timezone: str = "Asia/Shanghai"
    settle_seconds: float = 60  # a dropped folder is processed once unchanged this long
    poll_seconds: float = 10  # how often ``jingpin serve`` looks at the inbox


@dataclass(frozen=True)
class Review:
    threshold: float | None = None  # None: the calibrated threshold in data/calibration.json
    refit_after_reviews: int = 200  # the nightly refit waits for this many new reviews; 0: never


SECTIONS: dict[str, type] = {
    "paths": Paths,
    "reading": Reading,
    "workers": Workers,
    "schedule": Schedule,
    "review": Review,
}


@dataclass(frozen=True)
class Settings:
    paths: Paths = field(default_factory=Paths)
    reading: Reading = field(default_factory=Reading)
    workers: Workers = field(default_factory=Workers)
    schedule: Schedule = field(default_factory=Schedule)
    review: Review = field(default_factory=Review)
    # Batch folder name (or ``default``) → ISO date; a tuple so the settings stay hashable.
    deadlines: tuple[tuple[str, str], ...] = ()

    @property
    def home(self) -> Path:
        return self.paths.home

    @property
    def db_url(self) -> str:
        return self.paths.db_url or f"sqlite:///{self.home / 'jingpin.db'}"

    @property
    def review_threshold(self) -> float | None:
        return self.review.threshold

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def pages_dir(self) -> Path:
        return self.home / "pages"

    @property
    def exports_dir(self) -> Path:
        return self.home / "exports"

    @property
    def quarantine_dir(self) -> Path:
        return self.home / "quarantine"

    @property
    def prefect_home(self) -> Path:
        return self.home / "prefect"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data: what a Prefect task or flow run is given."""
        out = asdict(self)
        for section in SECTIONS:
            out[section] = {
                k: str(v) if isinstance(v, Path) else v for k, v in out[section].items()
            }
        out["deadlines"] = dict(self.deadlines)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        """The inverse of ``to_dict``; values are converted as a settings file's would be."""
        return _build({k: dict(v) for k, v in data.items()})


def _size(value: Any) -> int | None:
    """A pixel limit: 0 (or empty) means none."""
    return int(value) if value not in (None, "") and int(value) > 0 else None


def _path(value: Any) -> Path | None:
    return Path(value).expanduser().resolve() if value not in (None, "") else None


def _optional(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value in (None, "") else convert(value)


CONVERT: dict[tuple[str, str], Callable[[Any], Any]] = {
    ("paths", "home"): _path,
    ("paths", "db_url"): _optional(str),
    ("paths", "paddle_models"): _path,
    ("reading", "dpi"): int,
    ("reading", "max_side"): _size,
    ("reading", "ocr_engine"): str,
    ("reading", "det_limit"): _size,
    ("reading", "keep_work"): _path,
    ("workers", "documents"): lambda v: max(1, int(v)),
    ("workers", "page_threads"): lambda v: max(1, int(v)),
    ("schedule", "nightly"): str,
    ("schedule", "timezone"): str,
    ("schedule", "settle_seconds"): float,
    ("schedule", "poll_seconds"): float,
    ("review", "threshold"): _optional(float),
    ("review", "refit_after_reviews"): int,
}
ENV: dict[str, tuple[str, str]] = {  # the README's table of variables
    "JINGPIN_HOME": ("paths", "home"),
    "JINGPIN_DB_URL": ("paths", "db_url"),
    "JINGPIN_PADDLE_MODELS": ("paths", "paddle_models"),
    "JINGPIN_DPI": ("reading", "dpi"),
    "JINGPIN_MAX_SIDE": ("reading", "max_side"),
    "JINGPIN_OCR_ENGINE": ("reading", "ocr_engine"),
    "JINGPIN_DET_LIMIT": ("reading", "det_limit"),
    "JINGPIN_KEEP_WORK": ("reading", "keep_work"),
    "JINGPIN_WORKERS": ("workers", "documents"),
    "JINGPIN_REVIEW_THRESHOLD": ("review", "threshold"),
}
RENAMED = {"learning": "review"}  # older jingpin.toml sections, still read


def _build(layers: dict[str, dict[str, Any]], source: str = "settings") -> Settings:
    """Settings from ``{section: {key: raw value}}``; a key no section has is an error."""
    sections = {}
    for name, cls in SECTIONS.items():
        given = layers.get(name, {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(given) - known)
        if unknown:
            raise SettingsError(
                f"{source}: [{name}] has no {', '.join(unknown)} (known: {', '.join(sorted(known))})"
            )
        try:
            values = {k: CONVERT[name, k](v) for k, v in given.items()}
        except (TypeError, ValueError) as exc:
            raise SettingsError(f"{source}: [{name}]: {exc}") from exc
        sections[name] = cls(**values)
    extra = sorted(set(layers) - set(SECTIONS) - {"deadlines"})
    if extra:
        raise SettingsError(f"{source}: unknown section(s) {', '.join(extra)}")
    deadlines = tuple(
        sorted(
            (str(k), v.isoformat() if isinstance(v, date) else str(v))
            for k, v in layers.get("deadlines", {}).items()
        )
    )
    return Settings(**sections, deadlines=deadlines)


def read_toml(path: Path) -> dict[str, dict[str, Any]]:
    """A settings file as ``{section: {key: value}}``, older section names mapped to new."""
    try:
        with path.open("rb") as f:
            raw = tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML: {exc}") from exc
    out: dict[str, dict[str, Any]] = {}
    for section, values in raw.items():
        if not isinstance(values, dict):
            raise SettingsError(f"{path}: {section} must be a [section]")
        out.setdefault(RENAMED.get(section, section), {}).update(values)
    return out


def _merge(into: dict[str, dict[str, Any]], layer: Mapping[str, Mapping[str, Any]]) -> None:
    for section, values in layer.items():
        into.setdefault(section, {}).update(values)


def _from_env(environ: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """``JINGPIN_*`` variables as a layer; an empty variable counts as unset."""
    layer: dict[str, dict[str, Any]] = {}
    for name, (section, key) in ENV.items():
        if environ.get(name):
            layer.setdefault(section, {})[key] = environ[name]
    return layer


def load_settings(
    home: str | Path | None = None,
    *,
    inbox: Path | None = None,
    environ: Mapping[str, str] | None = None,
    **explicit: Mapping[str, Any],
) -> Settings:
    """Defaults < project ``jingpin.toml`` < the inbox's < ``JINGPIN_*`` < ``explicit``.

    ``explicit`` is ``section={key: value}`` (e.g. ``reading={"keep_work": path}``); ``home``
    is shorthand for ``paths={"home": home}``. ``environ`` defaults to the process's, read now.
    """
    env = os.environ if environ is None else environ
    layers: dict[str, dict[str, Any]] = {}
    files = [Path(env.get("JINGPIN_CONFIG") or REPO_ROOT / CONFIG_NAME)]
    if inbox is not None:
        files.append(Path(inbox) / CONFIG_NAME)
    for path in files:
        if path.is_file():
            _merge(layers, read_toml(path))
    _merge(layers, _from_env(env))
    given = {
        name: {k: v for k, v in values.items() if v is not None}
        for name, values in explicit.items()
    }
    _merge(layers, given)
    if home is not None:
        _merge(layers, {"paths": {"home": home}})
    layers.setdefault("paths", {}).setdefault("home", Paths.home)
    return _build(layers, ", ".join(str(p) for p in files if p.is_file()) or "settings")


def ensure_dirs(settings: Settings) -> None:
    for path in (
        settings.home,
        settings.cache_dir,
        settings.pages_dir,
        settings.exports_dir,
        settings.quarantine_dir,
        settings.prefect_home,
    ):
        path.mkdir(parents=True, exist_ok=True)
