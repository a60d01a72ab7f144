# expect: wrong_answer
# mode: run
# shows: REPORT-BEGIN
# ruff: noqa
"""ptrace, process_vm_readv and pidfd_getfd against pid 1 (the runner) and a child."""
import ctypes
import os
import time

MARK = "ESC" + "APED"
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
libc.ptrace.restype = ctypes.c_long


def softmax_cross_entropy_grad(logits, labels):
    out = ["REPORT-BEGIN"]
    child = os.fork()
    if child == 0:
        time.sleep(30)
        os._exit(0)
    try:
        for target in (1, child):
            for req, name in ((16, "ATTACH"), (0x4206, "SEIZE")):
                ctypes.set_errno(0)
                ret = libc.ptrace(ctypes.c_long(req), ctypes.c_long(target), None, None)
                err = ctypes.get_errno()
                out.append(f"ptrace {name} {target}: ret={ret} errno={err}")
                if ret == 0:
                    out.append(f"{MARK} ptrace {name} {target}")
        buf = ctypes.create_string_buffer(64)

        class IOVec(ctypes.Structure):
            _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]

        local = IOVec(ctypes.cast(buf, ctypes.c_void_p), 64)
        remote = IOVec(ctypes.c_void_p(0x400000), 64)
        ret = libc.syscall(ctypes.c_long(310), ctypes.c_long(1), ctypes.byref(local), ctypes.c_ulong(1),
                           ctypes.byref(remote), ctypes.c_ulong(1), ctypes.c_ulong(0))
        out.append(f"process_vm_readv: ret={ret} errno={ctypes.get_errno()}")
        if ret >= 0:
            out.append(f"{MARK} process_vm_readv")
        ret = libc.syscall(ctypes.c_long(434), ctypes.c_long(1), ctypes.c_uint(0))
        out.append(f"pidfd_open(1): ret={ret} errno={ctypes.get_errno()}")
        if ret >= 0:
            out.append(f"{MARK} pidfd_open")
        ret = libc.syscall(ctypes.c_long(312), ctypes.c_long(1), ctypes.c_long(child), ctypes.c_long(0), 0, 0)
        out.append(f"kcmp: ret={ret} errno={ctypes.get_errno()}")
        if ret >= 0:
            out.append(f"{MARK} kcmp")
    finally:
        os.kill(child, 9)
        os.waitpid(child, 0)
    return "\n".join(out)
