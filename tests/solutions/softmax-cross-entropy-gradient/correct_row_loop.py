# expect: accepted
import numpy as np


def softmax_cross_entropy_grad(logits, labels):
    n, _ = logits.shape
    grad = np.empty_like(logits, dtype=np.float64)
    for i in range(n):
        row = logits[i] - np.max(logits[i])
        e = np.exp(row)
        grad[i] = e / e.sum()
        grad[i, labels[i]] -= 1.0
    return grad / n
