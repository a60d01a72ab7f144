# expect: accepted
import numpy as np


def softmax_cross_entropy_grad(logits, labels):
    n = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    exps = np.exp(shifted)
    probs = exps / exps.sum(axis=1, keepdims=True)
    probs[np.arange(n), labels] -= 1
    return probs / n
