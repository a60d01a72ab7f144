# expect: wrong_answer
# message: values differ
# hint: normalises over the wrong axis
import numpy as np


def softmax_cross_entropy_grad(logits, labels):
    z = logits - logits.max(axis=0)
    p = np.exp(z) / np.exp(z).sum(axis=0)
    p[np.arange(len(p)), labels] -= 1
    return p / len(p)
