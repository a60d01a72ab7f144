"""The FastAPI application: catalog sync, sandbox pool and queue set up and torn down by the lifespan."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from judge.api.deps import JudgeState, StateDep
from judge.api.routes import authoring, problems, progress, submissions
from judge.catalog import find_bank, load_bank
from judge.grading.grader import Grader
from judge.queue.events import EventBus
from judge.queue.local import LocalQueue
from judge.sandbox.pool import SandboxPool
from judge.settings import Settings, get_settings
from judge.store import db

log = logging.getLogger(__name__)


class _Runtime:
    """What the lifespan starts, in order, and stops in reverse."""

    def __init__(self, settings: Settings, pool: SandboxPool | None) -> None:
        self.settings = settings
        self.pool = pool
        self.own_pool = pool is None
        self.state: JudgeState | None = None

    def start(self) -> JudgeState:
        s = self.settings
        bank = find_bank(s.bank_dir)
        problems_, errors = load_bank(bank)
        for err in errors:
            log.error("invalid problem %s", err)
        engine = db.make_engine(s.database_url)
        db.init_db(engine)
        db.upsert_problems(engine, problems_)
        catalog = {p.slug: p for p in problems_}
        if self.pool is None:
            self.pool = SandboxPool(warm=s.warm_sandboxes, uid_base=s.sandbox_uid_base,
                                    cgroup_parent=s.cgroup_parent)
        self.pool.start()
        bus = EventBus()
        queue = LocalQueue(engine, catalog, Grader(self.pool), bus, workers=s.workers, settings=s)
        self.state = JudgeState(settings=s, engine=engine, catalog=catalog, bus=bus, queue=queue,
                                bank=bank, bank_errors=list(errors))
        queue.recover()
        log.info("judge ready: %d problems from %s, %d workers", len(catalog), bank, s.workers)
        return self.state

    def reload(self) -> int:
        """Re-read the bank (e.g. after a problem upload): database and catalog follow it."""
        state = self.state
        if state is None:
            raise RuntimeError("the service is not running")
        problems_, errors = load_bank(state.bank)
        for err in errors:
            log.error("invalid problem %s", err)
        db.upsert_problems(state.engine, problems_)
        catalog = {p.slug: p for p in problems_}
        # Swap whole mappings (atomic): a worker never sees a half-updated catalog.
        state.catalog = catalog
        if isinstance(state.queue, LocalQueue):
            state.queue.catalog = catalog
        state.bank_errors = list(errors)
        log.info("reloaded %d problems from %s", len(catalog), state.bank)
        return len(catalog)

    def stop(self) -> None:
        if self.state is not None:
            self.state.queue.close()
        if self.own_pool and self.pool is not None:
            self.pool.close()
        if self.state is not None:
            self.state.engine.dispose()


class _BodyLimit:
    """Refuses submission bodies whose declared length is far beyond any valid submission (413)
    before they are read; the exact code-size check happens in the handler. Other paths (e.g.
    problem uploads) set their own limits."""

    def __init__(self, app: ASGIApp, max_bytes: int, path: str) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("path", "").rstrip("/") == self.path:
            length = dict(scope.get("headers") or []).get(b"content-length")
            if length is not None and length.isdigit() and int(length) > self.max_bytes:
                body = json.dumps({"detail": f"request body too large (limit {self.max_bytes} bytes)"})
                await send({"type": "http.response.start", "status": 413,
                            "headers": [(b"content-type", b"application/json"),
                                        (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body.encode()})
                return
        await self.app(scope, receive, send)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's 422 list, with plain messages and without echoing the (possibly huge) body back."""
    assert isinstance(exc, RequestValidationError)
    detail = []
    for err in exc.errors():
        loc = [str(x) if not isinstance(x, int) else x for x in err.get("loc", ())]
        msg = str(err.get("msg", "invalid"))
        if err.get("type") == "json_invalid":
            reason = (err.get("ctx") or {}).get("error", "")
            msg = "the request body is not valid JSON" + (f": {reason}" if reason else "")
        elif msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        item: dict[str, Any] = {"type": err.get("type"), "loc": loc, "msg": msg}
        value = err.get("input")
        if loc and loc[0] != "body" and isinstance(value, str | int | float) and len(str(value)) <= 100:
            item["input"] = str(value).encode("utf-8", "replace").decode("utf-8")
        detail.append(item)
    return JSONResponse({"detail": detail}, status_code=422)


def create_app(settings: Settings | None = None, pool: SandboxPool | None = None) -> FastAPI:
    """The service. A `pool` passed in is used but not closed (its owner closes it)."""
    settings = settings or get_settings()
    runtime = _Runtime(settings, pool)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.judge = await run_in_threadpool(runtime.start)
        # Hooks for routers that need the raw pieces (e.g. problem uploads re-check and reload).
        app.state.settings = settings
        app.state.pool = runtime.pool
        app.state.reload_problems = runtime.reload
        try:
            yield
        finally:
            app.state.judge = None
            app.state.reload_problems = None
            await run_in_threadpool(runtime.stop)

    app = FastAPI(
        title="judge", version="0.1.0", lifespan=lifespan,
        description="An open coding-practice judge for ML, CV and LLM exercises: browse problems, "
                    "submit code, follow grading live.",
    )
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.include_router(problems.router)
    app.include_router(submissions.router)
    app.include_router(authoring.router)
    app.include_router(progress.router)

    @app.get("/healthz", tags=["service"])
    def healthz(state: StateDep) -> dict[str, Any]:
        stats = getattr(state.queue, "stats", None)
        return {"status": "ok", "problems": len(state.catalog), "invalid_problems": len(state.bank_errors),
                "queue": stats() if callable(stats) else {}, "events": state.bus.stats()}

    # JSON escapes can make a body several times longer than the code it carries.
    app.add_middleware(_BodyLimit, max_bytes=6 * settings.max_code_bytes + 64 * 1024,
                       path="/api/submissions")
    return app
