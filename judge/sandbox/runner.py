"""The loop that runs inside the jailed process, after isolation is complete.

Everything here is untrusted once learner code has run: the learner may replace
any of these functions. That is fine by design: the parent trusts only the
decoded values it receives, measures time itself, and compares in its own
process. This module only makes honest submissions convenient.
"""

from __future__ import annotations

import os
import sys
import time
import types
from typing import Any

from judge.sandbox import codec

CHAN_FD = 3
FILENAME = "solution.py"
MAX_MESSAGE = 2000


def _send(msg: dict[str, Any]) -> None:
    codec.write_frame(CHAN_FD, msg)


def _recv(limit: int) -> Any:
    return codec.read_frame_blocking(CHAN_FD, limit)


def _flush() -> None:
    # The parent reads stdout from the shared memfd, so Python's buffers must be empty first.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - a closed or replaced stream is the learner's business
            pass


def _learner_frames(tb: types.TracebackType | None, lines: list[str]) -> list[dict[str, Any]]:
    """The learner's own frames, innermost last, walked by hand.

    traceback.extract_tb would consult linecache for every frame; after a RecursionError
    that is 10**5 frames and seconds of lookups, so only line numbers are read here.
    """
    frames: list[dict[str, Any]] = []
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename == FILENAME:
            frames.append({"line": tb.tb_lineno, "function": code.co_name})
            if len(frames) > 40:
                del frames[:20]
        tb = tb.tb_next
    for f in frames[-20:]:
        n = f["line"]
        f["source"] = lines[n - 1].strip()[:200] if 0 < n <= len(lines) else ""
    return frames[-20:]


def _describe(exc: BaseException, lines: list[str]) -> dict[str, Any]:
    try:
        message = str(exc)
    except Exception:  # a learner exception whose __str__ raises
        message = "<unprintable message>"
    return {
        "t": "raise",
        "type": type(exc).__name__,
        "message": message[:MAX_MESSAGE],
        "frames": _learner_frames(exc.__traceback__, lines),
        "memory": isinstance(exc, MemoryError),
    }


def serve(frame_limit: int) -> None:
    """Receive one program, then calls until told to stop."""
    job = _recv(frame_limit)
    code: str = job["code"]
    lines = code.splitlines()
    _send({"t": "started"})
    try:
        compiled = compile(code, FILENAME, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        lineno = getattr(exc, "lineno", None)
        _send({
            "t": "syntax_error", "type": type(exc).__name__,
            "message": str(getattr(exc, "msg", exc))[:MAX_MESSAGE],
            "line": lineno, "offset": getattr(exc, "offset", None),
            "source": (lines[lineno - 1][:200] if lineno and 0 < lineno <= len(lines) else ""),
        })
        return
    module = types.ModuleType("solution")
    module.__file__ = FILENAME
    sys.modules["solution"] = module
    try:
        exec(compiled, module.__dict__)
    except BaseException as exc:  # noqa: BLE001 - SystemExit included: it is a learner error here
        msg = _describe(exc, lines)
        msg["t"] = "load_error"
        _flush()
        _send(msg)
        return
    fn = module.__dict__.get(job["function"])
    if not callable(fn):
        names = sorted(k for k, v in module.__dict__.items()
                       if callable(v) and not k.startswith("_") and not isinstance(v, type(sys)))
        _send({"t": "missing_function", "defined": names[:50],
               "found_type": type(fn).__name__ if fn is not None else None})
        return
    _flush()
    _send({"t": "loaded"})
    while True:
        req = _recv(frame_limit)
        kind = req.get("t")
        if kind == "call":
            _call(fn, req["args"], lines)
        elif kind == "calls":
            # Pipelined: one reply per call, in order, so the parent can judge and time
            # each as it arrives without a round trip per test.
            for args in req["args_list"]:
                _call(fn, args, lines)
        else:
            return


def _call(fn: Any, args: list[Any], lines: list[str]) -> None:
    try:
        t0 = time.perf_counter()
        value = fn(*args)
        elapsed = time.perf_counter() - t0
    except BaseException as exc:  # noqa: BLE001
        msg = _describe(exc, lines)
        _flush()
        _send(msg)
        return
    _flush()
    try:
        payload = codec.frame_bytes({"t": "return", "value": value, "self_time": elapsed})
    except codec.CodecError as exc:
        _send({"t": "bad_return", "type": type(value).__qualname__, "message": str(exc)})
        return
    except RecursionError:
        _send({"t": "bad_return", "type": type(value).__qualname__,
               "message": "value nested too deeply"})
        return
    _write_all(payload)


def _write_all(data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(CHAN_FD, view)
        view = view[n:]
