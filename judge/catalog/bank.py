"""Where the problem bank (a folder holding problems/ and reference/) is."""

from __future__ import annotations

import os
from pathlib import Path

REPO_BANK = Path(__file__).resolve().parents[2]


def find_bank(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--bank DIR, else JUDGE_BANK_DIR, else the current folder if it holds problems/, else ours."""
    if explicit:
        return Path(explicit).resolve()
    env = os.environ.get("JUDGE_BANK_DIR")
    if env:
        return Path(env).resolve()
    cwd = Path.cwd()
    if (cwd / "problems").is_dir():
        return cwd.resolve()
    return REPO_BANK
