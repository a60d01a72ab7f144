"""Benchmark: verdict latency and throughput, side by side in one run.

    .venv/bin/python bench/run.py [--quick] [--out bench/results.md]

Modes, all grading the same softmax-CE submissions (half accepted, half wrong) on
the same tests (the problem's public and hidden tests):
  floor     the function called in-process, no isolation (what nothing can beat)
  baseline  a fresh `python` + `import numpy` process per submission (what Judge0,
            Piston and container graders pay at least), tests in and results out
            through files, compared in the parent
  sandbox   this judge's grader: warm pool, namespaces, cgroups, seccomp
  rest      the real service (`judge serve`, SQLite) through HTTP, POST ?wait=true
Each mode runs with 1 and 2 worker processes. Ratios are computed within this
run only, because the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import copy
import json
import multiprocessing as mp
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from judge.catalog import load_problem  # noqa: E402
from judge.grading.checkers import CheckContext, get_checker  # noqa: E402

SLUG = "softmax-cross-entropy-gradient"
GOOD = """import numpy as np

def softmax_cross_entropy_grad(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(labels)), labels] -= 1.0
    return p / len(labels)
"""
BAD = GOOD.replace("return p / len(labels)", "return p")  # missing 1/N
SUBMISSIONS = [GOOD, BAD]

BASELINE_HARNESS = """
import sys, numpy as np
code, tests, out = sys.argv[1], sys.argv[2], sys.argv[3]
ns = {}
exec(compile(open(code).read(), "solution.py", "exec"), ns)
fn = ns["softmax_cross_entropy_grad"]
data = np.load(tests, allow_pickle=False)
n = len(data.files) // 2
res = {}
for i in range(n):
    res[f"r{i}"] = np.asarray(fn(data[f"a{i}"], data[f"b{i}"]))
np.savez(out, **res)
"""


BANK = ROOT  # replaced by a filtered copy with --skip-group


def make_bank(skip: list[str]) -> Path:
    """A copy of the bank whose problem lacks the given test groups (points moved to the first)."""
    import re
    import shutil

    dest = Path(tempfile.mkdtemp(prefix="judge-bench-bank-"))
    shutil.copytree(ROOT / "problems" / SLUG, dest / "problems" / SLUG)
    (dest / "reference").mkdir()
    shutil.copy(ROOT / "reference" / f"{SLUG}.py", dest / "reference" / f"{SLUG}.py")
    toml = dest / "problems" / SLUG / "problem.toml"
    text = toml.read_text()
    freed = 0
    for name in skip:
        pattern = r'\[\[groups\]\]\nname = "' + re.escape(name) + r'"\npoints = (\d+)\n(?:(?!\[).*\n)*'
        block = re.search(pattern, text)
        if block is None:
            raise SystemExit(f"no group {name!r} in {toml}")
        freed += int(block.group(1))
        text = text.replace(block.group(0), "")
    first = re.search(r'\[\[groups\]\]\nname = "[^"]+"\npoints = (\d+)', text)
    assert first is not None
    text = text[:first.start(1)] + str(int(first.group(1)) + freed) + text[first.end(1):]
    toml.write_text(text)
    tests = dest / "problems" / SLUG / "tests.py"
    tests.write_text(tests.read_text() + f"""

_SKIP = {skip!r}
_all_cases, _all_generate = cases, generate


def cases():
    return [c for c in _all_cases() if c["group"] not in _SKIP]


def generate(rng):
    return [c for c in _all_generate(rng) if c["group"] not in _SKIP]
