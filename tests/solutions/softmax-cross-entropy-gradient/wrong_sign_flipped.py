# expect: wrong_answer
# message: values differ
# hint: wrong sign
import numpy as np


def softmax_cross_entropy_grad(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    onehot = np.zeros_like(p)
    onehot[np.arange(len(p)), labels] = 1.0
    return (onehot - p) / len(p)
