"""The ``jingpin`` command: run, demo, export, report, status, review, user, token."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from core.config import ensure_dirs, load_settings

app = typer.Typer(
    help="jingpin: stamped 湖北精品 application scans in, verified records out.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
console = Console()
HomeOpt = typer.Option(None, "--home", help="runtime folder (default $JINGPIN_HOME or ./var)")


@app.command()
def demo(
    out: Path = typer.Option(..., "--out", help="folder to write inbox/ and truth/ into"),
    seed: int = 7,
    cities: int = 3,
    per_city: int = 2,
    path: Annotated[
        str,
        typer.Option(
            "--path",
            help="demo: the project's printer; word: forms typed into Word, exported by "
            "LibreOffice (needs soffice), stamped and scanned, as applicants make them",
        ),
    ] = "demo",
    evidence: bool = False,
) -> None:
    """Write a realistic demo inbox (scans, seals, Word versions, summaries) with ground truth;
    ``--evidence`` adds each applicant's 证明性材料 with planted mismatches (demo path)."""
    if path not in ("demo", "word"):
        console.print(f"[red]unknown --path {path!r}: demo or word[/]")
        raise typer.Exit(2)
    if path == "word":
        from jingpin.demo.wordpath import LibreOfficeMissing, build_word_inbox

        try:
            with console.status("typing Word forms, exporting, stamping and scanning…"):
                built = build_word_inbox(out, seed=seed, cities=cities, per_city=per_city)
        except LibreOfficeMissing as exc:
            console.print(f"[red]{exc}[/]")
            raise typer.Exit(2) from exc
    else:
        from jingpin.demo.inbox import build_inbox

        with console.status("printing and scanning demo forms…"):
            built = build_inbox(out, seed=seed, cities=cities, per_city=per_city, evidence=evidence)
    console.print(
        f"demo inbox: [bold]{built.inbox}[/] ({built.applicants} applicants, {built.pages} pages); "
        f"ground truth: {built.truth}"
    )


@app.command()
def run(
    inbox: Path | None = typer.Argument(
        None, help="inbox of batch folders (default: a demo inbox)"
    ),
    keep_work: Path | None = typer.Option(
        None,
        "--keep-work",
        help="keep every page's intermediate images in this folder "
        "(<file sha>/p001/01_raster.png …); pages are read again",
    ),
    batch: list[str] = typer.Option(None, "--batch", help="only this batch folder (repeatable)"),
    force: bool = typer.Option(False, "--force", help="rebuild records even when nothing changed"),
    dask_address: str | None = typer.Option(
        None, "--dask-address", help="run tasks on this Dask scheduler (tcp://host:8786)"
    ),
    home: Path | None = HomeOpt,
) -> None:
    """Process the pending submissions of INBOX (closest deadline first) and export the records."""
    settings = load_settings(home, inbox=inbox, reading={"keep_work": keep_work})
    ensure_dirs(settings)
    if inbox is None:
        inbox = settings.home / "demo" / "inbox"
        if not inbox.exists():
            console.print("no inbox given: building the demo inbox first")
            demo(settings.home / "demo")
    if not inbox.is_dir():
        console.print(f"[red]inbox not found: {inbox} / 收件箱不存在[/]")
        raise typer.Exit(2)
    from pipeline.ingest import batch_folders

    unknown = sorted(set(batch or []) - {f.name for f in batch_folders(inbox)})
    if unknown:
        console.print(
            f"[red]no such batch folder in {inbox}: {', '.join(unknown)} / 批次文件夹不存在[/]"
        )
        raise typer.Exit(2)
    from flows.env import configure_prefect, without_heartbeat
    from flows.processes import on_stop_signals, stop_stale_servers

    configure_prefect(settings)
    on_stop_signals()  # SIGTERM/Ctrl-C end the Prefect server and workers with us
    stop_stale_servers(settings.prefect_home, console.print)
    from flows import progress
    from flows.process import process_inbox

    started = time.perf_counter()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        pages = bar.add_task("pages read", total=None)
        subs = bar.add_task("submissions", total=None)

        def listen(event: str, amount: int, detail: str) -> None:
            if event == "total_pages":
                bar.update(pages, total=amount)
            elif event == "pages":
                bar.advance(pages, amount)
            elif event == "submission":
                bar.advance(subs, amount)

        progress.set_listener(listen)
        try:
            with without_heartbeat():
                result = process_inbox(
                    str(inbox.resolve()),
                    batches=batch or None,
                    force=force,
                    dask_address=dask_address,
                    settings=settings.to_dict(),
                )
        finally:
            progress.set_listener(None)
    _print_summary(result["records"])
    out = _export_all(settings)
    stats = result["stats"]
    skipped = (
        f" ({stats['skipped']} unchanged, skipped; --force redoes them)" if stats["skipped"] else ""
    )
    console.print(
        f"{stats['submissions']} submissions{skipped}, {stats['pages']} pages in "
        f"{time.perf_counter() - started:.0f} s; records: {out}"
    )


