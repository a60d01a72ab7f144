# expect: time_limit_exceeded
# message: slower than the vectorized reference
# ruff: noqa
"""Game the speed gate: be ~15x too slow once, then answer the timing repeats from a cache.

Near the limit the grader re-sends the same scale inputs and takes the median CPU time of
three passes; a memo keyed on the input makes two of the three nearly free.
"""
import time

import numpy as np

_memo = {}


def _grad(logits, labels):
    z = np.asarray(logits, dtype=np.float64)
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p = p / p.sum(axis=1, keepdims=True)
    p[np.arange(z.shape[0]), np.asarray(labels)] -= 1.0
    return p / z.shape[0]


def softmax_cross_entropy_grad(logits, labels):
    a = np.asarray(logits)
    key = (a.shape, a.ravel()[:8].tobytes(), a.ravel()[-8:].tobytes())
    if key in _memo:
        return _memo[key]
    t0 = time.process_time()
    g = _grad(logits, labels)
    if a.size >= 50_000:
        spent = time.process_time() - t0
        end = time.process_time() + 22 * max(spent, 0.002)
        while time.process_time() < end:
            pass
    _memo[key] = g
    return g
