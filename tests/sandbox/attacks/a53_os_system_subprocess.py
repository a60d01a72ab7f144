# expect: wrong_answer
# mode: run
# shows: REPORT-BEGIN
# ruff: noqa
"""os.system, subprocess, posix_spawn and popen: no new program may start."""
import os
import subprocess
import sys

MARK = "ESC" + "APED"


def softmax_cross_entropy_grad(logits, labels):
    out = ["REPORT-BEGIN"]
    try:
        out.append(f"os.system -> {os.system('echo ESC' + chr(39) * 2 + 'APED-system')}")
    except OSError as exc:
        out.append(f"os.system: {type(exc).__name__}")
    for argv in (["sh", "-c", "echo ESC''APED-sub"], ["/bin/sh"], [sys.executable, "-c", "print('ESC' 'APED-py')"]):
        try:
            r = subprocess.run(argv, capture_output=True, timeout=2)
            out.append(f"{MARK} subprocess ran {argv[0]}: {r.returncode} {r.stdout!r}")
        except Exception as exc:
            out.append(f"subprocess {argv[0]}: {type(exc).__name__}: {exc}")
    try:
        pid = os.posix_spawn("/bin/sh", ["sh", "-c", "echo ESC''APED-spawn"], {})
        _, status = os.waitpid(pid, 0)
        out.append(f"posix_spawn status {status}")
    except OSError as exc:
        out.append(f"posix_spawn: {type(exc).__name__}")
    try:
        with os.popen("echo ESC''APED-popen") as p:
            out.append(f"popen read {p.read()!r}")
    except OSError as exc:
        out.append(f"popen: {type(exc).__name__}")
    return "\n".join(out)