def _print_summary(records: list[dict]) -> None:
    table = Table(title="submissions")
    table.add_column("submission", overflow="fold", ratio=3)
    for col in ("fields found", "needs review", "checks failed", "quarantined", "problems"):
        table.add_column(col, overflow="fold")
    for r in records:
        table.add_row(
            r["submission_id"],
            f"{r['found']}/{r['total']}",
            str(r["needs_review"]),
            str(r["checks_failed"]),
            ", ".join(r["quarantined"]) or "-",
            ", ".join(r["problems"]) or "-",
        )
    console.print(table)


def _records(settings) -> list[dict]:
    from flows.process import submissions_in_store

    return [s.record for s in submissions_in_store(settings) if s.record]


def _export_all(settings) -> Path:
    from pipeline.export import export as write
    from reports.workbook import write_workbook

    records = _records(settings)
    write(records, "jsonl", settings.exports_dir / "records.jsonl")
    write_workbook(records, settings.exports_dir / "records.xlsx")
    return settings.exports_dir / "records.jsonl"


@app.command()
def export(
    fmt: str = typer.Option("jsonl", "--format", help="jsonl, csv or xlsx"),
    out: Path | None = typer.Option(None, "--out", help="file to write"),
    key_headers: bool = typer.Option(
        False,
        "--key-headers",
        help="xlsx for programs: leaf keys as headers, a records and a fields sheet",
    ),
    home: Path | None = HomeOpt,
) -> None:
    """Write the stored records as JSON Lines, CSV or XLSX (Chinese headers unless --key-headers)."""
    from models import store
    from pipeline.export import FORMATS
    from pipeline.export import export as write
    from reports.workbook import write_workbook

    if fmt not in FORMATS:
        console.print(f"[red]unknown format {fmt!r}: choose {', '.join(FORMATS)}[/]")
        raise typer.Exit(2)
    settings = load_settings(home)
    store.migrate(settings.db_url)
    records = _records(settings)
    target = out or settings.exports_dir / f"records.{fmt}"
    if fmt == "xlsx" and not key_headers:
        path = write_workbook(records, target)
    else:
        path = write(records, fmt, target)
    console.print(f"{len(records)} records → {path}")


reports = typer.Typer(help="What the secretariat hands on: the 汇总 and 审核 sheets.")
app.add_typer(reports, name="report")


@reports.command("summary")
def report_summary(
    out: Path = typer.Option(..., "--out", help="the .xlsx to write"),
    pdf: Path | None = typer.Option(None, "--pdf", help="also print it to this A4 landscape PDF"),
    home: Path | None = HomeOpt,
) -> None:
    """The province-wide 汇总: 附件3's columns for every applicant, city by city (A4 landscape)."""
    from models import store
    from reports.printout import write_summary_pdf
    from reports.summary import write_summary

    settings = load_settings(home)
    store.migrate(settings.db_url)
    records = _records(settings)
    console.print(f"{len(records)} applicants → {write_summary(records, out)}")
    if pdf is not None:
        console.print(f"printed → {write_summary_pdf(records, pdf)}")


