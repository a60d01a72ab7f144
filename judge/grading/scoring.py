"""Group scores (CMS GroupMin) and the small helpers the grader's bookkeeping needs."""

from __future__ import annotations

from typing import Any

from judge.catalog.models import TestCase
from judge.grading.checkers import CheckResult
from judge.grading.result import GroupScore, TestResult
from judge.grading.verdicts import Verdict


def check_crash(exc: Exception) -> CheckResult:
    """A checker that raised on a learner's value: their result could not be compared."""
    return CheckResult(False, f"your result could not be compared ({type(exc).__name__})", "type")


def coarse(ms: float) -> float:
    if ms <= 0:
        return 0.0
    return float(f"{ms:.0e}")


def segments(idxs: list[int], tests: list[TestCase]) -> list[tuple[str, list[int]]]:
    """Runs of consecutive tests with the same group and the same public/hidden status."""
    out: list[tuple[str, list[int]]] = []
    for i in idxs:
        if out and out[-1][0] == tests[i].group and tests[out[-1][1][-1]].public == tests[i].public:
            out[-1][1].append(i)
        else:
            out.append((tests[i].group, [i]))
    return out


def group_scores(groups: Any, tests: list[TestResult]) -> list[GroupScore]:
    out = []
    for g in groups:
        mine = [t for t in tests if t.group == g.name]
        passed = sum(t.verdict == Verdict.ACCEPTED for t in mine)
        earned = g.points if mine and passed == len(mine) else 0
        out.append(GroupScore(g.name, g.points, earned, passed, len(mine)))
    return out
