# expect: wrong_answer|runtime_error
# secret: hidden-inputs
# ruff: noqa
"""Encode the hidden input in the *shape* of an empty result: "expected shape (4, 3), got (0, ...)".

A zero-size array costs nothing, and its other dimensions can carry ~50 bits per hidden test.
"""
import numpy as np


def softmax_cross_entropy_grad(logits, labels):
    head = np.asarray(logits).tobytes()[:5].ljust(5, b"\0")
    return np.zeros((0,) + tuple(1000 + b for b in head))
