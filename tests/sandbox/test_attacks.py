"""Adversarial suite: real attack submissions, graded end to end by the real sandbox.

Each file in tests/sandbox/attacks/ is one submission for `softmax-cross-entropy-gradient`,
with header comments:

    # expect: <verdict>[|<verdict>...]   the fitting verdict(s); never `accepted` for an attack
    # mode: run|submit                   run shows public got/stdout/messages (default: submit)
    # message: <substring>               must appear in the result (repeatable)
    # shows: <substring>                 must appear in the result: proves the exfiltration
                                         channel works, so the absence of secrets means something
    # secret: hidden-inputs|hidden-expected   extra leak checks for this attack
    # then: <file>                       a follow-up submission graded right after (expect in its header)
    # kind: integrity                    not an attack: a case that must be judged correctly
    # budget: <seconds>                  wall-time budget of grade() (default: limits + margin)

Placeholders @@BANK@@, @@SLUG@@, @@CANARY_FILE@@, @@PWN_FILE@@ and @@ABSTRACT@@ are filled
in before grading. An attack that gets anything it should not have returns, prints or
raises text containing ESC+APED (spelled split in the sources so tracebacks do not trip it).

For every attack: (1) the verdict is the fitting one; (2) grade() stays within the
problem's limits plus a margin (and never hangs: a watchdog kills the jail and fails the
test), each test within its per-test limit, and the result JSON stays under 1 MiB;
(3) nothing secret reaches the learner-visible result: a canary token planted in this
process's environment, in a world-readable host file and behind a host abstract socket,
a line of the reference's source, hidden inputs, and hidden test names (anywhere in run
mode; in submit mode outside the per-test `name` fields and the summary line, which name
tests by design); (4) a correct submission right after is accepted, by the same zygote;
(5) no process of the submission survives: no host process with a learner uid outside a
warm, never-used jail, and every free slot's cgroup is empty.

The limits are shortened (1 s per test, 3 s in total) so the suite runs in about a minute.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from judge.catalog import Problem, load_problem
from judge.grading import grader as grader_mod
from judge.grading.grader import Grader
from judge.grading.result import GradeResult
from judge.grading.verdicts import Verdict
from judge.sandbox.pool import SandboxPool

HERE = Path(__file__).resolve().parent
ATTACK_DIR = HERE / "attacks"
BANK = HERE.parents[1]
SLUG = "softmax-cross-entropy-gradient"

# Shorter limits than the real problem's (2 s / 30 s) keep the suite fast; the sandbox and
# the grader treat them exactly the same way.
TIME_PER_TEST_S = 1.0
TOTAL_TIME_S = 3.0
LOAD_S = max(TIME_PER_TEST_S, 2.0)  # the grader's allowance for importing a submission
MARGIN_S = 1.5
PER_TEST_MARGIN_S = 0.5
UID_LO, UID_HI = 62000, 63000
MARKER = "ESC" + "APED"
MAX_RESULT_BYTES = 1 << 20

CORRECT = """\
import numpy as np


def softmax_cross_entropy_grad(logits, labels):
    z = np.asarray(logits, dtype=np.float64)
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p = p / p.sum(axis=1, keepdims=True)
    p[np.arange(z.shape[0]), np.asarray(labels)] -= 1.0
    return p / z.shape[0]
