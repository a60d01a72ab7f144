"""Problem-author commands: `judge new`, `check`, `export`, `import`, `push`.

Exit codes, as everywhere in the CLI: 0 ok, 1 checked and failed (a problem is not
sound, the server's check rejected it), 2 usage or internal error (bad arguments, an
unreadable archive, the sandbox or the server unavailable, authentication refused).
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from judge.catalog import find_bank, list_slugs
from judge.cli.common import (
    EXIT_ERROR,
    EXIT_NOT_ACCEPTED,
    EXIT_OK,
    BankOpt,
    JsonOpt,
    bank_path,
    console,
    err_console,
    fail,
    print_json,
)

SlugsArg = Annotated[list[str] | None, typer.Argument(help="Problem slugs (or --all)", show_default=False)]
AllOpt = Annotated[bool, typer.Option("--all", help="Every problem in the bank")]
SeedsOpt = Annotated[int, typer.Option("--seeds", min=0, max=50,
                                       help="Extra generator seeds to run beyond problem.toml's")]
ENDPOINT = "/api/admin/problems"

_STATUS_STYLE = {"ok": "[green]ok[/green]", "fail": "[red]FAIL[/red]", "skip": "[dim]skip[/dim]"}


def register(app: typer.Typer) -> None:
    app.command("new")(new)
    app.command("check")(check)
    app.command("export")(export)
    app.command("import")(import_)
    app.command("push")(push)


# --- rendering ----------------------------------------------------------------------------------

def render_problem(rep: dict[str, Any]) -> None:
    """One problem's check report (a ProblemReport.to_dict(), local or from the server)."""
    title = f"{rep['slug']}: " + ("[green]sound[/green]" if rep.get("ok") else "[red]not sound[/red]")
    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("", no_wrap=True)
    table.add_column("check", no_wrap=True)
    table.add_column("message", overflow="fold")
    for item in rep.get("items", []):
        table.add_row(_STATUS_STYLE.get(item["status"], item["status"]), item["name"],
                      str(item.get("message", "")))
    console.print(table)


def _selected(bank: Path, slugs: list[str] | None, all_: bool, as_json: bool) -> list[str]:
    if all_ and slugs:
        fail("give problem slugs or --all, not both", as_json)
    if all_:
        chosen = list_slugs(bank)
        if not chosen:
            fail(f"no problems in {bank / 'problems'}", as_json)
        return chosen
    if not slugs:
        fail("name at least one problem, or use --all", as_json)
    assert slugs is not None
    missing = [s for s in slugs if not (bank / "problems" / s).is_dir()]
    if missing:
        fail(f"no such problem in {bank}: {', '.join(missing)}", as_json)
    return list(dict.fromkeys(slugs))


# --- judge new ----------------------------------------------------------------------------------

