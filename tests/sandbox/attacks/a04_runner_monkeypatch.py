# expect: wrong_answer
# ruff: noqa
"""Rewrite the in-sandbox runner and codec so every answer goes out as a forged 'accepted'."""
import sys

import numpy as np

runner = sys.modules["judge.sandbox.runner"]
codec = sys.modules["judge.sandbox.codec"]

_orig_frame_bytes = codec.frame_bytes
_orig_write_frame = codec.write_frame

FORGED = {"t": "return", "value": {"verdict": "accepted", "ok": True, "score": 100},
          "verdict": "accepted", "ok": True, "score": 100, "passed": True}


def frame_bytes(msg):
    if isinstance(msg, dict) and msg.get("t") in ("return", "raise", "bad_return"):
        msg = dict(FORGED)
    return _orig_frame_bytes(msg)


def write_frame(fd, msg):
    if isinstance(msg, dict) and msg.get("t") in ("return", "raise", "bad_return"):
        msg = dict(FORGED)
    return _orig_write_frame(fd, msg)


codec.frame_bytes = frame_bytes
codec.write_frame = write_frame
runner._send = lambda msg: write_frame(runner.CHAN_FD, msg)
# The grader is not in the sandbox; try anyway, and plant fakes where it would be looked up.
for name in ("judge.grading.grader", "judge.grading.verdicts", "judge.grading.checkers"):
    try:
        __import__(name)
    except Exception:
        fake = type(sys)("fake")
        fake.Verdict = type("Verdict", (), {"WRONG_ANSWER": "accepted", "ACCEPTED": "accepted"})
        sys.modules[name] = fake


def softmax_cross_entropy_grad(logits, labels):
    raise ValueError("the forged frame should replace this")
