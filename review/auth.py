"""Accounts, passwords, sessions that end, login throttling, and the guards on every write.

A session cookie names a user and that user's ``session_version``; logout, a password change
and ``jingpin user disable`` bump the version, so every older cookie stops working at once.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from models.tables import User

HASHER = PasswordHasher()
ROLES = ("reviewer", "admin")
LOG = logging.getLogger("jingpin.review.auth")


class Forbidden(Exception):
    """A write that did not come from our own page."""


def add_user(session: Session, name: str, password: str, role: str = "reviewer") -> User:
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}, got {role!r}")
    if len(password) < 8:
        raise ValueError("password must have at least 8 characters / 密码至少 8 位")
    user = session.exec(select(User).where(User.name == name)).first()
    if user is None:
        user = User(name=name, password_hash="", role=role)
    else:
        user.session_version += 1  # a new password ends the old sessions
    user.password_hash, user.role, user.disabled = HASHER.hash(password), role, False
    session.add(user)
    session.commit()
    return user


def authenticate(session: Session, name: str, password: str) -> User | None:
    user = session.exec(select(User).where(User.name == name)).first()
    if user is None or user.disabled:
        HASHER.hash(password)  # same time whether or not the name exists
        return None
    try:
        HASHER.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return user


def end_sessions(session: Session, user: User, disable: bool = False) -> None:
    """Make every cookie issued to ``user`` so far invalid (logout, disabling)."""
    user.session_version += 1
    user.disabled = user.disabled or disable
    session.add(user)
    session.commit()


def session_user(session: Session, cookie: dict) -> User | None:
    """The user a session cookie names, if that session has not been ended since."""
    uid, version = cookie.get("user_id"), cookie.get("session_version")
    if not isinstance(uid, int) or not isinstance(version, int):
        return None
    user = session.get(User, uid)
    if user is None or user.disabled or user.session_version != version:
        return None
    return user


def safe_next(target: str | None) -> str:
    """Where to go after login: only a path on this site, never another host."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    if any(c in target for c in "\\\r\n\t") or urlsplit(target).netloc:
        return "/"
    return target


@dataclass
class Throttle:
    """Wrong passwords per user name and per address: ``limit`` within ``window`` seconds lock it.

    The lock lasts until those failures are ``window`` seconds old; trying on while locked
    counts too. Kept in memory: one review app process, and a restart is an admin's act.
    """

    limit: int = 10
    window: float = 900.0
    failures: dict[str, deque[float]] = field(default_factory=dict)

    def locked(self, keys: list[str], now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        return any(self._recent(k, now) >= self.limit for k in keys)

    def fail(self, keys: list[str], reason: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        for key in keys:
            self.failures.setdefault(key, deque()).append(now)
            if self._recent(key, now) == self.limit:
                LOG.warning("login locked for %s after %d failures", key, self.limit)
        LOG.warning("login failed for %s: %s", " ".join(keys), reason)

    def _recent(self, key: str, now: float) -> int:
        times = self.failures.get(key)
        if not times:
            return 0
        while times and times[0] < now - self.window:
            times.popleft()
        return len(times)


def secret_key(home: Path) -> str:
    """The cookie-signing key, made once per installation and kept beside the store."""
    path = home / "review-secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()


def csrf_token(session: dict) -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_write(session: dict, token: str | None, origin: str | None, host: str | None) -> None:
    """Refuse a write from another site (Origin) or without this session's CSRF token."""
    if origin and urlsplit(origin).netloc != host:
        raise Forbidden("拒绝跨站请求")
    expected = session.get("csrf")
    if not expected or not token or not hmac.compare_digest(expected, token):
        raise Forbidden("页面已过期（表单令牌不对），请重新登录或刷新页面")
