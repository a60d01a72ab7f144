"""`gradient`: a gradient checked against central finite differences of the problem's loss.

The staged checks (None, type, shape, dtype, finite) run first against the expected
gradient's shape (or against argument `wrt` when there is no expected value). Then at
up to `samples` coordinates, chosen by a fixed-seed generator, the learner's entry is
compared (rtol/atol of the spec) with

    (loss(x + eps e_i) - loss(x - eps e_i)) / (2 eps)

evaluated in float64 on copies of the arguments. When the learner's gradient is a
constant multiple of the numerical one, the message names the factor (forgotten
batch mean, flipped sign, ...).

Options: `loss` (name of a function in the problem's tests.py: loss(*args) -> float),
or `loss_fn` (the callable itself); `wrt` (default 0); `eps` (default 1e-6);
`samples` (default 20); `seed` (default 0).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import numpy as np

from judge.grading.checkers.base import CheckContext, CheckResult, fmt_index
from judge.grading.checkers.staged import check_array

# Learner/numerical ratios agreeing to this relative spread count as "a constant factor".
RATIO_SPREAD = 1e-3


def _loss(ctx: CheckContext) -> Callable[..., Any]:
    opts = ctx.spec.options
    fn = opts.get("loss_fn")
    if fn is not None:
        if not callable(fn):
            raise TypeError("gradient checker: options.loss_fn must be callable")
        return fn  # type: ignore[no-any-return]
    name = opts.get("loss")
    if not name:
        raise ValueError("gradient checker: options.loss (a function in tests.py) is required")
    if ctx.problem is None:
        raise ValueError(f"gradient checker: no problem to look up the loss {name!r} in")
    return ctx.problem.hook(name)


def _float_copy(a: Any) -> Any:
    if isinstance(a, np.ndarray) and a.dtype.kind in "fc":
        return a.astype(np.complex128 if a.dtype.kind == "c" else np.float64)
    if isinstance(a, np.floating):
        return float(a)
    return copy.deepcopy(a)


def numerical_gradient(loss: Callable[..., Any], args: list[Any], wrt: int, coords: np.ndarray,
                       eps: float) -> np.ndarray:
    """Central differences of loss(*args) in argument `wrt` at the flat indices `coords`."""
    base = [_float_copy(a) for a in args]
    scalar = np.ndim(args[wrt]) == 0
    x0 = np.array(args[wrt], dtype=np.float64)
    out = np.empty(len(coords))

    def at(x: np.ndarray) -> float:
        call = list(base)
        call[wrt] = float(x) if scalar else x
        return float(loss(*call))

    for k, i in enumerate(coords):
        xp, xm = x0.copy(), x0.copy()
        xp.flat[i] += eps
        xm.flat[i] -= eps
        out[k] = (at(xp) - at(xm)) / (2 * eps)
    return out


def _coords(size: int, samples: int, seed: int) -> np.ndarray:
    if size <= samples:
        return np.arange(size)
    return np.sort(np.random.default_rng(seed).choice(size, size=samples, replace=False))


def _structure(got: Any, ctx: CheckContext, wrt: int) -> CheckResult | None:
    template = ctx.expected
    if template is None:
        template = np.zeros(np.shape(ctx.args[wrt]), dtype=np.float64)
    if np.ndim(template) == 0 and not isinstance(got, np.ndarray) and got is not None \
            and isinstance(got, (int, float, np.number)) and not isinstance(got, (bool, np.bool_)):
        got = np.asarray(got, dtype=np.float64)  # a scalar argument has a scalar gradient
    tctx = CheckContext(args=ctx.args, expected=np.asarray(template), spec=ctx.spec, public=ctx.public)
    with np.errstate(all="ignore"):  # the values are not compared here; spare the warnings
        res = check_array(got, tctx)
    if res.ok or res.stage == "values":
        return None  # only the structure matters here; the values are checked numerically
    return res


def diagnose(g: np.ndarray, num: np.ndarray, atol: float) -> tuple[str, float | None]:
    """A constant factor between the learner's and the numerical gradient, explained."""
    scale = float(np.max(np.abs(num))) if num.size else 0.0
    if scale == 0.0:
        return "", None
    usable = np.abs(num) > max(10 * atol, 1e-6 * scale)
    if not usable.any():
        return "", None
    ratios = g[usable] / num[usable]
    m = float(np.median(ratios))
    tol_abs = atol * max(1.0, abs(m)) + 1e-9 * max(float(np.max(np.abs(g))), scale)
    if not np.allclose(g, m * num, rtol=RATIO_SPREAD, atol=tol_abs):
        return ("the error is not a constant factor: this looks like the gradient of a different "
                "function, so recheck the derivative itself"), None
    if abs(m) < 1e-3:
        return ("your gradient is zero where the loss does change: is the gradient computed and "
                "returned (not a zeros array)?"), m
    if abs(m - 1) < RATIO_SPREAD:
        return "", m
    if abs(m + 1) < RATIO_SPREAD:
        return ("your gradient is -1× the numerical gradient: the sign is flipped (the gradient of "
                "-loss, or a subtraction in the wrong order?)"), m
    k, inv = round(m), round(1 / m)
    if m > 0 and k >= 2 and abs(m - k) < RATIO_SPREAD * m:
        text = (f"your gradient is consistently {k}× the numerical gradient: did you forget to "
                "average over the batch (divide by the batch size)?")
        if k == 2:
            text += " Or is a factor 1/2 of the loss missing from your derivative?"
        return text, m
    if m > 0 and inv >= 2 and abs(1 / m - inv) < RATIO_SPREAD / m:
        text = (f"your gradient is consistently 1/{inv} of the numerical gradient: did you divide by "
                "the batch size twice, or when the loss is a sum?")
        if inv == 2:
            text += " Or is the factor 2 from differentiating a square missing?"
        return text, m
    if m < 0:
        return (f"your gradient is consistently {m:.3g}× the numerical gradient: the sign is flipped "
                "and a constant factor is off"), m
    return f"your gradient is consistently {m:.3g}× the numerical gradient: a constant factor is off", m


