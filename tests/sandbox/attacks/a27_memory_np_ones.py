# expect: memory_limit_exceeded
# ruff: noqa
"""Huge numpy allocations: one the kernel refuses outright, one it grants lazily."""
import numpy as np


def softmax_cross_entropy_grad(logits, labels):
    try:
        np.ones((1 << 40,), dtype=np.float64)
    except MemoryError:
        pass
    a = np.ones((1 << 30,), dtype=np.float64)
    return a[:1]
