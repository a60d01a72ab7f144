# expect: runtime_error
# ruff: noqa
import ctypes


def softmax_cross_entropy_grad(logits, labels):
    return ctypes.string_at(0)
