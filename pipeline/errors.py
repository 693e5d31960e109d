"""Errors users cause, each with a reason code and a message in Chinese and English."""

from __future__ import annotations


class BadInput(Exception):
    """A file that cannot be processed as it is; it is quarantined, never changed or deleted."""

    def __init__(self, code: str, zh: str, en: str):
        super().__init__(f"{code}: {zh} / {en}")
        self.code, self.zh, self.en = code, zh, en

    @property
    def reason(self) -> str:
        """Both languages and the code, as stored and exported: "PDF 已加密… / the PDF is encrypted… [encrypted]"."""
        return f"{self.zh} / {self.en} [{self.code}]"
