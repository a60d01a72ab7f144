# expect: runtime_error
# secret: hidden-inputs
# ruff: noqa
"""No forging at all: raise from a function whose *name* is built from the hidden input.

The honest runner reports the learner's last frame by function name, and the grader
shows "line N, in <name>()" even on hidden tests.
"""
import numpy as np


def softmax_cross_entropy_grad(logits, labels):
    fp = "H" + np.asarray(logits).tobytes()[:24].hex()
    ns = {}
    exec(compile(f"def {fp}():\n    raise ValueError('x')\n", "solution.py", "exec"), ns)
    ns[fp]()
