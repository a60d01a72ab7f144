"""LocalQueue with a scripted grader (no sandbox): storing, events, recovery, shutdown."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest

from judge.catalog import load_bank
from judge.grading.result import GradeResult, GroupScore
from judge.grading.result import TestResult as Graded  # not a pytest class
from judge.grading.verdicts import Verdict
from judge.queue import Dispatcher, EventBus, LocalQueue
from judge.queue.local import MAX_ATTEMPTS
from judge.store import db
from judge.store.models import DONE, QUEUED, RUNNING


class ScriptedGrader:
    """Emits two test events like the real grader; can wait on a gate, fail, or give a verdict."""

    def __init__(self, verdict: Verdict = Verdict.ACCEPTED, gate: threading.Event | None = None,
                 error: Exception | None = None) -> None:
        self.verdict = verdict
        self.gate = gate
        self.error = error
        self.started = threading.Event()
        self.calls: list[tuple[str, str, str]] = []

    def grade(self, problem: Any, code: str, mode: str = "submit", on_event: Any = None,
              seeds: Any = None) -> GradeResult:
        emit = on_event or (lambda e: None)
        self.calls.append((problem.slug, code, mode))
        self.started.set()
        tests = [Graded("one", "examples", Verdict.ACCEPTED, True, input={"a": 1, "b": 2}, expected=3,
                            got=3),
                 Graded("two", "hidden", self.verdict, False)]
        emit({"type": "test", "index": 0, "total": 2, "result": tests[0].to_dict()})
        if self.gate is not None:
            assert self.gate.wait(10)
        if self.error is not None:
            raise self.error
        emit({"type": "test", "index": 1, "total": 2, "result": tests[1].to_dict()})
        ok = self.verdict == Verdict.ACCEPTED
        result = GradeResult(self.verdict, 100 if ok else 40, mode, tests,
                             [GroupScore("examples", 40, 40, 1, 1), GroupScore("hidden", 60, 60 if ok else 0,
                                                                                int(ok), 1)],
                             message="scripted")
        emit({"type": "done", "verdict": result.verdict.value, "score": result.score})
        return result


@pytest.fixture
def env(tmp_path: Path, tiny_bank: Path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'q.db'}")
    db.init_db(engine)
    problems, _ = load_bank(tiny_bank)
    db.upsert_problems(engine, problems)
    catalog = {p.slug: p for p in problems}
    queues: list[LocalQueue] = []

    def make(grader: Any, workers: int = 2, **kw: Any) -> LocalQueue:
        q = LocalQueue(engine, kw.pop("catalog", catalog), grader, EventBus(), workers=workers, **kw)
        queues.append(q)
        return q

    yield engine, make
    for q in queues:
        q.close(timeout=1)
    engine.dispose()


def _new(engine, code: str = "def add(a, b):\n    return a + b\n", mode: str = "submit") -> str:
    return db.create_submission(engine, "add-two", code, mode).id


def test_is_a_dispatcher(env) -> None:
    _, make = env
    assert isinstance(make(ScriptedGrader()), Dispatcher)


def test_judges_and_stores_the_result(env) -> None:
    engine, make = env
    finished: list[tuple[str, str]] = []
    grader = ScriptedGrader(Verdict.WRONG_ANSWER)
    q = make(grader, on_finished=lambda sid, result: finished.append((sid, result["verdict"])))
    sid = _new(engine, mode="run")
    q.submit(sid).result(10)
    sub = db.get_submission(engine, sid)
    assert sub is not None and sub.status == DONE
    assert sub.verdict == "wrong_answer" and sub.score == 40 and sub.message == "scripted"
    assert sub.result is not None and sub.result["total"] == 2
    assert [r.name for r in db.list_test_results(engine, sid)] == ["one", "two"]
    assert grader.calls == [("add-two", "def add(a, b):\n    return a + b\n", "run")]
    assert finished == [(sid, "wrong_answer")]
    assert q.stats()["running"] == 0


def test_events_reach_a_subscriber_that_joins_mid_grading(env) -> None:
    engine, make = env
    gate = threading.Event()
    grader = ScriptedGrader(gate=gate)
    q = make(grader)
    sid = _new(engine)

    async def main() -> list[dict]:
        fut = q.submit(sid)
        await asyncio.to_thread(grader.started.wait, 10)
        sub = q.bus.subscribe(sid)
        assert sub is not None
        events = list(sub.history)
        gate.set()
        while not events or events[-1]["type"] != "done":
            events.append(await asyncio.wait_for(sub.queue.get(), 10))
        await asyncio.wrap_future(fut)
        return events

    events = asyncio.run(main())
    assert [e["type"] for e in events] == ["status", "test", "test", "done"]
    assert events[0] == {"type": "status", "status": "running"}
    assert [e["index"] for e in events if e["type"] == "test"] == [0, 1]
    assert events[-1] == {"type": "done", "id": sid, "status": "done", "verdict": "accepted", "score": 100}
    assert not q.bus.is_open(sid)  # the channel closes once the result is stored


def test_submitting_twice_shares_one_grading(env) -> None:
    engine, make = env
    gate = threading.Event()
    grader = ScriptedGrader(gate=gate)
    q = make(grader)
    sid = _new(engine)
    first = q.submit(sid)
    assert q.submit(sid) is first
    gate.set()
    first.result(10)
    q.submit(sid).result(10)  # already done: not graded again
    assert len(grader.calls) == 1


def test_recover_judges_queued_and_interrupted_submissions(env) -> None:
    engine, make = env
    queued = _new(engine)
    interrupted = _new(engine)
    db.mark_running(engine, interrupted)
    finished = _new(engine)
    db.mark_running(engine, finished)
    db.save_result(engine, finished, {"verdict": "accepted", "score": 100, "tests": []})
    q = make(ScriptedGrader())
    assert q.recover() == 2
    for sid in (queued, interrupted):
        q.submit(sid).result(10)
        sub = db.get_submission(engine, sid)
        assert sub is not None and sub.status == DONE and sub.verdict == "accepted"
    assert db.get_submission(engine, interrupted).attempts == 2  # type: ignore[union-attr]


def test_gives_up_after_repeated_interruptions(env) -> None:
    engine, make = env
    sid = _new(engine)
    for _ in range(MAX_ATTEMPTS):
        db.mark_running(engine, sid)
    grader = ScriptedGrader()
    q = make(grader)
    q.submit(sid).result(10)
    sub = db.get_submission(engine, sid)
    assert sub is not None and sub.verdict == "internal_error" and "interrupted" in sub.message
    assert grader.calls == []


def test_a_crashing_grader_gives_internal_error(env) -> None:
    engine, make = env
    q = make(ScriptedGrader(error=RuntimeError("bug")))
    sid = _new(engine)
    q.submit(sid).result(10)
    sub = db.get_submission(engine, sid)
    assert sub is not None and sub.status == DONE and sub.verdict == "internal_error"
    assert "RuntimeError" in sub.message


def test_a_problem_missing_from_the_catalog_gives_internal_error(env) -> None:
    engine, make = env
    q = make(ScriptedGrader(), catalog={})
    sid = _new(engine)
    q.submit(sid).result(10)
    sub = db.get_submission(engine, sid)
    assert sub is not None and sub.verdict == "internal_error" and "no longer available" in sub.message


def test_close_leaves_waiting_submissions_queued_for_recovery(env) -> None:
    engine, make = env
    gate = threading.Event()
    grader = ScriptedGrader(gate=gate)
    q = make(grader, workers=1)
    running, waiting = _new(engine), _new(engine)
    first = q.submit(running)
    q.submit(waiting)
    assert grader.started.wait(10)
    closer = threading.Thread(target=q.close)
    closer.start()
    gate.set()
    closer.join(10)
    assert first.done()
    assert db.get_submission(engine, running).status == DONE  # type: ignore[union-attr]
    assert db.get_submission(engine, waiting).status == QUEUED  # type: ignore[union-attr]
    with pytest.raises(RuntimeError):
        q.submit(waiting)


def test_a_grading_cut_short_by_shutdown_is_not_stored(env) -> None:
    engine, make = env
    gate = threading.Event()
    q = make(ScriptedGrader(Verdict.INTERNAL_ERROR, gate=gate), workers=1)
    sid = _new(engine)
    fut = q.submit(sid)
    closer = threading.Thread(target=q.close)
    closer.start()
    while not q._closing:  # noqa: SLF001 - wait until close() has begun
        pass
    gate.set()
    closer.join(10)
    fut.result(10)
    assert db.get_submission(engine, sid).status == RUNNING  # type: ignore[union-attr]
    assert [s.id for s in db.pending_submissions(engine)] == [sid]
