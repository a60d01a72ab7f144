# expect: wrong_answer
# mode: run
# shows: /sandbox/home
# ruff: noqa
"""Dump the environment, as Python sees it and as the process started with it."""
import os


def softmax_cross_entropy_grad(logits, labels):
    initial = {}
    for path in ("/proc/self/environ", "/proc/1/environ"):
        try:
            with open(path, "rb") as f:
                initial[path] = f.read().replace(b"\0", b"\n").decode("utf-8", "replace")
        except OSError as exc:
            initial[path] = type(exc).__name__
    return f"environ: {dict(os.environ)}\nenvironb: {dict(os.environb)}\ninitial: {initial}"
