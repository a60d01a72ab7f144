# expect: runtime_error|wrong_answer
# ruff: noqa
"""A hand-made frame whose array has a zero-size shape with a huge dimension.

Its byte count (0) matches its shape, so it passes the codec's checks, but numpy cannot
build it in the parent: the decoder must turn that into a protocol error, not crash grade().
"""
import os
import struct


def _s(text):
    b = text.encode()
    return b"s" + struct.pack(">I", len(b)) + b


def softmax_cross_entropy_grad(logits, labels):
    arr = (b"a" + struct.pack(">BB", 2, 3) + b"f8" + struct.pack(">QQQ", 0, 2**63 + 5, 2**62)
           + struct.pack(">Q", 0))
    payload = (b"d" + struct.pack(">I", 3) + _s("t") + _s("return") + _s("value") + arr
               + _s("self_time") + b"f" + struct.pack(">d", 0.0))
    os.write(3, struct.pack(">I", len(payload)) + payload)
    import time
    time.sleep(5)
