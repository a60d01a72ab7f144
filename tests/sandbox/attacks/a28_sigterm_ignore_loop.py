# expect: time_limit_exceeded
# ruff: noqa
"""Ignore every catchable signal, then spin."""
import signal

for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGXCPU, signal.SIGALRM, signal.SIGUSR1,
            signal.SIGQUIT, signal.SIGPIPE, signal.SIGXFSZ):
    signal.signal(sig, signal.SIG_IGN)


def softmax_cross_entropy_grad(logits, labels):
    x = 0
    while True:
        x += 1
