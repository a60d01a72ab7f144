# expect: runtime_error|wrong_answer
# ruff: noqa
import os


def softmax_cross_entropy_grad(logits, labels):
    os.kill(os.getppid(), 9)
    return None
