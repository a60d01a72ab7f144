# expect: runtime_error
# ruff: noqa
import os

os._exit(0)


def softmax_cross_entropy_grad(logits, labels):
    return None
