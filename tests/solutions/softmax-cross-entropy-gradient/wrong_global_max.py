# expect: wrong_answer
# message: NaN
# hint: each row's own maximum
import numpy as np


def softmax_cross_entropy_grad(logits, labels):
    e = np.exp(logits - np.max(logits))
    p = e / np.sum(e, axis=1, keepdims=True)
    p[np.arange(len(p)), labels] -= 1
    return p / len(p)
