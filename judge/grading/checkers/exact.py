"""Exact comparison for ints, strings, lists and dicts, with a path to the first difference.

The path reads like the Python expression that reaches the difference, e.g.
`result['layers'][2]`. Container types are compared strictly (a tuple is not a
list, an int is not a bool); a float may be given where a float is expected as an
int of the same value. Numpy arrays nested inside a structure are compared
exactly (shape, kind, then values, NaN equal to NaN).
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from judge.grading.checkers.base import CheckContext, CheckResult, fmt_index, type_name


def _path(parts: list[str]) -> str:
    return "result" + "".join(parts) if parts else "the result"


def _is_bool(v: Any) -> bool:
    return isinstance(v, (bool, np.bool_))


def _is_int(v: Any) -> bool:
    return isinstance(v, (int, np.integer)) and not _is_bool(v)


def _is_real(v: Any) -> bool:
    return isinstance(v, numbers.Real) and not _is_bool(v)


def _kind(v: Any) -> str:
    """What a learner would call the type: `an int`, `a tuple`, `a numpy array`."""
    if v is None:
        return "None"
    if _is_bool(v):
        return "a bool"
    if _is_int(v):
        return "an int"
    if isinstance(v, (float, np.floating)):
        return "a float"
    if isinstance(v, str):
        return "a str"
    if isinstance(v, np.ndarray):
        return "a numpy array"
    if isinstance(v, tuple):
        return "a tuple"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, dict):
        return "a dict"
    if isinstance(v, (set, frozenset)):
        return "a set"
    return f"a {type_name(v)}"


def _type_error(where: str, exp: Any, got: Any, hint: str = "") -> CheckResult:
    msg = f"{where}: expected {_kind(exp)}, got {_kind(got)}"
    return CheckResult(False, msg + (f" ({hint})" if hint else ""), "type",
                       {"path": where, "expected_type": type_name(exp), "got_type": type_name(got)})


def _wrong(where: str, exp: Any, got: Any, public: bool) -> CheckResult:
    msg = f"{where}: wrong value"
    if public:
        msg += f": expected {exp!r}, got {got!r}"
    return CheckResult(False, msg, "values", {"path": where})


def _diff_dict(got: Any, exp: dict[Any, Any], parts: list[str], public: bool) -> CheckResult | None:
    where = _path(parts)
    if not isinstance(got, dict):
        return _type_error(where, exp, got)
    missing = [k for k in exp if k not in got]
    extra = [k for k in got if k not in exp]
    if missing or extra:
        bits = []
        if missing:
            bits.append(f"missing key {missing[0]!r}" + (f" (and {len(missing) - 1} more)"
                                                         if len(missing) > 1 else ""))
        if extra:
            bits.append(f"unexpected key {extra[0]!r}" + (f" (and {len(extra) - 1} more)"
                                                          if len(extra) > 1 else ""))
        msg = f"{where}: " + "; ".join(bits)
        if len(missing) == 1 and len(extra) == 1:
            if type(missing[0]) is not type(extra[0]):
                msg += f": the key should be {_kind(missing[0])}, not {_kind(extra[0])}"
            elif str(missing[0]).lower() == str(extra[0]).lower():
                msg += ": check the spelling and case of the key"
        return CheckResult(False, msg, "structure",
                           {"path": where, "missing": [repr(k) for k in missing],
                            "extra": [repr(k) for k in extra]})
    for k in exp:
        if (r := diff(got[k], exp[k], parts + [f"[{k!r}]"], public)) is not None:
            return r
    return None


def _diff_seq(got: Any, exp: list[Any] | tuple[Any, ...], parts: list[str],
              public: bool) -> CheckResult | None:
    where = _path(parts)
    if isinstance(exp, tuple) and isinstance(got, list):
        return _type_error(where, exp, got, "convert it with tuple(...), or return `a, b`")
    if isinstance(exp, list) and isinstance(got, tuple):
        return _type_error(where, exp, got, "convert it with list(...)")
    if not isinstance(got, (list, tuple)):
        hint = "convert it with .tolist()" if isinstance(got, np.ndarray) else ""
        return _type_error(where, exp, got, hint)
    if len(got) != len(exp):
        return CheckResult(False, f"{where}: expected {len(exp)} items, got {len(got)}", "length",
                           {"path": where, "expected_length": len(exp), "got_length": len(got)})
    for i, (g, e) in enumerate(zip(got, exp, strict=True)):
        if (r := diff(g, e, parts + [f"[{i}]"], public)) is not None:
            return r
    return None


def _diff_set(got: Any, exp: set[Any] | frozenset[Any], where: str, public: bool) -> CheckResult | None:
    if not isinstance(got, (set, frozenset)):
        return _type_error(where, exp, got)
    missing, extra = [x for x in exp if x not in got], [x for x in got if x not in exp]
    if not missing and not extra:
        return None
    bits = []
    if missing:
        bits.append(f"{len(missing)} expected element{'s are' if len(missing) > 1 else ' is'} missing")
    if extra:
        bits.append(f"{len(extra)} element{'s are' if len(extra) > 1 else ' is'} unexpected")
    msg = f"{where}: " + " and ".join(bits)
    if public:
        msg += f" (missing: {sorted(missing, key=repr)!r}, unexpected: {sorted(extra, key=repr)!r})"
    return CheckResult(False, msg, "values", {"path": where, "missing": len(missing), "extra": len(extra)})


def _diff_array(got: Any, exp: np.ndarray, where: str, public: bool) -> CheckResult | None:
    if not isinstance(got, np.ndarray):
        hint = "wrap it with np.asarray" if isinstance(got, (list, tuple)) else ""
        return _type_error(where, exp, got, hint)
    if got.shape != exp.shape:
        return CheckResult(False, f"{where}: expected shape {exp.shape}, got {got.shape}", "shape",
                           {"path": where, "expected_shape": exp.shape, "got_shape": got.shape})
    ek, gk = exp.dtype.kind, got.dtype.kind
    groups = [set("iu"), set("fc"), {"b"}]
    if any((ek in g) != (gk in g) for g in groups):
        return CheckResult(False, f"{where}: expected {exp.dtype.name}-like values, got dtype "
                                  f"{got.dtype}", "dtype", {"path": where})
    try:
        same = np.asarray(got == exp) | (_nan_mask(got) & _nan_mask(exp))
    except (TypeError, ValueError):
        same = np.zeros(exp.shape, bool)
    if same.all():
        return None
    first = tuple(int(i) for i in np.argwhere(~same)[0]) if exp.ndim else ()
    msg = f"{where}: {int((~same).sum())} of {same.size} values differ, first at index {fmt_index(first)}"
    if public:
        msg += f": expected {exp[first]!r}, got {got[first]!r}"
    return CheckResult(False, msg, "values", {"path": where, "mismatched": int((~same).sum())})


def _nan_mask(a: np.ndarray) -> np.ndarray:
    return np.isnan(a) if a.dtype.kind in "fc" else np.zeros(a.shape, bool)


def diff(got: Any, exp: Any, parts: list[str], public: bool) -> CheckResult | None:  # noqa: C901
    """The first difference between `got` and `exp`, or None; `parts` is the path so far."""
    where = _path(parts)
    if got is None and exp is not None:
        return CheckResult(False, f"{where} is None: is a `return` statement missing?", "none",
                           {"path": where})
    if exp is None:
        return None if got is None else _type_error(where, exp, got)
    if isinstance(exp, dict):
        return _diff_dict(got, exp, parts, public)
    if isinstance(exp, (list, tuple)):
        return _diff_seq(got, exp, parts, public)
    if isinstance(exp, (set, frozenset)):
        return _diff_set(got, exp, where, public)
    if isinstance(exp, np.ndarray):
        return _diff_array(got, exp, where, public)
    if _is_bool(exp):
        if not _is_bool(got):
            return _type_error(where, exp, got, "return True or False")
        return None if bool(got) == bool(exp) else _wrong(where, bool(exp), bool(got), public)
    if _is_int(exp):
        if not _is_int(got):
            hint = ""
            if isinstance(got, (float, np.floating)):
                hint = "use // for integer division, or int(...)"
            elif _is_bool(got):
                hint = "a comparison gives a bool: count with sum(...) or int(...)"
            return _type_error(where, exp, got, hint)
        return None if int(got) == int(exp) else _wrong(where, int(exp), int(got), public)
    if _is_real(exp):
        if not _is_real(got):
            return _type_error(where, exp, got)
        e, g = float(exp), float(got)
        if g == e or (math.isnan(g) and math.isnan(e)):
            return None
        return _wrong(where, exp, got, public)
    if isinstance(exp, str):
        if not isinstance(got, str):
            return _type_error(where, exp, got)
        if got == exp:
            return None
        r = _wrong(where, exp, got, public)
        if got.strip() == exp.strip():
            r.message += " (leading or trailing whitespace differs)"
        elif got.lower() == exp.lower():
            r.message += " (only upper/lower case differs)"
        return r
    if type(got) is not type(exp):
        return _type_error(where, exp, got)
    return None if got == exp else _wrong(where, exp, got, public)


def check_exact(got: Any, ctx: CheckContext) -> CheckResult:
    return diff(got, ctx.expected, [], ctx.public) or CheckResult(True)
