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
import socket
import subprocess
import sys
import threading
import time
from typing import Any

from judge.sandbox import codec
from judge.sandbox.cgroups import CONTROLLERS, Slot, cleanup_stale, ensure_parent
from judge.sandbox.errors import SandboxError
from judge.sandbox.jail import Jail, Limits, Reply, Termination

__all__ = ["Jail", "Limits", "Reply", "SandboxError", "SandboxPool", "Termination"]


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
        if slot.quarantined:
            return
        with self._cond:
            self._free.append(slot)

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