"""


# --- attack files -------------------------------------------------------------------------------

@dataclass
class Attack:
    path: Path
    expect: frozenset[Verdict]
    mode: str = "submit"
    messages: list[str] = field(default_factory=list)
    shows: list[str] = field(default_factory=list)
    secrets: set[str] = field(default_factory=set)
    then: str | None = None
    kind: str = "attack"
    budget: float | None = None

    @property
    def name(self) -> str:
        return self.path.stem

    def code(self, canary: Canary) -> str:
        text = self.path.read_text(encoding="utf-8")
        for key, value in {"@@BANK@@": str(BANK), "@@SLUG@@": SLUG,
                           "@@CANARY_FILE@@": str(canary.file), "@@PWN_FILE@@": str(canary.pwn_file),
                           "@@ABSTRACT@@": canary.abstract}.items():
            text = text.replace(key, value)
        return text


def parse_attack(path: Path) -> Attack:
    attack = Attack(path, frozenset())
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("#").strip().partition(":")
        value = value.strip()
        if key == "expect":
            attack.expect = frozenset(Verdict(v.strip()) for v in value.split("|"))
        elif key == "mode":
            attack.mode = value
        elif key == "message":
            attack.messages.append(value)
        elif key == "shows":
            attack.shows.append(value)
        elif key == "secret":
            attack.secrets.add(value)
        elif key == "then":
            attack.then = value
        elif key == "kind":
            attack.kind = value
        elif key == "budget":
            attack.budget = float(value)
    if not attack.expect:
        raise ValueError(f"{path.name} has no '# expect:' header")
    if Verdict.ACCEPTED in attack.expect and attack.kind != "integrity":
        raise ValueError(f"{path.name}: an attack may never expect accepted")
    return attack


ATTACKS = [parse_attack(p) for p in sorted(ATTACK_DIR.glob("a*.py"))]


def test_suite_has_enough_attacks() -> None:
    real = [a for a in ATTACKS if a.kind != "integrity"]
    assert len(real) + 1 >= 35  # +1: the concurrent pair below


# --- secrets planted before the pool starts ----------------------------------------------------------

@dataclass
class Canary:
    token: str
    file: Path
    pwn_file: Path
    abstract: str
    visits: list[bytes] = field(default_factory=list)


@pytest.fixture(scope="module")
def canary() -> Iterator[Canary]:
    token = "canary-" + secrets.token_hex(16)
    name = secrets.token_hex(6)
    c = Canary(token=token, file=Path(f"/tmp/judge-canary-{name}"),
               pwn_file=Path(f"/tmp/judge-pwned-{secrets.token_hex(6)}"),
               abstract=f"judge-canary-{name}")
    c.file.write_text(f"JUDGE_CANARY_SECRET={token}\n")
    os.chmod(c.file, 0o644)  # world-readable: only the mount namespace may keep it from learners
    old_env = os.environ.get("JUDGE_CANARY_SECRET")
    os.environ["JUDGE_CANARY_SECRET"] = token
    # An abstract unix socket in the host's network namespace, handing out the token.
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind("\0" + c.abstract)
    srv.listen(16)
    srv.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                continue
            with conn:
                c.visits.append(b"connection")
                try:
                    conn.sendall(token.encode())
                except OSError:
                    pass

    listener = threading.Thread(target=serve, name="canary-listener", daemon=True)
    listener.start()
    try:
        yield c
    finally:
        stop.set()
        listener.join(2)
        srv.close()
        c.file.unlink(missing_ok=True)
        if old_env is None:
            os.environ.pop("JUDGE_CANARY_SECRET", None)
        else:
            os.environ["JUDGE_CANARY_SECRET"] = old_env


@pytest.fixture(scope="module")
def jail_pool(canary: Canary) -> Iterator[SandboxPool]:
    """Our own pool, its zygote started only after the canary is in this process's environment."""
    assert os.environ.get("JUDGE_CANARY_SECRET") == canary.token
    p = SandboxPool(warm=2)
    p.start()
    try:
        yield p
    finally:
        p.close()


@pytest.fixture(scope="module")
def problem() -> Problem:
    if not (BANK / "problems" / SLUG).is_dir():
        pytest.skip(f"problem {SLUG} is not in the bank")
    base = load_problem(BANK, SLUG)
    limits = base.meta.limits.model_copy(update={"time_per_test_s": TIME_PER_TEST_S,
                                                 "total_time_s": TOTAL_TIME_S})
    return dataclasses.replace(base, meta=base.meta.model_copy(update={"limits": limits}))


@pytest.fixture(scope="module")
def grader(jail_pool: SandboxPool) -> Grader:
    return Grader(jail_pool)


@dataclass
class Hidden:
    names: list[str]
    inputs: dict[str, str]  # fingerprint (the attacks' encoding) -> hidden test name
    expected: dict[str, str]  # repr of a hidden expected magnitude -> hidden test name
    reference_lines: list[str]


