"""`up_to_sign`: eigenvector-like results, where each vector is only defined up to its sign.

Each vector may be multiplied by -1: the checker flips it to agree with the expected
one (the sign of their dot product), then runs the staged checks with rtol/atol.

Options: `axis`, the axis whose index numbers the vectors. The default is 1 for a
2-D array (each column is a vector, as np.linalg.eigh returns them), the last axis
for higher dimensions, and the whole array as one vector for 1-D. `axis = "all"`
makes the whole array one vector whatever its dimensions.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from judge.grading.checkers.base import CheckContext, CheckResult
from judge.grading.checkers.staged import check_array


def _axis(options: dict[str, Any], ndim: int) -> int | None:
    axis = options.get("axis")
    if axis is None:
        return None if ndim <= 1 else ndim - 1
    if isinstance(axis, str):
        if axis.lower() in ("all", "none", "whole"):
            return None
        raise ValueError(f"up_to_sign: axis must be an int or 'all', not {axis!r}")
    if not -ndim <= int(axis) < max(ndim, 1):
        raise ValueError(f"up_to_sign: axis {axis} out of range for a {ndim}-D expected array")
    return int(axis) % ndim


def vector_word(ndim: int, axis: int | None) -> str:
    if axis is None:
        return "the vector"
    if ndim == 2:
        return "column" if axis == 1 else "row"
    return f"vector (index along axis {axis})"


def align_signs(got: np.ndarray, exp: np.ndarray, axis: int | None) -> tuple[np.ndarray, np.ndarray]:
    """`got` with each vector's sign chosen to agree with `exp`, and the signs used."""
    prod = np.real(np.conj(exp.astype(np.complex128 if exp.dtype.kind == "c" else np.float64)) * got)
    if axis is None:
        dot = np.nansum(prod)
        signs = np.asarray(-1.0 if dot < 0 else 1.0)
        return got * signs.astype(got.dtype), signs
    others = tuple(a for a in range(got.ndim) if a != axis)
    dots = np.nansum(prod, axis=others)
    signs = np.where(dots < 0, -1.0, 1.0)
    shape = [1] * got.ndim
    shape[axis] = -1
    return got * signs.reshape(shape).astype(got.dtype), signs


def check_up_to_sign(got: Any, ctx: CheckContext) -> CheckResult:
    exp = np.asarray(ctx.expected)
    first = check_array(got, ctx)
    if first.ok or first.stage != "values":
        return first  # equal as given, or broken before the values (None, type, shape, ...)
    if got.dtype.kind not in "fc":
        return first
    axis = _axis(ctx.spec.options, exp.ndim)
    aligned, signs = align_signs(got, exp, axis)
    res = check_array(aligned, ctx)
    flipped = int((signs < 0).sum())
    res.details["flipped"] = flipped
    if res.ok:
        return res
    word = vector_word(exp.ndim, axis)
    where = ""
    worst = res.details.get("worst_index")
    if axis is not None and worst:
        where = f" (worst in {word} {worst[axis]})"
        res.details["worst_vector"] = int(worst[axis])
    scope = "the whole result" if axis is None else f"each {word}"
    res.message = (f"even allowing {scope} to be multiplied by -1, the values differ{where}: "
                   f"{res.message}")
    return res
