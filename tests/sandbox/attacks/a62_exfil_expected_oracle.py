# expect: wrong_answer
# secret: hidden-expected
# ruff: noqa
"""Return zeros: on hidden tests the checker's error report then equals max |expected|."""
import numpy as np


def softmax_cross_entropy_grad(logits, labels):
    return np.zeros(np.shape(logits))
