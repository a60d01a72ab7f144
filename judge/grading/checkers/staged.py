"""Staged numpy checks, PrairieLearn style: None -> type -> shape -> dtype kind -> finite -> values.

Each stage stops at the first broken property with its own message, so a learner
reads "expected shape (4, 3), got (3, 4): did you transpose?" rather than "wrong".
Also the `numeric` checker: the same stages, applied to scalars as well.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from judge.grading.checkers.base import CheckContext, CheckResult, fmt_index, type_name

_KIND = {"f": "floating-point", "i": "integer", "u": "unsigned integer", "b": "boolean",
         "c": "complex"}


def _none(got: Any) -> CheckResult | None:
    if got is None:
        return CheckResult(False, "your function returned None: is a `return` statement missing?",
                           "none")
    return None


def check_array(got: Any, ctx: CheckContext) -> CheckResult:
    exp = np.asarray(ctx.expected)
    if (r := _none(got)) is not None:
        return r
    if not isinstance(got, np.ndarray):
        hint = " (wrap it with np.asarray)" if isinstance(got, (list, tuple)) else ""
        return CheckResult(False, f"expected a numpy ndarray, got {type_name(got)}{hint}", "type")
    if got.shape != exp.shape:
        if ctx.public:
            msg = f"expected shape {exp.shape}, got {got.shape}"
            details: dict[str, Any] = {"expected_shape": exp.shape, "got_shape": got.shape}
        else:
            # The learner chooses its output's shape freely (np.zeros((0, *secret))), so on
            # hidden tests shapes would be a side channel for the input: dimensions only.
            msg = f"wrong shape: expected a {exp.ndim}-d array, got a {got.ndim}-d array"
            if got.ndim == exp.ndim:
                msg = f"wrong shape: the {exp.ndim}-d result has the wrong size along some axis"
            details = {"expected_ndim": exp.ndim, "got_ndim": got.ndim}
        if got.shape == exp.shape[::-1] and got.ndim == 2:
            msg += ": the axes look transposed"
        elif got.size == exp.size:
            msg += ": right number of values, wrong arrangement (check reshape / keepdims)"
        elif got.ndim < exp.ndim:
            msg += ": a dimension is missing (did you reduce over an axis you should keep?)"
        return CheckResult(False, msg, "shape", details)
    ek, gk = exp.dtype.kind, got.dtype.kind
    float_like = {"f", "c"}
    if (ek in float_like) != (gk in float_like) or (ek == "b") != (gk == "b"):
        msg = (f"expected {_KIND.get(ek, ek)} values, got {_KIND.get(gk, gk)} dtype {got.dtype}")
        if ek == "f" and gk in "iu":
            msg += ": integer arithmetic or an integer array truncated your result"
        return CheckResult(False, msg, "dtype", {"expected_kind": ek, "got_kind": gk})
    return _values(got, exp, ctx)


def _values(got: np.ndarray, exp: np.ndarray, ctx: CheckContext) -> CheckResult:
    if got.dtype.kind in "fc":
        bad = ~np.isfinite(got)
        exp_bad = ~np.isfinite(exp) if exp.dtype.kind in "fc" else np.zeros(exp.shape, bool)
        unexpected = bad & ~exp_bad
        if unexpected.any():
            idx = tuple(int(i) for i in np.argwhere(unexpected)[0]) if got.ndim else ()
            val = got[idx] if got.ndim else got[()]
            what = "NaN" if np.isnan(val) else "infinity"
            n = int(unexpected.sum())
            msg = (f"your result contains {what} at index {fmt_index(idx)} ({n} non-finite "
                   f"value{'s' if n > 1 else ''}): an overflow in exp or a log of 0 is the usual cause")
            return CheckResult(False, msg, "finite", {"count": n})
    if exp.dtype.kind in "fc" or got.dtype.kind in "fc":
        g = got.astype(np.complex128 if "c" in (got.dtype.kind, exp.dtype.kind) else np.float64)
        e = exp.astype(g.dtype)
        rtol, atol = ctx.spec.rtol, ctx.spec.atol
        with np.errstate(invalid="ignore", over="ignore"):
            # np.isclose's semantics (|g - e| <= atol + rtol |e|, NaN == NaN, inf == inf) at a
            # fraction of its cost; this runs for every test of every submission.
            close = np.abs(g - e) <= atol + rtol * np.abs(e)
            if not close.all():
                close |= (g == e) | (np.isnan(g) & np.isnan(e))
        if close.all():
            return CheckResult(True)
        err = np.abs(g - e)
        err = np.where(np.isfinite(err), err, np.inf)
        worst = np.unravel_index(int(np.argmax(np.where(close, -1, err))), err.shape) if err.ndim else ()
        with np.errstate(over="ignore", invalid="ignore"):
            rel = err / np.maximum(np.abs(e), np.finfo(np.float64).tiny)
        mism, total = int((~close).sum()), int(close.size)
        abs_e, rel_e = float(err.max()), float(rel[worst])
        if ctx.public:
            details = {"max_abs_error": abs_e, "max_rel_error": rel_e,
                       "worst_index": [int(i) for i in worst], "mismatched": mism, "total": total}
            msg = (f"{mism} of {total} values differ; max absolute error {abs_e:.3g}, relative "
                   f"{rel_e:.3g} at index {fmt_index(worst)} (tolerance rtol={rtol:g}, atol={atol:g})"
                   f"; expected {_num(e[worst])}, got {_num(g[worst])}")
        else:
            # Exact error figures would let a submission solve for hidden expected values
            # (return 0 and read off max |expected|); an order of magnitude teaches as much.
            # Counts and indices are learner-chosen too, so only coarse figures here.
            details = {"max_abs_error_order": _order(abs_e), "max_rel_error_order": _order(rel_e),
                       "mismatched_fraction": _share(mism, total)}
            msg = (f"{_share(mism, total)} of the values differ; max absolute error "
                   f"~{_order_text(abs_e)}, relative ~{_order_text(rel_e)} "
                   f"(tolerance rtol={rtol:g}, atol={atol:g})")
        return CheckResult(False, msg, "values", details)
    diff = got != exp
    if not diff.any():
        return CheckResult(True)
    first = tuple(int(i) for i in np.argwhere(diff)[0]) if diff.ndim else ()
    if not ctx.public:
        return CheckResult(False, f"{_share(int(diff.sum()), diff.size)} of the values differ",
                           "values", {"mismatched_fraction": _share(int(diff.sum()), diff.size)})
    msg = f"{int(diff.sum())} of {diff.size} values differ, first at index {fmt_index(first)}"
    msg += f": expected {exp[first]!r}, got {got[first]!r}"
    return CheckResult(False, msg, "values", {"mismatched": int(diff.sum())})


def _share(n: int, total: int) -> str:
    if n >= total:
        return "all"
    frac = n / max(total, 1)
    for limit, text in ((0.01, "under 1%"), (0.1, "under 10%"), (0.5, "under half")):
        if frac < limit:
            return text
    return "more than half"


def _order(x: float) -> int | None:
    return int(np.floor(np.log10(x))) if np.isfinite(x) and x > 0 else None


def _order_text(x: float) -> str:
    o = _order(x)
    return "inf" if not np.isfinite(x) else ("0" if o is None else f"1e{o}")


def _num(v: Any) -> str:
    v = complex(v) if np.iscomplexobj(v) else float(v)
    return f"{v:.8g}"


def check_numeric(got: Any, ctx: CheckContext) -> CheckResult:
    """Arrays through the stages above; scalars compared with the same tolerances."""
    if isinstance(ctx.expected, np.ndarray):
        return check_array(got, ctx)
    if (r := _none(got)) is not None:
        return r
    if isinstance(got, np.ndarray) and got.ndim == 0:
        got = got[()]
    if not isinstance(got, (int, float, np.number)) or isinstance(got, (bool, np.bool_)):
        return CheckResult(False, f"expected a number, got {type_name(got)}", "type")
    return _values(np.asarray(got), np.asarray(ctx.expected), ctx)
