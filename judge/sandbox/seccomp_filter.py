"""The seccomp policy applied to learner processes.

A deny-list on top of the namespaces, uid drop and no_new_privs: numpy and
CPython need hundreds of ordinary syscalls, so an allow-list would be brittle,
while everything listed here is a known escape, introspection or kernel attack
surface that no exercise needs. Denied calls fail with EPERM so learners see a
Python exception rather than a silent kill.
"""

from __future__ import annotations

import errno
import socket
from typing import Any

from judge.sandbox import linux

DENIED = (
    # other processes' memory and tracing
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd", "pidfd_open",
    # kernel keyrings, BPF, io_uring, perf, userfaultfd
    "keyctl", "add_key", "request_key", "bpf", "io_uring_setup", "io_uring_enter",
    "io_uring_register", "perf_event_open", "userfaultfd",
    # namespaces and mounts
    "mount", "umount2", "pivot_root", "unshare", "setns", "chroot", "open_tree", "move_mount",
    "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr",
    # no new programs: nothing in an exercise needs execve
    "execve", "execveat",
    # the machine itself
    "reboot", "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module",
    "swapon", "swapoff", "acct", "settimeofday", "clock_settime", "clock_adjtime", "adjtimex",
    "sethostname", "setdomainname", "iopl", "ioperm", "syslog", "quotactl",
    "name_to_handle_at", "open_by_handle_at", "lookup_dcookie", "personality",
    "fanotify_init", "add_key",
)


def build() -> Any:
    """Build the filter in the zygote, before fork, so children only pay for `load()`."""
    import pyseccomp as sc

    f = sc.SyscallFilter(sc.ALLOW)
    eperm = sc.ERRNO(errno.EPERM)
    for name in dict.fromkeys(DENIED):
        f.add_rule(eperm, name)
    # Only AF_UNIX sockets (socketpair for multiprocessing-style code); no network families.
    f.add_rule(eperm, "socket", sc.Arg(0, sc.NE, socket.AF_UNIX))
    f.add_rule(eperm, "socketpair", sc.Arg(0, sc.NE, socket.AF_UNIX))
    # clone() with namespace flags is an unshare in disguise. clone3 passes flags in
    # memory seccomp cannot read, so it answers ENOSYS and glibc falls back to clone.
    for flag in (linux.CLONE_NEWUSER, linux.CLONE_NEWNS, linux.CLONE_NEWPID, linux.CLONE_NEWNET,
                 linux.CLONE_NEWIPC, linux.CLONE_NEWUTS, linux.CLONE_NEWCGROUP):
        f.add_rule(eperm, "clone", sc.Arg(0, sc.MASKED_EQ, flag, flag))
    f.add_rule(sc.ERRNO(errno.ENOSYS), "clone3")
    return f
