"""Fork-server for learner processes: `python -I -m judge.sandbox.zygote CTRL_FD`.

Started with an empty environment by the trusted parent. It imports numpy once
(BLAS pinned to one thread first: forking after OpenBLAS starts threads can
deadlock), builds a read-only root skeleton in a private mount namespace, then
forks on request. It never sees problems, references, tests or the database.

Per request it forks A (stays outside the jail, reports B's exit status on a
channel only A holds) and A forks B, PID 1 of fresh pid/net/ipc/uts/mount/cgroup
namespaces, which joins its cgroups, pivots into the skeleton with private
tmpfs /work and /tmp, drops to an unprivileged uid, applies rlimits,
no_new_privs and seccomp, and only then reads the learner's program.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import fcntl  # noqa: E402
import gc  # noqa: E402
import resource  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import struct  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import traceback  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

from judge.sandbox import codec, linux, runner, seccomp_filter  # noqa: E402

CGROUP_ROOT = "/sys/fs/cgroup"
STATUS = struct.Struct(">iddq")  # raw wait status, user s, sys s, max RSS KiB
# The learner's writable folders. Not /tmp or /work: the interpreter or venv may live
# under those on the host, and its read-only mirror must stay visible.
SO_SNDBUFFORCE = 32  # not exported by Python's socket module
CHANNEL_BUFFER = 8 << 20
HOME = "/sandbox/home"
TMP = "/sandbox/tmp"


def _warm() -> None:
    """Touch lazily initialised parts so each child does not pay for them (~15 ms for np.random)."""
    import importlib

    for name in ("array", "bisect", "collections", "copy", "ctypes", "dataclasses", "decimal",
                 "fractions", "functools", "heapq", "itertools", "json", "math", "operator",
                 "random", "re", "statistics", "string", "typing"):
        importlib.import_module(name)

    rng = np.random.default_rng(0)
    a = rng.standard_normal((8, 8))
    np.random.seed(0)
    np.random.rand(2)
    np.linalg.inv(a @ a.T + np.eye(8))
    np.linalg.eigh(a @ a.T)
    np.linalg.svd(a)
    np.fft.fft(a[0])
    np.einsum("ij,jk->ik", a, a)
    np.sort(a, axis=1)
    np.unique(np.array([3, 1, 2]))
    np.set_printoptions()
    str(a)
    repr(np.float32(1.5))
    del rng, a


def _allowed_paths() -> list[str]:
    """What learner code may read: system libraries, the interpreter, and numpy only."""
    paths = ["/usr", sys.base_prefix]
    numpy_dir = os.path.dirname(np.__file__)
    site = os.path.dirname(numpy_dir)
    paths.append(numpy_dir)
    for name in os.listdir(site):
        if name.startswith("numpy") and name.endswith(".libs"):
            paths.append(os.path.join(site, name))
    return paths


def _base_site_dirs() -> list[str]:
    import site
    import sysconfig

    dirs = {sysconfig.get_paths(vars={"base": sys.base_prefix, "platbase": sys.base_prefix})[k]
            for k in ("purelib", "platlib")}
    dirs.update(p for p in site.getsitepackages([sys.base_prefix]) if p.startswith(sys.base_prefix))
    return sorted(d for d in dirs if d.startswith(sys.base_prefix + "/"))


def _build_skeleton() -> str:
    linux.unshare(linux.CLONE_NEWNS)
    linux.mount(None, "/", None, linux.MS_REC | linux.MS_PRIVATE, None)
    root = tempfile.mkdtemp(prefix="judge-jail-")
    linux.mount("tmpfs", root, "tmpfs", linux.MS_NOSUID, "size=1m,mode=0755")
    allowed = _allowed_paths()
    for path in allowed[:2]:  # /usr and the interpreter prefix
        os.makedirs(root + path, mode=0o755, exist_ok=True)
        linux.bind_ro(path, root + path)
    # The interpreter's own site-packages may hold other packages (or the judge): hide them
    # under an empty tmpfs; numpy is bound back in below wherever it lives.
    for site_dir in _base_site_dirs():
        if os.path.isdir(root + site_dir):
            linux.mount("tmpfs", root + site_dir, "tmpfs", linux.MS_NOSUID | linux.MS_NODEV,
                        "size=64k,mode=0755")
    for path in allowed[2:]:
        if path.startswith("/sandbox"):
            raise RuntimeError(f"{path} clashes with the sandbox's own folders")
        target = root + path
        os.makedirs(target, mode=0o755, exist_ok=True)
        linux.bind_ro(path, target)
    for link in ("/lib", "/lib64", "/bin"):
        if os.path.islink(link):
            os.symlink(os.readlink(link), root + link)
        elif os.path.isdir(link):
            os.makedirs(root + link, exist_ok=True)
            linux.bind_ro(link, root + link)
    os.makedirs(root + "/etc", mode=0o755)
    if os.path.exists("/etc/ld.so.cache"):
        open(root + "/etc/ld.so.cache", "w").close()
        linux.bind_ro("/etc/ld.so.cache", root + "/etc/ld.so.cache")
    os.makedirs(root + "/dev", mode=0o755)
    for dev in ("null", "zero", "urandom", "random"):
        open(root + "/dev/" + dev, "w").close()
        linux.mount("/dev/" + dev, root + "/dev/" + dev, None, linux.MS_BIND, None)
    for d in (HOME, TMP, "/proc", "/.old"):
        os.makedirs(root + d, mode=0o755)
    linux.mount(None, root, None, linux.MS_REMOUNT | linux.MS_RDONLY | linux.MS_NOSUID, "size=1m")
    return root


def _enter_jail(root: str, req: dict[str, Any], chan: int, out: int, sfilter: Any) -> None:
    """Runs in B as root, PID 1 of its namespaces; ends as the unprivileged learner process."""
    linux.prctl(linux.PR_SET_PDEATHSIG, signal.SIGKILL)
    uid = int(req["uid"])
    for ctrl, rel in req["cgroups"].items():
        with open(f"{CGROUP_ROOT}/{ctrl}/{rel}/cgroup.procs", "w") as f:
            f.write("0")
    linux.unshare(linux.CLONE_NEWCGROUP)
    tmpfs = f"size={int(req['tmpfs_bytes'])},nr_inodes=4096,mode=0700,uid={uid},gid={uid}"
    for d in (HOME, TMP):
        linux.mount("tmpfs", root + d, "tmpfs", linux.MS_NOSUID | linux.MS_NODEV, tmpfs)
    linux.mount("proc", f"{root}/proc", "proc",
                linux.MS_NOSUID | linux.MS_NODEV | linux.MS_NOEXEC, None)
    os.chdir(root)
    linux.pivot_root(".", ".old")
    os.chdir("/")
    linux.umount2("/.old", linux.MNT_DETACH)
    linux.sethostname("sandbox")

    null = os.open("/dev/null", os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.dup2(chan, runner.CHAN_FD)
    os.closerange(runner.CHAN_FD + 1, 65536)

    cpu = int(req["cpu_seconds"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    fsize = int(req["output_bytes"])
    resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_MEMLOCK, (0, 0))
    resource.setrlimit(resource.RLIMIT_MSGQUEUE, (0, 0))

    # Setup ran at the zygote's low priority; the learner itself competes normally.
    os.setpriority(os.PRIO_PROCESS, 0, 0)
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    linux.prctl(linux.PR_SET_NO_NEW_PRIVS, 1)
    sfilter.load()

    os.environ.clear()
    os.environ.update({"HOME": HOME, "TMPDIR": TMP, "LANG": "C.UTF-8", "OPENBLAS_NUM_THREADS": "1",
                       "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"})
    os.chdir(HOME)
    sys.argv = ["solution.py"]


def _run_b(root: str, req: dict[str, Any], chan: int, out: int, sfilter: Any) -> None:
    try:
        _enter_jail(root, req, chan, out, sfilter)
    except BaseException:  # noqa: BLE001 - any failure before learner code is an internal error
        try:
            codec.write_frame(chan, {"t": "setup_failed", "error": traceback.format_exc()[-2000:]})
        finally:
            os._exit(70)
    codec.write_frame(runner.CHAN_FD, {"t": "ready"})
    try:
        runner.serve(int(req["frame_bytes"]))
        runner._flush()
    except BaseException:  # noqa: BLE001 - the channel broke or the learner tore the runner down
        pass
    os._exit(0)


def _run_a(root: str, req: dict[str, Any], chan: int, status: int, out: int, sfilter: Any) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    linux.prctl(linux.PR_SET_PDEATHSIG, signal.SIGKILL)
    linux.unshare(linux.CLONE_NEWPID | linux.CLONE_NEWNET | linux.CLONE_NEWIPC
                  | linux.CLONE_NEWUTS | linux.CLONE_NEWNS)
    pid = os.fork()
    if pid == 0:
        os.close(status)
        _run_b(root, req, chan, out, sfilter)
    os.close(chan)
    os.close(out)
    _, wstatus, usage = os.wait4(pid, 0)
    os.write(status, STATUS.pack(wstatus, usage.ru_utime, usage.ru_stime, usage.ru_maxrss))
    os._exit(0)


def _spawn(ctrl: socket.socket, root: str, req: dict[str, Any], sfilter: Any) -> None:
    chan_p, chan_c = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    # Large test inputs and results (a few MB) would otherwise cross in ~200 KB chunks, one
    # context switch each. SO_SNDBUFFORCE lets root exceed net.core.wmem_max.
    for end in (chan_p, chan_c):
        try:
            end.setsockopt(socket.SOL_SOCKET, SO_SNDBUFFORCE, CHANNEL_BUFFER)
        except OSError:
            end.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, CHANNEL_BUFFER)
    stat_p, stat_c = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    out = os.memfd_create("stdout", os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
    # A submission can overwrite its own output but never shrink it, so the parent's
    # size check for an output flood cannot be undone by ftruncate.
    fcntl.fcntl(out, fcntl.F_ADD_SEALS, fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_SEAL)
    pid = os.fork()
    if pid == 0:
        try:
            ctrl.close()
            chan_p.close()
            stat_p.close()
            chan = chan_c.detach()
            os.set_inheritable(chan, True)
            status = stat_c.detach()
            _run_a(root, req, chan, status, out, sfilter)
        finally:
            os._exit(71)
    chan_c.close()
    stat_c.close()
    try:
        socket.send_fds(ctrl, [codec.encode({"op": "spawned", "pid": pid})],
                        [chan_p.fileno(), stat_p.fileno(), out])
    finally:
        chan_p.close()
        stat_p.close()
        os.close(out)


def _tune_malloc() -> None:
    """Serve large arrays from the heap and keep freed memory: a fresh learner process would
    otherwise mmap, fault in and unmap every megabyte-sized temporary (~0.3 ms each)."""
    import ctypes

    libc = ctypes.CDLL(None)
    m_trim_threshold, m_mmap_threshold = -1, -3
    libc.mallopt(m_mmap_threshold, 32 << 20)
    libc.mallopt(m_trim_threshold, 256 << 20)


def main() -> None:
    ctrl = socket.socket(fileno=int(sys.argv[1]))
    # Forking and isolating warm processes happens while other submissions are being graded:
    # at nice 10 it yields the CPU to them instead of adding latency.
    os.setpriority(os.PRIO_PROCESS, 0, 10)
    _tune_malloc()
    _warm()
    sfilter = seccomp_filter.build()
    root = _build_skeleton()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # A processes are reaped by the kernel
    gc.collect()
    gc.freeze()  # keep refcount/GC writes from un-sharing the parent's pages in every child
    ctrl.sendall(codec.encode({"op": "hello", "pid": os.getpid(), "numpy": np.__version__}))
    while True:
        try:
            data = ctrl.recv(1 << 16)
        except InterruptedError:
            continue
        if not data:
            return
        req = codec.decode(data)
        if req.get("op") == "spawn":
            _spawn(ctrl, root, req, sfilter)
        elif req.get("op") == "exit":
            return


if __name__ == "__main__":
    main()
