# expect: runtime_error
# ruff: noqa
import sys


def softmax_cross_entropy_grad(logits, labels):
    sys.exit(0)
