# expect: wrong_answer
# mode: run
# ruff: noqa
"""Concurrent pair, side A: leave traces (files, abstract socket, SysV shm) and wait for visitors."""
import ctypes
import os
import socket
import time

MARK = "ESC" + "APED"
for d in ("/sandbox/tmp", "/sandbox/home"):
    with open(f"{d}/judge-probe-A", "w") as f:
        f.write("A was here")
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind("\0judge-probe-A")
srv.listen(8)
srv.settimeout(0.05)
libc = ctypes.CDLL(None, use_errno=True)
SHM = libc.shmget(0x4A55A0A0, 4096, 0o1000 | 0o666)
_waited = False


def softmax_cross_entropy_grad(logits, labels):
    global _waited
    visitors = []
    if not _waited:
        _waited = True
        end = time.monotonic() + 0.8
        while time.monotonic() < end:
            try:
                conn, _ = srv.accept()
                visitors.append(conn.recv(100))
                conn.close()
            except OSError:
                pass
    others = [p for p in os.listdir("/proc") if p.isdigit() and int(p) != os.getpid()]
    if visitors:
        return f"{MARK} A had visitors: {visitors}"
    return f"A: no visitors; other pids visible: {others}; shm={SHM}"
