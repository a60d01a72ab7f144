"""Picks hints that teach: a matching known misconception first, then stage advice.

Mutants (known-wrong solutions shipped with a problem) run here, in the trusted
process, on the inputs the learner already saw run; if the learner's outputs
match a mutant's on every test they answered, the learner very likely made that
mistake, and the mutant's targeted hint says so.
"""

from __future__ import annotations

import copy
import threading
from typing import Any

from judge.catalog.loader import Mutant, Problem
from judge.catalog.models import TestCase
from judge.grading.checkers import CheckContext, get_checker
from judge.grading.result import TestResult
from judge.grading.verdicts import Verdict

STAGE_ADVICE = {
    "none": "Your function returns None somewhere: make sure every path ends in `return`.",
    "type": "Check the type you return against the signature in the statement.",
    "shape": "Print `.shape` of your intermediate arrays on the example; the first one that "
             "differs from what you expect shows where the axes go wrong.",
    "dtype": "Mind integer division and integer arrays: convert with .astype(float) where "
             "real values are expected.",
    "finite": "Non-finite values usually come from exp overflowing or log(0): subtract a "
              "maximum before exp, or clip before log.",
    "syntax": "Fix the syntax error first: the line number points at (or just after) it.",
    "missing": "The judge calls the function by the exact name in the statement's signature.",
    "time": "Look for a loop over elements that could be one array operation, or a loop that "
            "never ends.",
    "memory": "Avoid building huge intermediate arrays or lists; work in place or in chunks.",
    "output": "Remove debugging prints inside loops: output is limited.",
    "exception": "Run your function on the public example and read the traceback line.",
    "property": "Your output breaks a property every correct answer has (named in the message): "
                "check it on the example before comparing numbers.",
    "gradient": "Compare your gradient with a finite-difference estimate on a tiny input: "
                "(loss(x + h e_i) - loss(x - h e_i)) / 2h for each coordinate i.",
    "structure": "Compare the keys or fields you return with the ones the statement lists.",
    "length": "A list has the wrong number of items: check which elements your filter keeps.",
    "efficiency": "Replace Python loops over elements with whole-array numpy operations "
                  "(broadcasting, reductions with axis=, fancy indexing).",
}


def generic(stage: str, problem: Problem | None = None) -> list[str]:
    advice = STAGE_ADVICE.get(stage)
    return [advice] if advice else []


MAX_MATCHED_TESTS = 12
_lock = threading.Lock()
_cache: dict[tuple[str, str, str], Any] = {}


def mutant_output(problem: Problem, m: Mutant, t: TestCase) -> Any:
    """Mutants are deterministic author code: compute each output once per problem version."""
    key = (problem.version, m.name, t.name)
    with _lock:
        if key in _cache:
            return _cache[key]
    try:
        value: Any = m.fn(*copy.deepcopy(t.args))
    except Exception as exc:  # noqa: BLE001 - a mutant may fail where the learner did too
        value = exc
    with _lock:
        _cache[key] = value
    return value


def _accepted(problem: Problem, t: TestCase, got: Any, expected: Any) -> bool:
    spec = problem.meta.checker_for(t.group)
    ctx = CheckContext(args=copy.deepcopy(t.args), expected=expected, spec=spec, public=False,
                       problem=problem)
    try:
        return bool(get_checker(spec.name)(got, ctx).ok)
    except Exception:  # noqa: BLE001 - learner values can surprise a checker
        return False


def matching_mutants(problem: Problem, tests: list[TestCase], outputs: list[Any],
                     returned: list[bool], expected: list[Any]) -> list[Mutant]:
    """Mutants whose output equals the learner's on every test the learner answered.

    Only answers the learner got wrong are evidence: agreeing with a mutant where both are
    right says nothing. So the wrong answers are compared first (the cap keeps them), and
    a learner with no wrong answer (only crashes or timeouts) matches no mutant.
    """
    # Timed (scale) groups are large and add nothing a smaller test does not show.
    timed = {g.name for g in problem.meta.groups if g.max_slowdown is not None}
    answered = [i for i, r in enumerate(returned) if r and tests[i].group not in timed]
    if not answered or not problem.mutants:
        return []
    wrong = [i for i in answered if not _accepted(problem, tests[i], outputs[i], expected[i])]
    if not wrong:
        return []
    seen = set(wrong)
    answered = (wrong + [i for i in answered if i not in seen])[:MAX_MATCHED_TESTS]
    found = []
    for m in problem.mutants:
        ok = True
        for i in answered:
            mv = mutant_output(problem, m, tests[i])
            if isinstance(mv, Exception):
                ok = False
                break
            spec = problem.meta.checker_for(tests[i].group)
            ctx = CheckContext(args=copy.deepcopy(tests[i].args), expected=mv, spec=spec,
                               public=False, problem=problem)
            try:
                if not get_checker(spec.name)(outputs[i], ctx).ok:
                    ok = False
                    break
            except Exception:  # noqa: BLE001
                ok = False
                break
        if ok:
            found.append(m)
    return found


def for_failure(problem: Problem, tests: list[TestCase], outputs: list[Any], returned: list[bool],
                results: list[TestResult], expected: list[Any]) -> list[str]:
    hints: list[str] = []
    for m in matching_mutants(problem, tests, outputs, returned, expected):
        if m.hint not in hints:
            hints.append(m.hint)
    failing = [r for r in results if r.verdict not in (Verdict.ACCEPTED, Verdict.SKIPPED)]
    for r in failing[:1]:
        for h in generic(r.stage, problem):
            if h not in hints:
                hints.append(h)
    return hints
