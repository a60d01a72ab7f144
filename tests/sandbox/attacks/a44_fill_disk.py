# expect: wrong_answer
# mode: run
# shows: REPORT-BEGIN
# ruff: noqa
"""Fill both writable tmpfs folders (bytes, then inodes) until ENOSPC."""
import errno
import os


def softmax_cross_entropy_grad(logits, labels):
    out = ["REPORT-BEGIN"]
    chunk = b"\xaa" * (1 << 20)
    for d in ("/sandbox/home", "/sandbox/tmp"):
        written = 0
        try:
            with open(f"{d}/big", "wb") as f:
                while written < (1 << 31):
                    f.write(chunk)
                    written += len(chunk)
        except OSError as exc:
            out.append(f"{d}: stopped after {written >> 20} MiB: {errno.errorcode.get(exc.errno)}")
        n = 0
        try:
            while n < 100000:
                os.close(os.open(f"{d}/f{n}", os.O_CREAT | os.O_WRONLY, 0o600))
                n += 1
        except OSError as exc:
            out.append(f"{d}: stopped after {n} files: {errno.errorcode.get(exc.errno)}")
    return "\n".join(out)
