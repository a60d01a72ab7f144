# expect: time_limit_exceeded
# kind: integrity
# message: slower than the vectorized reference
# ruff: noqa
"""Control for a69: a correct answer burning ~22x the vectorized work fails the 10x speed gate.

(~15x the reference per call once the fixed decode/encode overheads are included.)
"""
import time

import numpy as np


def _grad(logits, labels):
    z = np.asarray(logits, dtype=np.float64)
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p = p / p.sum(axis=1, keepdims=True)
    p[np.arange(z.shape[0]), np.asarray(labels)] -= 1.0
    return p / z.shape[0]


def softmax_cross_entropy_grad(logits, labels):
    t0 = time.process_time()
    g = _grad(logits, labels)
    if np.asarray(logits).size >= 50_000:
        spent = time.process_time() - t0
        end = time.process_time() + 22 * max(spent, 0.002)
        while time.process_time() < end:
            pass
    return g
