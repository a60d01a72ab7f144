# expect: runtime_error
# secret: hidden-inputs
# ruff: noqa
"""Smuggle each hidden input out in the *name* of a dynamically created exception class.

Hidden tests withhold the exception message, but not its type name.
"""
import numpy as np


def softmax_cross_entropy_grad(logits, labels):
    fp = "H" + np.asarray(logits).tobytes()[:24].hex()
    raise type(fp, (Exception,), {})("message withheld anyway")