def _fingerprints(a: Any) -> list[str]:
    """How the attacks encode a hidden input: hex of its first bytes, or bytes as shape dimensions."""
    raw = np.asarray(a).tobytes()
    return ["H" + raw[:24].hex(), ", ".join(str(1000 + b) for b in raw[:5].ljust(5, b"\0"))]


@pytest.fixture(scope="module")
def hidden(problem: Problem) -> Hidden:
    tests, expected = grader_mod.tests_and_expected(problem, "submit")
    public_fps = {fp for t in tests if t.public for fp in _fingerprints(t.args[0])}
    names = [t.name for t in tests if not t.public]
    inputs = {}
    exp_reprs = {}
    public_reprs = {repr(float(v)) for t, e in zip(tests, expected, strict=True) if t.public
                    for v in np.abs(np.asarray(e, dtype=np.float64)).ravel()}
    for t, e in zip(tests, expected, strict=True):
        if t.public:
            continue
        for fp in _fingerprints(t.args[0]):
            if fp not in public_fps:
                inputs[fp] = t.name
        mags = np.abs(np.asarray(e, dtype=np.float64)).ravel()
        for v in ([mags.max()] if mags.size > 512 else mags):
            r = repr(float(v))
            # Skip short values (0.5, 0.25) and those a public example shares (shift invariance).
            if len(r) >= 10 and r not in public_reprs:
                exp_reprs[r] = t.name
    all_code = CORRECT + "".join(p.read_text() for p in ATTACK_DIR.glob("*.py"))
    ref_lines = [ln.strip() for ln in problem.reference_source.splitlines()]
    ref_lines = [ln for ln in ref_lines if len(ln) >= 24 and ln not in all_code]
    assert ref_lines, "no distinctive line in the reference to look for"
    return Hidden(names, inputs, exp_reprs, ref_lines)


# --- the five checks ------------------------------------------------------------------------------

def _strings(v: Any) -> Iterator[str]:
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for k, x in v.items():
            yield str(k)
            yield from _strings(x)
    elif isinstance(v, (list, tuple)):
        for x in v:
            yield from _strings(x)
    elif v is not None:
        yield repr(v)


def _scrub_names(d: dict[str, Any]) -> dict[str, Any]:
    """Drop the places where submit mode shows test names by design (each test's name, the summary)."""
    d = json.loads(json.dumps(d, default=str))
    for t in d.get("tests", []):
        t.pop("name", None)
    d["message"] = re.sub(r"on test '[^']*'", "on test <name>", d.get("message", ""))
    return d


def leaks(result: GradeResult, mode: str, canary: Canary, hidden: Hidden,
          extra: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    d = result.to_dict()
    hay = json.dumps(d, default=str) + "\n" + "\n".join(_strings(d))
    found = []
    if canary.token in hay:
        found.append("the canary token (environment / host file / host socket)")
    if MARKER in hay:
        found.append(f"the attack's success marker {MARKER!r}")
    for line in hidden.reference_lines:
        if line in hay:
            found.append(f"a line of the reference: {line!r}")
    named = hay if mode == "run" else "\n".join(_strings(_scrub_names(d)))
    for name in hidden.names:
        if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w@-])", named):
            found.append(f"the hidden test name {name!r}")
    for fp, name in hidden.inputs.items():
        if fp in hay:
            found.append(f"the input of hidden test {name!r}")
    if "hidden-expected" in extra:
        for r, name in hidden.expected.items():
            if r in hay:
                found.append(f"an exact expected value of hidden test {name!r} ({r})")
    if canary.pwn_file.exists():
        found.append(f"{canary.pwn_file} was created on the host")
    if canary.visits:
        found.append(f"the host's abstract socket was reached {len(canary.visits)} time(s)")
    return found


def _uids(pid: str) -> list[int]:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("Uid:"):
                    return [int(x) for x in line.split()[1:]]
    except OSError:
        pass
    return []


