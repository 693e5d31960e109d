"""The read API for other systems, and the 审核 sheet behind the record page.

``GET /api/records`` streams the records as JSON Lines, the very lines ``jingpin export
--format jsonl`` writes (filter by batch, state, changed since); ``GET /api/records/{id}``
is one record. Both want ``Authorization: Bearer <token>``: tokens are made by ``jingpin
token add``, shown once, kept only as their SHA-256 (a random 256-bit token needs no slow
password hash) and refused once revoked. Nothing here writes. The OpenAPI description is at
``/api/openapi.json``.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session, select

from core.config import Settings
from models import store
from models.tables import ApiToken, Batch, Submission, User, now
from pipeline.export import jsonl_line
from reports.applicant import state_of

PREFIX = "jp_"
CHUNK = 50  # records fetched per query while streaming


class State(StrEnum):
    complete = "complete"
    fields_open = "fields_open"
    checks_failed = "checks_failed"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_token(session: Session, name: str) -> str:
    """A new token for ``name``, returned once; a revoked name gets a fresh one."""
    row = session.exec(select(ApiToken).where(ApiToken.name == name)).first()
    if row is not None and row.revoked_at is None:
        raise ValueError(f"token {name!r} exists; revoke it first / 令牌已存在，请先吊销")
    token = PREFIX + secrets.token_urlsafe(32)
    row = row or ApiToken(name=name, token_hash="")
    row.token_hash, row.created_at, row.revoked_at = _digest(token), now(), None
    session.add(row)
    session.commit()
    return token


def revoke_token(session: Session, name: str) -> bool:
    row = session.exec(select(ApiToken).where(ApiToken.name == name)).first()
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = now()
    session.add(row)
    session.commit()
    return True


def tokens(session: Session) -> list[ApiToken]:
    return list(session.exec(select(ApiToken).order_by(ApiToken.name)))


def token_holder(session: Session, token: str) -> ApiToken | None:
    """The live token row of ``token``, looked up by its hash (so timing tells nothing of it)."""
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == _digest(token))).first()
    return row if row is not None and row.revoked_at is None else None


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _keys(session: Session, batch: str | None, since: datetime | None) -> list[int]:
    """Submissions with a record, in the export's order (by key), narrowed by batch and time."""
    query = select(Submission.id, Submission.updated_at).where(Submission.record.is_not(None))
    if batch:
        query = query.join(Batch, Submission.batch_id == Batch.id).where(Batch.name == batch)
    rows = session.exec(query.order_by(Submission.key)).all()
    return [sid for sid, at in rows if since is None or _utc(at) >= _utc(since)]


def stream(url: str, ids: list[int], state: State | None) -> Iterator[str]:
    """The records of ``ids`` as JSON Lines, a chunk of rows at a time."""
    for start in range(0, len(ids), CHUNK):
        with store.session(url) as s:
            rows = s.exec(select(Submission).where(Submission.id.in_(ids[start : start + CHUNK])))
            found = {sub.id: sub.record for sub in rows}
        for sid in ids[start : start + CHUNK]:
            record = found.get(sid)
            if record and (state is None or state_of(record) == state):
                yield jsonl_line(record)


def router(settings: Settings) -> APIRouter:
    """The API's routes over the store of ``settings``; ``review.app`` includes them."""
    api = APIRouter()
    bearer = HTTPBearer(auto_error=False, description="a token from `jingpin token add NAME`")

    def db() -> Iterator[Session]:
        with store.session(settings.db_url) as s:
            yield s

    def client(
        creds: HTTPAuthorizationCredentials | None = Depends(bearer), s: Session = Depends(db)
    ) -> ApiToken:
        holder = token_holder(s, creds.credentials) if creds else None
        if holder is None:
            raise HTTPException(
                401,
                "a valid API token is required / 需要有效的 API 令牌",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return holder

    @api.get(
        "/api/records",
        tags=["records"],
        response_class=StreamingResponse,
        responses={200: {"content": {"application/x-ndjson": {}}}},
    )
    def list_records(
        batch: Annotated[str | None, Query(description="a batch folder: 武汉市-2024-07")] = None,
        state: Annotated[State | None, Query(description="the submission's state")] = None,
        changed_since: Annotated[
            datetime | None, Query(description="ISO 8601, naive meaning UTC")
        ] = None,
        _: ApiToken = Depends(client),
        s: Session = Depends(db),
    ) -> StreamingResponse:
        """Every record as one JSON line each, as `jingpin export --format jsonl` writes them."""
        ids = _keys(s, batch, changed_since)
        return StreamingResponse(
            stream(settings.db_url, ids, state), media_type="application/x-ndjson"
        )

    @api.get("/api/records/{submission:path}", tags=["records"])
    def one_record(
        submission: str, _: ApiToken = Depends(client), s: Session = Depends(db)
    ) -> JSONResponse:
        """One record by its submission id (`<batch folder>/<applicant folder>`)."""
        sub = s.exec(select(Submission).where(Submission.key == submission)).first()
        if sub is None or sub.record is None:
            raise HTTPException(404, "no such submission / 申报不存在")
        return JSONResponse(sub.record)

    @api.get("/api/openapi.json", include_in_schema=False)
    def openapi() -> JSONResponse:
        return JSONResponse(
            get_openapi(
                title="jingpin records API",
                version="1",
                description=__doc__,
                routes=[r for r in api.routes if r.path.startswith("/api/records")],
            )
        )

    @api.get("/submissions/{submission_id}/sheet.pdf", include_in_schema=False)
    def sheet(request: Request, submission_id: int, s: Session = Depends(db)) -> FileResponse:
        """The record page's 审核 sheet, for a signed-in reviewer, made fresh from the store."""
        from reports.dossier import dossier
        from reports.sheet_pdf import write_pdf
        from reports.sheets import file_stem, sheet_of

        uid = request.session.get("user_id")
        if uid is None or s.get(User, uid) is None:
            raise HTTPException(401, "login required / 请先登录")
        sub = s.get(Submission, submission_id)
        if sub is None or not sub.record:
            raise HTTPException(404, "no such submission / 申报不存在")
        out = settings.cache_dir / "sheets" / f"{sub.id}.pdf"
        part = out.with_suffix(f".{secrets.token_hex(4)}.part")  # two readers, one file
        write_pdf(sheet_of(dossier(s, sub, settings.cache_dir / "review")), part).replace(out)
        name = f"{file_stem(sub.record, set())}.pdf"
        return FileResponse(out, media_type="application/pdf", filename=name)

    return api
