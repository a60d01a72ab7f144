"""Efficiency check: the learner's CPU time against the reference's, measured side by side.

The reference runs in a sandbox of its own (never the learner's), through the
same runner and codec, on the same inputs, so serialization costs cancel out.
CPU time comes from the slot's cgroup (trusted, unaffected by waiting), and each
figure is a median of repeated calls, since the machines are shared and noisy.
"""

from __future__ import annotations

import math
import threading
import time

from judge.catalog.loader import Problem
from judge.catalog.models import TestCase
from judge.sandbox.pool import SandboxPool

REPEATS = 3
CACHE_TTL_S = 300.0
# Below limit/BAND or above limit*BAND one measurement decides; in between, repeat and take medians.
BAND = 2.5

_lock = threading.Lock()
_cache: dict[tuple[str, tuple[str, ...]], tuple[float, list[float]]] = {}


def cached_reference_cpu(pool: SandboxPool, problem: Problem, tests: list[TestCase],
                         time_limit: float) -> list[float] | None:
    """The reference's timing, re-measured at most every CACHE_TTL_S per process.

    CPU time (not wall) is what is compared, which load on the other core barely moves.
    """
    key = (problem.version, tuple(t.name for t in tests))
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
    if hit is not None and now - hit[0] < CACHE_TTL_S:
        return hit[1]
    measured = reference_cpu(pool, problem, tests, time_limit)
    if measured is not None:
        with _lock:
            _cache[key] = (now, measured)
    return measured


def ambiguous(ratio: float, limit: float) -> bool:
    return limit / BAND <= ratio <= limit * BAND


def reference_cpu(pool: SandboxPool, problem: Problem, tests: list[TestCase],
                  time_limit: float) -> list[float] | None:
    """Median CPU seconds per test for the reference, or None if it could not be measured.

    Each pass runs in a fresh process, as the learner's first (deciding) pass does: a warm
    process reuses heap pages that a fresh one must fault in, which made the reference look
    about twice as fast as an identical learner solution.
    """
    passes = []
    for _ in range(REPEATS):
        one, _ = timed_run(pool, problem.reference_source, problem.meta.function, tests,
                           memory_bytes=problem.meta.limits.memory_mb << 20, call_limit=time_limit,
                           load_limit=5.0)
        if one is None:
            return None
        passes.append(one)
    return [sorted(p[k] for p in passes)[len(passes) // 2] for k in range(len(tests))]


def timed_run(pool: SandboxPool, code: str, function: str, tests: list[TestCase], *,
              memory_bytes: int, output_bytes: int | None = None, call_limit: float,
              load_limit: float, total: float = math.inf) -> tuple[list[float] | None, float]:
    """Run `code` on `tests` in a fresh process; (CPU seconds per test, wall seconds spent).

    The per-test CPU list is None when the program does not load or a call does not
    return. Every wait is bounded by `call_limit` (`load_limit` for loading) and by what
    is left of `total`, so a caller's overall time budget holds across the run.
    """
    t0 = time.perf_counter()

    def left() -> float:
        return total - (time.perf_counter() - t0)

    def budget() -> float:
        return max(0.0, min(call_limit, left())) + 0.05

    jail = pool.acquire(memory_bytes=memory_bytes, output_bytes=output_bytes)
    try:
        reply = jail.request({"code": code, "function": function}, 5.0)
        if reply.kind == "message":
            reply = jail.receive(max(0.05, min(load_limit, left())))
        if reply.kind != "message" or (reply.message or {}).get("t") != "loaded":
            return None, time.perf_counter() - t0
        jail.send({"t": "calls", "args_list": [t.args for t in tests]}, timeout=budget())
        out = []
        for _ in tests:
            reply = jail.next_reply(budget())
            if reply.kind != "message" or (reply.message or {}).get("t") != "return":
                return None, time.perf_counter() - t0
            out.append(reply.cpu)
        return out, time.perf_counter() - t0
    finally:
        if jail.dead:
            jail.kill()
        jail.close()


def verdict_text(ratio: float, limit: float) -> str:
    return (f"{ratio:.1f}x slower than the vectorized reference (limit {limit:g}x): replace Python "
            "loops over rows or elements with whole-array numpy operations")
