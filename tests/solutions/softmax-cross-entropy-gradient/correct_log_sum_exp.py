# expect: accepted
import numpy as np


def log_sum_exp(z):
    m = np.max(z, axis=1, keepdims=True)
    return m + np.log(np.sum(np.exp(z - m), axis=1, keepdims=True))


def softmax_cross_entropy_grad(logits, labels):
    z = np.asarray(logits, dtype=float)
    log_probs = z - log_sum_exp(z)
    onehot = np.eye(z.shape[1])[labels]
    return (np.exp(log_probs) - onehot) / len(z)
