"""Helpers for the CLI tests: the authoring fixture problem and an in-process runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from judge.cli import app

REPO = Path(__file__).resolve().parents[2]
FIXTURE_BANK = REPO / "tests" / "authoring" / "fixtures" / "bank"
SLUG = "row-softmax"
runner = CliRunner()


def copy_bank(dest: Path) -> Path:
    shutil.copytree(FIXTURE_BANK, dest, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def judge(*args: str | Path) -> Any:
    """Run `judge ARGS...` in-process; the click Result (exit_code, output, stdout, stderr)."""
    return runner.invoke(app, [str(a) for a in args])


def judge_json(*args: str | Path) -> tuple[int, dict[str, Any]]:
    result = judge(*args, "--json")
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines, f"no JSON output (exit {result.exit_code}): {result.output}"
    return result.exit_code, json.loads(lines[-1])
