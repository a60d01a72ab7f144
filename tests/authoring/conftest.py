"""Fixtures for the authoring tests: one sandbox pool per module, a writable fixture bank."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from authoring_support import copy_bank

from judge.grading.grader import Grader
from judge.sandbox.pool import SandboxPool


@pytest.fixture(scope="module")
def grader() -> Iterator[Grader]:
    if os.geteuid() != 0:
        pytest.skip("the sandbox needs root")
    pool = SandboxPool(warm=2)
    pool.start()
    try:
        yield Grader(pool)
    finally:
        pool.close()


@pytest.fixture
def tmp_bank(tmp_path: Path) -> Path:
    return copy_bank(tmp_path / "bank")
