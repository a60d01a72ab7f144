"""`unordered`: the same items as expected, in any order (a multiset comparison).

For arrays, the items are the slices along `options.axis` (default 0: the rows of
a 2-D array, the values of a 1-D one), compared with the spec's rtol/atol. For
lists, tuples and sets, the items are the elements, compared exactly except that
floats (also nested ones) use rtol/atol. Duplicates count: [1, 1, 2] is not [1, 2, 2].

Options: `axis` (int, arrays only).
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from judge.grading.checkers.base import CheckContext, CheckResult
from judge.grading.checkers.exact import diff
from judge.grading.checkers.staged import check_array

# Above this many items, mismatches are located by sorting instead of by matching.
MAX_MATCH = 3000


def check_unordered(got: Any, ctx: CheckContext) -> CheckResult:
    if got is None:
        return CheckResult(False, "your function returned None: is a `return` statement missing?", "none")
    exp = ctx.expected
    if isinstance(exp, np.ndarray):
        return _arrays(got, exp, ctx)
    if isinstance(exp, (list, tuple, set, frozenset)):
        return _items(got, list(exp), ctx)
    raise TypeError(f"the unordered checker compares arrays or collections, not {type(exp).__name__}")


# --- arrays ---------------------------------------------------------------------------------

def _arrays(got: Any, exp: np.ndarray, ctx: CheckContext) -> CheckResult:
    staged = check_array(got, ctx)
    if staged.ok or staged.stage != "values":
        # Either it matches in order already, or a stage before the values is broken.
        return staged
    if exp.ndim == 0:
        return staged
    axis = int(ctx.spec.options.get("axis", 0))
    if not -exp.ndim <= axis < exp.ndim:
        raise ValueError(f"unordered: axis {axis} out of range for a {exp.ndim}-D expected array")
    axis %= exp.ndim
    g = np.moveaxis(got, axis, 0).reshape(got.shape[axis], -1)
    e = np.moveaxis(exp, axis, 0).reshape(exp.shape[axis], -1)
    numeric = exp.dtype.kind in "fc" or got.dtype.kind in "fc"
    if numeric:
        dt = np.complex128 if "c" in (got.dtype.kind, exp.dtype.kind) else np.float64
        g, e = g.astype(dt), e.astype(dt)
    rtol, atol = ctx.spec.rtol, ctx.spec.atol

    def same(a: np.ndarray, b: np.ndarray) -> np.ndarray:  # rows of a vs rows of b, elementwise
        return (np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=True) if numeric else a == b).all(-1)

    og, oe = _lexorder(g), _lexorder(e)
    if same(g[og], e[oe]).all():
        return CheckResult(True)
    n = e.shape[0]
    if n <= MAX_MATCH:
        adj = [np.flatnonzero(same(g, e[i][None, :])).tolist() for i in range(n)]
        match = _match(adj, g.shape[0])
        missing = [i for i in range(n) if match[i] < 0]
        used = {j for j in match if j >= 0}
        extra = [j for j in range(g.shape[0]) if j not in used]
    else:  # sorted order is the best cheap guess
        bad = ~same(g[og], e[oe])
        missing, extra = sorted(oe[bad].tolist()), sorted(og[bad].tolist())
    word = _item_word(exp.ndim, axis)
    msg = _mismatch_message(word, n, missing, extra)
    if ctx.public:
        show = lambda a, ix: "[" + ", ".join(_fmt(np.take(a, i, axis=axis)) for i in ix[:3]) + \
                             (", ..." if len(ix) > 3 else "") + "]"
        msg += f" (missing: {show(exp, missing)}; unexpected: {show(got, extra)})"
    return CheckResult(False, msg, "values", {"missing": len(missing), "extra": len(extra), "total": n,
                                              "axis": axis})


def _lexorder(a: np.ndarray) -> np.ndarray:
    if a.shape[0] == 0:
        return np.arange(0)
    if a.dtype.kind == "c":
        keys = [k for col in a.T[::-1] for k in (col.imag, col.real)]
    else:
        keys = list(a.T[::-1])
    return np.lexsort(keys) if keys else np.arange(a.shape[0])


def _item_word(ndim: int, axis: int) -> tuple[str, str]:
    if ndim == 1:
        return "value", "values"
    if ndim == 2:
        return ("row", "rows") if axis == 0 else ("column", "columns")
    return f"slice along axis {axis}", f"slices along axis {axis}"


def _fmt(v: Any) -> str:
    return np.array2string(np.asarray(v), precision=6, separator=", ") if np.ndim(v) else repr(v.item())


# --- lists of items -------------------------------------------------------------------------

def _items(got: Any, exp: list[Any], ctx: CheckContext) -> CheckResult:
    if not isinstance(got, (list, tuple, set, frozenset)):
        hint = " (convert it with .tolist())" if isinstance(got, np.ndarray) else ""
        return CheckResult(False, f"expected a collection of items, got {type(got).__name__}{hint}",
                           "type")
    items = list(got)
    if len(items) != len(exp):
        return CheckResult(False, f"expected {len(exp)} items, got {len(items)}", "length",
                           {"expected_length": len(exp), "got_length": len(items)})
    rtol, atol = ctx.spec.rtol, ctx.spec.atol
    adj = [[j for j, g in enumerate(items) if _same(g, e, rtol, atol)] for e in exp]
    match = _match(adj, len(items))
    missing = [i for i, j in enumerate(match) if j < 0]
    if not missing:
        return CheckResult(True)
    used = {j for j in match if j >= 0}
    extra = [j for j in range(len(items)) if j not in used]
    msg = _mismatch_message(("item", "items"), len(exp), missing, extra)
    if ctx.public:
        show = lambda xs, ix: "[" + ", ".join(repr(xs[i]) for i in ix[:3]) + \
                              (", ..." if len(ix) > 3 else "") + "]"
        msg += f" (missing: {show(exp, missing)}; unexpected: {show(items, extra)})"
    return CheckResult(False, msg, "values", {"missing": len(missing), "extra": len(extra),
                                              "total": len(exp)})


def _same(g: Any, e: Any, rtol: float, atol: float) -> bool:
    """Equal as items: exact, except floats (also inside containers) within the tolerances."""
    if isinstance(e, np.ndarray):
        if not isinstance(g, np.ndarray) or g.shape != e.shape:
            return False
        if e.dtype.kind in "fc" or g.dtype.kind in "fc":
            return bool(np.allclose(g, e, rtol=rtol, atol=atol, equal_nan=True))
        return bool(np.array_equal(g, e))
    if isinstance(e, (float, np.floating)):
        return isinstance(g, numbers.Real) and not isinstance(g, (bool, np.bool_)) and \
            bool(np.isclose(float(g), float(e), rtol=rtol, atol=atol, equal_nan=True))
    if isinstance(e, (list, tuple)):
        return type(g) is type(e) and len(g) == len(e) and \
            all(_same(a, b, rtol, atol) for a, b in zip(g, e, strict=True))
    if isinstance(e, dict):
        return isinstance(g, dict) and g.keys() == e.keys() and \
            all(_same(g[k], e[k], rtol, atol) for k in e)
    return diff(g, e, [], False) is None


# --- shared ---------------------------------------------------------------------------------

def _match(adj: list[list[int]], n_right: int) -> list[int]:
    """Maximum bipartite matching (augmenting paths): for each left node, its right node or -1."""
    left_of = [-1] * n_right
    match = [-1] * len(adj)
    for start in range(len(adj)):
        # Fast path: a free candidate.
        free = next((j for j in adj[start] if left_of[j] < 0), None)
        if free is not None:
            match[start], left_of[free] = free, start
            continue
        # Iterative DFS for an augmenting path.
        parent: dict[int, tuple[int, int]] = {}  # right node -> (left node that reached it, prev right)
        seen: set[int] = set()
        stack = [(start, -1)]
        end = -1
        while stack and end < 0:
            u, via = stack.pop()
            for j in adj[u]:
                if j in seen:
                    continue
                seen.add(j)
                parent[j] = (u, via)
                if left_of[j] < 0:
                    end = j
                    break
                stack.append((left_of[j], j))
        if end < 0:
            continue
        j = end
        while j >= 0:
            u, prev = parent[j]
            match[u], left_of[j] = j, u
            j = prev
    return match


def _mismatch_message(word: tuple[str, str], n: int, missing: list[int], extra: list[int]) -> str:
    one, many = word

    def idx(ix: list[int]) -> str:
        return ", ".join(str(i) for i in ix[:5]) + (", ..." if len(ix) > 5 else "")

    def w(k: int) -> str:
        return one if k == 1 else many

    msg = (f"{len(missing)} of {n} expected {many} {'has' if len(missing) == 1 else 'have'} no match "
           f"in your result (expected {w(len(missing))} {idx(missing)})")
    if extra:
        msg += (f", and {len(extra)} of your {many} {'matches' if len(extra) == 1 else 'match'} no "
                f"expected {one} (your {w(len(extra))} {idx(extra)})")
    return msg + "; the order does not matter here, only which items are present"
