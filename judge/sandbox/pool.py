"""Parent side of the sandbox: a warm pool of isolated learner processes.

`SandboxPool.acquire()` hands out a `Jail`: one pre-isolated process, already in
its cgroup slot and namespaces, waiting for a program. The caller loads code,
makes calls, and closes it; closing kills the whole process tree and frees the
slot. Only frames on the private channel, the cgroup counters and the exit
status A reports are trusted; the learner's exit code and stdout decide nothing.
"""

from __future__ import annotations

import collections
import concurrent.futures
import dataclasses
import os
import select
import socket
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from judge.sandbox import codec
from judge.sandbox.cgroups import CONTROLLERS, Slot, cleanup_stale, ensure_parent
from judge.sandbox.errors import SandboxError

STATUS = struct.Struct(">iddq")
STDOUT_SHOWN = 8192
SEND_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = 256 << 20
    output_bytes: int = 1 << 20
    frame_bytes: int = 64 << 20
    tmpfs_bytes: int = 16 << 20
    pids: int = 16
    cpu_seconds: int = 60  # rlimit backstop; per-call time is enforced by the parent's clock


@dataclass
class Reply:
    """What came back from one request to the jail."""

    kind: str  # "message" | "timeout" | "died" | "too_large" | "corrupt"
    message: dict[str, Any] | None = None
    wall: float = 0.0
    cpu: float = 0.0
    stdout: str = ""
    output_exceeded: bool = False
    detail: str = ""


