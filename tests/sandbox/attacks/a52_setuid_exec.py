# expect: wrong_answer
# mode: run
# shows: REPORT-BEGIN
# ruff: noqa
"""Make a setuid copy of a shell and execute it: execve must fail whatever the file's bits."""
import os
import shutil

MARK = "ESC" + "APED"


def softmax_cross_entropy_grad(logits, labels):
    out = ["REPORT-BEGIN"]
    shell = next((p for p in ("/bin/sh", "/usr/bin/sh", "/bin/dash", "/usr/bin/dash", "/bin/bash") if os.path.exists(p)), None)
    out.append(f"shell: {shell}")
    targets = []
    if shell:
        try:
            shutil.copy(shell, "/sandbox/tmp/sh")
            os.chmod("/sandbox/tmp/sh", 0o4755)
            targets.append("/sandbox/tmp/sh")
        except OSError as exc:
            out.append(f"copy: {type(exc).__name__}")
        targets.append(shell)
    for t in targets + ["/usr/bin/id"]:
        try:
            os.execv(t, [t, "-c", "echo ESC''APED-exec"])
        except OSError as exc:
            out.append(f"execv {t}: {type(exc).__name__} errno={exc.errno}")
    return "\n".join(out)
