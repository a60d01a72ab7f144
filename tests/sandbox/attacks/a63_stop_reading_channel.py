# expect: time_limit_exceeded|wrong_answer|runtime_error
# ruff: noqa
"""Answer a large (scale-group) call by hand, then stop reading the channel and sleep.

The parent's next request is a ~1.6 MB frame: bigger than the socket buffer, so sending it
blocks until the learner reads, which it never does. Sending must be bounded by the test's
time limit, not hang the grader.
"""
import os
import struct
import sys
import time

import numpy as np

codec = sys.modules["judge.sandbox.codec"]


def softmax_cross_entropy_grad(logits, labels):
    if np.asarray(logits).size >= 50_000:
        payload = codec.encode({"t": "return", "value": np.zeros(np.shape(logits)), "self_time": 0.0})
        data = memoryview(struct.pack(">I", len(payload)) + payload)
        while data:
            data = data[os.write(3, data):]
        time.sleep(1e6)
    return np.zeros(np.shape(logits))
