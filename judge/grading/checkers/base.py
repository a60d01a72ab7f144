"""The checker contract: compare one result in the trusted process, explain any difference.

Messages may describe the learner's output and the expected output's *shape*, but
values from inputs or expected outputs appear only when `ctx.public` is true:
hidden tests must never reveal their data through a message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from judge.catalog.loader import Problem
    from judge.catalog.models import CheckerSpec


@dataclass
class CheckResult:
    ok: bool
    message: str = ""
    stage: str = ""  # which property broke: none, type, shape, dtype, finite, values, ...
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class CheckContext:
    args: list[Any]
    expected: Any
    spec: CheckerSpec
    public: bool = False
    problem: Problem | None = None
    # The learner's function re-run on other inputs, for property checks that need it
    # (e.g. shift invariance). None when unavailable.
    call: Callable[[list[Any]], Any] | None = None


class Checker(Protocol):
    def __call__(self, got: Any, ctx: CheckContext) -> CheckResult: ...


def fmt_index(idx: tuple[Any, ...]) -> str:
    return "(" + ", ".join(str(int(i)) for i in idx) + ")" if len(idx) != 1 else f"[{int(idx[0])}]"


def type_name(v: Any) -> str:
    t = type(v)
    return t.__name__ if t.__module__ == "builtins" else f"{t.__module__.split('.')[0]}.{t.__name__}"
