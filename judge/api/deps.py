"""Request dependencies: the service's shared state and lookups that answer 404 early."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi import Path as PathParam
from sqlalchemy import Engine

from judge.catalog.loader import Problem, ProblemError
from judge.queue.base import Dispatcher
from judge.queue.events import EventBus
from judge.settings import Settings
from judge.store import db
from judge.store.models import Submission


@dataclass
class JudgeState:
    """Everything the routes share, built by the app's lifespan."""

    settings: Settings
    engine: Engine
    catalog: dict[str, Problem]
    bus: EventBus
    queue: Dispatcher
    bank: Path
    bank_errors: list[ProblemError] = field(default_factory=list)


def get_state(request: Request) -> JudgeState:
    state = getattr(request.app.state, "judge", None)
    if state is None:
        raise HTTPException(503, "the service is starting")
    return state  # type: ignore[no-any-return]


StateDep = Annotated[JudgeState, Depends(get_state)]


def get_settings(state: StateDep) -> Settings:
    return state.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def existing_submission(state: StateDep,
                        submission_id: Annotated[str, PathParam(max_length=64)]) -> Submission:
    sub = db.get_submission(state.engine, submission_id)
    if sub is None:
        raise HTTPException(404, f"unknown submission {submission_id!r}")
    return sub


SubmissionDep = Annotated[Submission, Depends(existing_submission)]
