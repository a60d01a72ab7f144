# expect: wrong_answer
# mode: run
# shows: REPORT-BEGIN
# ruff: noqa
"""chmod/chown tricks on the submission's own files and on the read-only system."""
import os
import shutil
import stat
import sys

MARK = "ESC" + "APED"


def softmax_cross_entropy_grad(logits, labels):
    out = ["REPORT-BEGIN"]
    path = "/sandbox/tmp/own"
    with open(path, "w") as f:
        f.write("x")
    steps = [
        ("chmod 6777 own file", lambda: os.chmod(path, 0o6777)),
        ("chown own file to root", lambda: os.chown(path, 0, 0)),
        ("chown own file to another learner", lambda: os.chown(path, 62001, 62001)),
        ("chmod /sandbox/tmp 1777", lambda: os.chmod("/sandbox/tmp", 0o1777)),
        ("chmod /usr", lambda: os.chmod("/usr", 0o777)),
        ("chmod python", lambda: os.chmod(sys.executable, 0o6777)),
        ("chown /sandbox/home to root", lambda: os.chown("/sandbox/home", 0, 0)),
        ("link python into tmp", lambda: os.link(os.path.realpath(sys.executable), "/sandbox/tmp/py")),
        ("symlink /proc/1/root", lambda: os.symlink("/proc/1/root", "/sandbox/tmp/root")),
        ("utime /usr", lambda: os.utime("/usr", (0, 0))),
    ]
    for name, fn in steps:
        try:
            fn()
            out.append(f"ok: {name}")
        except OSError as exc:
            out.append(f"{name}: {type(exc).__name__}")
    st = os.stat(path)
    out.append(f"own file: uid={st.st_uid} mode={oct(st.st_mode)}")
    if st.st_uid == 0 or st.st_uid != os.getuid():
        out.append(f"{MARK} file ownership changed to {st.st_uid}")
    try:
        shutil.copy(sys.executable, "/sandbox/tmp/python-suid")
        os.chmod("/sandbox/tmp/python-suid", 0o4755)
        out.append(f"suid copy mode {oct(os.stat('/sandbox/tmp/python-suid').st_mode)} (owner {os.getuid()})")
    except OSError as exc:
        out.append(f"suid copy: {type(exc).__name__}")
    return "\n".join(out)