def _pids_cgroup(pid: str) -> str | None:
    try:
        with open(f"/proc/{pid}/cgroup") as f:
            for line in f:
                _, ctrls, path = line.rstrip("\n").split(":", 2)
                if "pids" in ctrls.split(","):
                    return path
    except OSError:
        pass
    return None


def _snapshot(pool: SandboxPool, deadline: float) -> tuple[list[Any], list[Any], int]:
    """Wait (until deadline) for the refill thread to be idle: each slot free or holding a warm jail."""
    while True:
        with pool._cond:
            ready, free, n = list(pool._ready), list(pool._free), pool._n_slots
        if (len(ready) >= pool.warm and len(ready) + len(free) >= n) or time.monotonic() > deadline:
            return ready, free, n
        time.sleep(0.02)


def survivors(pool: SandboxPool, settle_s: float = 5.0) -> list[str]:
    """Processes of finished submissions still around, or slots not back in the pool ([] when clean)."""
    deadline = time.monotonic() + settle_s
    while True:
        ready, free, n = _snapshot(pool, deadline)
        problems = []
        lost = n - len(ready) - len(free)
        if lost:
            problems.append(f"{lost} slot(s) neither free nor warm (busy, quarantined or leaked)")
        for slot in free:
            if slot.procs():
                problems.append(f"free slot {slot.rel} still has processes {slot.procs()}")
        warm = {}
        for jail in ready:
            procs = jail.slot.procs()
            if len(procs) != 1:
                problems.append(f"warm slot {jail.slot.rel} has {len(procs)} processes, not 1")
            warm[f"/{jail.slot.rel}"] = set(procs)
        mine = f"/{pool.cgroup_parent}/{pool.name}/"
        for pid in filter(str.isdigit, os.listdir("/proc")):
            uids = _uids(pid)
            if not any(UID_LO <= u < UID_HI for u in uids):
                continue
            cg = _pids_cgroup(pid)
            if cg is None:
                continue  # exited meanwhile
            if cg.startswith(f"/{pool.cgroup_parent}/") and not cg.startswith(mine):
                continue  # a warm jail of another pool in this test session
            if cg in warm and int(pid) in warm[cg]:
                continue  # a warm jail that has not run anything yet
            problems.append(f"pid {pid} uid {uids[0]} in cgroup {cg} survived")
        # Just-killed processes may need a moment to finish exiting: only persistent ones count.
        if not problems or time.monotonic() > deadline:
            return problems
        time.sleep(0.05)


def check_follow_up(grader: Grader, problem: Problem) -> None:
    r = grader.grade(problem, CORRECT, mode="submit")
    assert r.verdict == Verdict.ACCEPTED, f"the correct submission after the attack got {r.verdict}: " \
                                          f"{r.message}"


# --- the attacks ------------------------------------------------------------------------------------

def _default_budget() -> float:
    return TOTAL_TIME_S + LOAD_S + MARGIN_S