@reports.command("sheets")
def report_sheets(
    out: Path = typer.Option(..., "--out", help="folder for the PDFs, one per applicant"),
    docx: bool = typer.Option(False, "--docx", help="also write each sheet as a Word document"),
    home: Path | None = HomeOpt,
) -> None:
    """One 审核 sheet (PDF) per applicant: key data, failed checks beside their scan, changes, what is open."""
    from models import store
    from reports.dossier import dossiers
    from reports.sheets import write_sheets

    settings = load_settings(home)
    store.migrate(settings.db_url)
    with store.session(settings.db_url) as s:
        files = dossiers(s, settings.cache_dir / "review")
    written = write_sheets(files, out, docx)
    console.print(f"{len(files)} 审核 sheets ({len(written)} files) → {out}")


def _print_corrections(settings) -> None:
    from core.record import Leaf
    from extractors.template import field_labels
    from models import store
    from models.status import correction_rows

    with store.session(settings.db_url) as s:
        rows = correction_rows(s)
    labels = field_labels()
    for title, key in (("fields reviewers correct most", "fields"), ("by city", "cities")):
        table = Table(title=title)
        for col in ("field" if key == "fields" else "city", "reviewed", "corrected", "share"):
            table.add_column(col)
        for name, n, changed in rows[key][:20]:
            leaf = Leaf.match(name)  # a list's items folded: "patents_domestic[*].number"
            shown = f"{labels.get(leaf.base if leaf else name, '')} {name}".strip()
            table.add_row(
                shown if key == "fields" else name, str(n), str(changed), f"{changed / n:.0%}"
            )
        console.print(table)


@app.command()
def status(
    home: Path | None = HomeOpt,
    corrections: bool = typer.Option(
        False, "--corrections", help="which fields and cities reviewers correct most"
    ),
) -> None:
    """Batches against their deadlines, the review backlog and recent failures."""
    from datetime import date

    from models import store
    from models.status import batch_rows, recent_failures

    settings = load_settings(home)
    store.migrate(settings.db_url)
    if corrections:
        _print_corrections(settings)
        return
    with store.session(settings.db_url) as s:
        rows, failures = batch_rows(s, date.today()), recent_failures(s)
    table = Table(title=f"jingpin store: {settings.db_url}")
    for col in (
        "batch",
        "deadline",
        "days left",
        "applicants",
        "processed",
        "complete",
        "fields to review",
        "quarantined files",
    ):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r["batch"],
            r["deadline"] or "-",
            "-" if r["days_left"] is None else str(r["days_left"]),
            *(
                str(r[k])
                for k in ("applicants", "processed", "complete", "to_review", "quarantined")
            ),
        )
    console.print(table)
    if failures:
        bad = Table(title="recent failures / 最近的问题")
        for col in ("what", "name", "reason"):
            bad.add_column(col, overflow="fold")
        for f in failures:
            bad.add_row(f["what"], f["name"], f["reason"] or "-")
        console.print(bad)


@app.command()
def serve(
    inbox: Path | None = typer.Argument(None, help="inbox to watch (default: the demo inbox)"),
    host: str = typer.Option(
        "127.0.0.1",
        help="Prefect server address; 0.0.0.0 when Dask workers on "
        "other machines must report to it",
    ),
    port: int = typer.Option(4200, help="Prefect server and UI port"),
    review_port: int = typer.Option(8765, help="review app port; 0 turns it off"),
    settle: float | None = typer.Option(None, help="seconds a dropped folder must stay unchanged"),
    poll: float | None = typer.Option(None, help="seconds between looks at the inbox"),
    dask_address: str | None = typer.Option(
        None, "--dask-address", help="run tasks on this Dask scheduler"
    ),
    home: Path | None = HomeOpt,
) -> None:
    """Serve everything: Prefect server + UI, inbox-drop and nightly deployments, the review app."""
    from flows.env import configure_prefect
    from flows.serve import ServeOptions, serve_all

    inbox = (inbox or load_settings(home).home / "demo" / "inbox").resolve()
    inbox.mkdir(parents=True, exist_ok=True)
    settings = load_settings(
        home, inbox=inbox, schedule={"settle_seconds": settle, "poll_seconds": poll}
    )
    ensure_dirs(settings)
    opts = ServeOptions(inbox, host, port, review_port or None, dask_address)
    configure_prefect(settings, quiet=False)
    schedule = settings.schedule
    console.print(
        f"watching [bold]{inbox}[/] (a folder runs once unchanged for {schedule.settle_seconds:.0f} s); "
        f"nightly [bold]{schedule.nightly}[/] {schedule.timezone}; Prefect UI http://{host}:{port}/"
        + (f"; review app http://127.0.0.1:{review_port}/" if review_port else "")
    )
    serve_all(settings, opts)


