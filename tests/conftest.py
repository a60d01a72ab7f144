"""Shared fixtures: the repository's problem bank and one warm sandbox pool per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from judge.sandbox.pool import SandboxPool

BANK = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def bank() -> Path:
    """The folder holding problems/ and reference/ (this repository)."""
    return BANK


@pytest.fixture(scope="session")
def pool() -> Iterator[SandboxPool]:
    """A started sandbox pool shared by the whole test session, closed at the end."""
    p = SandboxPool(warm=2)
    p.start()
    try:
        yield p
    finally:
        p.close()


_TINY_TOML = '''slug = "add-two"
title = "Add two numbers"
difficulty = "easy"
collection = "Basics"
topics = ["arithmetic", "warm-up"]
function = "add"
signature = "def add(a: float, b: float) -> float"
hints = ["Python's + adds numbers."]

[limits]
time_per_test_s = 1.0
total_time_s = 10.0

[[groups]]
name = "examples"
points = 40

[[groups]]
name = "hidden"
points = 60
'''

_TINY_TESTS = '''from judge.catalog.authoring import case


def examples():
    return [case("one-plus-two", "examples", 1, 2, explanation="1 + 2 = 3")]


def cases():
    return [case("secret-big", "hidden", 10**6, 7), case("secret-negative", "hidden", -3, -4)]
'''


@pytest.fixture
def tiny_bank(tmp_path: Path) -> Path:
    """A one-problem bank (`add-two`, function `add`) in a temporary folder, for store/queue tests."""
    root = tmp_path / "bank"
    folder = root / "problems" / "add-two"
    folder.mkdir(parents=True)
    (root / "reference").mkdir()
    (folder / "problem.toml").write_text(_TINY_TOML)
    (folder / "statement.md").write_text("Return `a + b`.\n")
    (folder / "starter.py").write_text("def add(a, b):\n    raise NotImplementedError\n")
    (folder / "tests.py").write_text(_TINY_TESTS)
    (root / "reference" / "add-two.py").write_text("def add(a, b):\n    return a + b  # reference\n")
    return root
