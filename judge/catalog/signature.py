"""Parameter names of a problem's `def f(...)` signature: one parser for every layer."""

from __future__ import annotations

import ast
from functools import lru_cache
from typing import Any


def header_args(signature: str) -> ast.arguments:
    """The arguments of a `def f(...) -> T` header; ValueError if it is not one."""
    try:
        tree = ast.parse(signature.strip().rstrip(":") + ":\n    pass\n")
    except SyntaxError as exc:
        raise ValueError(f"signature is not a Python function header: {exc.msg}") from None
    fn = tree.body[0] if tree.body else None
    if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
        raise ValueError("signature is not a Python function header")
    return fn.args


def arg_names(a: ast.arguments) -> list[str]:
    """All parameter names in declaration order, `*args` and `**kw` included."""
    names = [x.arg for x in a.posonlyargs + a.args]
    if a.vararg:
        names.append(a.vararg.arg)
    names += [x.arg for x in a.kwonlyargs]
    if a.kwarg:
        names.append(a.kwarg.arg)
    return names


@lru_cache(maxsize=256)
def _param_names(signature: str) -> tuple[str, ...]:
    try:
        return tuple(arg_names(header_args(signature)))
    except ValueError:
        return ()


def param_names(signature: str) -> list[str]:
    """Parameter names of the signature, in order; [] if it is not a function header."""
    return list(_param_names(signature))


def named_inputs(signature: str, args: list[Any]) -> dict[str, Any]:
    """Positional test arguments keyed by their parameter names (`argK` past the known ones)."""
    names = _param_names(signature)
    return {names[k] if k < len(names) else f"arg{k}": a for k, a in enumerate(args)}
