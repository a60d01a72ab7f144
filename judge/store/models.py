"""Database tables: the synced problem catalog, submissions, their per-test results, and each
learner's progress per problem.

Only what a learner may see is stored for a problem (public examples with their
expected outputs, never hidden tests, reference code or mutants); a submission
keeps the whole grading result as JSON plus one row per test for querying.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime
from sqlmodel import Field, SQLModel

QUEUED = "queued"
RUNNING = "running"
DONE = "done"
STATUSES = (QUEUED, RUNNING, DONE)


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return uuid.uuid4().hex


class ProblemRow(SQLModel, table=True):
    __tablename__ = "problem"

    slug: str = Field(primary_key=True, max_length=100)
    title: str
    difficulty: str = Field(index=True)
    collection: str = Field(index=True)
    topics: list[str] = Field(default_factory=list, sa_type=JSON)
    function: str
    signature: str
    statement: str
    starter: str
    examples: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    limits: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    hints: list[str] = Field(default_factory=list, sa_type=JSON)
    version: str
    # False once the problem left the bank: kept so old submissions still resolve.
    active: bool = Field(default=True, index=True)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class Submission(SQLModel, table=True):
    __tablename__ = "submission"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    problem: str = Field(foreign_key="problem.slug", index=True)
    problem_version: str = ""
    code: str
    mode: str = "submit"
    status: str = Field(default=QUEUED, index=True)
    verdict: str | None = None
    score: int | None = None
    message: str = ""
    hints: list[str] = Field(default_factory=list, sa_type=JSON)
    result: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    learner: str = Field(default="anonymous", index=True, max_length=100)
    attempts: int = 0  # how many times a worker started judging it (bounded on recovery)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    started_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    finished_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class TestResultRow(SQLModel, table=True):
    __tablename__ = "test_result"
    __test__ = False  # not a pytest class

    id: int | None = Field(default=None, primary_key=True)
    submission_id: str = Field(foreign_key="submission.id", index=True, ondelete="CASCADE")
    index: int
    name: str
    group: str
    verdict: str
    time_ms: float = 0.0
    message: str = ""
    public: bool = False
    data: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


class Progress(SQLModel, table=True):
    """One learner's standing on one problem, updated as their `submit` gradings are stored.

    `best_score` is what counts (after hint penalties, 0 for good once the learner gave up
    before solving); `raw_best_score` is the best grading score without any penalty.
    `hints_revealed` counts the problem's hints shown so far (they are shown in order), of
    which `hints_penalized` were asked for (each cost the hint penalty); the others were
    unlocked for free by repeated failed attempts.
    """

    __tablename__ = "progress"

    learner: str = Field(primary_key=True, max_length=100)
    problem: str = Field(primary_key=True, foreign_key="problem.slug", max_length=100)
    attempts: int = 0  # judged submit-mode submissions (internal errors of the judge excluded)
    failed_attempts: int = 0  # ... of which were not accepted
    best_score: int = 0
    raw_best_score: int = 0
    hints_revealed: int = 0
    hints_penalized: int = 0
    solved: bool = False
    gave_up: bool = False
    reference_revealed: bool = False
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
