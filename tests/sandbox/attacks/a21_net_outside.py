# expect: wrong_answer
# mode: run
# shows: REPORT-BEGIN
# ruff: noqa
"""Reach an outside address (10.255.255.1:80, 1 s timeout): must fail at once, not time out."""
import socket
import time

MARK = "ESC" + "APED"


def softmax_cross_entropy_grad(logits, labels):
    out = ["REPORT-BEGIN"]
    t0 = time.monotonic()
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(1.0)
        s.connect(("10.255.255.1", 80))
        out.append(f"{MARK} connected outside")
    except OSError as exc:
        took = time.monotonic() - t0
        out.append(f"outside: {type(exc).__name__} errno={exc.errno} after {took:.3f}s")
        if took > 0.5:
            out.append(f"{MARK} the connect was attempted (took {took:.3f}s)")
    try:
        d = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        d.sendto(b"x", ("10.255.255.1", 53))
        out.append(f"{MARK} udp datagram sent")
    except OSError as exc:
        out.append(f"udp: {type(exc).__name__}")
    try:
        socket.getaddrinfo("example.com", 80)
        out.append(f"{MARK} DNS resolved")
    except OSError as exc:
        out.append(f"dns: {type(exc).__name__}")
    return "\n".join(out)
