# expect: wrong_answer
# mode: run
# shows: REPORT-BEGIN
# ruff: noqa
"""Connect to Redis on the host's loopback (127.0.0.1:6379) and ask for its keys."""
import socket
import time

MARK = "ESC" + "APED"


def softmax_cross_entropy_grad(logits, labels):
    out = ["REPORT-BEGIN"]
    t0 = time.monotonic()
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(1.0)
        s.connect(("127.0.0.1", 6379))
        s.sendall(b"INFO\r\nKEYS *\r\n")
        out.append(f"{MARK} redis answered: {s.recv(4096)!r}")
    except OSError as exc:
        out.append(f"redis: {type(exc).__name__} errno={exc.errno} after {time.monotonic() - t0:.3f}s")
    try:
        s = socket.create_connection(("localhost", 6379), timeout=1.0)
        out.append(f"{MARK} connected to localhost:6379")
    except OSError as exc:
        out.append(f"localhost: {type(exc).__name__} errno={exc.errno}")
    return "\n".join(out)
