# expect: wrong_answer
# mode: run
# shows: REPORT-BEGIN
# ruff: noqa
"""Scan every object the interpreter holds for expected outputs, references, tests, secrets."""
import gc
import sys
import types

import numpy as np

MARK = "ESC" + "APED"


def softmax_cross_entropy_grad(logits, labels):
    me = sys.modules["solution"].__dict__["softmax_cross_entropy_grad"]
    out = ["REPORT-BEGIN"]
    arrays, funcs, strings, mods = [], [], [], sorted(sys.modules)
    for obj in gc.get_objects():
        try:
            if isinstance(obj, np.ndarray):
                arrays.append(f"{obj.shape}{obj.dtype}:{obj.ravel()[:6].tolist()}")
            elif isinstance(obj, types.FunctionType):
                if obj.__name__ == "softmax_cross_entropy_grad" and obj is not me:
                    funcs.append(f"{MARK} other implementation in {obj.__code__.co_filename}")
                funcs.append(f"{obj.__module__}.{obj.__qualname__}")
            elif isinstance(obj, dict):
                for k, v in list(obj.items())[:50]:
                    if isinstance(k, str) and k in ("expected", "reference", "tests", "args_list", "secret"):
                        strings.append(f"dict key {k}: {str(v)[:300]}")
                    if isinstance(v, str) and ("JUDGE_" in v or "canary" in v.lower()):
                        strings.append(f"dict value {k}: {v[:300]}")
            elif isinstance(obj, (list, tuple)) and obj and isinstance(obj[0], np.ndarray):
                strings.append(f"array container: {str(obj)[:300]}")
        except Exception:
            pass
    for s in [o for o in gc.get_referents(*gc.get_objects()) if isinstance(o, str)]:
        if "canary" in s.lower() or "JUDGE_CANARY" in s or "reference/" in s or "problems/" in s:
            strings.append(f"string: {s[:300]}")
    out.append(f"{len(arrays)} arrays: {arrays[:200]}")
    out.append(f"functions: {sorted(set(funcs))[:400]}")
    out.append(f"strings: {strings[:200]}")
    out.append(f"modules: {mods}")
    return "\n".join(out)
