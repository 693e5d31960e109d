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

KIND_WORDS = {"application": ("申报表", "附件1"), "declaration": ("自我声明", "附件2"),
              "summary": ("汇总表", "附件3")}
MEDIA = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".csv": "csv",
         **{s: "image" for s in IMAGE_SUFFIXES}}
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


def check_file(path: Path, media: str | None) -> tuple[BadInput | None, int]:
    """Why this file cannot be read (or None), and its page count. Header and structure only."""
    size = path.stat().st_size
    if size == 0:
        return BadInput("empty", "文件为空（0 字节）", "the file is empty (0 bytes)"), 0
    if media is None:
        return BadInput("unsupported", f"不支持的文件类型 {path.suffix or '(无扩展名)'}",
                        f"unsupported file type {path.suffix or '(no extension)'}"), 0
    if media == "pdf":
        return _check_pdf(path)
    if media == "image":
        from PIL import Image
        try:
            with Image.open(path) as img:
                img.verify()
        except Exception:
            return BadInput("corrupt_image", "图片文件损坏，无法打开", "the image file is damaged and cannot be opened"), 0
        return None, 1
    return None, 0


def _check_pdf(path: Path) -> tuple[BadInput | None, int]:
    with path.open("rb") as f:
        head = f.read(1024)
    if b"%PDF" not in head:
        return BadInput("not_pdf", "文件扩展名为 .pdf，但内容不是 PDF", "named .pdf but the content is not a PDF"), 0
    from pypdf import PdfReader
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            return BadInput("encrypted", "PDF 已加密（需要密码），请提供未加密的扫描件",
                            "the PDF is encrypted (password protected); send an unencrypted scan"), 0
        pages = len(reader.pages)
        if pages == 0:
            return BadInput("no_pages", "PDF 没有页面", "the PDF has no pages"), 0
    except Exception as exc:
        return BadInput("corrupt_pdf", "PDF 文件损坏或被截断，无法解析",
                        f"the PDF is damaged or truncated and cannot be parsed ({type(exc).__name__})"), 0
    return None, pages


def applicant_of(stem: str) -> str:
    """Group key for a loose file: its name without the form words and separators."""
    name = stem
    for words in KIND_WORDS.values():
        for w in words:
            name = name.replace(w, "")
    name = re.sub(r"(盖章|扫描件|word版|Word版|电子版|\(\d+\)|（\d+）)", "", name)
    return name.strip(" -_—.、（）()") or stem


def _entry(path: Path, inbox: Path) -> InboxFile:
    media = MEDIA.get(path.suffix.lower())
    problem, pages = check_file(path, media)
    return InboxFile(path, path.relative_to(inbox).as_posix(), sha256_of(path), path.stat().st_size,
                     kind_of(path.name), media or "other", problem, pages)


def scan_inbox(inbox: Path) -> list[BatchPlan]:
    """Every batch folder of ``inbox``, in name order."""
    if not inbox.is_dir():
        raise FileNotFoundError(f"inbox not found: {inbox} / 收件箱不存在")
    return [scan_batch(inbox, folder) for folder in sorted(inbox.iterdir())
            if folder.is_dir() and not IGNORED.match(folder.name)]


def scan_batch(inbox: Path, folder: Path) -> BatchPlan:
    """One city's delivery: applicant folders, loose files grouped by name, the summary."""
    batch = BatchPlan(folder.name, folder)
    groups: dict[str, SubmissionPlan] = {}
    for item in sorted(folder.iterdir()):
        if IGNORED.match(item.name):
            continue
        if item.is_dir():
            sub = groups.setdefault(item.name, SubmissionPlan(f"{folder.name}/{item.name}", item.name))
            sub.files += [_entry(p, inbox) for p in sorted(item.rglob("*"))
                          if p.is_file() and not IGNORED.match(p.name)]
        elif kind_of(item.name) == "summary":
            batch.files.append(_entry(item, inbox))
        else:
            key = applicant_of(item.stem)
            sub = groups.setdefault(key, SubmissionPlan(f"{folder.name}/{key}", key))
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
            f.problem = BadInput("duplicate", f"与 {seen[f.sha256]} 内容完全相同（重复文件）",
                                 f"identical to {seen[f.sha256]} (duplicate file)")
        seen.setdefault(f.sha256, f.rel)


def quarantine(f: InboxFile, root: Path) -> Path:
    """Copy a bad file aside with its reason; the inbox copy is left untouched."""
    target = root / f.rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        shutil.copy2(f.path, target)
    target.with_name(target.name + ".reason.txt").write_text(
        f"{f.problem.code}\n{f.problem.zh}\n{f.problem.en}\n", encoding="utf-8")
    return target
