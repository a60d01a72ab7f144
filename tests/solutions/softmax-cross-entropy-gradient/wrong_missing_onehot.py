# expect: wrong_answer
# hint: no correction for the true class
import numpy as np


def softmax_cross_entropy_grad(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return p / logits.shape[0]
