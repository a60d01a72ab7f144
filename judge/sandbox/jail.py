"""One isolated learner process as the trusted parent sees it: a channel, a watcher, a slot.

A `Jail` is handed out by `SandboxPool.acquire()`. The caller loads code, makes calls,
and closes it; closing kills the whole process tree and frees the slot. Only frames on
the private channel, the cgroup counters and the exit status the watcher reports are
trusted; the learner's exit code and stdout decide nothing.
"""

from __future__ import annotations

import os
import select
import socket
import struct
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from judge.sandbox import codec
from judge.sandbox.cgroups import Slot

if TYPE_CHECKING:
    from judge.sandbox.pool import SandboxPool

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
        """The next answer, when the caller has no use for its timing (same as next_reply)."""
        return self.next_reply(timeout)

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
                self.slot.quarantined = True  # never reused: something in it would not die
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
