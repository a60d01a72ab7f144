# expect: wrong_answer
# mode: run
# shows: REPORT-BEGIN
# ruff: noqa
"""Connect to an abstract AF_UNIX socket the host (the judge's own process) listens on."""
import socket

MARK = "ESC" + "APED"
NAME = "@@ABSTRACT@@"


def softmax_cross_entropy_grad(logits, labels):
    out = ["REPORT-BEGIN"]
    for kind in (socket.SOCK_STREAM, socket.SOCK_SEQPACKET, socket.SOCK_DGRAM):
        try:
            s = socket.socket(socket.AF_UNIX, kind)
            s.settimeout(1.0)
            s.connect("\0" + NAME)
            out.append(f"{MARK} connected: {s.recv(200)!r}")
        except OSError as exc:
            out.append(f"{kind}: {type(exc).__name__} errno={exc.errno}")
    try:
        with open("/proc/net/unix") as f:
            out.append(f.read()[:3000])
    except OSError as exc:
        out.append(f"/proc/net/unix: {exc}")
    return "\n".join(out)
