# expect: wrong_answer
# mode: run
# shows: controls ok
# ruff: noqa
"""Control for the concurrent pair: inside ONE submission, every probe used by B does work."""
import ctypes
import os
import socket
import time

libc = ctypes.CDLL(None, use_errno=True)


def softmax_cross_entropy_grad(logits, labels):
    ok = []
    with open("/sandbox/tmp/judge-probe-self", "w") as f:
        f.write("x")
    ok.append(os.path.exists("/sandbox/tmp/judge-probe-self"))
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind("\0judge-probe-self")
    srv.listen(1)
    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    c.connect("\0judge-probe-self")
    ok.append(True)
    libc.shmget(0x4A55B0B0, 4096, 0o1000 | 0o666)
    ok.append(libc.shmget(0x4A55B0B0, 0, 0) >= 0)
    pid = os.fork()
    if pid == 0:
        time.sleep(5)
        os._exit(0)
    ok.append(str(pid) in os.listdir("/proc"))
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    return f"controls ok: {sum(ok)}/{len(ok)}"
