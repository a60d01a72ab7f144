# expect: wrong_answer
# ruff: noqa
"""Double-fork a setsid daemon that ignores signals and sleeps; return garbage."""
import os
import signal
import time

import numpy as np

_started = False


def _daemonize():
    pid = os.fork()
    if pid == 0:
        os.setsid()
        if os.fork() == 0:
            for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
                signal.signal(sig, signal.SIG_IGN)
            try:
                os.closerange(0, 64)
            except OSError:
                pass
            while True:
                time.sleep(1000)
        os._exit(0)
    os.waitpid(pid, 0)


def softmax_cross_entropy_grad(logits, labels):
    global _started
    if not _started:
        _started = True
        _daemonize()
    return np.zeros(np.shape(logits))
