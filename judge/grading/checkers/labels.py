"""`up_to_permutation_labels`: cluster labels, equal up to renaming the clusters.

[0, 0, 1, 2] and [2, 2, 0, 1] describe the same clustering: there is a bijection
between the label values that maps one onto the other. When there is none, the
message counts the points assigned inconsistently under the best such bijection
(a maximum-agreement assignment between expected and learner clusters).

No options.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from judge.grading.checkers.base import CheckContext, CheckResult, type_name

# Above this many clusters on either side, the best bijection is approximated greedily.
MAX_EXACT_CLUSTERS = 300

_INTEGER_KINDS = set("iub")


def check_up_to_permutation_labels(got: Any, ctx: CheckContext) -> CheckResult:  # noqa: C901
    exp_raw = ctx.expected
    if got is None:
        return CheckResult(False, "your function returned None: is a `return` statement missing?", "none")
    if isinstance(exp_raw, np.ndarray):
        if not isinstance(got, np.ndarray):
            hint = " (wrap it with np.asarray)" if isinstance(got, (list, tuple)) else ""
            return CheckResult(False, f"expected a numpy ndarray of labels, got {type_name(got)}{hint}",
                               "type")
    elif not isinstance(got, (list, tuple, np.ndarray)):
        return CheckResult(False, f"expected a list of labels, got {type_name(got)}", "type")
    exp, g = np.asarray(exp_raw), np.asarray(got)
    if g.shape != exp.shape:
        msg = f"expected one label per point, shape {exp.shape}, got {g.shape}"
        if g.ndim > exp.ndim:
            msg += ": return the label of each point (e.g. argmin over the centroid axis), not a matrix"
        return CheckResult(False, msg, "shape", {"expected_shape": exp.shape, "got_shape": g.shape})
    if exp.dtype.kind in _INTEGER_KINDS and g.dtype.kind not in _INTEGER_KINDS:
        msg = f"cluster labels must be integers, got dtype {g.dtype}"
        if g.dtype.kind == "f":
            msg += ": np.argmin / np.argmax return integers, or convert with .astype(int)"
        return CheckResult(False, msg, "dtype", {"got_dtype": str(g.dtype)})
    e_vals, e_inv = np.unique(exp.ravel(), return_inverse=True)
    g_vals, g_inv = np.unique(g.ravel(), return_inverse=True)
    n, ke, kg = exp.size, len(e_vals), len(g_vals)
    pairs = np.unique(e_inv.astype(np.int64) * kg + g_inv)
    if len(pairs) == ke == kg:
        return CheckResult(True, details={"clusters": kg})

    table = np.zeros((ke, kg), dtype=np.int64)
    np.add.at(table, (e_inv, g_inv), 1)
    if max(ke, kg) <= MAX_EXACT_CLUSTERS:
        rows, cols = _best_assignment(table)
    else:
        rows, cols = _greedy_assignment(table)
    agree = int(table[rows, cols].sum())
    bad = n - agree
    ok_pair = np.zeros((ke, kg), dtype=bool)
    ok_pair[rows, cols] = True
    inconsistent = ~ok_pair[e_inv, g_inv]
    first = int(np.flatnonzero(inconsistent)[0]) if inconsistent.any() else 0

    msg = (f"{bad} of {n} points {'is' if bad == 1 else 'are'} assigned inconsistently: no renaming "
           f"of your cluster labels reproduces the expected clustering; under the best renaming, point "
           f"{first}{f' and {bad - 1} other' + ('s' if bad > 2 else '') if bad > 1 else ''} "
           f"{'is' if bad == 1 else 'are'} in the wrong cluster")
    if kg != ke:
        count = f" ({ke})" if ctx.public else ""
        if kg < ke:
            msg += (f"; you use {kg} cluster{'s' if kg != 1 else ''}, fewer than expected{count}: some "
                    "clusters were merged")
        else:
            msg += f"; you use {kg} clusters, more than expected{count}: some clusters were split"
    else:
        if ((table > 0).sum(axis=1) > 1).any():
            msg += "; points that belong together were split between your clusters"
    if ctx.public:
        msg += (f"; point {first} has expected label {exp.ravel()[first].item()!r}, your label "
                f"{g.ravel()[first].item()!r}")
    return CheckResult(False, msg, "values", {"inconsistent": bad, "total": n, "got_clusters": kg,
                                              "first_inconsistent": first})


def _greedy_assignment(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rows, cols, used_r, used_c = [], [], set(), set()
    order = np.argsort(-table, axis=None, kind="stable")
    for flat in order:
        r, c = divmod(int(flat), table.shape[1])
        if table[r, c] == 0:
            break
        if r not in used_r and c not in used_c:
            used_r.add(r)
            used_c.add(c)
            rows.append(r)
            cols.append(c)
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)


def _best_assignment(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (row, col), one-to-one, maximising the summed counts (Hungarian method)."""
    transpose = table.shape[0] > table.shape[1]
    t = table.T if transpose else table
    assign = _hungarian_min(-t.astype(np.float64))
    rows = np.arange(t.shape[0])
    cols = np.asarray(assign, dtype=np.int64)
    return (cols, rows) if transpose else (rows, cols)


def _hungarian_min(cost: np.ndarray) -> list[int]:
    """For an n x m cost matrix with n <= m: the column of each row in a minimum-cost assignment.

    The shortest-augmenting-path form with row and column potentials, O(n^2 m).
    """
    n, m = cost.shape
    inf = float("inf")
    u = np.zeros(n + 1)
    v = np.zeros(m + 1)
    owner = np.zeros(m + 1, dtype=np.int64)  # owner[j]: row (1-based) assigned to column j; 0 free
    way = np.zeros(m + 1, dtype=np.int64)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        minv = np.full(m + 1, inf)
        used = np.zeros(m + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = owner[j0]
            free = ~used[1:]
            cur = cost[i0 - 1] - u[i0] - v[1:]
            better = free & (cur < minv[1:])
            minv[1:][better] = cur[better]
            way[1:][better] = j0
            cand = np.where(free, minv[1:], inf)
            j1 = int(np.argmin(cand)) + 1
            delta = cand[j1 - 1]
            u[owner[used]] += delta
            v[used] -= delta
            minv[~used] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    result = [-1] * n
    for j in range(1, m + 1):
        if owner[j]:
            result[owner[j] - 1] = j - 1
    return result
