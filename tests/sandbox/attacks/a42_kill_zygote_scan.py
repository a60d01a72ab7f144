# expect: runtime_error|wrong_answer
# ruff: noqa
"""Find the zygote (or anything else) by scanning /proc and by brute-force pids, and kill it."""
import os
import signal

MARK = "ESC" + "APED"


def softmax_cross_entropy_grad(logits, labels):
    me = os.getpid()
    hits = []
    for p in os.listdir("/proc"):
        if p.isdigit() and int(p) != me:
            try:
                with open(f"/proc/{p}/cmdline", "rb") as f:
                    cmd = f.read()
                if b"zygote" in cmd or b"python" in cmd:
                    os.kill(int(p), signal.SIGKILL)
                    hits.append(p)
            except OSError:
                pass
    for pid in range(2, 1 << 15):
        if pid == me:
            continue
        try:
            os.kill(pid, 0)
            hits.append(pid)
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    for pid in (1, os.getppid()):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return f"{MARK} still alive after killing {hits}" if hits else None
