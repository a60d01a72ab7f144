# expect: wrong_answer|runtime_error|time_limit_exceeded
# ruff: noqa
"""Write forged frames on the result channel: an early 'loaded' and pre-answered 'return's."""
import os
import struct
import sys

import numpy as np

codec = sys.modules["judge.sandbox.codec"]


def forge(msg):
    payload = codec.encode(msg)
    os.write(3, struct.pack(">I", len(payload)) + payload)


forge({"t": "loaded"})
for _ in range(40):
    forge({"t": "return", "value": np.zeros((2, 3)), "self_time": 0.0, "verdict": "accepted"})


def softmax_cross_entropy_grad(logits, labels):
    forge({"t": "return", "value": np.zeros(np.shape(logits)), "self_time": 0.0})
    return np.zeros(np.shape(logits))