""")
    return dest


def _problem() -> Any:
    return load_problem(BANK, SLUG)


def _tests_expected(problem: Any) -> tuple[list[Any], list[Any]]:
    tests = problem.tests()
    ref = problem.reference
    return tests, [ref(*copy.deepcopy(t.args)) for t in tests]


def _compare(problem: Any, tests: list[Any], expected: list[Any], got: list[Any]) -> str:
    for t, e, g in zip(tests, expected, got, strict=True):
        spec = problem.meta.checker_for(t.group)
        if not get_checker(spec.name)(g, CheckContext(args=t.args, expected=e, spec=spec)).ok:
            return "wrong_answer"
    return "accepted"


# --- one submission in each mode ------------------------------------------------------------
class Floor:
    def __init__(self) -> None:
        self.problem = _problem()
        self.tests, self.expected = _tests_expected(self.problem)

    def __call__(self, code: str) -> str:
        ns: dict[str, Any] = {}
        exec(compile(code, "solution.py", "exec"), ns)
        fn = ns[self.problem.meta.function]
        got = [fn(*copy.deepcopy(t.args)) for t in self.tests]
        return _compare(self.problem, self.tests, self.expected, got)

    def close(self) -> None:
        pass


class Baseline(Floor):
    def __init__(self) -> None:
        super().__init__()
        self.dir = tempfile.mkdtemp(prefix="judge-bench-")
        self.tests_file = os.path.join(self.dir, "tests.npz")
        arrays = {}
        for i, t in enumerate(self.tests):
            arrays[f"a{i}"], arrays[f"b{i}"] = t.args
        np.savez(self.tests_file, **arrays)

    def __call__(self, code: str) -> str:
        code_file = os.path.join(self.dir, f"sol{os.getpid()}.py")
        out_file = os.path.join(self.dir, f"out{os.getpid()}.npz")
        Path(code_file).write_text(code)
        proc = subprocess.run([sys.executable, "-c", BASELINE_HARNESS, code_file, self.tests_file,
                               out_file], capture_output=True, timeout=60,
                              env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
        if proc.returncode != 0:
            return "runtime_error"
        data = np.load(out_file, allow_pickle=False)
        got = [data[f"r{i}"] for i in range(len(self.tests))]
        return _compare(self.problem, self.tests, self.expected, got)


class Sandbox:
    def __init__(self) -> None:
        from judge.grading.grader import Grader
        from judge.sandbox.pool import SandboxPool

        self.problem = _problem()
        self.pool = SandboxPool(warm=2)
        self.pool.start()
        self.grader = Grader(self.pool)
        self.grader.grade(self.problem, GOOD)  # warm caches (expected outputs, imports)

    def __call__(self, code: str) -> str:
        return self.grader.grade(self.problem, code).verdict.value

    def close(self) -> None:
        self.pool.close()


MODES: dict[str, Callable[[], Any]] = {"floor": Floor, "baseline": Baseline, "sandbox": Sandbox}


def _worker(mode: str, n: int, start: Any, out: Any) -> None:
    runner = MODES[mode]()
    start.wait()
    lat: list[tuple[str, float]] = []
    for k in range(n):
        code = SUBMISSIONS[k % 2]
        t0 = time.perf_counter()
        verdict = runner(code)
        lat.append((verdict, time.perf_counter() - t0))
    runner.close()
    out.put(lat)


def run_local(mode: str, workers: int, n: int) -> dict[str, Any]:
    ctx = mp.get_context("fork")
    start = ctx.Barrier(workers + 1)
    out = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(mode, n, start, out)) for _ in range(workers)]
    for p in procs:
        p.start()
    start.wait()
    t0 = time.perf_counter()
    lats: list[tuple[str, float]] = []
    for _ in procs:
        lats += out.get()
    wall = time.perf_counter() - t0
    for p in procs:
        p.join()
    return _summary(mode, workers, lats, wall)


# --- REST -------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_rest(workers: int, n: int) -> dict[str, Any]:
    import concurrent.futures as cf

    import httpx

    port = _free_port()
    tmp = tempfile.mkdtemp(prefix="judge-bench-db-")
    env = {**os.environ, "JUDGE_DATABASE_URL": f"sqlite:///{tmp}/bench.db", "JUDGE_WORKERS": str(workers),
           "JUDGE_WARM_SANDBOXES": "2", "JUDGE_BANK_DIR": str(BANK)}
    server = subprocess.Popen([sys.executable, "-m", "judge.cli", "serve", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            for _ in range(300):
                try:
                    if client.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            else:
                raise RuntimeError("server did not start")
            for code in SUBMISSIONS:  # warm-up
                client.post("/api/submissions?wait=true", json={"problem": SLUG, "code": code})

        # One keep-alive client per client thread, made before the clock starts: building an
        # httpx.Client (SSL context included) costs more than some verdicts.
        clients = [httpx.Client(base_url=base, timeout=60) for _ in range(workers)]

        def one(w: int) -> list[tuple[str, float]]:
            out = []
            for k in range(n):
                t0 = time.perf_counter()
                r = clients[w].post("/api/submissions?wait=true",
                                    json={"problem": SLUG, "code": SUBMISSIONS[k % 2]})
                out.append((r.json().get("verdict", f"http {r.status_code}"), time.perf_counter() - t0))
            return out

        t0 = time.perf_counter()
        with cf.ThreadPoolExecutor(workers) as ex:
            lats = [x for part in ex.map(one, range(workers)) for x in part]
        wall = time.perf_counter() - t0
        for c in clients:
            c.close()
    finally:
        server.terminate()
        server.wait(10)
    return _summary("rest", workers, lats, wall)


# --- report -----------------------------------------------------------------------------------
def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def _summary(mode: str, workers: int, lats: list[tuple[str, float]], wall: float) -> dict[str, Any]:
    by: dict[str, list[float]] = {}
    for verdict, t in lats:
        by.setdefault(verdict, []).append(t * 1000)
    allv = [t * 1000 for _, t in lats]
    return {"mode": mode, "workers": workers, "n": len(lats), "wall_s": wall,
            "per_s": len(lats) / wall, "p50": statistics.median(allv), "p95": _pct(allv, 0.95),
            "by_verdict": {v: {"n": len(x), "p50": statistics.median(x), "p95": _pct(x, 0.95)}
                           for v, x in sorted(by.items())}}


SKIPPED = ""


def render(rows: list[dict[str, Any]], n_tests: int) -> str:
    base = {r["workers"]: r["per_s"] for r in rows if r["mode"] == "baseline"}
    lines = [f"softmax-CE, {n_tests} tests per submission{SKIPPED} (half accepted, half wrong_answer); "
             f"{os.cpu_count()} cores; one run, side by side", "",
             "| mode | workers | submissions | p50 ms | p95 ms | verdicts/s | x baseline | "
             "p50/p95 accepted | p50/p95 wrong_answer |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        bv = r["by_verdict"]
        acc = bv.get("accepted", {})
        wa = bv.get("wrong_answer", {})
        ratio = r["per_s"] / base[r["workers"]] if r["workers"] in base else float("nan")
        lines.append(
            f"| {r['mode']} | {r['workers']} | {r['n']} | {r['p50']:.2f} | {r['p95']:.2f} | "
            f"{r['per_s']:.1f} | {ratio:.1f} | {acc.get('p50', float('nan')):.2f} / "
            f"{acc.get('p95', float('nan')):.2f} | {wa.get('p50', float('nan')):.2f} / "
            f"{wa.get('p95', float('nan')):.2f} |")
        other = {k: v for k, v in bv.items() if k not in ("accepted", "wrong_answer")}
        if other:
            lines.append(f"|  | unexpected verdicts: {json.dumps(other)} |||||||")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer submissions (a smoke run)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results.md"))
    ap.add_argument("--modes", default="floor,baseline,sandbox,rest")
    ap.add_argument("--skip-group", action="append", default=[],
                    help="leave a test group out (e.g. scale), to see the per-submission overhead "
                         "apart from heavy tests")
    args = ap.parse_args()
    global BANK
    if args.skip_group:
        global SKIPPED
        BANK = make_bank(args.skip_group)
        SKIPPED = f" (groups left out: {', '.join(args.skip_group)})"
    scale = 0.25 if args.quick else 1.0
    counts = {"floor": 200, "baseline": 30, "sandbox": 200, "rest": 150}
    n_tests = len(_problem().tests())
    rows = []
    for mode in args.modes.split(","):
        for workers in (1, 2):
            n = max(4, int(counts[mode] * scale))
            row = run_rest(workers, n) if mode == "rest" else run_local(mode, workers, n)
            rows.append(row)
            print(f"{mode:9s} workers={workers} n={row['n']:4d} p50={row['p50']:8.2f}ms "
                  f"p95={row['p95']:8.2f}ms {row['per_s']:8.1f}/s {row['by_verdict'].keys()}",
                  flush=True)
    table = render(rows, n_tests)
    print()
    print(table)
    Path(args.out).write_text(table + "\n")


if __name__ == "__main__":
    main()
