"""`property`: checks mathematical properties of the result instead of comparing it.

Configured by `options.properties`, a list whose entries are either a property name
or a table with `name` and that property's parameters, e.g.

    options = { properties = ["nonnegative", { name = "rows_sum_to", value = 1.0 }] }

A parameter not given in the entry is looked up in `options[<name>]` (a table), then
in `options` itself, so `options = { properties = ["in_range"], lo = 0, hi = 1 }`
works too. Every property accepts `why`, a reason appended to its message, and the
comparing ones accept `rtol` / `atol` (default: the spec's).

Properties (see PROPERTIES): rows_sum_to (value=1.0, axis=-1), nonnegative,
in_range (lo=-inf, hi=inf), shape_like_input (arg=0), shift_invariant (arg=0,
shift=10.0; skipped when ctx.call is None).

When all properties hold and `options.also_compare` is true, the staged checker then
compares the result with the expected one.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import numpy as np

from judge.grading.checkers.base import CheckContext, CheckResult, fmt_index, type_name
from judge.grading.checkers.staged import check_numeric

Params = dict[str, Any]
PropertyFn = Callable[[np.ndarray, CheckContext, Params], "CheckResult | None"]

PROPERTIES: dict[str, PropertyFn] = {}
_ORDINAL = ["first", "second", "third", "fourth", "fifth"]


def register(name: str) -> Callable[[PropertyFn], PropertyFn]:
    def deco(fn: PropertyFn) -> PropertyFn:
        PROPERTIES[name] = fn
        return fn
    return deco


def _why(p: Params) -> str:
    return f" ({p['why']})" if p.get("why") else ""


def _tol(p: Params, ctx: CheckContext) -> tuple[float, float]:
    return float(p.get("rtol", ctx.spec.rtol)), float(p.get("atol", ctx.spec.atol))


def _arg_name(k: int) -> str:
    return f"the {_ORDINAL[k]} argument" if k < len(_ORDINAL) else f"argument {k}"


def _fail(name: str, msg: str, **details: Any) -> CheckResult:
    return CheckResult(False, msg, "property", {"property": name, **details})


def _first(mask: np.ndarray) -> tuple[int, ...]:
    return tuple(int(i) for i in np.argwhere(mask)[0]) if mask.ndim else ()


@register("rows_sum_to")
def rows_sum_to(got: np.ndarray, ctx: CheckContext, p: Params) -> CheckResult | None:
    value = float(p.get("value", 1.0))
    rtol, atol = _tol(p, ctx)
    vals = got.astype(np.complex128 if got.dtype.kind == "c" else np.float64)
    sums = vals if got.ndim == 0 else vals.sum(axis=int(p.get("axis", -1)))
    bad = ~np.isclose(sums, value, rtol=rtol, atol=atol)
    if not bad.any():
        return None
    if sums.ndim == 0:
        msg = f"the values must sum to {value:g}{_why(p)}; yours do not"
        if ctx.public:
            msg += f": they sum to {_num(sums[()])}"
        return _fail("rows_sum_to", msg, rows_failing=1, rows=1)
    idx = _first(bad)
    row = str(idx[0]) if len(idx) == 1 else fmt_index(idx)
    msg = f"rows must sum to {value:g}{_why(p)}; row {row}"
    msg += f" sums to {_num(sums[idx])}" if ctx.public else " does not"
    msg += f" ({int(bad.sum())} of {bad.size} rows are off)"
    return _fail("rows_sum_to", msg, rows_failing=int(bad.sum()), rows=int(bad.size),
                 first_row=list(idx))


def _violations(name: str, bad: np.ndarray, got: np.ndarray, ctx: CheckContext, rule: str,
                what: str) -> CheckResult | None:
    """A failure naming the rule, how many values break it and where the first one is."""
    if not bad.any():
        return None
    idx = _first(bad)
    n = int(bad.sum())
    msg = f"{rule}; {n} value{'s are' if n > 1 else ' is'} {what}, first at index {fmt_index(idx)}"
    if ctx.public:
        msg += f" ({_num(got[idx])})"
    return _fail(name, msg, count=n, first_index=list(idx))


@register("nonnegative")
def nonnegative(got: np.ndarray, ctx: CheckContext, p: Params) -> CheckResult | None:
    return _violations("nonnegative", np.real(got) < 0, got, ctx,
                       f"all values must be nonnegative{_why(p)}", "negative")


@register("in_range")
def in_range(got: np.ndarray, ctx: CheckContext, p: Params) -> CheckResult | None:
    lo, hi = float(p.get("lo", -np.inf)), float(p.get("hi", np.inf))
    out = (np.real(got) < lo) | (np.real(got) > hi)
    return _violations("in_range", out, got, ctx, f"values must lie in [{lo:g}, {hi:g}]{_why(p)}",
                       "outside")


@register("shape_like_input")
def shape_like_input(got: np.ndarray, ctx: CheckContext, p: Params) -> CheckResult | None:
    k = int(p.get("arg", 0))
    want = np.shape(ctx.args[k])
    if got.shape == want:
        return None
    msg = (f"your result must have the same shape as {_arg_name(k)}{_why(p)}: expected {want}, "
           f"got {got.shape}")
    if got.shape == want[::-1] and got.ndim == 2:
        msg += ": the axes look transposed"
    return _fail("shape_like_input", msg, expected_shape=want, got_shape=got.shape)


@register("shift_invariant")
def shift_invariant(got: np.ndarray, ctx: CheckContext, p: Params) -> CheckResult | None:
    if ctx.call is None:
        return None  # cannot re-run the learner's function here: skipped
    k = int(p.get("arg", 0))
    shift = float(p.get("shift", 10.0))
    rtol, atol = _tol(p, ctx)
    args = copy.deepcopy(ctx.args)
    base = np.asarray(args[k])
    args[k] = base + np.asarray(shift, dtype=base.dtype if base.dtype.kind in "fc" else np.float64)
    what = f"adding {shift:g} to every entry of {_arg_name(k)}"
    head = f"your result must not change when a constant is added to {_arg_name(k)}{_why(p)}"
    try:
        other = ctx.call(args)
    except Exception as exc:  # noqa: BLE001 - the learner's code may fail on the shifted input
        return _fail("shift_invariant", f"{head}; {what} made your function raise {type(exc).__name__}")
    if not isinstance(other, (np.ndarray, float, int, np.number)) or np.shape(other) != got.shape:
        shape = np.shape(other) if isinstance(other, np.ndarray) else type_name(other)
        return _fail("shift_invariant", f"{head}; {what} changed your result's shape or type "
                                        f"(got {shape} instead of shape {got.shape})")
    other = np.asarray(other)
    if other.dtype.kind in "fc" and not np.isfinite(other).all():
        return _fail("shift_invariant", f"{head}; {what} made your result non-finite (NaN or inf): "
                                        "exp overflows unless you subtract the maximum first")
    close = np.isclose(other, got, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return None
    idx = _first(~close)
    n = int((~close).sum())
    msg = f"{head}; {what} changed {n} of {close.size} values, first at index {fmt_index(idx)}"
    if ctx.public:
        msg += f" ({_num(got[idx])} became {_num(other[idx])})"
    return _fail("shift_invariant", msg, changed=n)


def _num(v: Any) -> str:
    v = complex(v) if np.iscomplexobj(v) else float(v)
    return f"{v:.6g}"


def _entries(options: dict[str, Any]) -> list[tuple[str, Params]]:
    raw = options.get("properties")
    if raw is None:
        raise ValueError("property checker: options.properties is required")
    if isinstance(raw, (str, dict)):
        raw = [raw]
    out = []
    for entry in raw:
        if isinstance(entry, str):
            name, own = entry, {}
        elif isinstance(entry, dict) and "name" in entry:
            name, own = entry["name"], {k: v for k, v in entry.items() if k != "name"}
        else:
            raise ValueError(f"property checker: bad entry {entry!r} in options.properties")
        if name not in PROPERTIES:
            raise KeyError(f"unknown property {name!r}; known: {', '.join(sorted(PROPERTIES))}")
        shared = {k: v for k, v in options.items() if k not in ("properties", "also_compare")
                  and k not in PROPERTIES}
        own_table = options.get(name)
        table: Params = own_table if isinstance(own_table, dict) else {}
        out.append((name, {**shared, **table, **own}))
    return out


def check_properties(got: Any, ctx: CheckContext) -> CheckResult:
    entries = _entries(ctx.spec.options)
    if got is None:
        return CheckResult(False, "your function returned None: is a `return` statement missing?", "none")
    if isinstance(got, (bool, np.bool_)) or not isinstance(got, (np.ndarray, int, float, np.number)):
        hint = " (wrap it with np.asarray)" if isinstance(got, (list, tuple)) else ""
        return CheckResult(False, f"expected a numpy ndarray, got {type_name(got)}{hint}", "type")
    arr = np.asarray(got)
    if arr.dtype.kind not in "iufcb":
        return CheckResult(False, f"expected numeric values, got dtype {arr.dtype}", "dtype")
    if arr.dtype.kind in "fc" and not np.isfinite(arr).all():
        bad = ~np.isfinite(arr)
        idx = _first(bad)
        what = "NaN" if np.isnan(arr[idx]) else "infinity"
        n = int(bad.sum())
        return CheckResult(False, f"your result contains {what} at index {fmt_index(idx)} ({n} non-finite "
                                  f"value{'s' if n > 1 else ''}): an overflow in exp or a log of 0 is the "
                                  "usual cause", "finite", {"count": n})
    skipped = []
    for name, params in entries:
        if name == "shift_invariant" and ctx.call is None:
            skipped.append(name)
            continue
        res = PROPERTIES[name](arr, ctx, params)
        if res is not None:
            return res
    if ctx.spec.options.get("also_compare") and ctx.expected is not None:
        res = check_numeric(got, ctx)
        if not res.ok:
            return res
    return CheckResult(True, details={"skipped": skipped} if skipped else {})
