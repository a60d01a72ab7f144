"""Engine, schema and the queries the service needs (SQLite by default, PostgreSQL works too).

Every function takes the engine and opens its own short session, so callers on
worker threads and on the event loop's thread pool never share a session.
Writes that must agree (a submission's verdict and its per-test rows) happen in
one transaction.
"""

from __future__ import annotations

import ast
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, delete, event, update
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, col, create_engine, select

from judge.catalog.loader import Problem
from judge.grading.grader import tests_and_expected
from judge.grading.result import jsonable
from judge.store.models import DONE, QUEUED, RUNNING, ProblemRow, Submission, TestResultRow, utcnow

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 30_000


# --- engine and sessions ------------------------------------------------------------------------
def make_engine(url: str, echo: bool = False) -> Engine:
    """An engine for `url`; SQLite gets WAL, a busy timeout and foreign keys, and may be shared
    across threads (every session here is short-lived and used by one thread at a time)."""
    if not url.startswith("sqlite"):
        return create_engine(url, echo=echo, pool_pre_ping=True)
    memory = url in ("sqlite://", "sqlite:///:memory:") or "mode=memory" in url
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False,
                                               "timeout": BUSY_TIMEOUT_MS / 1000}}
    if memory:  # one shared connection, or every thread would see its own empty database
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, echo=echo, **kwargs)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        try:
            if not memory:
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA foreign_keys=ON")
        finally:
            cur.close()

    return engine


def init_db(engine: Engine) -> None:
    SQLModel.metadata.create_all(engine)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose objects stay readable after commit; rolled back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
        except BaseException:
            session.rollback()
            raise


# --- problems -----------------------------------------------------------------------------------
def param_names(signature: str) -> list[str]:
    """Parameter names of the problem's `def f(...)` signature, in order."""
    try:
        tree = ast.parse(signature.strip().rstrip(":") + ":\n    pass\n")
        fn = tree.body[0]
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            a = fn.args
            return [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs]
    except SyntaxError:
        pass
    return []


def render_examples(problem: Problem) -> list[dict[str, Any]]:
    """The public examples as learners see them: named inputs, expected output, explanation."""
    tests, expected = tests_and_expected(problem, "run")
    names = param_names(problem.meta.signature)
    out = []
    for t, exp in zip(tests, expected, strict=True):
        inputs = {names[k] if k < len(names) else f"arg{k}": jsonable(a) for k, a in enumerate(t.args)}
        out.append({"name": t.name, "group": t.group, "input": inputs, "expected": jsonable(exp),
                    "explanation": t.explanation})
    return out


def _problem_fields(problem: Problem) -> dict[str, Any]:
    meta = problem.meta
    try:
        examples = render_examples(problem)
    except Exception as exc:  # noqa: BLE001 - a broken reference must not stop the service
        log.error("cannot render the examples of %s: %s: %s", problem.slug, type(exc).__name__, exc)
        examples = []
    return {
        "title": meta.title, "difficulty": meta.difficulty.value, "collection": meta.collection,
        "topics": list(meta.topics), "function": meta.function, "signature": meta.signature,
        "statement": problem.statement, "starter": problem.starter, "examples": examples,
        "limits": meta.limits.model_dump(), "hints": list(meta.hints), "version": problem.version,
    }


def upsert_problems(engine: Engine, problems: Iterable[Problem], deactivate_missing: bool = True) -> int:
    """Make the problem table match the catalog; problems no longer in it become inactive."""
    problems = list(problems)
    with session_scope(engine) as s:
        seen = set()
        for p in problems:
            seen.add(p.slug)
            row = s.get(ProblemRow, p.slug)
            if row is not None and row.version == p.version and row.active:
                continue
            fields = _problem_fields(p)
            if row is None:
                row = ProblemRow(slug=p.slug, **fields)
            else:
                for k, v in fields.items():
                    setattr(row, k, v)
            row.active = True
            row.updated_at = utcnow()
            s.add(row)
        if deactivate_missing:
            stale = s.exec(select(ProblemRow).where(col(ProblemRow.active))).all()
            for row in stale:
                if row.slug not in seen:
                    row.active = False
                    row.updated_at = utcnow()
                    s.add(row)
        s.commit()
    return len(problems)


