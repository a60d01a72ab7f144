# expect: wrong_answer
# message: cannot accept
# ruff: noqa
"""Return an object that claims to equal anything (and to be close to anything)."""


class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__

    def __bool__(self):
        return True

    def __len__(self):
        return 2

    def __getattr__(self, name):
        return lambda *a, **k: True

    def __array__(self, *a, **k):
        raise TypeError("nope")


def softmax_cross_entropy_grad(logits, labels):
    return AlwaysEqual()
