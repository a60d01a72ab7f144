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
    """Median CPU seconds per test for the reference, or None if it could not be measured."""
    jail = pool.acquire(memory_bytes=problem.meta.limits.memory_mb << 20)
    try:
        first = jail.request({"code": problem.reference_source, "function": problem.meta.function}, 5.0)
        loaded = jail.receive(5.0)
        if first.kind != "message" or (loaded.message or {}).get("t") != "loaded":
            return None
        out = []
        for t in tests:
            cpus = []
            for _ in range(REPEATS):
                reply = jail.request({"t": "call", "args": t.args}, time_limit + 0.05)
                if reply.kind != "message" or (reply.message or {}).get("t") != "return":
                    return None
                cpus.append(reply.cpu)
            out.append(sorted(cpus)[len(cpus) // 2])
        return out
    finally:
        jail.close()


def verdict_text(ratio: float, limit: float) -> str:
    return (f"{ratio:.1f}x slower than the vectorized reference (limit {limit:g}x): replace Python "
            "loops over rows or elements with whole-array numpy operations")
