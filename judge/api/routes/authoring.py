"""POST /api/admin/problems: install a problem archive after the server has checked it.

Contract
--------
Request: `Authorization: Bearer <admin token>` and a JSON body

    {"archive": "<base64 of a `judge export` zip>",
     "replace": true,          # optional: overwrite an existing problem (default true)
     "extra_seeds": 3}         # optional: generator seeds beyond problem.toml's (0..20)

Responses (JSON):

    200  {"ok": true, "slug", "installed": "<bank>/problems/<slug>", "replaced": bool,
          "reloaded": true, "report": <check report>}
    400  {"detail": "..."}   the body, the base64 or the archive is invalid or unsafe
    401  {"detail": "..."}   no (or a malformed) Authorization header; WWW-Authenticate: Bearer
    403  {"detail": "..."}   wrong token (compared with hmac.compare_digest)
    409  {"detail": "..."}   the problem exists and "replace" is false
    413  {"detail": "..."}   the body is larger than MAX_BODY_BYTES
    422  {"ok": false, "detail": "...", "slug", "report": <check report>}   the check failed
    500  {"detail": "..."}   installed, but reloading the catalog failed
    503  {"detail": "..."}   no admin token configured (uploads disabled), or the app lacks
                             the state below

The check report is `ProblemReport.to_dict()`, the same shape as one entry of
`judge check --json`'s "problems" list: {"slug", "ok", "failed", "time_ms", "items":
[{"name", "ok", "status", "message", "details"}]}.

Assumptions about the app (the lead wires these when including `router`):

- `request.app.state.settings`: judge.settings.Settings; `admin_token` and `bank_dir` are
  used (the bank is `find_bank(settings.bank_dir)`, as the app's start-up resolves it).
  If absent, `request.app.state.judge.settings` is used instead.
- `request.app.state.pool`: the service's SandboxPool; the check grades through it.
- `request.app.state.reload_problems()`: reloads the bank into the catalog and the database
  after an install (sync, run in a worker thread, or async, awaited).
- The app's request body limit must let archives through on this path (they are bigger
  than code submissions): up to MAX_BODY_BYTES.

The check and the install run in a worker thread (never on the event loop), one upload
at a time, so two pushes never interleave their installs.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import inspect
import json
import threading
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from judge.authoring import archive
from judge.authoring.checks import DEFAULT_EXTRA_SEEDS, check_problem
from judge.catalog import find_bank
from judge.grading.grader import Grader
from judge.sandbox.pool import SandboxError

MAX_BODY_BYTES = 48 << 20  # base64 of the largest archive `archive.read_archive` accepts, and then some

router = APIRouter(prefix="/api/admin", tags=["admin"])

_install_lock = threading.Lock()


class PushRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    archive: str = Field(min_length=1, description="base64 of a zip made by `judge export`")
    replace: bool = True
    extra_seeds: int = Field(DEFAULT_EXTRA_SEEDS, ge=0, le=20)


def _settings(request: Request) -> Any:
    state = request.app.state
    settings = getattr(state, "settings", None)
    if settings is None:
        settings = getattr(getattr(state, "judge", None), "settings", None)
    if settings is None:
        raise HTTPException(503, "the service is starting (no settings yet)")
    return settings


def _authorize(request: Request, settings: Any) -> None:
    expected = getattr(settings, "admin_token", None)
    if not expected:
        raise HTTPException(503, "problem uploads are disabled: the server has no admin token "
                                 "(set JUDGE_ADMIN_TOKEN)")
    header = request.headers.get("authorization")
    challenge = {"WWW-Authenticate": "Bearer"}
    if not header:
        raise HTTPException(401, "missing Authorization: Bearer <token> header", headers=challenge)
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(401, "malformed Authorization header: expected 'Bearer <token>'",
                            headers=challenge)
    if not hmac.compare_digest(token.encode("utf-8"), str(expected).encode("utf-8")):
        raise HTTPException(403, "invalid admin token")


async def _read_body(request: Request) -> PushRequest:
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > MAX_BODY_BYTES:
        raise HTTPException(413, f"request body too large (limit {MAX_BODY_BYTES} bytes)")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise HTTPException(413, f"request body too large (limit {MAX_BODY_BYTES} bytes)")
        chunks.append(chunk)
    try:
        raw = json.loads(b"".join(chunks) or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise HTTPException(400, f"the request body is not valid JSON: {exc}") from None
    if not isinstance(raw, dict):
        raise HTTPException(400, 'expected a JSON object {"archive": "<base64 zip>", ...}')
    try:
        return PushRequest(**raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors())
        raise HTTPException(400, f"invalid request: {problems}") from None


def _process(data: bytes, bank: Path, pool: Any, replace: bool, extra: int) -> tuple[int, dict[str, Any]]:
    """Stage, check and install one archive (in a worker thread). (status, payload)."""
    with _install_lock:
        try:
            with archive.staged(data) as st:
                if archive.exists(bank, st.slug) and not replace:
                    return 409, {"detail": f"problem {st.slug!r} already exists on the server "
                                           "(send replace=true to overwrite it)", "slug": st.slug}
                report = check_problem(st.bank, st.slug, Grader(pool), extra)
                if not report.ok:
                    failed = ", ".join(i.name for i in report.failures)
                    return 422, {"ok": False, "slug": st.slug, "installed": False,
                                 "detail": f"{st.slug} failed its check: {failed}",
                                 "report": report.to_dict()}
                replaced = archive.install(st.bank, st.slug, bank, force=True)
                return 200, {"ok": True, "slug": st.slug,
                             "installed": str(bank / "problems" / st.slug), "replaced": replaced,
                             "report": report.to_dict()}
        except archive.ArchiveError as exc:
            return 400, {"detail": f"invalid archive: {exc}"}
        except SandboxError as exc:
            return 503, {"detail": f"the sandbox is unavailable, nothing was installed: {exc}"}


@router.post("/problems", summary="Upload a problem archive; it is checked, then installed and live")
async def push_problem(request: Request) -> JSONResponse:
    settings = _settings(request)
    _authorize(request, settings)
    body = await _read_body(request)
    try:
        data = base64.b64decode(body.archive, validate=True)
    except (binascii.Error, ValueError):
        raise HTTPException(400, "archive is not valid base64") from None
    pool = getattr(request.app.state, "pool", None)
    reload = getattr(request.app.state, "reload_problems", None)
    if pool is None or not callable(reload):
        raise HTTPException(503, "the service cannot accept problems right now (no sandbox pool or "
                                 "catalog reload configured)")
    bank = find_bank(settings.bank_dir)
    status, payload = await run_in_threadpool(_process, data, bank, pool, body.replace,
                                              body.extra_seeds)
    if status == 200:
        try:
            if inspect.iscoroutinefunction(reload):
                await reload()
            else:
                result = await run_in_threadpool(reload)
                if inspect.isawaitable(result):
                    await result
        except Exception as exc:  # noqa: BLE001 - the files are installed; say so precisely
            return JSONResponse({"detail": f"{payload['slug']} was installed in {bank} but reloading "
                                           f"the catalog failed: {type(exc).__name__}: {exc}",
                                 "installed": payload["installed"]}, status_code=500)
        payload["reloaded"] = True
    return JSONResponse(payload, status_code=status)
