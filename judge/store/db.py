"""Engine, schema and the queries the service needs (SQLite by default, PostgreSQL works too).

Every function takes the engine and opens its own short session, so callers on
worker threads and on the event loop's thread pool never share a session.
Writes that must agree (a submission's verdict and its per-test rows) happen in
one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, event, or_, update
from sqlalchemy import insert as sa_insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, col, create_engine, select

from judge.catalog.loader import Problem
from judge.catalog.signature import named_inputs, param_names  # noqa: F401 - param_names re-exported
from judge.grading.grader import tests_and_expected
from judge.grading.result import jsonable
from judge.store.models import (
    DONE,
    QUEUED,
    RUNNING,
    ProblemRow,
    Progress,
    Submission,
    TestResultRow,
    utcnow,
)

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
def render_examples(problem: Problem) -> list[dict[str, Any]]:
    """The public examples as learners see them: named inputs, expected output, explanation."""
    tests, expected = tests_and_expected(problem, "run")
    out = []
    for t, exp in zip(tests, expected, strict=True):
        inputs = named_inputs(problem.meta.signature, [jsonable(a) for a in t.args])
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


def save_result(engine: Engine, submission_id: str, result: dict[str, Any],
                rules: ProgressRules | None = None) -> Submission:
    """Store a finished grading (GradeResult.to_dict()): the submission and its test rows, atomically.

    With `rules`, a `submit` grading stored for the first time also updates the learner's
    progress on the problem in the same transaction (see `ProgressRules`); a hint that this
    grading unlocks is added to the stored result as "unlocked_hint" (and its 1-based
    "unlocked_hint_index")."""
    with session_scope(engine) as s:
        # Writing first takes SQLite's write lock, so the progress read-modify-write below is
        # serialized with every other writer; the condition tells a first save from a re-save.
        first = s.exec(update(Submission)
                       .where(col(Submission.id) == submission_id, col(Submission.status) != DONE)
                       .values(status=DONE, finished_at=utcnow())).rowcount
        if rules is not None and first:
            sub = s.get(Submission, submission_id)
            if sub is not None:
                extra = _record_grading(s, sub, result, rules)
                if extra:
                    result = {**result, **extra}
        s.exec(update(Submission).where(col(Submission.id) == submission_id).values(
            status=DONE, verdict=result.get("verdict"), score=result.get("score"),
            message=result.get("message") or "", hints=list(result.get("hints") or []),
            result=result, finished_at=utcnow()))
        s.exec(delete(TestResultRow).where(col(TestResultRow.submission_id) == submission_id))
        rows = [{"submission_id": submission_id, "index": i, "name": str(t.get("name", "")),
                 "group": str(t.get("group", "")), "verdict": str(t.get("verdict", "")),
                 "time_ms": float(t.get("time_ms") or 0.0), "message": str(t.get("message", "")),
                 "public": bool(t.get("public")), "data": t}
                for i, t in enumerate(result.get("tests") or [])]
        if rows:  # one executemany, not an ORM object per test (11 ms -> ~2 ms for 35 tests)
            s.execute(sa_insert(TestResultRow), rows)
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


# --- learner progress ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ProgressRules:
    """How gradings and hints move a learner's progress (the service takes them from Settings).

    Scoring: a `submit` grading counts `max(0, score - hints_penalized * hint_penalty)`, with
    the learner's penalized hints at that moment; the best of these is kept. Asking for a hint
    lowers the kept best score by `hint_penalty` at once (and every later grading counts it),
    so the best score always equals `max(0, raw_best_score - hints_penalized * hint_penalty)`
    until the learner gives up. Every `hint_after_failures`-th failed attempt reveals the next
    hint for free (0 or less: never). Giving up freezes the best score: 0 when the problem was
    not solved before; later accepted submissions are still judged and shown (and mark the
    problem solved) but no longer change the best score, and hints cost nothing after that.
    """

    hint_penalty: int = 10
    hint_after_failures: int = 3


class UnknownProblem(LookupError):
    """No active problem has this slug."""


class NoMoreHints(LookupError):
    """Every hint of the problem is already revealed to this learner."""


# Verdicts that are the judge's failure, not the learner's: they do not count as attempts.
_NOT_AN_ATTEMPT = {"internal_error", None}


def _progress_key(learner: str, problem: str) -> dict[str, str]:
    return {"learner": learner, "problem": problem}


def _locked_progress(s: Session, learner: str, problem: str) -> Progress:
    """The learner's progress row, created if missing and locked for the rest of the transaction
    (SQLite: the insert takes the write lock; PostgreSQL: SELECT ... FOR UPDATE)."""
    values = Progress(learner=learner, problem=problem).model_dump()
    dialect = s.get_bind().dialect.name
    if dialect == "sqlite":
        s.exec(sqlite_insert(Progress).values(**values).on_conflict_do_nothing())
    elif dialect == "postgresql":
        s.exec(pg_insert(Progress).values(**values).on_conflict_do_nothing())
    elif s.get(Progress, _progress_key(learner, problem)) is None:
        s.add(Progress(**values))
        s.flush()
    stmt = (select(Progress).where(col(Progress.learner) == learner, col(Progress.problem) == problem)
            .with_for_update().execution_options(populate_existing=True))
    return s.exec(stmt).one()


def _record_grading(s: Session, sub: Submission, result: dict[str, Any],
                    rules: ProgressRules) -> dict[str, Any]:
    """Count a first-time stored grading in the learner's progress; returns what to add to the result."""
    verdict = result.get("verdict")
    if sub.mode != "submit" or verdict in _NOT_AN_ATTEMPT:
        return {}
    row = _locked_progress(s, sub.learner, sub.problem)
    score = min(100, max(0, int(result.get("score") or 0)))
    accepted = verdict == "accepted"
    row.attempts += 1
    if accepted:
        row.solved = True
    else:
        row.failed_attempts += 1
    row.raw_best_score = max(row.raw_best_score, score)
    if not row.gave_up:
        row.best_score = max(row.best_score, max(0, score - row.hints_penalized * rules.hint_penalty))
    extra: dict[str, Any] = {}
    every = rules.hint_after_failures
    if not accepted and every > 0 and row.failed_attempts % every == 0:
        problem = s.get(ProblemRow, sub.problem)
        hints = list(problem.hints) if problem is not None else []
        if row.hints_revealed < len(hints):
            extra = {"unlocked_hint": hints[row.hints_revealed],
                     "unlocked_hint_index": row.hints_revealed + 1}
            row.hints_revealed += 1
    row.updated_at = utcnow()
    s.add(row)
    return extra


