"""Accounts, passwords and the two guards on every write: same origin and a CSRF token."""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from models.tables import User

HASHER = PasswordHasher()
ROLES = ("reviewer", "admin")


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
    user.password_hash, user.role = HASHER.hash(password), role
    session.add(user)
    session.commit()
    return user


def authenticate(session: Session, name: str, password: str) -> User | None:
    user = session.exec(select(User).where(User.name == name)).first()
    if user is None:
        HASHER.hash(password)  # same time whether or not the name exists
        return None
    try:
        HASHER.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return user


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
        raise Forbidden("cross-site request refused / 拒绝跨站请求")
    expected = session.get("csrf")
    if not expected or not token or not hmac.compare_digest(expected, token):
        raise Forbidden("missing or wrong CSRF token / 表单已过期，请刷新页面")
