"""Helpers problem authors import in `tests.py` and `mutants.py` (trusted code)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def mutant(name: str, hint: str) -> Callable[[F], F]:
    """Mark a known-wrong solution and the hint a learner whose output matches it should get."""

    def mark(fn: F) -> F:
        fn.__judge_mutant__ = (name, hint)  # type: ignore[attr-defined]
        return fn

    return mark


def case(name: str, group: str, *args: Any, explanation: str = "") -> dict[str, Any]:
    """A test case literal: `case("ties", "edge", logits, labels)`."""
    return {"name": name, "group": group, "args": list(args), "explanation": explanation}


def variant(name: str) -> Callable[[F], F]:
    """Mark an alternative *correct* solution (float32, log-sum-exp, loop...) that must be accepted.

    `judge check` runs variants to prove tolerances are not too tight.
    """

    def mark(fn: F) -> F:
        fn.__judge_variant__ = name  # type: ignore[attr-defined]
        return fn

    return mark
