# expect: time_limit_exceeded|runtime_error
# ruff: noqa
"""Classic fork bomb: every process forks forever, ignoring failures."""
import os


def softmax_cross_entropy_grad(logits, labels):
    while True:
        try:
            os.fork()
        except OSError:
            pass