def check_gradient(got: Any, ctx: CheckContext) -> CheckResult:
    opts = ctx.spec.options
    wrt = int(opts.get("wrt", 0))
    eps = float(opts.get("eps", 1e-6))
    samples = int(opts.get("samples", 20))
    loss = _loss(ctx)
    if (r := _structure(got, ctx, wrt)) is not None:
        return r
    g_all = np.asarray(got, dtype=np.float64)
    coords = _coords(g_all.size, samples, int(opts.get("seed", 0)))
    if coords.size == 0:
        return CheckResult(True)
    num = numerical_gradient(loss, ctx.args, wrt, coords, eps)
    g = g_all.ravel()[coords]
    rtol, atol = ctx.spec.rtol, ctx.spec.atol
    close = np.isclose(g, num, rtol=rtol, atol=atol)
    details: dict[str, Any] = {"probed": int(coords.size)}
    if close.all():
        return CheckResult(True, details=details)
    shape = g_all.shape
    err = np.abs(g - num)
    rel = err / np.maximum(np.abs(num), np.finfo(np.float64).tiny)
    bad = np.flatnonzero(~close)
    worst = int(bad[np.argmax(err[bad])])

    def index(k: int) -> tuple[int, ...]:
        return tuple(int(i) for i in np.unravel_index(int(coords[k]), shape))

    def where(k: int) -> str:
        return fmt_index(index(k)) if shape else "()"

    text, ratio = diagnose(g, num, atol)
    details.update(mismatched=int(bad.size), coords=[list(index(int(k))) for k in bad[:10]],
                   max_rel_error=float(rel[worst]), worst_index=list(index(worst)), ratio=ratio)
    tol = f"(tolerance rtol={rtol:g}, atol={atol:g})"
    if shape:
        eg = ", ".join(where(int(k)) for k in bad[:3]) + (", ..." if bad.size > 3 else "")
        msg = (f"your gradient disagrees with the numerical gradient of the loss (central differences, "
               f"eps={eps:g}) at {bad.size} of {coords.size} probed coordinates ({eg}); worst at "
               f"{where(worst)}: relative error {rel[worst]:.3g} {tol}")
    else:
        msg = (f"your derivative disagrees with the numerical derivative of the loss (central "
               f"differences, eps={eps:g}): relative error {rel[worst]:.3g} {tol}")
    if ctx.public:
        msg += f", yours {g[worst]:.8g}, numerical {num[worst]:.8g}"
    if text:
        msg += ". " + text[0].upper() + text[1:]
    return CheckResult(False, msg, "gradient", details)
