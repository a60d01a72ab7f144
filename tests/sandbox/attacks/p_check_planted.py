# expect: accepted
# kind: integrity
# ruff: noqa
"""Second submission after a52: anything the first one left behind is a leak between submissions."""
import ctypes
import os

import numpy as np

MARK = "ESC" + "APED"
NP = os.path.dirname(np.__file__)
TARGETS = ["/tmp/judge-plant", "/sandbox/tmp/judge-plant", "/sandbox/home/judge-plant", "judge-plant",
           NP + "/judge-plant.py", NP + "/__pycache__/judge-plant.pyc",
           NP + "/core/__pycache__/judge-plant.cpython-311.pyc", "/dev/shm/judge-plant", "/judge-plant",
           "/usr/lib/judge-plant", "/.old/judge-plant", "/var/tmp/judge-plant", "/sandbox/tmp/judge-fifo"]
found = [p for p in TARGETS if os.path.lexists(p)]
with open(NP + "/__init__.py", "rb") as f:
    if b"planted-by-an-earlier-submission" in f.read():
        found.append("numpy/__init__.py")
libc = ctypes.CDLL(None, use_errno=True)
for name, key, call in (("shm", 0x4A554447, lambda k: libc.shmget(k, 0, 0)),
                        ("msg", 0x4A554448, lambda k: libc.msgget(k, 0)),
                        ("sem", 0x4A554449, lambda k: libc.semget(k, 0, 0))):
    if call(key) >= 0:
        found.append(name)
found += [n for n in os.listdir("/sandbox/tmp") + os.listdir("/sandbox/home")]


def softmax_cross_entropy_grad(logits, labels):
    if found:
        return f"{MARK} planted files survived: {found}"
    z = np.asarray(logits, dtype=np.float64)
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p = p / p.sum(axis=1, keepdims=True)
    p[np.arange(z.shape[0]), np.asarray(labels)] -= 1.0
    return p / z.shape[0]
