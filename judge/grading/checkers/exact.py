"""Exact comparison for ints, strings, lists and dicts, with a path to the first difference."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from judge.grading.checkers.base import CheckContext, CheckResult, type_name


def _path(parts: list[str]) -> str:
    return "".join(parts) or "the result"


def _is_int(v: Any) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))


def diff(got: Any, exp: Any, parts: list[str], public: bool) -> CheckResult | None:  # noqa: C901
    where = _path(parts)
    if got is None and exp is not None:
        return CheckResult(False, f"{where} is None: is a `return` statement missing?", "none")
    if isinstance(exp, dict):
        if not isinstance(got, dict):
            return CheckResult(False, f"{where}: expected a dict, got {type_name(got)}", "type")
        missing = [k for k in exp if k not in got]
        extra = [k for k in got if k not in exp]
        if missing:
            return CheckResult(False, f"{where}: missing key {missing[0]!r}", "structure",
                               {"path": where, "missing": [repr(k) for k in missing]})
        if extra:
            return CheckResult(False, f"{where}: unexpected key {extra[0]!r}", "structure",
                               {"path": where})
        for k in exp:
            if (r := diff(got[k], exp[k], parts + [f"[{k!r}]"], public)) is not None:
                return r
        return None
    if isinstance(exp, (list, tuple)):
        if not isinstance(got, (list, tuple)):
            return CheckResult(False, f"{where}: expected a list, got {type_name(got)}", "type")
        if len(got) != len(exp):
            return CheckResult(False, f"{where}: expected {len(exp)} items, got {len(got)}",
                               "length", {"path": where})
        for i, (g, e) in enumerate(zip(got, exp)):
            if (r := diff(g, e, parts + [f"[{i}]"], public)) is not None:
                return r
        return None
    if _is_int(exp):
        if not _is_int(got):
            return CheckResult(False, f"{where}: expected an int, got {type_name(got)}", "type",
                               {"path": where})
        if int(got) != int(exp):
            msg = f"{where}: wrong value"
            if public:
                msg += f": expected {int(exp)}, got {int(got)}"
            return CheckResult(False, msg, "values", {"path": where})
        return None
    if isinstance(exp, numbers.Real) and not isinstance(exp, bool):
        if not isinstance(got, numbers.Real) or isinstance(got, bool):
            return CheckResult(False, f"{where}: expected a number, got {type_name(got)}", "type")
        if got != exp:
            msg = f"{where}: wrong value" + (f": expected {exp!r}, got {got!r}" if public else "")
            return CheckResult(False, msg, "values", {"path": where})
        return None
    if type(got) is not type(exp) and not (isinstance(got, str) and isinstance(exp, str)):
        return CheckResult(False, f"{where}: expected {type_name(exp)}, got {type_name(got)}", "type")
    if got != exp:
        msg = f"{where}: wrong value" + (f": expected {exp!r}, got {got!r}" if public else "")
        return CheckResult(False, msg, "values", {"path": where})
    return None


def check_exact(got: Any, ctx: CheckContext) -> CheckResult:
    return diff(got, ctx.expected, [], ctx.public) or CheckResult(True)
