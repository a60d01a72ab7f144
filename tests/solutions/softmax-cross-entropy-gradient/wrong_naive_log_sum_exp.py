# expect: wrong_answer
# hint: log(sum(exp(z))) directly
import numpy as np


def softmax_cross_entropy_grad(logits, labels):
    lse = np.log(np.sum(np.exp(logits), axis=1, keepdims=True))
    p = np.exp(logits - lse)
    p[np.arange(len(p)), labels] -= 1
    return p / len(p)
