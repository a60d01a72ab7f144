"""`judge problems` and `judge sync` through the real command line."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _judge(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None
           ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "judge.cli", *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, **(env or {})}, timeout=120)


def test_problems_lists_the_bank_and_reports_invalid_ones(tmp_path: Path) -> None:
    proc = _judge("problems", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    slugs = {p["slug"] for p in json.loads(proc.stdout)["problems"]}
    assert {"softmax-cross-entropy-gradient", "higher-order-functions"} <= slugs

    bank = tmp_path / "bank"
    hof = "higher-order-functions"
    shutil.copytree(REPO / "problems" / hof, bank / "problems" / hof)
    shutil.copytree(REPO / "reference", bank / "reference")
    broken = bank / "problems" / "broken-one"
    shutil.copytree(REPO / "problems" / hof, broken)
    (broken / "problem.toml").write_text((broken / "problem.toml").read_text() + "\nsurprise = 1\n")
    proc = _judge("problems", "--json", "--bank", str(bank))
    out = json.loads(proc.stdout)
    assert proc.returncode == 2
    assert [p["slug"] for p in out["problems"]] == ["higher-order-functions"]
    assert any("broken-one" in e and "surprise" in e for e in out["errors"]), out["errors"]


def test_sync_loads_the_bank_into_the_database(tmp_path: Path) -> None:
    db = tmp_path / "judge.db"
    proc = _judge("sync", "--json", env={"JUDGE_DATABASE_URL": f"sqlite:///{db}"}, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["synced"] >= 2
    with sqlite3.connect(db) as conn:
        rows = dict(conn.execute("select slug, statement from problem").fetchall())
    assert "softmax-cross-entropy-gradient" in rows and "log" in rows["softmax-cross-entropy-gradient"]
