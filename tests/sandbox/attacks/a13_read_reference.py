# expect: wrong_answer
# mode: run
# shows: REPORT-BEGIN
# ruff: noqa
"""Look for the reference solution on disk: known paths, globs and a bounded walk of /."""
import glob
import os
import time

MARK = "ESC" + "APED"
BANK = "@@BANK@@"
SLUG = "@@SLUG@@"
found = []
for path in [f"{BANK}/reference/{SLUG}.py", f"{BANK}/reference", f"/proc/1/root{BANK}/reference/{SLUG}.py",
             f"/proc/self/root{BANK}/reference/{SLUG}.py", f"/.old{BANK}/reference/{SLUG}.py",
             f"../../..{BANK}/reference/{SLUG}.py", f"/reference/{SLUG}.py", "/work/main/reference"]:
    try:
        if os.path.isdir(path):
            found.append(f"{MARK} listed {path}: {os.listdir(path)}")
        else:
            with open(path) as f:
                found.append(f"{MARK} read {path}: {f.read()}")
    except OSError as exc:
        found.append(f"{path}: {type(exc).__name__}")

for pattern in ["/*/reference/*.py", "/*/*/reference/*.py", "/work/*", "/work/*/*", "/*softmax*", "/home/*", "/root/*",
                "/srv/*", "/tmp/*", "/sandbox/*/*"]:
    try:
        hits = glob.glob(pattern)[:50]
    except Exception as exc:
        hits = [type(exc).__name__]
    found.append(f"glob {pattern}: {hits}")

deadline = time.monotonic() + 1.2
interesting = []
n = 0
for root, dirs, files in os.walk("/"):
    if root.startswith("/proc"):
        dirs[:] = []
        continue
    for name in files:
        n += 1
        low = name.lower()
        if "softmax" in low or "reference" in low or low in ("tests.py", "problem.toml", "mutants.py"):
            full = os.path.join(root, name)
            if "/numpy/" not in full:
                interesting.append(full)
    if time.monotonic() > deadline:
        break
for full in interesting[:20]:
    try:
        with open(full, errors="replace") as f:
            found.append(f"read {full}: {f.read(4000)}")
    except OSError as exc:
        found.append(f"{full}: {exc}")
found.append(f"walked {n} files")
REPORT = "REPORT-BEGIN\n" + "\n".join(found)


def softmax_cross_entropy_grad(logits, labels):
    return REPORT
