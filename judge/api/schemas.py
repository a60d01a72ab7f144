"""Request and response bodies (the public JSON contract) and the views that build them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from judge.store.models import DONE, ProblemRow, Progress, Submission

Mode = Literal["submit", "run"]


# --- problems -----------------------------------------------------------------------------------
class ProblemSummary(BaseModel):
    slug: str
    title: str
    difficulty: str
    collection: str
    topics: list[str]


class Example(BaseModel):
    name: str
    input: dict[str, Any] = Field(description="Argument values by parameter name")
    expected: Any = Field(description="What the reference returns for this input")
    explanation: str = ""


class ProblemDetail(ProblemSummary):
    function: str
    signature: str
    statement: str = Field(description="Markdown")
    starter: str
    examples: list[Example] = Field(description="Public examples only; hidden tests are never shown")
    limits: dict[str, Any]
    hints_available: int


def problem_summary(row: ProblemRow) -> ProblemSummary:
    return ProblemSummary(slug=row.slug, title=row.title, difficulty=row.difficulty,
                          collection=row.collection, topics=list(row.topics))


def problem_detail(row: ProblemRow) -> ProblemDetail:
    return ProblemDetail(
        slug=row.slug, title=row.title, difficulty=row.difficulty, collection=row.collection,
        topics=list(row.topics), function=row.function, signature=row.signature,
        statement=row.statement, starter=row.starter,
        examples=[Example(name=e.get("name", ""), input=e.get("input") or {}, expected=e.get("expected"),
                          explanation=e.get("explanation", "")) for e in row.examples],
        limits=dict(row.limits), hints_available=len(row.hints),
    )


# --- submissions --------------------------------------------------------------------------------
def _encodable(value: str, what: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{what} is not valid UTF-8 text (it contains a lone surrogate)") from None
    if "\x00" in value:
        raise ValueError(f"{what} contains NUL bytes")
    return value


class SubmissionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"problem": "softmax-cross-entropy-gradient", "mode": "submit",
                      "code": "import numpy as np\n\ndef softmax_cross_entropy_grad(logits, labels):\n"
                              "    ...\n"}]})

    problem: str = Field(min_length=1, max_length=100, description="Problem slug")
    code: str = Field(description="Python source defining the problem's function (UTF-8, no NUL "
                                  "bytes, at most the service's max_code_bytes)")
    mode: Mode = Field("submit", description="submit: every test, scored; run: public examples only")
    learner: str | None = Field(None, max_length=100, description="Who submits (default: anonymous)")

    @field_validator("problem")
    @classmethod
    def _problem(cls, v: str) -> str:
        return _encodable(v, "problem").strip()

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        _encodable(v, "code")
        if not v.strip():
            raise ValueError("code is empty")
        return v

    @field_validator("learner")
    @classmethod
    def _learner(cls, v: str | None) -> str | None:
        return None if v is None else (_encodable(v, "learner").strip() or None)


class Links(BaseModel):
    self: str
    events: str
    problem: str


class SubmissionOut(BaseModel):
    id: str
    problem: str
    mode: str
    status: Literal["queued", "running", "done"]
    verdict: str | None = None
    score: int | None = None
    message: str = ""
    hints: list[str] = Field(default_factory=list)
    passed: int | None = None
    total: int | None = None
    tests: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Per-test results (input/expected/got/stdout only for public tests); while "
                    "grading, the tests finished so far")
    groups: list[dict[str, Any]] = Field(default_factory=list)
    time_ms: float | None = None
    diagnostics: dict[str, Any] = Field(
        default_factory=dict, description="Extra measurements, e.g. speed relative to the reference")
    unlocked_hint: str | None = Field(
        None, description="The problem's next hint, unlocked for free by this failed attempt "
                          "(every hint_after_failures-th failed submit)")
    explanation: str | None = Field(
        None, description="A plain-language explanation of the failure (only when the service "
                          "has an LLM endpoint configured)")
    learner: str
    code: str
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    links: Links


def _utc(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def links(sub_id: str, problem: str) -> Links:
    return Links(self=f"/api/submissions/{sub_id}", events=f"/api/submissions/{sub_id}/events",
                 problem=f"/api/problems/{problem}")


def live_tests(history: list[dict[str, Any]] | None) -> tuple[list[dict[str, Any]], int | None]:
    """Per-test results published so far (by index), and the announced number of tests."""
    by_index: dict[int, dict[str, Any]] = {}
    total = None
    for ev in history or []:
        if ev.get("type") == "test":
            by_index[int(ev["index"])] = ev["result"]
            total = ev.get("total", total)
    return [by_index[i] for i in sorted(by_index)], total


def submission_view(sub: Submission, history: list[dict[str, Any]] | None = None) -> SubmissionOut:
    base: dict[str, Any] = dict(
        id=sub.id, problem=sub.problem, mode=sub.mode, status=sub.status, learner=sub.learner,
        code=sub.code, created_at=_utc(sub.created_at), started_at=_utc(sub.started_at),
        finished_at=_utc(sub.finished_at), links=links(sub.id, sub.problem),
    )
    if sub.status == DONE:
        r = sub.result or {}
        return SubmissionOut(**base, verdict=sub.verdict, score=sub.score, message=sub.message,
                             hints=list(sub.hints), passed=r.get("passed"), total=r.get("total"),
                             tests=list(r.get("tests") or []), groups=list(r.get("groups") or []),
                             time_ms=r.get("time_ms"), diagnostics=dict(r.get("diagnostics") or {}),
                             unlocked_hint=r.get("unlocked_hint"), explanation=r.get("explanation"))
    tests, total = live_tests(history)
    return SubmissionOut(**base, tests=tests, total=total,
                         passed=sum(t.get("verdict") == "accepted" for t in tests))


# --- learner progress, hints and the reference -------------------------------------------------
def learner_name(v: str) -> str:
    """A learner name as submissions store it: stripped, non-empty, valid text."""
    v = _encodable(v, "learner").strip()
    if not v:
        raise ValueError("learner is empty")
    return v


class LearnerIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"learner": "ada"}]})

    learner: str = Field(min_length=1, max_length=100, description="Who asks (as in their submissions)")

    @field_validator("learner")
    @classmethod
    def _learner(cls, v: str) -> str:
        return learner_name(v)


class ProgressOut(BaseModel):
    learner: str
    problem: str
    attempts: int = Field(description="Judged submit-mode submissions")
    failed_attempts: int
    best_score: int = Field(description="Best score after hint penalties (0 after giving up unsolved)")
    raw_best_score: int = Field(description="Best score without penalties")
    hints_revealed: int
    hints_penalized: int = Field(description="Revealed hints that were asked for (each cost the penalty)")
    hints_available: int = Field(description="How many hints the problem has")
    hints_remaining: int
    hints: list[str] = Field(description="The revealed hints, in order")
    next_hint_penalty: int = Field(description="Points the next hint costs (0 when none is left or "
                                               "after giving up)")
    solved: bool
    gave_up: bool
    reference_available: bool = Field(description="True once solved or given up")
    reference_revealed: bool


class HintOut(BaseModel):
    hint: str
    index: int = Field(description="1-based position of this hint")
    remaining: int
    penalty: int = Field(description="Points this hint took off the best score")
    best_score: int


class ReferenceOut(BaseModel):
    learner: str
    problem: str
    reference: str = Field(description="The reference solution's Python source")


class GiveUpOut(ReferenceOut):
    best_score: int
    solved: bool
    gave_up: bool


def progress_view(p: Progress, problem: ProblemRow, penalty: int) -> ProgressOut:
    hints = list(problem.hints)
    shown = min(p.hints_revealed, len(hints))
    remaining = len(hints) - shown
    return ProgressOut(
        learner=p.learner, problem=p.problem, attempts=p.attempts, failed_attempts=p.failed_attempts,
        best_score=p.best_score, raw_best_score=p.raw_best_score, hints_revealed=shown,
        hints_penalized=p.hints_penalized, hints_available=len(hints), hints_remaining=remaining,
        hints=hints[:shown], next_hint_penalty=penalty if remaining and not p.gave_up else 0,
        solved=p.solved, gave_up=p.gave_up, reference_available=p.solved or p.gave_up,
        reference_revealed=p.reference_revealed,
    )

