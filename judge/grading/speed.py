"""Efficiency check: the learner's CPU time against the reference's, measured side by side.

The reference runs in a sandbox of its own (never the learner's), through the
same runner and codec, on the same inputs, so serialization costs cancel out.
CPU time comes from the slot's cgroup (trusted, unaffected by waiting), and each
figure is a median of repeated calls, since the machines are shared and noisy.
"""

from __future__ import annotations

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
        one = _reference_pass(pool, problem, tests, time_limit)
        if one is None:
            return None
        passes.append(one)
    return [sorted(p[k] for p in passes)[len(passes) // 2] for k in range(len(tests))]


def _reference_pass(pool: SandboxPool, problem: Problem, tests: list[TestCase],
                    time_limit: float) -> list[float] | None:
    jail = pool.acquire(memory_bytes=problem.meta.limits.memory_mb << 20)
    try:
        first = jail.request({"code": problem.reference_source, "function": problem.meta.function}, 5.0)
        loaded = jail.receive(5.0)
        if first.kind != "message" or (loaded.message or {}).get("t") != "loaded":
            return None
        jail.send({"t": "calls", "args_list": [t.args for t in tests]}, timeout=time_limit + 0.05)
        out = []
        for _ in tests:
            reply = jail.next_reply(time_limit + 0.05)
            if reply.kind != "message" or (reply.message or {}).get("t") != "return":
                return None
            out.append(reply.cpu)
        return out
    finally:
        if jail.dead:
            jail.kill()
        jail.close()


def verdict_text(ratio: float, limit: float) -> str:
    return (f"{ratio:.1f}x slower than the vectorized reference (limit {limit:g}x): replace Python "
            "loops over rows or elements with whole-array numpy operations")
