# expect: output_limit_exceeded
# ruff: noqa
"""Flood the output, swallow the error, try to undo the flood, then return the right answer."""
import os
import resource
import sys

import numpy as np


def _good(logits, labels):
    z = np.asarray(logits, dtype=np.float64)
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p = p / p.sum(axis=1, keepdims=True)
    p[np.arange(z.shape[0]), np.asarray(labels)] -= 1.0
    return p / z.shape[0]


def softmax_cross_entropy_grad(logits, labels):
    for lim in (resource.RLIMIT_FSIZE,):
        try:
            resource.setrlimit(lim, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        except (ValueError, OSError):
            pass
    try:
        while True:
            os.write(1, b"z" * 65536)
    except OSError:
        pass
    for undo in (lambda: os.ftruncate(1, 0), lambda: os.ftruncate(2, 0),
                 lambda: open("/proc/self/fd/1", "w").close(),
                 lambda: os.lseek(1, 0, os.SEEK_SET)):
        try:
            undo()
        except OSError:
            pass
    try:
        sys.stdout.flush()
    except OSError:
        pass
    return _good(logits, labels)
