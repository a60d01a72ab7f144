"""POST /api/submissions, GET /api/submissions/{id} and its live event stream (SSE).

Handlers only store, enqueue and read: grading runs on the queue's worker threads,
and blocking database calls go to the thread pool, so the event loop keeps
answering while submissions run (or loop forever until their time limit).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.sse import EventSourceResponse, ServerSentEvent

from judge.api.deps import JudgeState, StateDep, SubmissionDep
from judge.api.schemas import SubmissionIn, SubmissionOut, submission_view
from judge.queue.events import CLOSED
from judge.store import db
from judge.store.models import DONE

router = APIRouter(prefix="/api/submissions", tags=["submissions"])

# How often a stream without a live channel (e.g. judged by another process) re-reads the database.
POLL_INTERVAL_S = 0.5


@router.post(
    "", status_code=202, response_model=SubmissionOut,
    responses={
        200: {"description": "Finished within the wait (only with `wait=true`)", "model": SubmissionOut},
        202: {"description": "Accepted and queued; follow `links.self` or `links.events`"},
        404: {"description": "Unknown problem"},
        413: {"description": "Code larger than the service's max_code_bytes"},
        422: {"description": "Invalid request: empty code, NUL bytes, unknown mode, malformed JSON"},
    },
)
async def create_submission(
    body: SubmissionIn, state: StateDep, response: Response,
    wait: bool = Query(False, description="Wait (up to the service's wait_timeout_s) for the verdict"),
) -> SubmissionOut:
    problem = state.catalog.get(body.problem)
    if problem is None:
        raise HTTPException(404, f"unknown problem {body.problem!r}")
    limit = state.settings.max_code_bytes
    size = len(body.code.encode("utf-8"))
    if size > limit:
        raise HTTPException(413, f"code is {size} bytes; the limit is {limit} bytes ({limit / 1024:g} KiB)")

    sub = await run_in_threadpool(db.create_submission, state.engine, problem.slug, body.code, body.mode,
                                  body.learner or "anonymous", problem.version)
    try:
        future = state.queue.submit(sub.id)
    except RuntimeError:  # shutting down: the stored submission is judged after the restart
        future = None
    if wait and future is not None:
        await asyncio.wait({asyncio.wrap_future(future)}, timeout=state.settings.wait_timeout_s)
        latest = await run_in_threadpool(db.get_submission, state.engine, sub.id)
        sub = latest if latest is not None else sub
    response.headers["Location"] = f"/api/submissions/{sub.id}"
    response.status_code = 200 if sub.status == DONE else 202
    return submission_view(sub, state.bus.history(sub.id))


@router.get("/{submission_id}", response_model=SubmissionOut,
            responses={404: {"description": "Unknown submission"}})
def get_submission(sub: SubmissionDep, state: StateDep) -> SubmissionOut:
    return submission_view(sub, None if sub.status == DONE else state.bus.history(sub.id))


@router.get("/{submission_id}/events", response_class=EventSourceResponse,
            responses={404: {"description": "Unknown submission"}})
async def submission_events(sub: SubmissionDep, state: StateDep) -> AsyncIterator[ServerSentEvent]:
    """Server-sent events: `status` (queued/running), one `test` per finished test (replayed from
    the start for late subscribers), then `done` with the whole submission as GET returns it."""
    async for event in _stream(state, sub.id):
        yield event


async def _stream(state: JudgeState, sid: str) -> AsyncIterator[ServerSentEvent]:
    sent_status: str | None = None
    sent_tests: dict[int, Any] = {}

    def test_event(ev: dict[str, Any], replay: bool = False) -> ServerSentEvent | None:
        """Live events always go out (a test can be re-judged, e.g. for speed); a replay from the
        database skips what this client already has."""
        index = int(ev["index"])
        if replay and sent_tests.get(index) == ev["result"]:
            return None
        sent_tests[index] = ev["result"]
        return ServerSentEvent(event="test", data={"index": index, "total": ev.get("total"),
                                                   "result": ev["result"]})

    def status_event(status: str) -> ServerSentEvent | None:
        nonlocal sent_status
        if status == sent_status:
            return None
        sent_status = status
        return ServerSentEvent(event="status", data={"id": sid, "status": status})

    while True:
        sub = await run_in_threadpool(db.get_submission, state.engine, sid)
        if sub is None:
            return
        if sub.status == DONE:  # replay what this client has not seen from the stored result
            tests = (sub.result or {}).get("tests") or []
            for i, t in enumerate(tests):
                ev = test_event({"index": i, "total": len(tests), "result": t}, replay=True)
                if ev is not None:
                    yield ev
            yield ServerSentEvent(event="done", data=submission_view(sub))
            return
        if (ev := status_event(sub.status)) is not None:
            yield ev
        subscription = state.bus.subscribe(sid)
        if subscription is None:  # finished meanwhile, or judged elsewhere: follow the database
            await asyncio.sleep(POLL_INTERVAL_S)
            continue
        try:
            pending = list(subscription.history)
            while True:
                item = pending.pop(0) if pending else await subscription.queue.get()
                kind = item.get("type")
                if kind == "test":
                    if (ev := test_event(item)) is not None:
                        yield ev
                elif kind == "status":
                    if (ev := status_event(str(item.get("status")))) is not None:
                        yield ev
                elif kind == "done":
                    break  # the result is stored: the outer loop sends it
                elif item is CLOSED or kind == "closed":
                    return
        finally:
            state.bus.unsubscribe(subscription)