def _grade_timed(grader: Grader, problem: Problem, code: str, mode: str,
                 hang_after: float = 4 * _default_budget()) -> tuple[GradeResult, float]:
    """grade() with a watchdog: if it hangs, kill the busy slots to free it, then fail."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = grader.grade(problem, code, mode=mode)
        except BaseException as exc:  # noqa: BLE001 - re-raised below, in the test's thread
            box["error"] = exc

    t0 = time.monotonic()
    worker = threading.Thread(target=run, name="grade", daemon=True)
    worker.start()
    worker.join(hang_after)
    wall = time.monotonic() - t0
    if worker.is_alive():
        pool = grader.pool
        with pool._cond:
            idle = {s.rel for s in pool._free} | {j.slot.rel for j in pool._ready}
        for slot in _all_slots(pool):
            if slot.rel not in idle:
                slot.kill_all()
        worker.join(30)
        pytest.fail(f"grade() hung: no verdict after {wall:.1f} s (the learner's processes were "
                    "killed by the test to free the grader)")
    if "error" in box:
        raise box["error"]
    return box["result"], wall


def _all_slots(pool: SandboxPool) -> list[Any]:
    """Every slot the pool created, busy ones included (the pool keeps no list of those)."""
    from judge.sandbox.cgroups import Slot

    base = f"{pool.cgroup_root}/pids/{pool.cgroup_parent}/{pool.name}"
    return [Slot(pool.cgroup_root, f"{pool.cgroup_parent}/{pool.name}", name, 0)
            for name in sorted(os.listdir(base)) if name.startswith("s")]


def assert_attack(attack: Attack, result: GradeResult, wall: float, canary: Canary,
                  hidden: Hidden) -> None:
    d = result.to_dict()
    blob = json.dumps(d, default=str)
    summary = f"{attack.name}: {result.verdict.value}: {result.message}"
    # (1) the fitting verdict
    assert result.verdict in attack.expect, \
        f"{summary}\nexpected {sorted(v.value for v in attack.expect)}\n{blob[:3000]}"
    for m in attack.messages:
        assert m in blob, f"{summary}: {m!r} not in the result"
    for s in attack.shows:
        assert s in blob, f"{summary}: {s!r} not in the result, so the exfiltration check proves nothing"
    # (2) limits
    budget = attack.budget or _default_budget()
    assert wall <= budget, f"{summary}: grading took {wall:.2f} s, budget {budget:.2f} s " \
                           f"({TIME_PER_TEST_S} s per test, {TOTAL_TIME_S} s in total)"
    for t in result.tests:
        assert t.time_ms <= (TIME_PER_TEST_S + PER_TEST_MARGIN_S) * 1000, \
            f"{summary}: test {t.name} ran {t.time_ms:.0f} ms"
    # Results are stored and streamed to browsers: learner-controlled text must be bounded.
    assert len(blob) <= MAX_RESULT_BYTES, f"{summary}: the result is {len(blob)} bytes of JSON"
    # (3) secrets
    found = leaks(result, attack.mode, canary, hidden, attack.secrets)
    assert not found, f"{summary}: LEAKED " + "; ".join(found) + f"\n{blob[:4000]}"


def test_correct_solution_is_accepted_first(grader: Grader, problem: Problem) -> None:
    """Baseline: the follow-up check means something only if the correct code is accepted."""
    check_follow_up(grader, problem)


def test_canary_is_really_planted(canary: Canary) -> None:
    """The secrets the attacks look for exist and are reachable from the host side."""
    assert os.environ["JUDGE_CANARY_SECRET"] == canary.token
    assert canary.token in canary.file.read_text()
    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    c.settimeout(2)
    c.connect("\0" + canary.abstract)
    try:
        assert c.recv(100).decode() == canary.token
    finally:
        c.close()
    deadline = time.monotonic() + 2
    while not canary.visits and time.monotonic() < deadline:
        time.sleep(0.01)
    canary.visits.clear()  # this was the host itself, not a learner


def test_survivor_check_sees_a_running_submission(jail_pool: SandboxPool) -> None:
    """The process check must flag a learner process that is still alive (else (5) proves nothing)."""
    assert not survivors(jail_pool)
    jail = jail_pool.acquire()
    try:
        code = "import os, time\nif os.fork() == 0:\n    time.sleep(60)\ndef f():\n    return 1\n"
        assert jail.request({"code": code, "function": "f"}, 5.0).kind == "message"
        assert (jail.receive(5.0).message or {}).get("t") == "loaded"
        left = survivors(jail_pool, settle_s=0.5)
        assert any("survived" in p for p in left), left
        assert any("neither free nor warm" in p for p in left), left
    finally:
        jail.kill()
        jail.close()
    assert not survivors(jail_pool)


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: a.name)
def test_attack(attack: Attack, grader: Grader, jail_pool: SandboxPool, problem: Problem,
                canary: Canary, hidden: Hidden) -> None:
    zygote = jail_pool._zygote
    assert zygote is not None
    zygote_pid = zygote.pid

    try:
        result, wall = _grade_timed(grader, problem, attack.code(canary), attack.mode)
    finally:
        left = survivors(jail_pool)  # also when grade() itself blew up
        assert not left, f"{attack.name}: " + "; ".join(left)

    assert_attack(attack, result, wall, canary, hidden)
    if attack.then:
        then = parse_attack(ATTACK_DIR / attack.then)
        follow, follow_wall = _grade_timed(grader, problem, then.code(canary), then.mode)
        assert_attack(then, follow, follow_wall, canary, hidden)
        assert not survivors(jail_pool)
    # (4) a correct submission right after is accepted, by the same zygote
    check_follow_up(grader, problem)
    assert jail_pool._zygote is zygote and zygote.poll() is None and zygote.pid == zygote_pid, \
        f"{attack.name}: the zygote died or was restarted"
    assert not survivors(jail_pool)


def test_probe_controls_work(grader: Grader, jail_pool: SandboxPool, problem: Problem,
                             canary: Canary, hidden: Hidden) -> None:
    """Inside one submission the pair's probes all work, so their failing across two means isolation."""
    control = parse_attack(ATTACK_DIR / "c_control.py")
    result, wall = _grade_timed(grader, problem, control.code(canary), control.mode)
    assert_attack(control, result, wall, canary, hidden)
    assert "controls ok: 4/4" in json.dumps(result.to_dict())
    assert not survivors(jail_pool)


