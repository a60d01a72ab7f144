"""The pool's own guarantees: recovery from a dead zygote, clean slots, setup failures never accepted."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from judge.catalog import load_problem
from judge.grading.grader import Grader
from judge.grading.verdicts import Verdict
from judge.sandbox.pool import SandboxPool

GOOD = Path(__file__).resolve().parents[1] / "solutions" / "higher-order-functions"


def _good_code() -> str:
    for f in sorted(GOOD.glob("*.py")):
        text = f.read_text()
        if text.startswith("# expect: accepted"):
            return text
    raise AssertionError("no accepted fixture")


def _load(jail, code: str, fn: str = "f") -> dict:  # type: ignore[no-untyped-def]
    jail.request({"code": code, "function": fn}, 5)
    return jail.receive(5).message or {}


def test_zygote_killed_is_restarted(pool: SandboxPool) -> None:
    assert pool._zygote is not None
    os.kill(pool._zygote.pid, signal.SIGKILL)
    pool._zygote.wait()
    # Warm children forked before the kill may still be handed out; drain past them.
    for _ in range(pool.warm + 2):
        jail = pool.acquire()
        assert _load(jail, "def f():\n    return 41 + 1\n").get("t") == "loaded"
        assert (jail.request({"t": "call", "args": []}, 5).message or {}).get("value") == 42
        jail.close()
    assert pool._zygote is not None and pool._zygote.poll() is None


def test_tree_gone_and_slot_clean_after_close(pool: SandboxPool) -> None:
    jail = pool.acquire()
    code = ("import os, time, threading\n"
            "def f():\n"
            "    threading.Thread(target=time.sleep, args=(100,)).start()\n"
            "    if os.fork() == 0:\n"
            "        os.setsid()\n"
            "        if os.fork() == 0:\n"
            "            time.sleep(100)\n"
            "        os._exit(0)\n"
            "    return os.getpid()\n")
    assert _load(jail, code).get("t") == "loaded"
    reply = jail.request({"t": "call", "args": []}, 5)
    assert (reply.message or {}).get("value") == 1  # PID 1 of its own namespace
    slot = jail.slot
    deadline = time.monotonic() + 5
    while len(slot.procs()) < 3 and time.monotonic() < deadline:  # runner, thread's process, daemon
        time.sleep(0.01)
    seen = slot.procs()
    assert len(seen) >= 2
    term = jail.close()
    assert slot.procs() == []
    assert term.exit_code == 0 or term.signal is not None
    alive = [pid for pid in seen if Path(f"/proc/{pid}").exists()]
    assert alive == [], f"sandbox processes survived: {alive}"


def test_files_do_not_survive_into_the_next_run(pool: SandboxPool) -> None:
    writer = pool.acquire()
    assert _load(writer, "def f():\n    open('/sandbox/home/x','w').write('1')\n"
                         "    open('/sandbox/tmp/y','w').write('1')\n    return 1\n").get("t") == "loaded"
    assert (writer.request({"t": "call", "args": []}, 5).message or {}).get("value") == 1
    writer.close()
    for _ in range(pool.warm + 1):
        reader = pool.acquire()
        _load(reader, "import os\ndef f():\n"
                      "    return os.listdir('/sandbox/home') + os.listdir('/sandbox/tmp')\n")
        assert (reader.request({"t": "call", "args": []}, 5).message or {}).get("value") == []
        reader.close()


def test_setup_failure_is_internal_error_never_accepted(bank: Path) -> None:
    # A cgroup parent that cannot be created (a path under a regular file) breaks setup.
    broken = SandboxPool(warm=0, cgroup_root="/proc/self/status-not-a-dir")
    problem = load_problem(bank, "higher-order-functions")
    try:
        result = Grader(broken).grade(problem, _good_code())
    except Exception as exc:  # noqa: BLE001 - either is acceptable as long as it is not accepted
        pytest.fail(f"grading raised instead of answering internal_error: {exc!r}")
    finally:
        broken.close()
    assert result.verdict == Verdict.INTERNAL_ERROR
    assert result.score == 0


def test_warm_pool_hands_out_ready_processes(pool: SandboxPool) -> None:
    deadline = time.monotonic() + 5
    while len(pool._ready) < pool.warm and time.monotonic() < deadline:
        time.sleep(0.01)
    t0 = time.perf_counter()
    jail = pool.acquire()
    took = time.perf_counter() - t0
    jail.close()
    assert took < 0.05, f"acquiring a warm process took {took * 1000:.1f} ms"