def get_progress(engine: Engine, learner: str, problem: str) -> Progress:
    """The learner's progress on the problem (a fresh, unsaved one if they never started it)."""
    with session_scope(engine) as s:
        row = s.get(Progress, _progress_key(learner, problem))
        return row if row is not None else Progress(learner=learner, problem=problem)


def _active_problem(s: Session, problem: str) -> ProblemRow:
    row = s.get(ProblemRow, problem)
    if row is None or not row.active:
        raise UnknownProblem(problem)
    return row


def reveal_next_hint(engine: Engine, learner: str, problem: str,
                     penalty: int) -> tuple[Progress, str, int, int]:
    """Reveal the learner's next hint: (progress, hint text, 1-based index, penalty charged).

    The penalty is taken off the best score at once (not below 0); nothing is charged once
    the learner gave up. Raises UnknownProblem, or NoMoreHints when all are revealed."""
    with session_scope(engine) as s:
        hints = list(_active_problem(s, problem).hints)
        row = _locked_progress(s, learner, problem)
        if row.hints_revealed >= len(hints):
            raise NoMoreHints(problem)
        hint = hints[row.hints_revealed]
        row.hints_revealed += 1
        charged = 0 if row.gave_up else max(0, penalty)
        if charged:
            row.hints_penalized += 1
            row.best_score = max(0, row.best_score - charged)
        row.updated_at = utcnow()
        s.add(row)
        s.commit()
        return row, hint, row.hints_revealed, charged


def give_up(engine: Engine, learner: str, problem: str) -> Progress:
    """Mark that the learner gave up (and saw the reference): the best score becomes 0 for good
    unless the problem was already solved, in which case it is kept. Idempotent."""
    with session_scope(engine) as s:
        _active_problem(s, problem)
        row = _locked_progress(s, learner, problem)
        if not row.gave_up:
            row.gave_up = True
            if not row.solved:
                row.best_score = 0
        row.reference_revealed = True
        row.updated_at = utcnow()
        s.add(row)
        s.commit()
        return row


def reveal_reference(engine: Engine, learner: str, problem: str) -> bool:
    """Record that the learner sees the reference, if they may: True once they solved the
    problem or gave up, else False (and nothing changes)."""
    with session_scope(engine) as s:
        res = s.exec(update(Progress)
                     .where(col(Progress.learner) == learner, col(Progress.problem) == problem,
                            or_(col(Progress.solved), col(Progress.gave_up)))
                     .values(reference_revealed=True, updated_at=utcnow()))
        s.commit()
        return bool(res.rowcount)