def test_concurrent_submissions_cannot_see_each_other(grader: Grader, jail_pool: SandboxPool,
                                                      problem: Problem, canary: Canary,
                                                      hidden: Hidden) -> None:
    """Two submissions at once: A leaves traces and listens, B looks for them and signals."""
    pair = [parse_attack(ATTACK_DIR / "c_listener.py"), parse_attack(ATTACK_DIR / "c_prober.py")]
    assert not survivors(jail_pool)  # both warm jails ready
    out: dict[str, tuple[GradeResult, float, float, float]] = {}

    def run(attack: Attack) -> None:
        t0 = time.monotonic()
        r = grader.grade(problem, attack.code(canary), mode=attack.mode)
        out[attack.name] = (r, time.monotonic() - t0, t0, time.monotonic())

    threads = [threading.Thread(target=run, args=(a,)) for a in pair]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert set(out) == {a.name for a in pair}, "a grade did not finish"
    (ra, _, sa, ea), (rb, _, sb, eb) = out["c_listener"], out["c_prober"]
    overlap = min(ea, eb) - max(sa, sb)
    assert overlap > 0.5, f"the two submissions barely overlapped ({overlap:.2f} s)"
    for attack, (r, wall, _, _) in zip(pair, (out["c_listener"], out["c_prober"]), strict=True):
        assert_attack(attack, r, wall, canary, hidden)
    got = json.dumps([ra.to_dict(), rb.to_dict()])
    assert "A: no visitors" in got and "B: saw nothing of A" in got
    assert not survivors(jail_pool)
    check_follow_up(grader, problem)


def test_cpu_hog_does_not_starve_a_neighbour(grader: Grader, jail_pool: SandboxPool, problem: Problem,
                                             canary: Canary, hidden: Hidden) -> None:
    """A submission spinning on every core must not push a concurrent correct one past its limits."""
    hog = parse_attack(ATTACK_DIR / "c_cpu_hog.py")
    assert not survivors(jail_pool)
    box: dict[str, tuple[GradeResult, float]] = {}
    hog_thread = threading.Thread(
        target=lambda: box.__setitem__("hog", _grade_timed(grader, problem, hog.code(canary), hog.mode)))
    hog_thread.start()
    time.sleep(0.5)  # the hog is loaded and spinning
    honest, wall = _grade_timed(grader, problem, CORRECT, "submit")
    still_hogging = hog_thread.is_alive()
    hog_thread.join(30)
    assert still_hogging, "the hog finished before the honest submission: the test proves nothing"
    assert honest.verdict == Verdict.ACCEPTED, \
        f"a correct submission next to a CPU hog got {honest.verdict}: {honest.message}"
    assert wall <= _default_budget(), f"the correct submission took {wall:.2f} s next to the hog"
    assert_attack(hog, *box["hog"], canary, hidden)
    assert not survivors(jail_pool)
