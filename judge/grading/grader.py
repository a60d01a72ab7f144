"""Grades one submission: sandbox runs, trusted comparison, group scores, hints.

Expected outputs come from the reference in this (trusted) process and are
cached per problem version; the learner's process receives only inputs, one
test at a time, and never the reference, the expected outputs or other tests.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from typing import Any

from judge.catalog.loader import Problem
from judge.catalog.models import TestCase
from judge.grading import hints as hint_mod
from judge.grading.checkers import CheckContext, get_checker
from judge.grading.outcome import Outcome, death, exception
from judge.grading.result import GradeResult, GroupScore, TestResult, jsonable
from judge.grading.verdicts import Verdict, worst
from judge.sandbox.pool import Jail, Reply, SandboxError, SandboxPool

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
        run = _Run(self.pool, problem, code, mode, tests, expected, emit)
        try:
            result = run.execute()
        except SandboxError as exc:
            result = _internal(mode, f"the sandbox failed: {exc}")
        result.time_ms = (time.perf_counter() - t0) * 1000
        emit({"type": "done", "verdict": result.verdict.value, "score": result.score})
        return result


def _internal(mode: str, message: str) -> GradeResult:
    return GradeResult(Verdict.INTERNAL_ERROR, 0, mode, [], [], message=message)


class _Run:
    def __init__(self, pool: SandboxPool, problem: Problem, code: str, mode: str,
                 tests: list[TestCase], expected: list[Any], emit: EventSink) -> None:
        self.pool = pool
        self.problem = problem
        self.meta = problem.meta
        self.code = code
        self.mode = mode
        self.tests = tests
        self.expected = expected
        self.emit = emit
        self.results: list[TestResult | None] = [None] * len(tests)
        self.outputs: list[Any] = [None] * len(tests)
        self.returned: list[bool] = [False] * len(tests)
        self.time_limit = self.meta.limits.time_per_test_s
        self.total_left = self.meta.limits.total_time_s
        self.memory = self.meta.limits.memory_mb << 20
        self.output_limit = pool.limits.output_bytes
        self.failed_groups: set[str] = set()
        self.fatal: GradeResult | None = None

    # --- driving the sandbox ------------------------------------------------------------
    def execute(self) -> GradeResult:
        pending = list(range(len(self.tests)))
        while pending and self.fatal is None:
            pending = self._session(pending)
        if self.fatal is not None:
            return self.fatal
        return self._finish()

    def _session(self, pending: list[int]) -> list[int]:
        """One learner process: load the code, run tests until done or the process dies."""
        jail = self.pool.acquire(memory_bytes=self.memory)
        reply: Reply | None = None
        current: int | None = None
        try:
            load = self._load(jail)
            if load is not None:
                reply = load
                if reply.kind == "message":
                    return []
            else:
                for pos, i in enumerate(pending):
                    t = self.tests[i]
                    if self.mode == "submit" and t.group in self.failed_groups:
                        self._record(i, TestResult(t.name, t.group, Verdict.SKIPPED, t.public,
                                                   message="not run: an earlier test in this group failed"))
                        continue
                    if self.total_left <= 0:
                        self._record(i, TestResult(
                            t.name, t.group, Verdict.TIME_LIMIT_EXCEEDED, t.public,
                            message=f"total time limit of {self.meta.limits.total_time_s:g} s used up",
                            stage="time"))
                        continue
                    current = i
                    reply = jail.request({"t": "call", "args": t.args},
                                         min(self.time_limit, self.total_left) + 0.05)
                    self.total_left -= reply.wall
                    if reply.kind != "message":
                        rest = pending[pos + 1:]
                        break
                    self._judge_reply(i, reply)
                    current = None
                    reply = None
                else:
                    rest = []
                if reply is None:
                    return rest
        finally:
            if reply is not None and reply.kind != "message":
                jail.kill() if reply.kind in ("timeout", "too_large", "corrupt") else None
            term = jail.close()
        assert reply is not None
        out = death(reply, term, self.time_limit, self.output_limit, self.pool.limits.cpu_seconds)
        if current is None:  # died while loading
            self._fatal_all(out)
            return []
        t = self.tests[current]
        self._record(current, TestResult(t.name, t.group, out.verdict, t.public,
                                         time_ms=reply.wall * 1000, cpu_ms=reply.cpu * 1000,
                                         message=out.message, stage=out.stage,
                                         input=self._shown_input(t), stdout=reply.stdout))
        return rest

    def _load(self, jail: Jail) -> Reply | None:
        """Send the program; None when it loaded and the function exists."""
        reply = jail.request({"code": self.code, "function": self.meta.function}, 5.0)
        if reply.kind != "message":
            return reply
        reply = jail.receive(max(self.time_limit, 2.0))
        if reply.kind != "message":
            return reply
        msg = reply.message or {}
        kind = msg.get("t")
        if kind == "loaded":
            return None
        if kind == "syntax_error":
            where = f"line {msg.get('line')}" if msg.get("line") else "your code"
            src = f": {msg['source'].strip()}" if msg.get("source") else ""
            self._fatal(Verdict.SYNTAX_ERROR,
                        f"{msg.get('type', 'SyntaxError')} at {where}{src}: {msg.get('message')}",
                        "syntax")
        elif kind == "load_error":
            out = exception(msg, True, self.time_limit)  # import-time code is the learner's own
            self._fatal(out.verdict, "while loading your code: " + out.message, out.stage,
                        stdout=reply.stdout)
        elif kind == "missing_function":
            defined = msg.get("defined") or []
            found = msg.get("found_type")
            fn = self.meta.function
            if found:
                text = f"`{fn}` is a {found}, not a function"
            else:
                text = f"your code does not define a function named `{fn}`"
                if defined:
                    text += f"; it defines: {', '.join(map(str, defined[:10]))}"
                    close = [d for d in defined if str(d).lower().replace("_", "") ==
                             fn.lower().replace("_", "")]
                    if close:
                        text += f" (did you mean to name `{close[0]}` `{fn}`?)"
            self._fatal(Verdict.RUNTIME_ERROR, text + f". Expected: {self.meta.signature}", "missing")
        else:
            self._fatal(Verdict.RUNTIME_ERROR, "your code broke the sandbox protocol while loading",
                        "protocol")
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
            ctx = CheckContext(args=copy.deepcopy(t.args), expected=self.expected[i], spec=spec,
                               public=t.public, problem=self.problem)
            try:
                res = get_checker(spec.name)(got, ctx)
            except Exception as exc:  # noqa: BLE001 - learner values can surprise a checker
                res = _check_crash(exc)
            verdict = Verdict.ACCEPTED if res.ok else Verdict.WRONG_ANSWER
            self._record(i, TestResult(t.name, t.group, verdict, t.public, message=res.message,
                                       stage=res.stage, details=res.details,
                                       expected=jsonable(self.expected[i]) if t.public else None,
                                       got=jsonable(got) if t.public else None, **base))
        elif kind == "raise":
            out = exception(msg, t.public, self.time_limit)
            self._record(i, TestResult(t.name, t.group, out.verdict, t.public, message=out.message,
                                       stage=out.stage, **base))
        elif kind == "bad_return":
            self._record(i, TestResult(
                t.name, t.group, Verdict.WRONG_ANSWER, t.public, stage="type",
                message=f"your function returned a {msg.get('type')}, which the judge cannot "
                        "accept: return plain numbers, lists, dicts or numpy arrays",
                **base))
        else:
            self._record(i, TestResult(t.name, t.group, Verdict.RUNTIME_ERROR, t.public,
                                       message="unexpected message from your process", **base))

    def _shown_input(self, t: TestCase) -> Any:
        if not t.public:
            return None
        names = _param_names(self.meta.signature)
        return {names[k] if k < len(names) else f"arg{k}": jsonable(a) for k, a in enumerate(t.args)}

    def _record(self, i: int, result: TestResult) -> None:
        self.results[i] = result
        if result.verdict not in (Verdict.ACCEPTED, Verdict.SKIPPED):
            self.failed_groups.add(result.group)
        self.emit({"type": "test", "index": i, "total": len(self.tests), "result": result.to_dict()})

    def _fatal(self, verdict: Verdict, message: str, stage: str, stdout: str = "") -> None:
        self._fatal_all(Outcome(verdict, message, stage), stdout)

    def _fatal_all(self, out: Outcome, stdout: str = "") -> None:
        tests = [TestResult(t.name, t.group, out.verdict, t.public, message=out.message,
                            stage=out.stage, stdout=stdout if t.public else "")
                 for t in self.tests]
        groups = _group_scores(self.meta.groups, tests)
        self.fatal = GradeResult(out.verdict, 0, self.mode, tests, groups, message=out.message,
                                 hints=hint_mod.generic(out.stage, self.problem))

    # --- the verdict ------------------------------------------------------------------------
    def _finish(self) -> GradeResult:
        tests = [r for r in self.results if r is not None]
        groups = _group_scores(self.meta.groups, tests)
        verdict = worst([t.verdict for t in tests if t.verdict != Verdict.SKIPPED] or
                        [Verdict.ACCEPTED])
        score = sum(g.earned for g in groups) if self.mode == "submit" else 0
        result = GradeResult(verdict, score, self.mode, tests, groups)
        if verdict != Verdict.ACCEPTED:
            first = next(t for t in tests if t.verdict == verdict)
            result.message = f"{first.verdict.value} on test {first.name!r} ({first.group}): " \
                             f"{first.message}"
            result.hints = hint_mod.for_failure(self.problem, self.tests, self.outputs,
                                                self.returned, tests, self.expected)
        else:
            passed = len(tests)
            result.message = f"all {passed} tests passed"
        return result


def _check_crash(exc: Exception) -> Any:
    from judge.grading.checkers import CheckResult

    return CheckResult(False, f"your result could not be compared ({type(exc).__name__})", "type")


def _group_scores(groups: Any, tests: list[TestResult]) -> list[GroupScore]:
    out = []
    for g in groups:
        mine = [t for t in tests if t.group == g.name]
        passed = sum(t.verdict == Verdict.ACCEPTED for t in mine)
        earned = g.points if mine and passed == len(mine) else 0
        out.append(GroupScore(g.name, g.points, earned, passed, len(mine)))
    return out


def _param_names(signature: str) -> list[str]:
    inside = signature.split("(", 1)[1].rsplit(")", 1)[0]
    names = []
    depth = 0
    cur = ""
    for ch in inside + ",":
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            name = cur.split(":")[0].split("=")[0].strip().lstrip("*")
            if name:
                names.append(name)
            cur = ""
        else:
            cur += ch
    return names
