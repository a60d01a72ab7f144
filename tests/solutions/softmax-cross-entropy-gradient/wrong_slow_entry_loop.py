# expect: time_limit_exceeded
# message: slower than the vectorized reference
import numpy as np


def softmax_cross_entropy_grad(logits, labels):
    # Correct, but a Python loop over every single entry: far too slow on large batches.
    n, c = logits.shape
    grad = np.zeros((n, c))
    for i in range(n):
        m = logits[i, 0]
        for j in range(c):
            if logits[i, j] > m:
                m = logits[i, j]
        total = 0.0
        for j in range(c):
            total += np.exp(logits[i, j] - m)
        for j in range(c):
            grad[i, j] = np.exp(logits[i, j] - m) / total
            if j == labels[i]:
                grad[i, j] -= 1.0
            grad[i, j] /= n
    return grad
