# expect: accepted
import numpy as np


def softmax_cross_entropy_grad(logits, labels):
    # Stay in the input's precision: float32 in, float32 out.
    dtype = logits.dtype if np.issubdtype(logits.dtype, np.floating) else np.float64
    z = logits.astype(dtype, copy=True)
    z -= z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    z[np.arange(z.shape[0]), labels] -= dtype.type(1)
    z /= dtype.type(z.shape[0])
    return z
