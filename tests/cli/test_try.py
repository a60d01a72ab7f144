"""`judge try` as a learner uses it: a real process, real exit codes, from any folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SOLUTIONS = REPO / "tests" / "solutions"
JUDGE = [sys.executable, "-m", "judge.cli"]

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the sandbox needs root")


def _try(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
         ) -> tuple[int, dict]:
    proc = subprocess.run([*JUDGE, "try", *map(str, args), "--json"], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, **(env or {})}, timeout=120)
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    assert lines, f"no output (exit {proc.returncode}): {proc.stderr}"
    return proc.returncode, json.loads(lines[-1])


def test_row_loop_accepted_with_its_speed_ratio(tmp_path: Path) -> None:
    # From a folder with no problems/: the repository's own bank is found.
    code, out = _try("softmax-cross-entropy-gradient",
                     SOLUTIONS / "softmax-cross-entropy-gradient" / "correct_row_loop.py", cwd=tmp_path)
    assert code == 0 and out["verdict"] == "accepted" and out["score"] == 100
    ratio = out["diagnostics"]["speed_ratio"]
    assert 0 < ratio <= 10
    assert f"{ratio:.1f}x the reference's CPU time" in out["message"]
    assert {"verdict", "score", "tests", "hints"} <= set(out)


def test_entry_loop_rejected_on_the_scale_group_with_the_ratio(tmp_path: Path) -> None:
    code, out = _try("softmax-cross-entropy-gradient",
                     SOLUTIONS / "softmax-cross-entropy-gradient" / "wrong_slow_entry_loop.py", cwd=tmp_path)
    assert code == 1 and out["verdict"] == "time_limit_exceeded"
    scale = [t for t in out["tests"] if t["group"] == "scale"]
    assert scale and all(t["verdict"] == "time_limit_exceeded" for t in scale)
    assert "x slower than the vectorized reference (limit 10x)" in scale[0]["message"]
    assert out["diagnostics"]["speed"]["scale"]["ratio"] > 10
    earned = {g["name"]: g["earned"] for g in out["groups"]}
    assert earned["scale"] == 0 and earned["basic"] > 0  # only the scale group is lost


def test_wrong_answer_exit_1_with_the_misconception_hint() -> None:
    code, out = _try("softmax-cross-entropy-gradient",
                     SOLUTIONS / "softmax-cross-entropy-gradient" / "wrong_missing_mean.py")
    assert code == 1 and out["verdict"] == "wrong_answer"
    assert any("N times too large" in h or "times too large" in h for h in out["hints"]), out["hints"]


def test_syntax_error_and_usage_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def higher_order_ops(nums)\n    return {}\n")
    code, out = _try("higher-order-functions", bad)
    assert code == 1 and out["verdict"] == "syntax_error" and "line 1" in out["message"]
    code, out = _try("no-such-problem", bad)
    assert code == 2 and "no-such-problem" in out["error"]
    code, out = _try("higher-order-functions", tmp_path / "missing.py")
    assert code == 2 and "cannot read" in out["error"]


def test_bank_from_option_and_environment(tmp_path: Path) -> None:
    good = SOLUTIONS / "higher-order-functions"
    accepted = next(f for f in sorted(good.glob("*.py")) if f.read_text().startswith("# expect: accepted"))
    code, out = _try("higher-order-functions", accepted, "--bank", REPO, cwd=tmp_path)
    assert code == 0 and out["verdict"] == "accepted"
    empty = tmp_path / "empty-bank"
    (empty / "problems").mkdir(parents=True)
    code, out = _try("higher-order-functions", accepted, env={"JUDGE_BANK_DIR": str(empty)})
    assert code == 2 and "no such problem" in out["error"]
