# expect: wrong_answer
# mode: run
# shows: REPORT-BEGIN
# then: p_check_planted.py
# ruff: noqa
"""Leave files and IPC objects behind for the next submission to find."""
import ctypes
import os

import numpy as np

TOKEN = b"planted-by-an-earlier-submission"
NP = os.path.dirname(np.__file__)
TARGETS = ["/tmp/judge-plant", "/sandbox/tmp/judge-plant", "/sandbox/home/judge-plant", "judge-plant",
           NP + "/judge-plant.py", NP + "/__pycache__/judge-plant.pyc", NP + "/__init__.py",
           NP + "/core/__pycache__/judge-plant.cpython-311.pyc", "/dev/shm/judge-plant", "/judge-plant",
           "/usr/lib/judge-plant", "/.old/judge-plant", "/var/tmp/judge-plant"]


def softmax_cross_entropy_grad(logits, labels):
    out = ["REPORT-BEGIN"]
    for path in TARGETS:
        try:
            with open(path, "ab") as f:
                f.write(TOKEN)
            out.append(f"wrote {path}")
        except OSError as exc:
            out.append(f"{path}: {type(exc).__name__}")
    try:
        os.mkfifo("/sandbox/tmp/judge-fifo")
        out.append("made a fifo")
    except OSError as exc:
        out.append(f"fifo: {exc}")
    libc = ctypes.CDLL(None, use_errno=True)
    shmid = libc.shmget(0x4A554447, 4096, 0o1000 | 0o666)  # IPC_CREAT
    out.append(f"shmget: {shmid} errno {ctypes.get_errno()}")
    msq = libc.msgget(0x4A554448, 0o1000 | 0o666)
    out.append(f"msgget: {msq} errno {ctypes.get_errno()}")
    sem = libc.semget(0x4A554449, 1, 0o1000 | 0o666)
    out.append(f"semget: {sem} errno {ctypes.get_errno()}")
    return "\n".join(out)
