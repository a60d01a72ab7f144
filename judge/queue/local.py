"""The embedded queue: a thread pool in the service process sharing one sandbox pool.

Grading blocks (it waits on sandboxed processes), so it runs on these worker
threads and never on the web server's event loop. The database is the queue's
durable state: a submission is stored as queued before it is enqueued here, and
whatever is still queued or running when the service stops is picked up again
by `recover()` at the next start.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from typing import Any

from sqlalchemy import Engine

from judge.catalog.loader import Problem
from judge.grading.explain import explain
from judge.grading.grader import Grader
from judge.grading.result import GradeResult
from judge.grading.verdicts import Verdict
from judge.queue.events import EventBus
from judge.settings import Settings
from judge.store import db

log = logging.getLogger(__name__)

# A submission whose judging was started this many times without finishing (the service
# died each time) is given up on instead of being retried forever.
MAX_ATTEMPTS = 3


def internal_result(mode: str, message: str) -> dict[str, Any]:
    return GradeResult(Verdict.INTERNAL_ERROR, 0, mode, [], [], message=message).to_dict()


class LocalQueue:
    def __init__(self, engine: Engine, catalog: Mapping[str, Problem], grader: Grader,
                 bus: EventBus | None = None, workers: int = 2,
                 on_finished: Callable[[str, dict[str, Any]], None] | None = None,
                 settings: Settings | None = None) -> None:
        self.engine = engine
        self.catalog = catalog
        self.grader = grader
        self.bus = bus or EventBus()
        self.workers = max(1, workers)
        self.on_finished = on_finished
        # Progress scoring (hint penalty, free hints) and the optional LLM explanations.
        self.settings = settings
        self.rules = (db.ProgressRules() if settings is None else
                      db.ProgressRules(settings.hint_penalty, settings.hint_after_failures))
        self._executor = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="judge-worker")
        self._lock = threading.Lock()
        self._inflight: dict[str, Future[None]] = {}
        self._running = 0
        self._closing = False

    # --- Dispatcher ---------------------------------------------------------------------------
    def submit(self, submission_id: str) -> Future[None]:
        with self._lock:
            if self._closing:
                raise RuntimeError("the queue is closed")
            fut = self._inflight.get(submission_id)
            if fut is not None:
                return fut
            self.bus.open(submission_id)
            fut = self._executor.submit(self._work, submission_id)
            self._inflight[submission_id] = fut
        fut.add_done_callback(lambda _f: self._forget(submission_id))
        return fut

    def recover(self) -> int:
        pending = db.pending_submissions(self.engine)
        for sub in pending:
            self.submit(sub.id)
        if pending:
            log.info("re-enqueued %d unfinished submission(s)", len(pending))
        return len(pending)

    def close(self, timeout: float = 10.0) -> None:
        """Cancel what has not started; give running gradings `timeout` seconds to finish.

        A grading cut short by the sandbox pool closing is not stored (it stays running in
        the database and is judged again after the next start)."""
        with self._lock:
            self._closing = True
            inflight = list(self._inflight.values())
        self._executor.shutdown(wait=False, cancel_futures=True)
        # Cancelled futures never count as done for wait(): only wait for the started ones.
        running = [f for f in inflight if not f.cancelled()]
        if running:
            wait_futures(running, timeout=timeout)
        self.bus.shutdown()

    # --- introspection ------------------------------------------------------------------------
    def stats(self) -> dict[str, int]:
        with self._lock:
            inflight = len(self._inflight)
            running = self._running
        return {"workers": self.workers, "running": running, "waiting": inflight - running}

    # --- the worker ---------------------------------------------------------------------------
    def _forget(self, submission_id: str) -> None:
        with self._lock:
            self._inflight.pop(submission_id, None)

    def _work(self, submission_id: str) -> None:
        with self._lock:
            self._running += 1
        try:
            self._judge(submission_id)
        except Exception:  # noqa: BLE001 - keep the worker alive; the row stays pending
            log.exception("judging submission %s failed", submission_id)
            self.bus.close(submission_id, {"type": "done", "id": submission_id, "status": "error"})
        finally:
            with self._lock:
                self._running -= 1

    def _judge(self, submission_id: str) -> None:
        sub = db.mark_running(self.engine, submission_id)
        if sub is None:  # unknown, or already judged (e.g. enqueued twice across a restart)
            self.bus.close(submission_id, {"type": "done", "id": submission_id, "status": "done"})
            return
        self.bus.publish(submission_id, {"type": "status", "status": "running"})
        problem = self.catalog.get(sub.problem)
        if sub.attempts > MAX_ATTEMPTS:
            result = internal_result(sub.mode, f"judging was interrupted {MAX_ATTEMPTS} times; "
                                               "please submit again")
        elif problem is None:
            result = internal_result(sub.mode, f"the problem {sub.problem!r} is no longer available")
        else:
            result = self._grade(problem, sub.code, sub.mode, submission_id)
            if self._closing and result.get("verdict") == Verdict.INTERNAL_ERROR.value:
                log.info("submission %s interrupted by shutdown; it will be judged after restart",
                         submission_id)
                self.bus.close(submission_id)
                return
            result = self._explained(problem, result)
        stored = db.save_result(self.engine, submission_id, result, rules=self.rules)
        if self.on_finished is not None:
            try:
                self.on_finished(submission_id, stored.result or result)
            except Exception:  # noqa: BLE001 - a listener must not lose the verdict
                log.exception("on_finished listener failed for %s", submission_id)
        self.bus.close(submission_id, {"type": "done", "id": submission_id, "status": stored.status,
                                       "verdict": stored.verdict, "score": stored.score})

    def _explained(self, problem: Problem, result: dict[str, Any]) -> dict[str, Any]:
        """The result with an "explanation" of its failure when an LLM endpoint is configured."""
        if self.settings is None or not self.settings.llm_base_url:
            return result
        text = explain(result, problem.statement, self.settings)
        return result if text is None else {**result, "explanation": text}

    def _grade(self, problem: Problem, code: str, mode: str, submission_id: str) -> dict[str, Any]:
        def on_event(event: dict[str, Any]) -> None:
            if event.get("type") == "test":  # "done" is published once the result is stored
                self.bus.publish(submission_id, event)

        try:
            return self.grader.grade(problem, code, mode=mode, on_event=on_event).to_dict()
        except Exception as exc:  # noqa: BLE001 - the grader's own bug: the learner gets a verdict
            log.exception("grading %s crashed", submission_id)
            return internal_result(mode, f"the judge failed: {type(exc).__name__}")
