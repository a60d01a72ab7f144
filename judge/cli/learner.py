"""`judge try`, `judge problems`, `judge sync`, `judge serve`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from judge.catalog import ProblemError, load_bank, load_problem
from judge.cli.common import (
    EXIT_ERROR,
    EXIT_NOT_ACCEPTED,
    EXIT_OK,
    BankOpt,
    JsonOpt,
    bank_path,
    console,
    fail,
    print_json,
)
from judge.grading.result import GradeResult
from judge.grading.verdicts import Verdict

_COLOURS = {"accepted": "green", "wrong_answer": "red", "skipped": "dim"}


def try_(
    slug: Annotated[str, typer.Argument(help="Problem slug, e.g. softmax-cross-entropy-gradient")],
    file: Annotated[Path, typer.Argument(help="Your solution (.py)")],
    bank: BankOpt = None,
    as_json: JsonOpt = False,
    mode: Annotated[str, typer.Option(help="submit: all tests; run: public examples only")] = "submit",
    seed: Annotated[list[int] | None, typer.Option(help="Generator seed(s) for hidden tests")] = None,
) -> None:
    """Grade FILE against SLUG's tests locally, in the same sandbox and grader as the service."""
    if mode not in ("submit", "run"):
        fail(f"--mode must be 'submit' or 'run', not {mode!r}", as_json)
    path = bank_path(bank)
    try:
        problem = load_problem(path, slug)
    except ProblemError as exc:
        fail(str(exc), as_json)
    try:
        code = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read {file}: {exc}", as_json)
    if "\x00" in code:
        fail(f"{file} contains NUL bytes", as_json)
    from judge.grading.grader import Grader
    from judge.sandbox.pool import SandboxError, SandboxPool

    try:
        with SandboxPool(warm=0) as pool:
            result = Grader(pool).grade(problem, code, mode=mode, seeds=seed or None)
    except SandboxError as exc:
        fail(f"sandbox unavailable: {exc}", as_json)
    if as_json:
        out = result.to_dict()
        out["problem"] = slug
        out["file"] = str(file)
        print_json(out)
    else:
        _report(result, slug)
    if result.verdict == Verdict.INTERNAL_ERROR:
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(EXIT_OK if result.verdict == Verdict.ACCEPTED else EXIT_NOT_ACCEPTED)


def _report(result: GradeResult, slug: str) -> None:
    table = Table(title=f"{slug}: {len(result.tests)} tests", show_lines=False)
    for col in ("test", "group", "verdict", "ms", "message"):
        table.add_column(col, overflow="fold")
    for t in result.tests:
        colour = _COLOURS.get(t.verdict.value, "yellow")
        name = t.name + (" (public)" if t.public else "")
        table.add_row(name, t.group, f"[{colour}]{t.verdict.value}[/{colour}]", f"{t.time_ms:.1f}",
                      t.message[:300])
    console.print(table)
    for g in result.groups:
        console.print(f"  group {g.name}: {g.passed}/{g.total} passed, {g.earned}/{g.points} points")
    colour = "green" if result.verdict == Verdict.ACCEPTED else "red"
    console.print(f"[bold {colour}]{result.verdict.value}[/bold {colour}]  score {result.score}/100")
    if result.message:
        console.print(result.message)
    for h in result.hints:
        console.print(f"[cyan]hint:[/cyan] {h}")


def problems(bank: BankOpt = None, as_json: JsonOpt = False) -> None:
    """List the problems in the bank."""
    path = bank_path(bank)
    found, errors = load_bank(path)
    rows = [{"slug": p.slug, "title": p.meta.title, "difficulty": p.meta.difficulty.value,
             "collection": p.meta.collection, "topics": list(p.meta.topics)} for p in found]
    if as_json:
        print_json({"problems": rows, "errors": [str(e) for e in errors]})
    else:
        table = Table(title=f"{len(rows)} problems in {path}")
        for col in ("slug", "title", "difficulty", "collection"):
            table.add_column(col)
        for p in found:
            table.add_row(p.slug, p.meta.title, p.meta.difficulty.value, p.meta.collection)
        console.print(table)
        for e in errors:
            console.print(f"[red]invalid:[/red] {e}")
    if errors:
        raise typer.Exit(EXIT_ERROR)


def sync(bank: BankOpt = None, as_json: JsonOpt = False) -> None:
    """Load the bank into the database (the service also does this at start-up)."""
    from judge.settings import get_settings
    from judge.store import db

    path = bank_path(bank)
    found, errors = load_bank(path)
    settings = get_settings()
    engine = db.make_engine(settings.database_url)
    db.init_db(engine)
    n = db.upsert_problems(engine, found)
    if as_json:
        print_json({"synced": n, "errors": [str(e) for e in errors], "database": settings.database_url})
    else:
        console.print(f"synced {n} problems into {settings.database_url}")
        for e in errors:
            console.print(f"[red]invalid:[/red] {e}")
    if errors:
        raise typer.Exit(EXIT_ERROR)


def serve(
    host: Annotated[str, typer.Option(help="Interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    bank: BankOpt = None,
) -> None:
    """Run the service on the embedded default (SQLite + in-process worker pool)."""
    import uvicorn

    from judge.api.app import create_app
    from judge.settings import Settings

    settings = Settings()
    if bank is not None or settings.bank_dir is None:
        settings = settings.model_copy(update={"bank_dir": bank_path(bank)})
    # Open event streams would otherwise hold shutdown (and so the queue's clean stop) forever.
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info",
                timeout_graceful_shutdown=5)
