# expect: wrong_answer
# mode: run
# shows: REPORT-BEGIN
# ruff: noqa
"""Walk up the stack (sys._getframe, inspect.stack) for the caller's locals."""
import inspect
import sys

MARK = "ESC" + "APED"


def softmax_cross_entropy_grad(logits, labels):
    out = ["REPORT-BEGIN"]
    f = sys._getframe()
    while f is not None:
        loc = {k: repr(v)[:1500] for k, v in f.f_locals.items() if k not in ("out",)}
        out.append(f"frame {f.f_code.co_filename}:{f.f_code.co_name}: {loc}")
        for k, v in f.f_locals.items():
            if k in ("expected", "reference", "ref", "tests"):
                out.append(f"{MARK} found {k}")
        f = f.f_back
    for info in inspect.stack():
        out.append(f"inspect {info.filename}:{info.function}:{info.lineno}")
    for tid, frame in sys._current_frames().items():
        out.append(f"thread {tid}: {frame.f_code.co_name}")
    return "\n".join(out)
