# expect: wrong_answer
# mode: run
# shows: REPORT-BEGIN
# ruff: noqa
"""Raw syscalls through ctypes: each must fail (arguments chosen to be harmless even if allowed)."""
import ctypes
import os

MARK = "ESC" + "APED"
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long

CALLS = {
    # name: (number, args)
    "ptrace(TRACEME)": (101, (0, 0, 0, 0)),
    "unshare(NEWUSER)": (272, (0x10000000,)),
    "unshare(NEWNS)": (272, (0x00020000,)),
    "unshare(NEWNET)": (272, (0x40000000,)),
    "mount(tmpfs)": (165, (b"none", b"/sandbox/tmp", b"tmpfs", 0, None)),
    "umount2(/usr)": (166, (b"/usr", 2)),
    "setuid(0)": (105, (0,)),
    "setgid(0)": (106, (0,)),
    "setresuid(0,0,0)": (117, (0, 0, 0)),
    "reboot(bad magic)": (169, (0xfee1dead, 0, 0, None)),
    "chroot": (161, (b"/sandbox/tmp",)),
    "pivot_root": (155, (b"/sandbox/tmp", b"/sandbox/tmp")),
    "init_module": (175, (None, 0, b"")),
    "finit_module": (313, (0, b"", 0)),
    "delete_module": (176, (b"judge_nonexistent_module", 0)),
    "kexec_load": (246, (0, 0, None, 0xFFFFFFFF)),
    "bpf": (321, (0, None, 0)),
    "perf_event_open": (298, (None, 0, -1, -1, 0)),
    "userfaultfd": (323, (0,)),
    "keyctl": (250, (0, 0, 0, 0, 0)),
    "setns": (308, (0, 0)),
    "sethostname": (170, (b"pwned", 5)),
    "io_uring_setup": (425, (1, None)),
    "swapon": (167, (b"/sandbox/tmp/swap", 0)),
    "open_by_handle_at": (304, (-100, None, 0)),
    "clone(NEWUSER)": (56, (0x10000000 | 17, 0, 0, 0, 0)),
    "clone(NEWPID)": (56, (0x20000000 | 17, 0, 0, 0, 0)),
    "mknod(char 1:1)": (133, (b"/sandbox/tmp/mem", 0o20666, (1 << 8) | 1)),
    "iopl(3)": (172, (3,)),
    "acct": (163, (None,)),
    "syslog(size)": (103, (10, None, 0)),
}


def softmax_cross_entropy_grad(logits, labels):
    out = ["REPORT-BEGIN"]
    pid = os.getpid()
    for name, (nr, args) in CALLS.items():
        ctypes.set_errno(0)
        ret = libc.syscall(ctypes.c_long(nr), *args)
        err = ctypes.get_errno()
        if os.getpid() != pid:  # a clone that succeeded: this is the child
            os._exit(0)
        if ret >= 0:
            out.append(f"{MARK} {name} returned {ret}")
        else:
            out.append(f"{name}: errno {err} ({os.strerror(err)})")
    for name, fn in [("os.setuid(0)", lambda: os.setuid(0)), ("os.chroot", lambda: os.chroot("/sandbox/tmp")),
                     ("os.setgroups", lambda: os.setgroups([0])), ("os.chown /", lambda: os.chown("/", 62000, 62000))]:
        try:
            fn()
            out.append(f"{MARK} {name} succeeded")
        except OSError as exc:
            out.append(f"{name}: {type(exc).__name__}")
    out.append(f"uid={os.getuid()} euid={os.geteuid()} gid={os.getgid()} groups={os.getgroups()}")
    return "\n".join(out)
