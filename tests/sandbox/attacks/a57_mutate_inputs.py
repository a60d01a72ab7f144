# expect: accepted
# kind: integrity
# ruff: noqa
"""Integrity case, not an attack: compute the answer, then wreck the inputs in place.

The parent's copies must be unaffected, so every later test still passes.
"""
import numpy as np


def softmax_cross_entropy_grad(logits, labels):
    z = np.asarray(logits, dtype=np.float64)
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p = p / p.sum(axis=1, keepdims=True)
    p[np.arange(z.shape[0]), np.asarray(labels)] -= 1.0
    g = p / z.shape[0]
    logits[...] = np.nan
    labels[...] = 0
    try:
        logits.resize((1,), refcheck=False)
    except Exception:
        pass
    return g
