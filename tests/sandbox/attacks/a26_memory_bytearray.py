# expect: memory_limit_exceeded
# ruff: noqa
"""Grow a bytearray until something gives."""


def softmax_cross_entropy_grad(logits, labels):
    blob = bytearray()
    while True:
        blob += b"\x01" * (16 << 20)
