# expect: wrong_answer
# mode: run
# shows: REPORT-BEGIN
# ruff: noqa
"""Connect to PostgreSQL on the host's loopback (127.0.0.1:5432), TCP and its unix socket."""
import socket
import time

MARK = "ESC" + "APED"


def softmax_cross_entropy_grad(logits, labels):
    out = ["REPORT-BEGIN"]
    t0 = time.monotonic()
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(1.0)
        s.connect(("127.0.0.1", 5432))
        out.append(f"{MARK} connected to postgres")
    except OSError as exc:
        out.append(f"postgres: {type(exc).__name__} errno={exc.errno} after {time.monotonic() - t0:.3f}s")
    for path in ["/var/run/postgresql/.s.PGSQL.5432", "/tmp/.s.PGSQL.5432", "/run/redis/redis.sock",
                 "/var/run/docker.sock", "/run/systemd/private"]:
        try:
            u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            u.settimeout(1.0)
            u.connect(path)
            out.append(f"{MARK} connected to {path}")
        except OSError as exc:
            out.append(f"{path}: {type(exc).__name__}")
    return "\n".join(out)
