# expect: memory_limit_exceeded|output_limit_exceeded
# ruff: noqa
import numpy as np


def softmax_cross_entropy_grad(logits, labels):
    return np.zeros((20000, 20000))
