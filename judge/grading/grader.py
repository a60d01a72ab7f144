"""Grades one submission: sandbox runs, trusted comparison, group scores, hints.

Expected outputs come from the reference in this (trusted) process and are
cached per problem version; the learner's process receives only inputs, one
test at a time, and never the reference, the expected outputs or other tests.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from judge.catalog.loader import Problem
from judge.catalog.models import TestCase
from judge.catalog.signature import named_inputs
from judge.grading import hints as hint_mod
from judge.grading import speed
from judge.grading.checkers import CheckContext, get_checker
from judge.grading.outcome import Outcome, death, exception, load_failure, safe_type_name
from judge.grading.result import GradeResult, TestResult, jsonable
from judge.grading.scoring import check_crash, coarse, group_scores, segments
from judge.grading.verdicts import Verdict, worst
from judge.sandbox.pool import Jail, Reply, SandboxError, SandboxPool

log = logging.getLogger(__name__)
EventSink = Callable[[dict[str, Any]], None]

_cache_lock = threading.Lock()
_expected_cache: dict[tuple[str, str, tuple[int, ...] | None], tuple[list[TestCase], list[Any]]] = {}


def tests_and_expected(problem: Problem, mode: str,
                       seeds: list[int] | None = None) -> tuple[list[TestCase], list[Any]]:
    key = (problem.version, mode, tuple(seeds) if seeds is not None else None)
    with _cache_lock:
        hit = _expected_cache.get(key)
    if hit is not None:
        return hit
    tests = problem.tests(public_only=(mode == "run"), seeds=seeds)
    ref = problem.reference
    expected = [ref(*copy.deepcopy(t.args)) for t in tests]
    with _cache_lock:
        _expected_cache[key] = (tests, expected)
    return tests, expected


class Grader:
    def __init__(self, pool: SandboxPool) -> None:
        self.pool = pool

    def grade(self, problem: Problem, code: str, mode: str = "submit",
              on_event: EventSink | None = None, seeds: list[int] | None = None) -> GradeResult:
        t0 = time.perf_counter()
        emit = on_event or (lambda e: None)
        try:
            tests, expected = tests_and_expected(problem, mode, seeds)
        except Exception as exc:  # noqa: BLE001 - a broken problem is our fault, not the learner's
            return _internal(mode, f"the problem's tests could not be prepared: {type(exc).__name__}")
        run = _Run(self.pool, problem, code, mode, tests, expected, emit, on_event is not None)
        try:
            result = run.execute()
        except SandboxError as exc:
            result = _internal(mode, f"the sandbox failed: {exc}")
        except Exception as exc:  # noqa: BLE001 - a grader bug must never look like a verdict
            log.exception("grading %s failed", problem.slug)
            result = _internal(mode, f"grading failed: {type(exc).__name__}")
        result.time_ms = (time.perf_counter() - t0) * 1000
        emit({"type": "done", "verdict": result.verdict.value, "score": result.score})
        return result


def _internal(mode: str, message: str) -> GradeResult:
    return GradeResult(Verdict.INTERNAL_ERROR, 0, mode, [], [], message=message)


class _Run:
    def __init__(self, pool: SandboxPool, problem: Problem, code: str, mode: str,
                 tests: list[TestCase], expected: list[Any], emit: EventSink,
                 listening: bool = True) -> None:
        self.pool = pool
        self.problem = problem
        self.meta = problem.meta
        self.code = code
        self.code_lines = code.splitlines()
        self.mode = mode
        self.tests = tests
        self.expected = expected
        self.emit = emit
        self.listening = listening
        self.results: list[TestResult | None] = [None] * len(tests)
        self.outputs: list[Any] = [None] * len(tests)
        self.returned: list[bool] = [False] * len(tests)
        self.time_limit = self.meta.limits.time_per_test_s
        self.total_left = self.meta.limits.total_time_s
        self.memory = self.meta.limits.memory_mb << 20
        self.output_limit = min(pool.limits.output_bytes, self.meta.limits.output_kb * 1024)
        self.fatal: GradeResult | None = None
        self.cpu_samples: dict[int, float] = {}
        self._group_left: list[int] = []

    # --- driving the sandbox ------------------------------------------------------------
    def execute(self) -> GradeResult:
        pending = list(range(len(self.tests)))
        while pending and self.fatal is None:
            if self.total_left <= 0:  # every fresh process costs a load; the budget covers it
                self._out_of_time(pending)
                break
            pending = self._session(pending)
        if self.fatal is not None:
            return self.fatal
        return self._finish()

    def _session(self, pending: list[int]) -> list[int]:
        """One learner process: load the code, run groups until done or the process dies.

        Returns the tests still to run (in later groups) when the process died.
        """
        jail = self.pool.acquire(memory_bytes=self.memory, output_bytes=self.output_limit)
        died: tuple[int | None, Reply] | None = None
        rest: list[int] = []
        try:
            load = self._load(jail)
            if load is not None:
                if load.kind == "message":
                    return []
                died = (None, load)
            else:
                groups = segments(pending, self.tests)
                for gi, (group, idxs) in enumerate(groups):
                    if self.total_left <= 0:
                        self._out_of_time(idxs)
                        continue
                    timed = self.meta.group(group).max_slowdown is not None and self.mode == "submit"
                    dead_at = self._run_timed(jail, idxs) if timed else self._run_batch(jail, idxs)
                    if dead_at is not None:
                        died = dead_at
                        rest = [i for _, later in groups[gi + 1:] for i in later]
                        break
        finally:
            if died is not None and died[1].kind in ("timeout", "too_large", "corrupt"):
                jail.kill()
            if died is None:
                # Nothing to learn from its end: tear it down off the latency path.
                jail.recycle()
            else:
                term = jail.close()
        if died is None:
            return []
        current, reply = died
        out = death(reply, term, self.time_limit, self.output_limit, self.pool.limits.cpu_seconds)
        if current is None:  # died while loading
            if all(r is None for r in self.results):
                self._fatal_all(out)
            else:  # a restart after an earlier death: only the tests still to run are affected
                for i in pending:
                    t = self.tests[i]
                    self._record(i, TestResult(t.name, t.group, out.verdict, t.public,
                                               message="while reloading your code: " + out.message,
                                               stage=out.stage))
            return []
        t = self.tests[current]
        self._record(current, TestResult(t.name, t.group, out.verdict, t.public,
                                         time_ms=reply.wall * 1000, cpu_ms=reply.cpu * 1000,
                                         message=out.message, stage=out.stage,
                                         input=self._shown_input(t), stdout=reply.stdout))
        for i in self._skipped_after(current):
            t = self.tests[i]
            self._record(i, TestResult(t.name, t.group, Verdict.SKIPPED, t.public,
                                       message="not run: your process died on an earlier test "
                                               "of this group"))
        return rest

    def _budget(self) -> float:
        return max(0.0, min(self.time_limit, self.total_left)) + 0.05

    def _run_batch(self, jail: Jail, idxs: list[int],
                   samples: dict[int, list[float]] | None = None) -> tuple[int, Reply] | None:
        """Pipelined: a segment's inputs in one frame, answers judged as they arrive.

        Segments never mix public and hidden tests: while a public test runs, the process
        must hold no hidden input it could print as that public test's output.
        """
        self._group_left = list(idxs)
        t0 = time.perf_counter()
        jail.send({"t": "calls", "args_list": [self.tests[i].args for i in idxs]},
                  timeout=self._budget())
        self.total_left -= time.perf_counter() - t0
        for i in idxs:
            reply = jail.next_reply(self._budget())
            self.total_left -= reply.wall
            self._group_left.remove(i)
            if reply.kind != "message":
                return (i, reply)
            if samples is not None:
                samples[i].append(reply.cpu)
            self._judge_reply(i, reply)
        return None

    def _run_timed(self, jail: Jail, idxs: list[int]) -> tuple[int, Reply] | None:
        """A timed (scale) group: the same pipelined batch, with the cgroup's CPU figures kept.

        The gate compares the group's total CPU with the reference's, and that total is exact
        even though per-test figures blur a little while calls are pipelined. One pass decides
        when the ratio is clearly inside or outside the limit; near it, two more passes run in
        fresh processes (in this one a submission could simply have memoised its answers) and
        per-test medians damp the noise.
        """
        samples: dict[int, list[float]] = {i: [] for i in idxs}
        died = self._run_batch(jail, idxs, samples)
        if died is not None:
            return died
        self._medians(samples)
        if self._near_limit(idxs):
            for _ in range(speed.REPEATS - 1):
                extra = self._timing_pass(idxs)
                if extra is None:
                    break
                for i, cpu in extra.items():
                    samples[i].append(cpu)
            self._medians(samples)
        return None

    def _medians(self, samples: dict[int, list[float]]) -> None:
        for i, xs in samples.items():
            if xs:
                self.cpu_samples[i] = sorted(xs)[len(xs) // 2]

    def _timing_pass(self, idxs: list[int]) -> dict[int, float] | None:
        """Time the group again in a fresh process (nothing remembered from earlier calls)."""
        cpus, spent = speed.timed_run(
            self.pool, self.code, self.meta.function, [self.tests[i] for i in idxs],
            memory_bytes=self.memory, output_bytes=self.output_limit, call_limit=self.time_limit,
            load_limit=max(self.time_limit, 2.0), total=self.total_left)
        self.total_left -= spent
        return None if cpus is None else dict(zip(idxs, cpus, strict=True))

    def _all_accepted(self, idxs: list[int]) -> bool:
        return all((r := self.results[i]) is not None and r.verdict == Verdict.ACCEPTED for i in idxs)

    def _cpu_vs_reference(self, idxs: list[int]) -> tuple[float, float] | None:
        """(the learner's, the reference's) CPU seconds over these tests; None if unmeasurable."""
        ref = speed.cached_reference_cpu(self.pool, self.problem, [self.tests[i] for i in idxs],
                                         self.time_limit)
        if ref is None:
            return None
        return sum(self.cpu_samples[i] for i in idxs), max(sum(ref), 1e-6)

    def _near_limit(self, idxs: list[int]) -> bool:
        limit = self.meta.group(self.tests[idxs[0]].group).max_slowdown
        if limit is None or not self._all_accepted(idxs):
            return False
        cpu = self._cpu_vs_reference(idxs)
        return cpu is not None and speed.ambiguous(cpu[0] / cpu[1], limit)

    def _skipped_after(self, current: int) -> list[int]:
        return [i for i in self._group_left if i != current]

    def _out_of_time(self, idxs: list[int]) -> None:
        for i in idxs:
            t = self.tests[i]
            self._record(i, TestResult(
                t.name, t.group, Verdict.TIME_LIMIT_EXCEEDED, t.public, stage="time",
                message=f"total time limit of {self.meta.limits.total_time_s:g} s used up"))

    def _load(self, jail: Jail) -> Reply | None:
        """Send the program; None when it loaded and the function exists.

        Loading is charged to the total time budget: a submission that dies on every
        group would otherwise get a free import (up to the per-test limit) per restart.
        """
        t0 = time.perf_counter()
        reply = jail.request({"code": self.code, "function": self.meta.function}, 5.0)
        if reply.kind == "message":
            reply = jail.receive(max(0.05, min(max(self.time_limit, 2.0), self.total_left)))
        self.total_left -= time.perf_counter() - t0
        if reply.kind != "message":
            return reply
        msg = reply.message or {}
        kind = msg.get("t")
        if kind == "loaded":
            return None
        out = load_failure(msg, self.meta.function, self.meta.signature, self.time_limit,
                           self.code_lines)
        self._fatal(out.verdict, out.message, out.stage,
                    stdout=reply.stdout if kind == "load_error" else "")
        return reply

    # --- judging one result ---------------------------------------------------------------
    def _judge_reply(self, i: int, reply: Reply) -> None:
        t = self.tests[i]
        msg = reply.message or {}
        kind = msg.get("t")
        base = dict(time_ms=reply.wall * 1000, cpu_ms=reply.cpu * 1000, input=self._shown_input(t),
                    stdout=reply.stdout)
        if reply.output_exceeded:
            self._record(i, TestResult(t.name, t.group, Verdict.OUTPUT_LIMIT_EXCEEDED, t.public,
                                       message="your code printed more than the output limit "
                                               f"({self.output_limit // 1024} KiB)",
                                       stage="output", **base))
            return
        if kind == "return":
            got = msg.get("value")
            self.outputs[i] = got
            self.returned[i] = True
            spec = self.meta.checker_for(t.group)
            # Checkers treat args as read-only (those that perturb inputs copy them first).
            ctx = CheckContext(args=t.args, expected=self.expected[i], spec=spec,
                               public=t.public, problem=self.problem)
            try:
                res = get_checker(spec.name)(got, ctx)
            except Exception as exc:  # noqa: BLE001 - learner values can surprise a checker
                res = check_crash(exc)
            verdict = Verdict.ACCEPTED if res.ok else Verdict.WRONG_ANSWER
            self._record(i, TestResult(t.name, t.group, verdict, t.public, message=res.message,
                                       stage=res.stage, details=res.details,
                                       expected=jsonable(self.expected[i]) if t.public else None,
                                       got=jsonable(got) if t.public else None, **base))
        elif kind == "raise":
            out = exception(msg, t.public, self.time_limit, self.code_lines)
            self._record(i, TestResult(t.name, t.group, out.verdict, t.public, message=out.message,
                                       stage=out.stage, **base))
        elif kind == "bad_return":
            what = safe_type_name(msg.get("type"), t.public)
            detail = str(msg.get("message", ""))[:200] if t.public else ""
            text = (f"your function returned {what}" if what.startswith("an ") else
                    f"your function returned a {what}")
            text += (f" that the judge cannot accept ({detail})" if detail else
                     " that the judge cannot accept")
            text += ": return plain numbers, strings, lists, dicts or numeric numpy arrays"
            self._record(i, TestResult(t.name, t.group, Verdict.WRONG_ANSWER, t.public,
                                       stage="type", message=text, **base))
        else:
            self._record(i, TestResult(t.name, t.group, Verdict.RUNTIME_ERROR, t.public,
                                       message="unexpected message from your process", **base))

    def _shown_input(self, t: TestCase) -> Any:
        if not t.public:
            return None
        return named_inputs(self.meta.signature, [jsonable(a) for a in t.args])

    def _record(self, i: int, result: TestResult) -> None:
        if not result.public:
            # A submission can encode data in how long it runs; hidden tests show times
            # to one significant figure only.
            result.time_ms, result.cpu_ms = coarse(result.time_ms), coarse(result.cpu_ms)
        self.results[i] = result
        if self.listening:
            self.emit({"type": "test", "index": i, "total": len(self.tests), "result": result.to_dict()})

    def _fatal(self, verdict: Verdict, message: str, stage: str, stdout: str = "") -> None:
        self._fatal_all(Outcome(verdict, message, stage), stdout)

    def _fatal_all(self, out: Outcome, stdout: str = "") -> None:
        tests = [TestResult(t.name, t.group, out.verdict, t.public, message=out.message,
                            stage=out.stage, stdout=stdout if t.public else "")
                 for t in self.tests]
        groups = group_scores(self.meta.groups, tests)
        self.fatal = GradeResult(out.verdict, 0, self.mode, tests, groups, message=out.message,
                                 hints=hint_mod.generic(out.stage, self.problem))

    # --- the verdict ------------------------------------------------------------------------
    def _speed(self) -> dict[str, object]:
        """Gate groups with max_slowdown on the CPU ratio to the reference; report the ratio."""
        report: dict[str, object] = {}
        for g in self.meta.groups:
            if g.max_slowdown is None:
                continue
            idxs = [i for i, t in enumerate(self.tests) if t.group == g.name]
            if not idxs or any(i not in self.cpu_samples for i in idxs) or not self._all_accepted(idxs):
                continue
            cpu = self._cpu_vs_reference(idxs)
            if cpu is None:
                report[g.name] = {"error": "the reference could not be timed"}
                continue
            mine, theirs = cpu
            ratio = mine / theirs
            report[g.name] = {"ratio": round(ratio, 2), "limit": g.max_slowdown,
                              "cpu_ms": round(mine * 1000, 3), "reference_cpu_ms": round(theirs * 1000, 3)}
            if ratio > g.max_slowdown:
                for i in idxs:
                    old = self.results[i]
                    assert old is not None
                    self._record(i, TestResult(old.name, old.group, Verdict.TIME_LIMIT_EXCEEDED,
                                               old.public, time_ms=old.time_ms, cpu_ms=old.cpu_ms,
                                               message=speed.verdict_text(ratio, g.max_slowdown),
                                               stage="efficiency", input=old.input,
                                               details={"ratio": round(ratio, 2)}))
        return report

    def _finish(self) -> GradeResult:
        speed_report = self._speed() if self.mode == "submit" else {}
        tests = [r for r in self.results if r is not None]
        groups = group_scores(self.meta.groups, tests)
        verdict = worst([t.verdict for t in tests if t.verdict != Verdict.SKIPPED] or
                        [Verdict.ACCEPTED])
        score = sum(g.earned for g in groups) if self.mode == "submit" else 0
        result = GradeResult(verdict, score, self.mode, tests, groups)
        if speed_report:
            result.diagnostics["speed"] = speed_report
            ratios = [v["ratio"] for v in speed_report.values() if isinstance(v, dict) and "ratio" in v]
            if ratios:
                result.diagnostics["speed_ratio"] = max(ratios)
        if verdict != Verdict.ACCEPTED:
            first = next(t for t in tests if t.verdict == verdict)
            result.message = f"{first.verdict.value} on test {first.name!r} ({first.group}): " \
                             f"{first.message}"
            result.hints = hint_mod.for_failure(self.problem, self.tests, self.outputs,
                                                self.returned, tests, self.expected)
        else:
            result.message = f"all {len(tests)} tests passed"
            if "speed_ratio" in result.diagnostics:
                result.message += (f"; your code takes {result.diagnostics['speed_ratio']:.1f}x the "
                                   "reference's CPU time on the scale tests")
        return result
