# expect: runtime_error|time_limit_exceeded
# ruff: noqa
"""Spend almost the whole load allowance at import, then die on the first call of every group.

Each death makes the grader start a fresh process and load the code again; the load
time must still count against the total time limit.
"""
import os
import time

_t = time.monotonic()
while time.monotonic() - _t < 1.8:
    pass


def softmax_cross_entropy_grad(logits, labels):
    os._exit(3)