@app.command()
def calibrate(
    out: Path = typer.Option(None, "--out", help="model file (default: data/calibration.json)"),
    seed: list[int] = typer.Option([101], "--seed", help="fixture seeds to fit on (repeatable)"),
    cities: int = 4,
    per_city: int = 3,
    work: Path | None = typer.Option(None, "--work", help="keep the samples and page cache here"),
    path: list[str] = typer.Option(
        ["demo", "word"], "--path", help="fixture paths to fit on (word needs LibreOffice)"
    ),
    fixture: list[str] = typer.Option(
        [],
        "--fixture",
        help="PATH:SEED or PATH:SEED:CxP (cities x per city) to fit on (repeatable; instead of --seed × --path)",
    ),
    from_reviews: bool = typer.Option(
        False, "--from-reviews", help="refit on the reviews in the store (fixtures as prior)"
    ),
    rollback: bool = typer.Option(False, "--rollback", help="make the previous model active"),
    home: Path | None = HomeOpt,
) -> None:
    """Refit the confidence model on generated samples with their ground truth, or on what
    reviewers confirmed and corrected (``--from-reviews``; ``--rollback`` undoes it)."""
    from jingpin.calibrate import calibrate as fit
    from jingpin.calibrate import fixture as fixture_of
    from pipeline.calibration import PATH

    if from_reviews or rollback:
        _learn(load_settings(home), rollback)
        return

    with console.status("generating samples, reading them, fitting…"):
        chosen = tuple(fixture_of(f, cities, per_city) for f in fixture)
        fitted = fit(out or PATH, tuple(seed), cities, per_city, work, tuple(path), chosen)
    info = fitted["fitted_on"]
    console.print(
        f"fitted on {info['leaves']} leaves ({info['wrong']} wrong) of {info['applicants']} applicants: "
        f"threshold {fitted['threshold']:.4f}, auto-accepted precision {info['auto_precision']:.2%}, "
        f"review rate {info['review_rate']:.1%} → {out or PATH}"
    )


def _learn(settings, rollback: bool) -> None:
    from models import learning as learn
    from models import store

    if rollback:
        try:
            console.print(f"active model now: {learn.rollback(settings.home)}")
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from exc
        return
    store.migrate(settings.db_url)
    with store.session(settings.db_url) as s:
        try:
            fitted = learn.refit_from_reviews(s, settings.home)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from exc
    info = fitted["fitted_on"]
    table = Table(title=f"held-back reviews ({info['held_back_leaves']} leaves)")
    for col in ("model", "auto-accepted precision", "review rate"):
        table.add_column(col)
    for name in ("before", "after"):
        r = info[name]
        table.add_row(
            name,
            f"{r['auto_precision']:.2%}" if r else "-",
            f"{r['review_rate']:.1%}" if r else "-",
        )
    console.print(table)
    console.print(
        f"refitted on {info['reviewed_leaves']} reviewed leaves + {info['prior_leaves']} fixture "
        + (
            "leaves; active now, `jingpin calibrate --rollback` undoes it"
            if info["activated"]
            else "leaves; NOT activated: worse than the active model on the held-back reviews"
        )
    )


@app.command("review")
def review_app(
    host: str = typer.Option("127.0.0.1", help="address to listen on (local only by default)"),
    port: int = typer.Option(8765, help="port"),
    https: bool = typer.Option(
        False, "--https", help="served over HTTPS (here or by a proxy): Secure cookies, HSTS"
    ),
    trusted_proxy: str | None = typer.Option(
        None, help="address of a reverse proxy whose X-Forwarded-* headers are believed"
    ),
    home: Path | None = HomeOpt,
) -> None:
    """Start the reviewers' web app on the store under --home."""
    import uvicorn

    from review.app import create_app

    settings = load_settings(home)
    ensure_dirs(settings)
    scheme = "https" if https else "http"
    console.print(
        f"review app: [bold]{scheme}://{host}:{port}/[/] (store {settings.db_url}); "
        "add reviewers with `jingpin user add NAME`"
    )
    uvicorn.run(
        create_app(settings, secure_cookies=https),
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=trusted_proxy is not None,
        forwarded_allow_ips=trusted_proxy or "127.0.0.1",
    )


