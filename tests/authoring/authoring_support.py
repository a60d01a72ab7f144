"""Helpers for the authoring tests: a small, sound problem to copy and break."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURE_BANK = Path(__file__).resolve().parent / "fixtures" / "bank"
SLUG = "row-softmax"


def copy_bank(dest: Path) -> Path:
    """A writable copy of the fixture bank (problems/row-softmax + its reference)."""
    shutil.copytree(FIXTURE_BANK, dest, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)
