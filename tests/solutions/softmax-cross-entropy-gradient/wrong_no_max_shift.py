# expect: wrong_answer
# message: NaN
# hint: exp(1000) overflows
import numpy as np


def softmax_cross_entropy_grad(logits, labels):
    e = np.exp(logits)
    probs = e / e.sum(axis=1, keepdims=True)
    probs[np.arange(len(labels)), labels] -= 1
    return probs / len(labels)
