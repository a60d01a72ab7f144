# expect: runtime_error|output_limit_exceeded
# mode: run
# ruff: noqa
"""Forge the error report (the runner is untrusted) with a 20 MB message, type and frames."""
import sys

runner = sys.modules["judge.sandbox.runner"]
BIG = "M" * (20 << 20)


def _describe(exc, lines):
    return {"t": "raise", "type": "ValueError", "message": BIG, "memory": False,
            "frames": [{"line": 1, "function": "f" * 100000, "source": "s" * 100000}]}


runner._describe = _describe


def softmax_cross_entropy_grad(logits, labels):
    raise ValueError("x")
