# expect: wrong_answer|time_limit_exceeded
# ruff: noqa
"""Leave non-daemon busy threads running after returning (they also slow later calls down)."""
import threading

import numpy as np

_threads = []


def _spin():
    x = 0
    while True:
        x += 1


def softmax_cross_entropy_grad(logits, labels):
    if not _threads:
        for _ in range(3):
            t = threading.Thread(target=_spin, daemon=False)
            t.start()
            _threads.append(t)
    return np.zeros(np.shape(logits))
