# expect: runtime_error
# ruff: noqa
import os
import sys


def softmax_cross_entropy_grad(logits, labels):
    sys.stdout.flush()
    os._exit(0)
