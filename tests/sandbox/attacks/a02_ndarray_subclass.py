# expect: wrong_answer
# ruff: noqa
"""An ndarray subclass whose data is garbage but whose comparisons and views all lie."""
import numpy as np


class Liar(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)

    def __ne__(self, other):
        return np.zeros(np.shape(other), dtype=bool)

    __hash__ = None

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.view(np.ndarray) * 0 + 0.125, dtype=dtype)

    def tolist(self):
        return [[0.125]]

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return True

    def __array_function__(self, func, types, args, kwargs):
        return True

    def astype(self, *a, **k):
        return self

    def __reduce__(self):
        return (print, ("unpickled in the parent!",))


def softmax_cross_entropy_grad(logits, labels):
    shape = np.shape(logits)
    garbage = np.full(shape, 7.0).view(Liar)
    return garbage