@dataclass
class Termination:
    exit_code: int | None = None
    signal: int | None = None
    oom_killed: bool = False
    memory_peak: int = 0
    memory_failcnt: int = 0
    cpu_seconds: float = 0.0
    pids_peak: int = 0
    output_bytes: int = 0
    killed_by_parent: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class Jail:
    def __init__(self, pool: SandboxPool, slot: Slot, pid: int, chan: socket.socket,
                 status: socket.socket, out: int, limits: Limits) -> None:
        self.pool = pool
        self.slot = slot
        self.pid = pid
        self.chan = chan
        self.status = status
        self.out = out
        self.limits = limits
        self.reader = codec.FrameReader(limits.frame_bytes)
        self.out_pos = 0
        self.dead = False
        self.killed = False
        self._mark = time.perf_counter()
        self._cpu_mark = 0
        self.send_failed: str | None = None
        self.termination: Termination | None = None

    # --- protocol ---------------------------------------------------------
    def _send(self, msg: dict[str, Any], timeout: float | None = None) -> bool:
        # A deadline, because learner code can stop its side from reading (e.g. by replacing
        # the runner's receive loop) and a large frame would then block this thread forever.
        try:
            self.chan.settimeout(SEND_TIMEOUT_S if timeout is None else timeout)
            self.chan.sendall(codec.frame_bytes(msg))
            return True
        except TimeoutError:
            self.send_failed = "timeout"
        except OSError:
            self.send_failed = "closed"
        self.dead = True
        return False

    def _receive(self, timeout: float) -> Reply:
        deadline = time.monotonic() + timeout
        self.chan.setblocking(False)
        while True:
            try:
                payload = self.reader.pop()
            except codec.FrameTooLarge as exc:
                return Reply("too_large", detail=str(exc))
            if payload is not None:
                try:
                    msg = codec.decode(payload)
                except codec.CodecError as exc:
                    return Reply("corrupt", detail=str(exc))
                if not isinstance(msg, dict):
                    return Reply("corrupt", detail="message is not a mapping")
                return Reply("message", message=msg)
            left = deadline - time.monotonic()
            if left <= 0:
                return Reply("timeout")
            ready, _, _ = select.select([self.chan], [], [], left)
            if not ready:
                continue
            try:
                data = self.chan.recv(1 << 20)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if not data:
                self.dead = True
                return Reply("died")
            try:
                self.reader.feed(data)
            except codec.FrameTooLarge as exc:
                return Reply("too_large", detail=str(exc))

    def send(self, msg: dict[str, Any], timeout: float | None = None) -> bool:
        """Send without waiting for an answer; the clocks for the next reply start now."""
        self._cpu_mark = self.slot.cpu_ns()
        self._mark = time.perf_counter()
        return self._send(msg, timeout)

    def next_reply(self, timeout: float) -> Reply:
        """The next answer, timed from the previous one (or the send) by our clock and the cgroup's."""
        if self.dead:
            reply = Reply("timeout" if self.send_failed == "timeout" else "died")
        else:
            reply = self._receive(timeout)
        now, cpu = time.perf_counter(), self.slot.cpu_ns()
        reply.wall = now - self._mark
        reply.cpu = (cpu - self._cpu_mark) / 1e9
        self._mark, self._cpu_mark = now, cpu
        reply.stdout, reply.output_exceeded = self._new_stdout()
        if reply.kind != "message":
            self.dead = True
        return reply

    def request(self, msg: dict[str, Any], timeout: float) -> Reply:
        """Send one message and wait for its answer."""
        self.send(msg, timeout)
        return self.next_reply(timeout)

    def receive(self, timeout: float) -> Reply:
        reply = self._receive(timeout)
        reply.stdout, reply.output_exceeded = self._new_stdout()
        if reply.kind != "message":
            self.dead = True
        return reply

    def _new_stdout(self) -> tuple[str, bool]:
        try:
            size = os.fstat(self.out).st_size
        except OSError:
            return "", False
        exceeded = size >= self.limits.output_bytes
        if size <= self.out_pos:
            return "", exceeded
        start = max(self.out_pos, size - STDOUT_SHOWN)
        data = os.pread(self.out, size - start, start)
        text = data.decode("utf-8", "replace")
        if start > self.out_pos:
            text = f"[... {start - self.out_pos} bytes not shown ...]\n" + text
        self.out_pos = size
        return text, exceeded

    # --- end of life ----------------------------------------------------------
    def close(self) -> Termination:
        if self.termination is not None:
            return self.termination
        self.chan.close()  # EOF tells an honest runner to exit
        status = self._read_status(0.05)
        if self.slot.procs():
            if not self.slot.kill_all():
                self.pool._quarantine(self.slot)
        if status is None:
            status = self._read_status(2.0)
        stats = self.slot.stats()
        try:
            out_size = os.fstat(self.out).st_size
        except OSError:
            out_size = 0
        term = Termination(
            oom_killed=stats.oom_kills > 0,
            memory_peak=stats.memory_peak,
            memory_failcnt=stats.failcnt,
            cpu_seconds=stats.cpu_ns / 1e9,
            pids_peak=stats.pids_peak,
            output_bytes=out_size,
            killed_by_parent=self.killed,
        )
        if status is not None:
            wstatus = status[0]
            if os.WIFSIGNALED(wstatus):
                term.signal = os.WTERMSIG(wstatus)
            elif os.WIFEXITED(wstatus):
                term.exit_code = os.WEXITSTATUS(wstatus)
            term.extra["maxrss_kib"] = status[3]
        self.status.close()
        os.close(self.out)
        self.termination = term
        self.pool._release(self.slot)
        return term

    def idle_and_alive(self) -> bool:
        """A warm process has nothing to say until it gets a program: any readable byte, EOF
        or an exit status from its watcher means it is gone or misbehaving."""
        if self.dead:
            return False
        try:
            readable, _, _ = select.select([self.chan, self.status], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable

    def recycle(self) -> None:
        """Close in the background: for a process whose end the caller does not need to see."""
        self.pool._reaper.submit(self.close)

    def kill(self) -> None:
        """Kill the tree now (e.g. on a timeout) without releasing the slot yet."""
        self.killed = True
        self.dead = True
        self.slot.kill_all()

    def _read_status(self, timeout: float) -> tuple[int, float, float, int] | None:
        ready, _, _ = select.select([self.status], [], [], timeout)
        if not ready:
            return None
        try:
            data = self.status.recv(64)
        except OSError:
            return None
        if len(data) != STATUS.size:
            return None
        return STATUS.unpack(data)  # type: ignore[return-value]

    def __enter__(self) -> Jail:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SandboxPool:
    """Owns the zygote, the cgroup slots and a few warm, pre-isolated processes."""

    def __init__(self, limits: Limits | None = None, warm: int = 2, max_slots: int = 64,
                 uid_base: int = 62000, cgroup_root: str = "/sys/fs/cgroup",
                 cgroup_parent: str = "judge") -> None:
        self.limits = limits or Limits()
        self.warm = warm
        self.max_slots = max_slots
        self.uid_base = uid_base
        self.cgroup_root = cgroup_root
        self.cgroup_parent = cgroup_parent
        self.name = f"{os.getpid()}-{id(self) & 0xFFFFFF:x}"
        self._lock = threading.Lock()  # guards the control socket and the zygote
        self._cond = threading.Condition()
        self._free: list[Slot] = []
        self._n_slots = 0
        self._ready: collections.deque[Jail] = collections.deque()
        self._zygote: subprocess.Popen[bytes] | None = None
        self._ctrl: socket.socket | None = None
        self._closing = False
        self._refill: threading.Thread | None = None
        self._started = False
        self._reaper = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="sandbox-reaper")

    # --- lifecycle ----------------------------------------------------------------
    def start(self) -> None:
        if self._started:
            return
        self._closing = False
        if os.geteuid() != 0:
            raise SandboxError("the sandbox needs root to create namespaces and cgroups")
        cleanup_stale(self.cgroup_root, self.cgroup_parent)
        ensure_parent(self.cgroup_root, f"{self.cgroup_parent}/{self.name}")
        self._start_zygote()
        self._started = True
        if self.warm > 0:
            self._refill = threading.Thread(target=self._refill_loop, name="sandbox-refill",
                                            daemon=True)
            self._refill.start()

    def close(self) -> None:
        self._reaper.shutdown(wait=True)
        self._reaper = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="sandbox-reaper")
        with self._cond:
            self._closing = True
            self._cond.notify_all()
            ready = list(self._ready)
            self._ready.clear()
        for jail in ready:
            jail.close()
        with self._lock:
            self._stop_zygote()
        with self._cond:
            slots = list(self._free)
            self._free.clear()
        for slot in slots:
            slot.destroy()
        for ctrl in CONTROLLERS:
            try:
                os.rmdir(f"{self.cgroup_root}/{ctrl}/{self.cgroup_parent}/{self.name}")
            except OSError:
                pass
        self._started = False

    def _start_zygote(self) -> None:
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        pkg_parent = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        bootstrap = (f"import sys; sys.path.insert(0, {pkg_parent!r}); "
                     "from judge.sandbox.zygote import main; main()")
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
        self._zygote = subprocess.Popen(
            [sys.executable, "-I", "-c", bootstrap, str(child.fileno())],
            pass_fds=[child.fileno()], env=env, stdin=subprocess.DEVNULL, close_fds=True,
        )
        child.close()
        parent.settimeout(30)
        try:
            hello = codec.decode(parent.recv(1 << 16))
        except (OSError, codec.CodecError) as exc:
            self._zygote.kill()
            raise SandboxError(f"sandbox zygote failed to start: {exc}") from exc
        if not isinstance(hello, dict) or hello.get("op") != "hello":
            self._zygote.kill()
            raise SandboxError("sandbox zygote failed to start")
        parent.settimeout(10)
        self._ctrl = parent

    def _flush_ready(self) -> None:
        """Warm processes of a dead zygote died with it (parent-death signals): drop them all."""
        with self._cond:
            stale = list(self._ready)
            self._ready.clear()
            self._cond.notify_all()
        for jail in stale:
            self._reaper.submit(jail.close)

    def _stop_zygote(self) -> None:
        if self._ctrl is not None:
            try:
                self._ctrl.close()
            except OSError:
                pass
            self._ctrl = None
        if self._zygote is not None:
            self._zygote.kill()
            self._zygote.wait()
            self._zygote = None

    # --- slots ---------------------------------------------------------------------------
    def _take_slot(self) -> Slot:
        with self._cond:
            if self._free:
                return self._free.pop()
            if self._n_slots >= self.max_slots:
                raise SandboxError("no free sandbox slot")
            n = self._n_slots
            self._n_slots += 1
        slot = Slot(self.cgroup_root, f"{self.cgroup_parent}/{self.name}", f"s{n}",
                    self.uid_base + n)
        slot.create(self.limits.pids)
        return slot

    def _release(self, slot: Slot) -> None:
        if getattr(slot, "quarantined", False):
            return
        with self._cond:
            self._free.append(slot)

    def _quarantine(self, slot: Slot) -> None:
        slot.quarantined = True  # type: ignore[attr-defined]

    # --- spawning ----------------------------------------------------------------------
    def _spawn(self, limits: Limits) -> Jail:
        slot = self._take_slot()
        try:
            slot.prepare(limits.memory_bytes)
            req = {
                "op": "spawn", "uid": slot.uid,
                "cgroups": {c: slot.rel for c in CONTROLLERS},
                "cpu_seconds": limits.cpu_seconds, "output_bytes": limits.output_bytes,
                "tmpfs_bytes": limits.tmpfs_bytes, "frame_bytes": limits.frame_bytes,
            }
            with self._lock:
                pid, fds = self._control(req)
            chan = socket.socket(fileno=fds[0])
            status = socket.socket(fileno=fds[1])
            jail = Jail(self, slot, pid, chan, status, fds[2], limits)
        except BaseException:
            slot.kill_all()
            self._release(slot)
            raise
        first = jail.receive(10.0)
        msg = first.message or {}
        if msg.get("t") != "ready":
            jail.close()
            raise SandboxError(f"sandbox setup failed: {msg.get('error') or first.kind}")
        return jail

    def _control(self, req: dict[str, Any]) -> tuple[int, list[int]]:
        for attempt in (0, 1):
            if self._ctrl is None or (self._zygote and self._zygote.poll() is not None):
                self._stop_zygote()
                self._start_zygote()
                self._flush_ready()
            assert self._ctrl is not None
            try:
                self._ctrl.sendall(codec.encode(req))
                data, fds, _, _ = socket.recv_fds(self._ctrl, 1 << 16, 3)
                if not data or len(fds) != 3:
                    raise OSError("zygote closed the control channel")
                reply = codec.decode(data)
                return int(reply["pid"]), fds
            except (OSError, codec.CodecError, KeyError):
                self._stop_zygote()
                if attempt:
                    raise SandboxError("the sandbox zygote is not answering") from None
        raise SandboxError("unreachable")

    def _refill_loop(self) -> None:
        while True:
            with self._cond:
                while not self._closing and len(self._ready) >= self.warm:
                    self._cond.wait()
                if self._closing:
                    return
            try:
                jail = self._spawn(self.limits)
            except Exception:  # noqa: BLE001 - acquire() will surface the error synchronously
                time.sleep(0.5)
                continue
            with self._cond:
                if self._closing:
                    closing = True
                else:
                    closing = False
                    self._ready.append(jail)
                    self._cond.notify_all()
            if closing:
                jail.close()
                return

    def acquire(self, memory_bytes: int | None = None, output_bytes: int | None = None) -> Jail:
        if not self._started:
            self.start()
        jail: Jail | None = None
        while jail is None:
            with self._cond:
                if not self._ready:
                    break
                jail = self._ready.popleft()
                self._cond.notify_all()
            if not jail.idle_and_alive():
                # It died while waiting (its zygote was restarted, say): never hand a dead
                # process to a submission, which would be blamed for it.
                self._reaper.submit(jail.close)
                jail = None
        if jail is None:
            jail = self._spawn(self.limits)
        if memory_bytes is not None and memory_bytes != self.limits.memory_bytes:
            jail.slot.prepare(memory_bytes)
            jail.limits = dataclasses.replace(jail.limits, memory_bytes=memory_bytes)
        if output_bytes is not None and output_bytes < jail.limits.output_bytes:
            # RLIMIT_FSIZE stays at the pool's limit; below it the parent's size check decides.
            jail.limits = dataclasses.replace(jail.limits, output_bytes=output_bytes)
        return jail

    def __enter__(self) -> SandboxPool:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
