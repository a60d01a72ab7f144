# expect: memory_limit_exceeded|runtime_error
# ruff: noqa
"""Memory outside the heap: memfds (shmem) filled as far as they go, then the heap on top.

RLIMIT_FSIZE caps each memfd at the output limit and RLIMIT_NOFILE their number, so this
ends in a runtime error (EFBIG/EMFILE) or, once the heap takes over, the memory limit.
"""
import os


def softmax_cross_entropy_grad(logits, labels):
    fds = []
    chunk = b"\x55" * (256 << 10)
    try:
        while True:
            fd = os.memfd_create("hoard")
            fds.append(fd)
            try:
                while True:
                    os.write(fd, chunk)
            except OSError:
                pass
    except OSError:
        pass
    hoard = []
    while True:
        hoard.append(bytearray(b"\x01" * (16 << 20)))
