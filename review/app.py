"""FastAPI app: server-rendered pages, a little JavaScript for the keyboard, no build step.

Every page but the login needs a live session (see ``review.auth``); every write needs the
session's CSRF token and, when the browser names it, our own origin. Answers to the page's
script are JSON with a ``message`` in Chinese, whatever went wrong, so the card can say it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi import Depends, FastAPI, Form, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
)
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlmodel import Session, select
from starlette.middleware.sessions import SessionMiddleware

from core.config import Settings
from models import store
from models.tables import Batch, Check, Correction, Document, FieldValue, Page, Submission, User
from reports import crops
from review import api, auth
from review.edits import as_text, review
from review.labels import leaf_label, rule_label, shanghai_time, status_label, type_label
from review.queue import Filters, queue_page

HERE = Path(__file__).parent
LOG = logging.getLogger("jingpin.review")
LARGEST_ID = 2**63 - 1  # what the database's integer keys hold; anything above is not ours
IMAGE_CACHE = "private, max-age=3600"


class LoginRequired(Exception):
    pass


def security_headers(secure: bool) -> dict[str, str]:
    """Headers on every answer: nothing inline, no framing, no sniffing, no referrer leaks."""
    headers = {
        "Content-Security-Policy": "default-src 'self'; img-src 'self'; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }
    if secure:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    return headers


def check_ids(*ids: int) -> None:
    """Ids the database cannot hold are simply not found (not a 500)."""
    if any(not 0 < i <= LARGEST_ID for i in ids):
        raise HTTPException(404, "不存在")


def create_app(settings: Settings, secure_cookies: bool = False) -> FastAPI:
    """The review app on ``settings``' store; ``secure_cookies`` when served over HTTPS."""
    store.migrate(settings.db_url)
    app = FastAPI(title="jingpin review", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(
        SessionMiddleware,
        secret_key=auth.secret_key(settings.home),
        session_cookie="jingpin_session",
        same_site="lax",  # a link from another system keeps the session; writes need CSRF
        https_only=secure_cookies,
        max_age=12 * 3600,
    )
    headers = security_headers(secure_cookies)

    @app.middleware("http")
    async def add_headers(request: Request, call_next):
        started = time.perf_counter()
        response = await call_next(request)
        response.headers.update(headers)
        elapsed = (time.perf_counter() - started) * 1000
        response.headers["Server-Timing"] = (
            f"app;dur={elapsed:.1f}"  # the browser's dev tools show it
        )
        return response

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router(settings))
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(
        as_text=as_text,
        leaf_label=leaf_label,
        rule_label=rule_label,
        status_label=status_label,
        type_label=type_label,
        shanghai_time=shanghai_time,
    )
    cache = settings.cache_dir / "review"
    throttle = auth.Throttle()

    def db() -> Iterator[Session]:
        with store.session(settings.db_url) as s:
            yield s

    def user(request: Request, s: Session = Depends(db)) -> User:
        found = auth.session_user(s, request.session)
        if found is None:
            raise LoginRequired()
        return found

    def guard(request: Request, csrf: str | None) -> None:
        try:
            auth.check_write(
                request.session,
                csrf or request.headers.get("x-csrf-token"),
                request.headers.get("origin"),
                request.headers.get("host"),
            )
        except auth.Forbidden as exc:
            raise HTTPException(403, str(exc)) from exc

    def render(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
        return templates.TemplateResponse(
            request,
            name,
            {"csrf": auth.csrf_token(request.session), "me": None, **context},
            status_code=status_code,
        )

    _error_handlers(app, templates)

    @app.get("/login", response_class=HTMLResponse)
    def login_page(request: Request, next: str = "/", s: Session = Depends(db)):
        if auth.session_user(s, request.session) is not None:
            return RedirectResponse(auth.safe_next(next), status_code=303)
        return render(request, "login.html", error=None, next=auth.safe_next(next))

    @app.post("/login")
    def login(
        request: Request,
        name: str = Form(...),
        password: str = Form(...),
        csrf: str | None = Form(None),
        next: str = Form("/"),
        s: Session = Depends(db),
    ):
        guard(request, csrf)
        keys = [f"user:{name}", f"addr:{request.client.host if request.client else '?'}"]
        target = auth.safe_next(next)
        if throttle.locked(keys):
            throttle.fail(keys, "locked")
            error = "登录失败次数过多，请 15 分钟后再试"
            return render(request, "login.html", 429, error=error, next=target)
        found = auth.authenticate(s, name, password)
        if found is None:
            throttle.fail(keys, "wrong name or password")
            error = "用户名或密码错误"
            return render(request, "login.html", 401, error=error, next=target)
        LOG.info("login %s from %s", name, keys[1])
        request.session.clear()
        request.session.update(user_id=found.id, session_version=found.session_version)
        auth.csrf_token(request.session)
        return RedirectResponse(target, status_code=303)

    @app.post("/logout")
    def logout(request: Request, csrf: str | None = Form(None), s: Session = Depends(db)):
        guard(request, csrf)
        if (found := auth.session_user(s, request.session)) is not None:
            auth.end_sessions(s, found)
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    @app.get("/api/session")
    def session_token(request: Request, me: User = Depends(user)):
        """The CSRF token of the current session: the page's script asks after a new login."""
        return {"csrf": auth.csrf_token(request.session), "name": me.name}

    @app.get("/", response_class=HTMLResponse)
    def queue_view(
        request: Request,
        batch: str | None = None,
        city: str | None = None,
        rule: str | None = None,
        kind: str | None = None,
        offset: int = 0,
        me: User = Depends(user),
        s: Session = Depends(db),
    ):
        filters = Filters(batch, city, rule, kind)
        page = queue_page(s, filters, offset)
        batches = [b.name for b in s.exec(select(Batch).order_by(Batch.name))]
        rules = sorted(set(s.exec(select(Check.rule).where(Check.status == "fail"))))
        query = urlencode({k: v for k, v in vars(filters).items() if v})
        return render(
            request,
            "queue.html",
            me=me,
            page=page,
            batches=batches,
            rules=rules,
            filters=filters,
            query=query,
        )

    @app.post("/api/fields/{field_id}")
    def save(
        request: Request,
        field_id: int,
        version: int = Form(...),
        action: str = Form("accept"),
        value: str = Form(""),
        comment: str = Form(""),
        force: bool = Form(False),
        csrf: str | None = Form(None),
        me: User = Depends(user),
        s: Session = Depends(db),
    ):
        guard(request, csrf)
        check_ids(field_id)
        typed = None if action == "accept" else value
        outcome = review(
            s, field_id, me.name, version, typed, comment, force, admin=me.role == "admin"
        )
        code = next(
            code
            for code, hit in (
                (200, outcome.ok),
                (409, outcome.conflict),
                (403, outcome.forbidden),
                (404, outcome.missing),
                (422, True),
            )
            if hit
        )
        return JSONResponse(
            {
                "ok": outcome.ok,
                "status": outcome.status,
                "status_text": status_label(outcome.status),
                "message": outcome.message,
                "value": as_text(outcome.value),
                "version": outcome.version,
                "complete": outcome.complete,
                "needs_confirm": outcome.needs_confirm,
            },
            status_code=code,
        )

    @app.get("/crops/{field_id}.jpg")
    def crop(field_id: int, me: User = Depends(user), s: Session = Depends(db)):
        check_ids(field_id)
        fv = s.get(FieldValue, field_id)
        page = _page(s, fv.document_id, fv.page) if fv and fv.bbox else None
        if page is None or not page.image_path or not Path(page.image_path).exists():
            raise HTTPException(404, "此字段没有图像")
        path = crops.field_crop(page.image_path, fv.bbox, cache)
        return FileResponse(path, media_type="image/jpeg", headers={"Cache-Control": IMAGE_CACHE})

    @app.get("/pages/{document_id}/{number}.jpg")
    def page_image(
        document_id: int,
        number: int,
        field: int = 0,
        me: User = Depends(user),
        s: Session = Depends(db),
    ):
        check_ids(document_id, number)
        page = _page(s, document_id, number)
        if page is None or not page.image_path or not Path(page.image_path).exists():
            raise HTTPException(404, "页面不存在")
        doc = s.get(Document, document_id)
        rows = s.exec(
            select(FieldValue.id, FieldValue.bbox).where(
                FieldValue.submission_id == doc.submission_id,
                FieldValue.document_id == document_id,
                FieldValue.page == number,
            )
        ).all()
        boxes = [bbox for fid, bbox in rows if bbox and fid != field]
        current = next((bbox for fid, bbox in rows if bbox and fid == field), None)
        path = crops.page_with_boxes(page.image_path, boxes, current, cache)
        return FileResponse(path, media_type="image/jpeg", headers={"Cache-Control": IMAGE_CACHE})

    @app.get("/submissions/{submission_id}", response_class=HTMLResponse)
    def submission_page(
        request: Request, submission_id: int, me: User = Depends(user), s: Session = Depends(db)
    ):
        check_ids(submission_id)
        sub = s.get(Submission, submission_id)
        if sub is None:
            raise HTTPException(404, "申报不存在")
        docs = s.exec(
            select(Document).where(Document.submission_id == sub.id).order_by(Document.path)
        ).all()
        pages = [
            (d, p)
            for d in docs
            for p in s.exec(select(Page).where(Page.document_id == d.id).order_by(Page.number))
        ]
        record = sub.record or {}
        return render(request, "submission.html", me=me, sub=sub, record=record, pages=pages)

    @app.get("/admin/corrections", response_class=HTMLResponse)
    def corrections_page(request: Request, me: User = Depends(user), s: Session = Depends(db)):
        if me.role != "admin":
            raise HTTPException(403, "仅管理员可查看")
        rows = s.exec(
            select(Correction, FieldValue, Submission)
            .join(FieldValue, Correction.field_id == FieldValue.id)
            .join(Submission, FieldValue.submission_id == Submission.id)
            .order_by(Correction.id.desc())
            .limit(500)
        ).all()
        return render(request, "corrections.html", me=me, rows=rows)

    return app


def _error_handlers(app: FastAPI, templates: Jinja2Templates) -> None:
    """Every failure answers in Chinese: the page's script gets JSON with a ``message``,
    a person following a link gets a page."""

    def answer(request: Request, code: int, message: str, headers: dict | None = None) -> Response:
        if request.method == "GET" and not request.url.path.startswith("/api/"):
            context = {"me": None, "code": code, "message": message}
            return templates.TemplateResponse(
                request, "error.html", context, status_code=code, headers=headers
            )
        body = {"message": message, "detail": message}
        return JSONResponse(body, status_code=code, headers=headers)

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, _exc: LoginRequired):
        if request.method == "GET" and not request.url.path.startswith("/api/"):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            login = "/login" if target == "/" else f"/login?next={quote(target)}"
            return RedirectResponse(login, status_code=303)
        message = "登录已失效，请重新登录（已输入的内容会保留）"
        return JSONResponse({"message": message, "login": True}, status_code=401)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        return answer(request, exc.status_code, str(exc.detail), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        return answer(request, 422, "请求不完整或格式不对，请刷新页面后重试")

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        LOG.exception("review app error on %s", request.url.path)
        return answer(request, 500, "服务器出错，未保存；请稍后再试或联系管理员")


def _page(s: Session, document_id: int | None, number: int | None) -> Page | None:
    if document_id is None or number is None:
        return None
    return s.exec(
        select(Page).where(Page.document_id == document_id, Page.number == number)
    ).first()
