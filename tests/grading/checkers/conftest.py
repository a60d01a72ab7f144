"""Shared helpers for the checker unit tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from judge.catalog.models import CheckerSpec
from judge.grading.checkers import CheckContext

MakeCtx = Callable[..., CheckContext]


@pytest.fixture
def make_ctx() -> MakeCtx:
    """make_ctx(expected, name=, public=, args=, call=, problem=, rtol=, atol=, **options)"""

    def make(expected: Any, *, name: str = "staged", public: bool = False, args: list[Any] | None = None,
             call: Callable[[list[Any]], Any] | None = None, problem: Any = None, rtol: float = 1e-6,
             atol: float = 1e-8, **options: Any) -> CheckContext:
        spec = CheckerSpec(name=name, rtol=rtol, atol=atol, options=options)
        return CheckContext(args=list(args or []), expected=expected, spec=spec, public=public,
                            problem=problem, call=call)

    return make
