# expect: wrong_answer
# mode: run
# shows: REPORT-BEGIN
# ruff: noqa
"""IPv6 sockets: loopback services and an outside address."""
import socket

MARK = "ESC" + "APED"


def softmax_cross_entropy_grad(logits, labels):
    out = ["REPORT-BEGIN"]
    for addr in [("::1", 6379), ("::1", 5432), ("::ffff:127.0.0.1", 6379), ("fd00::1", 80)]:
        try:
            s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
            s.settimeout(1.0)
            s.connect(addr)
            out.append(f"{MARK} connected to {addr}")
        except OSError as exc:
            out.append(f"{addr}: {type(exc).__name__} errno={exc.errno}")
    return "\n".join(out)
