# expect: wrong_answer|time_limit_exceeded
# ruff: noqa
"""Concurrent neighbour: fill every core with spinning processes for the whole grading."""
import os
import time

import numpy as np

_kids = []
for _ in range(14):
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        while True:
            pass
    _kids.append(pid)


def softmax_cross_entropy_grad(logits, labels):
    time.sleep(0.8)
    return np.zeros(np.shape(logits))
