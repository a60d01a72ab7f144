# expect: output_limit_exceeded|runtime_error
# ruff: noqa
"""A length prefix of 4 GiB on the result channel: the parent must not try to buffer it."""
import os
import time


def softmax_cross_entropy_grad(logits, labels):
    os.write(3, b"\xff\xff\xff\xfe")
    chunk = b"\x00" * (1 << 16)
    for _ in range(64):
        try:
            os.write(3, chunk)
        except OSError:
            break
    time.sleep(5)
