# expect: runtime_error|time_limit_exceeded|memory_limit_exceeded
# ruff: noqa
"""Unbounded recursion with the limit raised to 10**6: any honest failure, never a host crash.

(CPython 3.11 needs ~2 s and ~100 MiB just to reach that depth, so TLE or MLE are fair.)
"""
import sys

sys.setrecursionlimit(10 ** 6)


def _down(n):
    return _down(n + 1) + 1


def softmax_cross_entropy_grad(logits, labels):
    return _down(0)
