# expect: wrong_answer
# ruff: noqa
"""Return raw pickle bytes (and a forged frame holding them): bytes must never be unpickled."""
import os
import pickle
import struct

PWN = "@@PWN_FILE@@"


class Payload:
    def __reduce__(self):
        return (open, (PWN, "w"))


BLOB = pickle.dumps(Payload(), protocol=2)


def softmax_cross_entropy_grad(logits, labels):
    return {"pickle": BLOB, "__reduce__": BLOB, "value": BLOB}
