"""Verdict names (a public contract) and their worst-first order."""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    WRONG_ANSWER = "wrong_answer"
    RUNTIME_ERROR = "runtime_error"
    TIME_LIMIT_EXCEEDED = "time_limit_exceeded"
    MEMORY_LIMIT_EXCEEDED = "memory_limit_exceeded"
    OUTPUT_LIMIT_EXCEEDED = "output_limit_exceeded"
    SYNTAX_ERROR = "syntax_error"
    INTERNAL_ERROR = "internal_error"
    SKIPPED = "skipped"  # a test not run because an earlier one in its group already failed


# Worst first, as DMOJ displays them: the overall verdict is the first of these that
# any test has, so a learner sees the most fundamental problem before the details.
SEVERITY = [
    Verdict.INTERNAL_ERROR,
    Verdict.SYNTAX_ERROR,
    Verdict.MEMORY_LIMIT_EXCEEDED,
    Verdict.TIME_LIMIT_EXCEEDED,
    Verdict.OUTPUT_LIMIT_EXCEEDED,
    Verdict.RUNTIME_ERROR,
    Verdict.WRONG_ANSWER,
    Verdict.SKIPPED,
    Verdict.ACCEPTED,
]


def worst(verdicts: list[Verdict]) -> Verdict:
    if not verdicts:
        return Verdict.INTERNAL_ERROR
    return min(verdicts, key=SEVERITY.index)
