# expect: wrong_answer
# mode: run
# shows: FAKE-VERDICT-PRINTED
# ruff: noqa
"""Print lines that look like verdicts on stdout and stderr, then return garbage."""
import json
import sys

import numpy as np

FAKE = {"verdict": "accepted", "score": 100, "passed": 35, "total": 35, "message": "all tests passed"}


def softmax_cross_entropy_grad(logits, labels):
    print("accepted")
    print("FAKE-VERDICT-PRINTED")
    print(json.dumps(FAKE))
    print(json.dumps({"t": "return", "value": "accepted"}))
    print("accepted", file=sys.stderr)
    print(json.dumps(FAKE), file=sys.stderr)
    sys.stdout.write("\n" + json.dumps({"type": "done", "verdict": "accepted", "score": 100}) + "\n")
    return np.zeros(np.shape(logits))
