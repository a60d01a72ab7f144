# expect: wrong_answer
# message: cannot accept
# ruff: noqa
"""Return objects whose unpickling would run code in the parent (create a file on the host)."""
import os

PWN = "@@PWN_FILE@@"


class Payload:
    def __reduce__(self):
        return (os.system, (f"touch {PWN}",))


class Payload2:
    def __reduce__(self):
        return (open, (PWN, "w"))


def softmax_cross_entropy_grad(logits, labels):
    return [Payload2(), {"x": Payload()}]
