# expect: runtime_error
# ruff: noqa
"""Garbage bytes on the result channel, framed with a small, plausible length."""
import os


def softmax_cross_entropy_grad(logits, labels):
    junk = b"\x00\x00\x00\x20" + b"Z\xff\x00garbage-not-a-valid-message!!!!"[:32]
    os.write(3, junk)
    os.write(3, bytes(range(256)))
    import time
    time.sleep(0.3)
    return None
