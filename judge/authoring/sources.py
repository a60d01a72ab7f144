"""Turn author functions (reference, mutants, variants) into programs a learner could submit.

`judge check` grades them through the real sandbox, exactly like a submission: the
module's source text, plus (for a mutant or a variant) one alias line that binds the
problem's function name to it. The sandbox only offers the standard library and numpy,
so imports of the authoring decorators are served by a tiny stand-in module.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

# Installed before the author module runs, inside the sandbox only: identity decorators
# standing in for judge.catalog.authoring (which the jail cannot import).
SHIM = '''\
import sys as _judge_sys, types as _judge_types
if "judge.catalog.authoring" not in _judge_sys.modules:
    _judge_shim = _judge_types.ModuleType("judge.catalog.authoring")
    _judge_shim.mutant = lambda name, hint=None, **kw: (lambda fn: fn)
    _judge_shim.variant = lambda name=None, **kw: (lambda fn: fn)
    _judge_shim.case = lambda name, group, *args, explanation="": {
        "name": name, "group": group, "args": list(args), "explanation": explanation}
    _judge_pkg = _judge_sys.modules.get("judge") or _judge_types.ModuleType("judge")
    _judge_cat = _judge_types.ModuleType("judge.catalog")
    _judge_cat.authoring = _judge_shim
    _judge_pkg.catalog = _judge_cat
    _judge_sys.modules.setdefault("judge", _judge_pkg)
    _judge_sys.modules["judge.catalog"] = _judge_cat
    _judge_sys.modules["judge.catalog.authoring"] = _judge_shim
del _judge_sys, _judge_types
'''


def module_source(module: ModuleType) -> str:
    try:
        return inspect.getsource(module)
    except (OSError, TypeError):
        path = getattr(module, "__file__", None)
        if path is None:
            raise
        return Path(path).read_text(encoding="utf-8")


def attribute_name(module: ModuleType, fn: Callable[..., Any]) -> str:
    """The name the module binds `fn` to (usually its __name__)."""
    name = getattr(fn, "__name__", "")
    if name and vars(module).get(name) is fn:
        return str(name)
    for key, value in vars(module).items():
        if value is fn:
            return key
    raise LookupError(f"{getattr(fn, '__qualname__', fn)!r} is not a top-level name of its module")


def with_shim(source: str) -> str:
    if "judge" not in source:
        return source
    # A `from __future__` import must stay first: keep the module docstring and those lines
    # ahead of the shim.
    lines = source.splitlines(keepends=True)
    head = 0
    for i, line in enumerate(lines):
        if line.startswith("from __future__"):
            head = i + 1
    return "".join(lines[:head]) + SHIM + "".join(lines[head:])


def reference_program(reference_source: str) -> str:
    return with_shim(reference_source)


def alias_program(module: ModuleType, fn: Callable[..., Any], function: str) -> str:
    """The module's source with `<function> = <fn's name>` appended."""
    src = module_source(module)
    name = attribute_name(module, fn)
    if not src.endswith("\n"):
        src += "\n"
    alias = f"\n{function} = {name}\n" if name != function else ""
    return with_shim(src) + alias
