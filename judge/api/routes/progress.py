"""A learner's progress on a problem, its progressive hints, giving up, and the reference.

    GET  /api/problems/{slug}/progress?learner=NAME   progress, with the hints revealed so far
    POST /api/problems/{slug}/hints/next  {"learner"}  reveal the next hint (costs the hint penalty)
    GET  /api/problems/{slug}/reference?learner=NAME  the reference source, once solved or given up
    POST /api/problems/{slug}/give-up     {"learner"}  give up (best score 0 unless solved) and
                                                       get the reference

Learners are named as in their submissions (no authentication: names are trusted, as the
submissions' are). The scoring rule lives with the data: judge.store.db.ProgressRules.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import AfterValidator

from judge.api.deps import StateDep
from judge.api.schemas import (
    GiveUpOut,
    HintOut,
    LearnerIn,
    ProgressOut,
    ReferenceOut,
    learner_name,
    progress_view,
)
from judge.store import db
from judge.store.models import ProblemRow

router = APIRouter(prefix="/api/problems", tags=["progress"])

LearnerQuery = Annotated[str, Query(min_length=1, max_length=100, description="Who asks"),
                         AfterValidator(learner_name)]

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "Unknown problem"},
                                              422: {"description": "Missing or empty learner"}}


def known_problem(slug: str, state: StateDep) -> ProblemRow:
    row = db.get_problem(state.engine, slug)
    if row is None:
        raise HTTPException(404, f"unknown problem {slug!r}")
    return row


ProblemDep = Annotated[ProblemRow, Depends(known_problem)]


def _reference(state: StateDep, slug: str) -> str:
    problem = state.catalog.get(slug)
    if problem is None:
        raise HTTPException(404, f"unknown problem {slug!r}")
    return problem.reference_source


@router.get("/{slug}/progress", response_model=ProgressOut, responses=NOT_FOUND)
def get_progress(problem: ProblemDep, learner: LearnerQuery, state: StateDep) -> ProgressOut:
    p = db.get_progress(state.engine, learner, problem.slug)
    return progress_view(p, problem, state.settings.hint_penalty)


@router.post("/{slug}/hints/next", response_model=HintOut,
             responses={**NOT_FOUND, 409: {"description": "Every hint is already revealed"}})
def next_hint(problem: ProblemDep, body: LearnerIn, state: StateDep) -> HintOut:
    """Reveal the next hint, in order. It costs `hint_penalty` points off the best score at once
    and off every later submission (hints unlocked by failed attempts are free)."""
    try:
        p, hint, index, charged = db.reveal_next_hint(state.engine, body.learner, problem.slug,
                                                      state.settings.hint_penalty)
    except db.UnknownProblem:
        raise HTTPException(404, f"unknown problem {problem.slug!r}") from None
    except db.NoMoreHints:
        raise HTTPException(409, f"all {len(problem.hints)} hints of {problem.slug!r} are already "
                                 "revealed") from None
    return HintOut(hint=hint, index=index, remaining=max(0, len(problem.hints) - index),
                   penalty=charged, best_score=p.best_score)


@router.get("/{slug}/reference", response_model=ReferenceOut,
            responses={**NOT_FOUND, 403: {"description": "Not solved and not given up yet"}})
def get_reference(problem: ProblemDep, learner: LearnerQuery, state: StateDep) -> ReferenceOut:
    """The reference solution, for a learner who solved the problem (an accepted submit) or gave up."""
    source = _reference(state, problem.slug)
    if not db.reveal_reference(state.engine, learner, problem.slug):
        raise HTTPException(403, f"the reference of {problem.slug!r} is shown once you solve it (an "
                                 "accepted submission) or give up (POST .../give-up, which sets your "
                                 "best score to 0)")
    return ReferenceOut(learner=learner, problem=problem.slug, reference=source)


@router.post("/{slug}/give-up", response_model=GiveUpOut, responses=NOT_FOUND)
def give_up(problem: ProblemDep, body: LearnerIn, state: StateDep) -> GiveUpOut:
    """Give up: the best score becomes 0 for good unless already solved; returns the reference."""
    source = _reference(state, problem.slug)
    try:
        p = db.give_up(state.engine, body.learner, problem.slug)
    except db.UnknownProblem:
        raise HTTPException(404, f"unknown problem {problem.slug!r}") from None
    return GiveUpOut(learner=p.learner, problem=p.problem, reference=source, best_score=p.best_score,
                     solved=p.solved, gave_up=p.gave_up)
