# expect: wrong_answer
# message: returned None
import numpy as np


def softmax_cross_entropy_grad(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    p[np.arange(len(p)), labels] -= 1
    p /= len(p)