users = typer.Typer(help="Reviewer and admin accounts.", no_args_is_help=True)
app.add_typer(users, name="user")


def _in_store(home: Path | None, action):
    """``action(session)`` on the migrated store under ``home``; a ValueError it raises (a
    refusal meant for the operator) is printed in red and exits 2."""
    from models import store

    settings = load_settings(home)
    ensure_dirs(settings)
    store.migrate(settings.db_url)
    try:
        with store.session(settings.db_url) as s:
            return action(s)
    except ValueError as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(2) from exc


@users.command("add")
def user_add(
    name: str = typer.Argument(..., help="login name"),
    role: str = typer.Option("reviewer", help="reviewer or admin"),
    password: str = typer.Option(
        ...,
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        envvar="JINGPIN_NEW_PASSWORD",
        help="asked for when not given",
    ),
    home: Path | None = HomeOpt,
) -> None:
    """Create a user, or reset their password and role."""
    from review.auth import add_user

    user = _in_store(home, lambda s: add_user(s, name, password, role))
    console.print(f"user [bold]{user.name}[/] ({user.role}) saved")


@users.command("disable")
def user_disable(
    name: str = typer.Argument(..., help="login name"),
    home: Path | None = HomeOpt,
) -> None:
    """Stop a user from logging in and end their open sessions (`user add` enables again)."""
    from sqlmodel import select

    from models import store
    from models.tables import User
    from review.auth import end_sessions

    settings = load_settings(home)
    store.migrate(settings.db_url)
    with store.session(settings.db_url) as s:
        user = s.exec(select(User).where(User.name == name)).first()
        if user is None:
            console.print(f"[red]no such user / 没有此用户: {name}[/]")
            raise typer.Exit(2)
        end_sessions(s, user, disable=True)
    console.print(f"user [bold]{name}[/] disabled; their sessions are ended")


api_tokens = typer.Typer(help="Tokens of programs that read the records API.", no_args_is_help=True)
app.add_typer(api_tokens, name="token")


@api_tokens.command("add")
def token_add(
    name: str = typer.Argument(..., help="who uses it"), home: Path | None = HomeOpt
) -> None:
    """Make a token for NAME and print it once (only its hash is kept)."""
    from review.api import add_token

    token = _in_store(home, lambda s: add_token(s, name))
    console.print(f"token for [bold]{name}[/] (shown once, keep it safe):")
    print(token)


@api_tokens.command("revoke")
def token_revoke(name: str = typer.Argument(...), home: Path | None = HomeOpt) -> None:
    """Refuse NAME's token from now on."""
    from models import store
    from review.api import revoke_token

    settings = load_settings(home)
    store.migrate(settings.db_url)
    with store.session(settings.db_url) as s:
        done = revoke_token(s, name)
    if not done:
        console.print(f"[red]no live token named {name!r} / 没有此令牌[/]")
        raise typer.Exit(2)
    console.print(f"token [bold]{name}[/] revoked")


@api_tokens.command("list")
def token_list(home: Path | None = HomeOpt) -> None:
    """Tokens by name, when made, whether revoked (the tokens themselves are not kept)."""
    from models import store
    from review.api import tokens

    settings = load_settings(home)
    store.migrate(settings.db_url)
    with store.session(settings.db_url) as s:
        rows = tokens(s)
    table = Table(title="API tokens")
    for col in ("name", "created", "revoked"):
        table.add_column(col)
    for t in rows:
        revoked = f"{t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "-"
        table.add_row(t.name, f"{t.created_at:%Y-%m-%d %H:%M}", revoked)
    console.print(table)


if __name__ == "__main__":
    app()
