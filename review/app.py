"""FastAPI app: server-rendered pages, a little JavaScript for the keyboard, no build step.

Every page but the login needs a session; every write needs the session's CSRF token
and, when the browser names it, our own origin.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from fastapi import Depends, FastAPI, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlmodel import Session, select
from starlette.middleware.sessions import SessionMiddleware

from extractors.template import field_labels
from jingpin.config import Settings
from models import store
from models.tables import Batch, Check, Correction, Document, FieldValue, Page, Submission, User
from review import api, auth, crops
from review.queue import as_text, matching, queue, review

HERE = Path(__file__).parent


class LoginRequired(Exception):
    pass


def create_app(settings: Settings) -> FastAPI:
    store.migrate(settings.db_url)
    app = FastAPI(title="jingpin review", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(
        SessionMiddleware,
        secret_key=auth.secret_key(settings.home),
        session_cookie="jingpin_session",
        same_site="strict",
        https_only=False,
        max_age=12 * 3600,
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router(settings))
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals["as_text"] = as_text
    cache = settings.cache_dir / "review"

    def db() -> Iterator[Session]:
        with store.session(settings.db_url) as s:
            yield s

    def user(request: Request, s: Session = Depends(db)) -> User:
        uid = request.session.get("user_id")
        found = s.get(User, uid) if uid is not None else None
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

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, _exc: LoginRequired):
        if request.method == "GET":
            return RedirectResponse("/login", status_code=303)
        return JSONResponse({"error": "login required / 请先登录"}, status_code=401)

    def render(request: Request, name: str, **context) -> HTMLResponse:
        return templates.TemplateResponse(
            request, name, {"csrf": auth.csrf_token(request.session), **context}
        )

    @app.get("/login", response_class=HTMLResponse)
    def login_page(request: Request):
        return render(request, "login.html", error=None)

    @app.post("/login")
    def login(
        request: Request,
        name: str = Form(...),
        password: str = Form(...),
        csrf: str | None = Form(None),
        s: Session = Depends(db),
    ):
        guard(request, csrf)
        found = auth.authenticate(s, name, password)
        if found is None:
            return render(request, "login.html", error="用户名或密码错误 / wrong name or password")
        request.session.clear()
        request.session.update(user_id=found.id)
        auth.csrf_token(request.session)
        return RedirectResponse("/", status_code=303)

    @app.post("/logout")
    def logout(request: Request, csrf: str | None = Form(None)):
        guard(request, csrf)
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    @app.get("/", response_class=HTMLResponse)
    def queue_page(
        request: Request,
        batch: str | None = None,
        city: str | None = None,
        rule: str | None = None,
        kind: str | None = None,
        me: User = Depends(user),
        s: Session = Depends(db),
    ):
        everything = queue(s)
        items = matching(everything, batch, city, rule, kind)
        batches = [b.name for b in s.exec(select(Batch).order_by(Batch.name))]
        rules = sorted({c.rule for c in s.exec(select(Check).where(Check.status == "fail"))})
        kinds = sorted({i.kind for i in everything})
        return render(
            request,
            "queue.html",
            me=me,
            items=items,
            batches=batches,
            rules=rules,
            kinds=kinds,
            filters={"batch": batch, "city": city, "rule": rule, "kind": kind},
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
        outcome = review(
            s, field_id, me.name, version, None if action == "accept" else value, comment, force
        )
        code = (
            200
            if outcome.ok
            else 409
            if outcome.conflict
            else 422
            if outcome.needs_confirm
            else 404
        )
        return JSONResponse(
            {
                "ok": outcome.ok,
                "status": outcome.status,
                "message": outcome.message,
                "value": as_text(outcome.value),
                "version": outcome.version,
                "complete": outcome.complete,
                "needs_confirm": outcome.needs_confirm,
            },
            status_code=code,
        )

    @app.get("/crops/{field_id}.png")
    def crop(field_id: int, me: User = Depends(user), s: Session = Depends(db)):
        fv = s.get(FieldValue, field_id)
        page = _page(s, fv.document_id, fv.page) if fv and fv.bbox else None
        if page is None or not page.image_path or not Path(page.image_path).exists():
            raise HTTPException(404, "no image for this field / 此字段无图像")
        return FileResponse(
            crops.field_crop(page.image_path, fv.bbox, cache), media_type="image/png"
        )

    @app.get("/pages/{document_id}/{number}.png")
    def page_image(
        document_id: int, number: int, me: User = Depends(user), s: Session = Depends(db)
    ):
        page = _page(s, document_id, number)
        if page is None or not page.image_path or not Path(page.image_path).exists():
            raise HTTPException(404, "no such page / 页面不存在")
        doc = s.get(Document, document_id)
        boxes = [
            f.bbox
            for f in s.exec(
                select(FieldValue).where(
                    FieldValue.submission_id == doc.submission_id,
                    FieldValue.document_id == document_id,
                    FieldValue.page == number,
                )
            )
            if f.bbox
        ]
        return FileResponse(
            crops.page_with_boxes(page.image_path, boxes, cache), media_type="image/png"
        )

    @app.get("/submissions/{submission_id}", response_class=HTMLResponse)
    def submission_page(
        request: Request, submission_id: int, me: User = Depends(user), s: Session = Depends(db)
    ):
        sub = s.get(Submission, submission_id)
        if sub is None:
            raise HTTPException(404, "no such submission / 申报不存在")
        docs = s.exec(
            select(Document).where(Document.submission_id == sub.id).order_by(Document.path)
        ).all()
        pages = [
            (d, p)
            for d in docs
            for p in s.exec(select(Page).where(Page.document_id == d.id).order_by(Page.number))
        ]
        return render(
            request,
            "submission.html",
            me=me,
            sub=sub,
            record=sub.record or {},
            pages=pages,
            names=field_labels(),
        )

    @app.get("/admin/corrections", response_class=HTMLResponse)
    def corrections_page(request: Request, me: User = Depends(user), s: Session = Depends(db)):
        if me.role != "admin":
            raise HTTPException(403, "admins only / 仅管理员可查看")
        rows = s.exec(
            select(Correction, FieldValue, Submission)
            .join(FieldValue, Correction.field_id == FieldValue.id)
            .join(Submission, FieldValue.submission_id == Submission.id)
            .order_by(Correction.id.desc())
            .limit(500)
        ).all()
        return render(request, "corrections.html", me=me, rows=rows)

    return app


def _page(s: Session, document_id: int | None, number: int | None) -> Page | None:
    if document_id is None or number is None:
        return None
    return s.exec(
        select(Page).where(Page.document_id == document_id, Page.number == number)
    ).first()
