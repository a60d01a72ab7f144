# expect: wrong_answer
# message: expected shape
import numpy as np


def softmax_cross_entropy_grad(logits, labels):
    # Mistake: returns only the gradient entries at the true classes, shape (N,).
    n = logits.shape[0]
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return (p[np.arange(n), labels] - 1) / n
