"""Find the submissions in an inbox: batch folders, one folder (or file group) per applicant.

Reads files, never writes them. A file that cannot be processed is reported with a
reason and copied to quarantine; the original stays where it was.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import BadInput
from pipeline.rasterize import IMAGE_SUFFIXES

KIND_WORDS = {
    "application": ("申报表", "附件1"),
    "declaration": ("自我声明", "附件2"),
    "summary": ("汇总表", "附件3"),
}
MEDIA = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".csv": "csv",
    **{s: "image" for s in IMAGE_SUFFIXES},
}
IGNORED = re.compile(r"^(\.|~\$|Thumbs\.db$|desktop\.ini$)", re.I)


@dataclass
class InboxFile:
    path: Path  # absolute
    rel: str  # relative to the inbox, as written on disk
    sha256: str
    size: int
    kind: str
    media: str
    problem: BadInput | None = None
    pages: int = 0  # known from the header check, for progress totals


@dataclass
class SubmissionPlan:
    key: str  # "<batch>/<applicant>"
    applicant: str
    files: list[InboxFile] = field(default_factory=list)


@dataclass
class BatchPlan:
    name: str
    path: Path
    files: list[InboxFile] = field(default_factory=list)  # batch-level: the summary table
    submissions: list[SubmissionPlan] = field(default_factory=list)


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def kind_of(name: str) -> str:
    for kind, words in KIND_WORDS.items():
        if any(w in name for w in words):
            return kind
    return "unknown"


# A4 at 300 dpi is 8.7 MP and an A2 summary 35 MP; past this a page is not a scanned form and
# rasterizing it could exhaust memory.
MAX_PAGE_PIXELS = 60_000_000


def check_file(path: Path, media: str | None, dpi: int = 300) -> tuple[BadInput | None, int]:
    """Why this file cannot be read (or None), and its page count. Header and structure only."""
    if path.is_symlink():
        return BadInput(
            "link",
            "符号链接不会被跟随，请放入文件本身",
            "symbolic links are not followed; put the file itself in the folder",
        ), 0
    size = path.stat().st_size
    if size == 0:
        return BadInput("empty", "文件为空（0 字节）", "the file is empty (0 bytes)"), 0
    if media is None:
        if path.suffix.lower() in (".doc", ".xls", ".wps", ".et"):
            return BadInput(
                "old_office",
                f"旧版 Office 文件 {path.suffix}，请另存为 .docx/.xlsx 或扫描为 PDF",
                f"old Office format {path.suffix}; save it as .docx/.xlsx or scan it to PDF",
            ), 0
        return BadInput(
            "unsupported",
            f"不支持的文件类型 {path.suffix or '(无扩展名)'}",
            f"unsupported file type {path.suffix or '(no extension)'}",
        ), 0
    if media == "pdf":
        return _check_pdf(path, dpi)
    if media == "image":
        return _check_image(path)
    if media in ("docx", "xlsx"):
        return _check_office(path, media), 0
    return None, 0


def _too_big(width_px: float, height_px: float) -> BadInput | None:
    if width_px * height_px <= MAX_PAGE_PIXELS:
        return None
    return BadInput(
        "enormous_page",
        f"页面过大（{width_px:.0f}×{height_px:.0f} 像素），不是 A4/A3 扫描件",
        f"page too large ({width_px:.0f}×{height_px:.0f} px); not an A4/A3 scan",
    )


def _check_image(path: Path) -> tuple[BadInput | None, int]:
    from PIL import Image

    damaged = BadInput(
        "corrupt_image",
        "图片文件损坏或不完整，无法打开",
        "the image file is damaged or incomplete and cannot be opened",
    )
    try:
        with Image.open(path) as img:
            too_big = _too_big(*img.size)
            if too_big:
                return too_big, 0
            frames = getattr(img, "n_frames", 1)
            img.load()  # decodes the first frame: a truncated file fails here, not in OCR
    except Image.DecompressionBombError:
        return _too_big(1e9, 1), 0
    except Exception:
        return damaged, 0
    return None, frames


def _check_office(path: Path, media: str) -> BadInput | None:
    import zipfile

    part = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}[media]
    try:
        with zipfile.ZipFile(path) as z:
            if part not in z.namelist():
                raise zipfile.BadZipFile(part)
            z.getinfo(part)
    except (zipfile.BadZipFile, OSError):
        return BadInput(
            f"corrupt_{media}",
            f"{media} 文件损坏或不是 Office 文档",
            f"the .{media} file is damaged or not an Office document",
        )
    return None


def _check_pdf(path: Path, dpi: int) -> tuple[BadInput | None, int]:
    with path.open("rb") as f:
        head = f.read(1024)
    if b"%PDF" not in head:
        return BadInput(
            "not_pdf",
            "文件扩展名为 .pdf，但内容不是 PDF",
            "named .pdf but the content is not a PDF",
        ), 0
    from pypdf import PdfReader

    try:
        reader = PdfReader(path)
        # An owner password only restricts printing/editing; such a PDF opens with "" and is read.
        if reader.is_encrypted and not reader.decrypt(""):
            return BadInput(
                "encrypted",
                "PDF 已加密（需要密码），请提供未加密的扫描件",
                "the PDF is encrypted (password protected); send an unencrypted scan",
            ), 0
        pages = len(reader.pages)
        if pages == 0:
            return BadInput("no_pages", "PDF 没有页面", "the PDF has no pages"), 0
        for page in reader.pages:
            box = page.mediabox
            too_big = _too_big(float(box.width) * dpi / 72, float(box.height) * dpi / 72)
            if too_big:
                return too_big, pages
    except Exception as exc:
        return BadInput(
            "corrupt_pdf",
            "PDF 文件损坏或被截断，无法解析",
            f"the PDF is damaged or truncated and cannot be parsed ({type(exc).__name__})",
        ), 0
    return None, pages


def applicant_of(stem: str) -> str:
    """Group key for a loose file: its name without the form words and separators."""
    name = stem
    for words in KIND_WORDS.values():
        for w in words:
            name = name.replace(w, "")
    name = re.sub(r"(盖章|扫描件|word版|Word版|电子版|\(\d+\)|（\d+）)", "", name)
    return name.strip(" -_—.、（）()") or stem


def shown(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 become U+FFFD (the path itself is kept)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _entry(path: Path, inbox: Path) -> InboxFile:
    rel = path.relative_to(inbox).as_posix()
    display = shown(rel)
    media = MEDIA.get(path.suffix.lower())
    problem, pages = check_file(path, media)
    if path.is_symlink():
        return InboxFile(path, display, "", 0, kind_of(path.name), "link", problem)
    if (
        display != rel and problem is None
    ):  # bytes that are not UTF-8: no database or JSON can hold the name
        problem = BadInput(
            "bad_name",
            "文件名不是有效的 UTF-8 编码，请重命名后重新提交",
            "the file name is not valid UTF-8; rename the file and send it again",
        )
    return InboxFile(
        path,
        display,
        sha256_of(path),
        path.stat().st_size,
        kind_of(display),
        media or "other",
        problem,
        pages,
    )


def scan_inbox(inbox: Path) -> list[BatchPlan]:
    """Every batch folder of ``inbox``, in name order."""
    if not inbox.is_dir():
        raise FileNotFoundError(f"inbox not found: {inbox} / 收件箱不存在")
    return [scan_batch(inbox, folder) for folder in batch_folders(inbox)]


def batch_folders(inbox: Path) -> list[Path]:
    """The batch folders of an inbox, in name order."""
    return [p for p in sorted(inbox.iterdir()) if p.is_dir() and not IGNORED.match(p.name)]


def scan_batch(inbox: Path, folder: Path) -> BatchPlan:
    """One city's delivery: applicant folders, loose files grouped by name, the summary."""
    batch_name = shown(folder.name)
    batch = BatchPlan(batch_name, folder)
    groups: dict[str, SubmissionPlan] = {}
    from pipeline.batches import BATCH_META

    for item in sorted(folder.iterdir()):
        if IGNORED.match(item.name) or item.name in BATCH_META:
            continue
        if item.is_dir():
            name = shown(item.name)
            sub = groups.setdefault(name, SubmissionPlan(f"{batch_name}/{name}", name))
            sub.files += [
                _entry(p, inbox)
                for p in sorted(item.rglob("*"))
                if (p.is_file() or p.is_symlink()) and not IGNORED.match(p.name)
            ]
        elif kind_of(item.name) == "summary":
            batch.files.append(_entry(item, inbox))
        else:
            key = applicant_of(shown(item.stem))
            sub = groups.setdefault(key, SubmissionPlan(f"{batch_name}/{key}", key))
            sub.files.append(_entry(item, inbox))
    for sub in groups.values():
        mark_duplicates(sub.files)
    batch.submissions = list(groups.values())
    return batch


COPY_NAME = re.compile(r"[(（]\d+[)）]|副本|copy", re.I)


def mark_duplicates(files: list[InboxFile]) -> None:
    """Same content twice: the one named like a copy ("(1)", 副本) is the duplicate."""
    seen: dict[str, str] = {}
    for f in sorted(files, key=lambda f: (bool(COPY_NAME.search(f.path.name)), f.rel)):
        if f.problem is None and f.sha256 in seen:
            f.problem = BadInput(
                "duplicate",
                f"与 {seen[f.sha256]} 内容完全相同（重复文件）",
                f"identical to {seen[f.sha256]} (duplicate file)",
            )
        seen.setdefault(f.sha256, f.rel)


def quarantine(f: InboxFile, root: Path) -> Path:
    """Copy a bad file aside with its reason; the inbox copy is left untouched."""
    target = root / f.rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() and not f.path.is_symlink():  # a link is reported, never followed
        shutil.copy2(f.path, target)
    target.with_name(target.name + ".reason.txt").write_text(
        f"{f.problem.code}\n{f.problem.zh}\n{f.problem.en}\n", encoding="utf-8"
    )
    return target