def get_problem(engine: Engine, slug: str, active_only: bool = True) -> ProblemRow | None:
    with session_scope(engine) as s:
        row = s.get(ProblemRow, slug)
        if row is None or (active_only and not row.active):
            return None
        return row


def list_problems(engine: Engine, collection: str | None = None, difficulty: str | None = None,
                  topic: str | None = None, active_only: bool = True) -> list[ProblemRow]:
    stmt = select(ProblemRow)
    if active_only:
        stmt = stmt.where(col(ProblemRow.active))
    if collection:
        stmt = stmt.where(ProblemRow.collection == collection)
    if difficulty:
        stmt = stmt.where(ProblemRow.difficulty == difficulty.lower())
    order = {"easy": 0, "medium": 1, "hard": 2}
    with session_scope(engine) as s:
        rows = list(s.exec(stmt).all())
    if topic:  # topics are a JSON list: filtered here, the same way on every database
        wanted = topic.lower()
        rows = [r for r in rows if wanted in (t.lower() for t in r.topics)]
    rows.sort(key=lambda r: (r.collection, order.get(r.difficulty, 9), r.title, r.slug))
    return rows


# --- submissions --------------------------------------------------------------------------------
def create_submission(engine: Engine, problem: str, code: str, mode: str = "submit",
                      learner: str = "anonymous", problem_version: str = "") -> Submission:
    sub = Submission(problem=problem, code=code, mode=mode, learner=learner or "anonymous",
                     problem_version=problem_version, status=QUEUED)
    with session_scope(engine) as s:
        s.add(sub)
        s.commit()
    return sub


def get_submission(engine: Engine, submission_id: str) -> Submission | None:
    with session_scope(engine) as s:
        return s.get(Submission, submission_id)


def mark_running(engine: Engine, submission_id: str) -> Submission | None:
    """Claim a queued (or interrupted running) submission; None if it is unknown or already done."""
    with session_scope(engine) as s:
        res = s.exec(update(Submission)
                     .where(col(Submission.id) == submission_id, col(Submission.status) != DONE)
                     .values(status=RUNNING, started_at=utcnow(), attempts=Submission.attempts + 1))
        s.commit()
        if not res.rowcount:
            return None
        return s.get(Submission, submission_id)


def save_result(engine: Engine, submission_id: str, result: dict[str, Any]) -> Submission:
    """Store a finished grading (GradeResult.to_dict()): the submission and its test rows, atomically."""
    with session_scope(engine) as s:
        s.exec(update(Submission).where(col(Submission.id) == submission_id).values(
            status=DONE, verdict=result.get("verdict"), score=result.get("score"),
            message=result.get("message") or "", hints=list(result.get("hints") or []),
            result=result, finished_at=utcnow()))
        s.exec(delete(TestResultRow).where(col(TestResultRow.submission_id) == submission_id))
        for i, t in enumerate(result.get("tests") or []):
            s.add(TestResultRow(submission_id=submission_id, index=i, name=str(t.get("name", "")),
                                group=str(t.get("group", "")), verdict=str(t.get("verdict", "")),
                                time_ms=float(t.get("time_ms") or 0.0), message=str(t.get("message", "")),
                                public=bool(t.get("public")), data=t))
        s.commit()
        sub = s.get(Submission, submission_id)
        if sub is None:
            raise KeyError(submission_id)
        s.refresh(sub)
        return sub


def list_test_results(engine: Engine, submission_id: str) -> list[TestResultRow]:
    with session_scope(engine) as s:
        stmt = (select(TestResultRow).where(TestResultRow.submission_id == submission_id)
                .order_by(col(TestResultRow.index)))
        return list(s.exec(stmt).all())



def pending_submissions(engine: Engine) -> list[Submission]:
    """Submissions a stopped service left unjudged (queued, or running when it stopped), oldest first."""
    with session_scope(engine) as s:
        stmt = (select(Submission).where(col(Submission.status).in_((QUEUED, RUNNING)))
                .order_by(col(Submission.created_at)))
        return list(s.exec(stmt).all())
