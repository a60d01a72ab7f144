# expect: wrong_answer
# mode: run
# ruff: noqa
"""Concurrent pair, side B: look for A's files, socket, shared memory, processes; signal them."""
import ctypes
import os
import signal
import socket
import time

MARK = "ESC" + "APED"
time.sleep(0.1)
libc = ctypes.CDLL(None, use_errno=True)
_probed = False


def softmax_cross_entropy_grad(logits, labels):
    global _probed
    seen = []
    if not _probed:
        _probed = True
        end = time.monotonic() + 0.7
        while time.monotonic() < end:
            for p in ("/sandbox/tmp/judge-probe-A", "/sandbox/home/judge-probe-A"):
                if os.path.exists(p):
                    seen.append(p)
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect("\0judge-probe-A")
                s.sendall(b"B says hi")
                seen.append("connected to A's socket")
                s.close()
            except OSError:
                pass
            if libc.shmget(0x4A55A0A0, 0, 0) >= 0:
                seen.append("A's shared memory")
            for p in os.listdir("/proc"):
                if p.isdigit() and int(p) != os.getpid():
                    seen.append(f"pid {p}")
                    try:
                        os.kill(int(p), signal.SIGSTOP)
                    except OSError:
                        pass
            time.sleep(0.02)
    if seen:
        return f"{MARK} B saw: {sorted(set(seen))}"
    return "B: saw nothing of A"
