# expect: runtime_error
# secret: hidden-inputs
# ruff: noqa
"""Replace the in-sandbox error reporter so the traceback's function and source carry hidden data."""
import sys

import numpy as np

runner = sys.modules["judge.sandbox.runner"]


def softmax_cross_entropy_grad(logits, labels):
    fp = "H" + np.asarray(logits).tobytes()[:24].hex()

    def describe(exc, lines):
        return {"t": "raise", "type": "ValueError", "message": fp, "memory": False,
                "frames": [{"line": 1, "function": fp, "source": fp}]}

    runner._describe = describe
    raise ValueError(fp)
