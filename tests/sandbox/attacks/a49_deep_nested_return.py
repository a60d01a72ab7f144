# expect: wrong_answer
# ruff: noqa
import sys

sys.setrecursionlimit(10 ** 5)


def softmax_cross_entropy_grad(logits, labels):
    v = [0.0]
    for _ in range(50000):
        v = [v]
    return v
