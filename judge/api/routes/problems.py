"""GET /api/problems and /api/problems/{slug}: the catalog as learners may see it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from judge.api.deps import StateDep
from judge.api.schemas import ProblemDetail, ProblemSummary, problem_detail, problem_summary
from judge.store import db

router = APIRouter(prefix="/api/problems", tags=["problems"])


@router.get("", response_model=list[ProblemSummary])
def list_problems(
    state: StateDep,
    collection: Annotated[str | None, Query(max_length=100)] = None,
    difficulty: Annotated[str | None, Query(max_length=20, description="easy, medium or hard")] = None,
    topic: Annotated[str | None, Query(max_length=100)] = None,
) -> list[ProblemSummary]:
    rows = db.list_problems(state.engine, collection=collection, difficulty=difficulty, topic=topic)
    return [problem_summary(r) for r in rows]


@router.get("/{slug}", response_model=ProblemDetail,
            responses={404: {"description": "Unknown problem"}})
def get_problem(slug: str, state: StateDep) -> ProblemDetail:
    row = db.get_problem(state.engine, slug)
    if row is None:
        raise HTTPException(404, f"unknown problem {slug!r}")
    return problem_detail(row)