def new(
    slug: Annotated[str, typer.Argument(help="The new problem's slug, e.g. softmax-cross-entropy-gradient")],
    collection: Annotated[str, typer.Option(help="Collection it belongs to")] = "practice",
    difficulty: Annotated[str, typer.Option(help="easy, medium or hard")] = "easy",
    function: Annotated[str | None, typer.Option(help="Function name (default: the slug with _)")] = None,
    title: Annotated[str | None, typer.Option(help="Title (default: a TODO placeholder)")] = None,
    bank: BankOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Scaffold a complete problem folder and its reference, with TODO markers to replace."""
    from judge.authoring.scaffold import ScaffoldError, new_problem

    path = find_bank(bank)
    try:
        written = new_problem(path, slug, collection=collection, difficulty=difficulty,
                              function=function, title=title)
    except ScaffoldError as exc:
        fail(str(exc), as_json)
    except OSError as exc:
        fail(f"cannot write the problem: {exc}", as_json)
    files = [str(p.relative_to(path)) for p in written]
    if as_json:
        print_json({"ok": True, "slug": slug, "bank": str(path), "files": files,
                    "next": f"judge check {slug}"})
    else:
        console.print(f"created [bold]{slug}[/bold] in {path}:")
        for f in files:
            console.print(f"  {f}")
        console.print(f"Replace every TODO, then run [bold]judge check {slug}[/bold] "
                      "(see docs/authoring.md).")
    raise typer.Exit(EXIT_OK)


# --- judge check --------------------------------------------------------------------------------

def check(
    slugs: SlugsArg = None,
    all_: AllOpt = False,
    bank: BankOpt = None,
    as_json: JsonOpt = False,
    seeds: SeedsOpt = 3,
) -> None:
    """Prove problems sound: metadata, statement, starter, reference, mutants, variants, hints."""
    from judge.authoring.checks import INTERNAL, PHASES, check_problem
    from judge.authoring.report import RunReport
    from judge.grading.grader import Grader
    from judge.sandbox.pool import SandboxError, SandboxPool

    path = bank_path(bank)
    chosen = _selected(path, slugs, all_, as_json)
    run = RunReport(str(path), seeds)
    try:
        with SandboxPool(warm=2) as pool:
            grader = Grader(pool)
            if as_json:
                for slug in chosen:
                    run.problems.append(check_problem(path, slug, grader, seeds))
            else:
                with _progress() as bar:
                    task = bar.add_task("checking", total=PHASES * len(chosen))
                    for slug in chosen:
                        def step(text: str, advance: bool, slug: str = slug) -> None:
                            bar.update(task, description=f"{slug}: {text}" if text else slug,
                                       advance=1 if advance else 0)
                        run.problems.append(check_problem(path, slug, grader, seeds, progress=step))
    except SandboxError as exc:
        fail(f"sandbox unavailable: {exc}", as_json)
    out = run.to_dict()
    if as_json:
        print_json(out)
    else:
        for rep in out["problems"]:
            render_problem(rep)
        s = out["summary"]
        colour = "green" if run.ok else "red"
        console.print(f"[bold {colour}]{s['passed']}/{s['problems']} problems sound[/bold {colour}]")
    if any(i.name == INTERNAL for p in run.problems for i in p.items):
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(EXIT_OK if run.ok else EXIT_NOT_ACCEPTED)


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TimeElapsedColumn(), console=err_console, transient=True)


# --- judge export / import ------------------------------------------------------------------------

def export(
    slug: Annotated[str, typer.Argument(help="Problem slug")],
    output: Annotated[Path | None, typer.Option("-o", "--output",
                                                help="Zip to write (default: SLUG.zip)")] = None,
    bank: BankOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Write a problem (folder + reference + manifest) to a zip archive."""
    from judge.authoring.archive import ArchiveError, export_problem

    path = bank_path(bank)
    out = output or Path(f"{slug}.zip")
    if not (path / "problems" / slug).is_dir():
        fail(f"no such problem in {path}: {slug}", as_json)
    try:
        manifest = export_problem(path, slug, out)
    except ArchiveError as exc:
        fail(str(exc), as_json)
    except OSError as exc:
        fail(f"cannot write {out}: {exc}", as_json)
    info = {"ok": True, "slug": slug, "output": str(out), "bytes": out.stat().st_size,
            "files": [f["path"] for f in manifest["files"]], "version": manifest["version"]}
    if as_json:
        print_json(info)
    else:
        console.print(f"exported {slug} ({len(info['files'])} files, {info['bytes']} bytes) to {out}")
    raise typer.Exit(EXIT_OK)


def import_(
    file: Annotated[Path, typer.Argument(help="Archive made by `judge export`")],
    bank: BankOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the problem if it already exists")] = False,
    run_check: Annotated[bool, typer.Option("--check",
                                            help="Also run `judge check` before installing")] = False,
    seeds: SeedsOpt = 3,
    as_json: JsonOpt = False,
) -> None:
    """Install a problem archive into the bank, after validating it in a temporary folder."""
    from judge.authoring import archive

    path = find_bank(bank)
    try:
        data = file.read_bytes()
    except OSError as exc:
        fail(f"cannot read {file}: {exc}", as_json)
    report = None
    try:
        with archive.staged(data) as st:
            if archive.exists(path, st.slug) and not force:
                raise archive.ArchiveError(f"problem {st.slug!r} already exists in {path}: use --force "
                                           "to replace it")
            if run_check:
                report = _check_staged(st.bank, st.slug, seeds, as_json)
                if not report.ok:
                    if as_json:
                        print_json({"ok": False, "slug": st.slug, "installed": False,
                                    "report": report.to_dict()})
                    else:
                        render_problem(report.to_dict())
                        err_console.print(f"[red]not imported:[/red] {st.slug} fails its check")
                    raise typer.Exit(EXIT_NOT_ACCEPTED)
            replaced = archive.install(st.bank, st.slug, path, force=force)
            slug = st.slug
    except archive.ArchiveError as exc:
        fail(f"cannot import {file}: {exc}", as_json)
    except OSError as exc:
        fail(f"cannot import {file}: {exc}", as_json)
    installed = path / "problems" / slug
    if as_json:
        out: dict[str, Any] = {"ok": True, "slug": slug, "installed": str(installed), "replaced": replaced}
        if report is not None:
            out["report"] = report.to_dict()
        print_json(out)
    else:
        console.print(f"{'replaced' if replaced else 'installed'} {slug} in {path}")
    raise typer.Exit(EXIT_OK)


def _check_staged(bank: Path, slug: str, seeds: int, as_json: bool) -> Any:
    from judge.authoring.checks import PHASES, check_problem
    from judge.grading.grader import Grader
    from judge.sandbox.pool import SandboxError, SandboxPool

    try:
        with SandboxPool(warm=2) as pool:
            if as_json:
                return check_problem(bank, slug, Grader(pool), seeds)
            with _progress() as bar:
                task = bar.add_task(slug, total=PHASES)

                def step(text: str, advance: bool) -> None:
                    bar.update(task, description=f"{slug}: {text}" if text else slug,
                               advance=1 if advance else 0)
                return check_problem(bank, slug, Grader(pool), seeds, progress=step)
    except SandboxError as exc:
        fail(f"sandbox unavailable: {exc}", as_json)


# --- judge push ------------------------------------------------------------------------------

def push(
    slugs: SlugsArg = None,
    all_: AllOpt = False,
    server: Annotated[str, typer.Option("--server", envvar="JUDGE_SERVER",
                                        help="Base URL of the service, e.g. http://127.0.0.1:8000")] = "",
    token: Annotated[str, typer.Option("--token", envvar="JUDGE_ADMIN_TOKEN",
                                       help="The service's admin token")] = "",
    bank: BankOpt = None,
    seeds: SeedsOpt = 3,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the server's check")] = 600.0,
    as_json: JsonOpt = False,
) -> None:
    """Upload problems to a running service; it checks each one before making it live."""
    import httpx

    from judge.authoring.archive import ArchiveError, export_bytes

    if not server:
        fail("--server is required (or set JUDGE_SERVER)", as_json)
    if not token:
        fail("--token is required (or set JUDGE_ADMIN_TOKEN)", as_json)
    path = bank_path(bank)
    chosen = _selected(path, slugs, all_, as_json)
    url = server.rstrip("/") + ENDPOINT
    results: list[dict[str, Any]] = []
    code = EXIT_OK
    with httpx.Client(timeout=httpx.Timeout(timeout, connect=10.0)) as client:
        for slug in chosen:
            try:
                data, _ = export_bytes(path, slug)
            except ArchiveError as exc:
                results.append({"slug": slug, "ok": False, "status": None, "error": str(exc)})
                code = max(code, EXIT_ERROR)
                continue
            body = {"archive": base64.b64encode(data).decode("ascii"), "replace": True,
                    "extra_seeds": seeds}
            try:
                if as_json:
                    resp = client.post(url, json=body, headers={"Authorization": f"Bearer {token}"})
                else:
                    with err_console.status(f"pushing {slug}: the server is checking it…"):
                        resp = client.post(url, json=body, headers={"Authorization": f"Bearer {token}"})
            except httpx.HTTPError as exc:
                results.append({"slug": slug, "ok": False, "status": None,
                                "error": f"cannot reach {url}: {type(exc).__name__}: {exc}"})
                code = max(code, EXIT_ERROR)
                break
            try:
                payload = resp.json()
            except ValueError:
                payload = {"detail": resp.text[:500]}
            row: dict[str, Any] = {"slug": slug, "ok": resp.status_code == 200,
                                   "status": resp.status_code, "response": payload}
            if resp.status_code != 200:
                row["error"] = _server_message(payload, resp.status_code)
                code = max(code, EXIT_NOT_ACCEPTED if resp.status_code == 422 else EXIT_ERROR)
            results.append(row)
            if resp.status_code in (401, 403, 503):
                break  # the next problem would be refused the same way
    if as_json:
        print_json({"ok": code == EXIT_OK, "server": server, "results": results})
    else:
        for row in results:
            _render_push(row)
    raise typer.Exit(code)


def _server_message(payload: Any, status: int) -> str:
    if isinstance(payload, dict):
        detail = payload.get("detail") or payload.get("message") or payload.get("error")
        if isinstance(detail, str):
            return f"HTTP {status}: {detail}"
        if detail is not None:
            return f"HTTP {status}: {detail!r}"[:500]
    return f"HTTP {status}"


def _render_push(row: dict[str, Any]) -> None:
    slug = row["slug"]
    payload = row.get("response") or {}
    report = payload.get("report") if isinstance(payload, dict) else None
    if row["ok"]:
        what = "replaced" if payload.get("replaced") else "installed"
        console.print(f"[green]pushed[/green] {slug}: {what} on the server and live")
        return
    if isinstance(report, dict) and report.get("items"):
        render_problem(report)
    err_console.print(f"[red]not pushed:[/red] {slug}: {row.get('error')}")
