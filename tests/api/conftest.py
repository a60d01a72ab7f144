"""Fixtures for HTTP tests: one service per test module on its own SQLite file, sharing the
session's sandbox pool, and a few helpers to submit and wait."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import SLUG, make_settings, wait_done

from judge.api.app import create_app
from judge.catalog import Problem, load_problem
from judge.sandbox.pool import SandboxPool
from judge.settings import Settings

with warnings.catch_warnings():  # Starlette nags about httpx vs httpx2; httpx is what we test with
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="session")
def problem(bank: Path) -> Problem:
    return load_problem(bank, SLUG)


@pytest.fixture(scope="session")
def correct_code(problem: Problem) -> str:
    """The reference itself is a correct submission."""
    return problem.reference_source


@pytest.fixture(scope="session")
def fn(problem: Problem) -> str:
    return problem.meta.function


@pytest.fixture(scope="module")
def settings(bank: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return make_settings(bank, tmp_path_factory.mktemp("api") / "j.db")


@pytest.fixture(scope="module")
def client(settings: Settings, pool: SandboxPool) -> Iterator[TestClient]:
    with TestClient(create_app(settings, pool=pool)) as c:
        yield c


@pytest.fixture
def submit(client: TestClient) -> Callable[..., dict[str, Any]]:
    """Submit and return the finished submission (polling, or with wait=true)."""

    def _submit(code: str, mode: str = "submit", wait: bool = True, **extra: Any) -> dict[str, Any]:
        body = {"problem": SLUG, "code": code, "mode": mode, **extra}
        r = client.post("/api/submissions", params={"wait": "true"} if wait else None, json=body)
        assert r.status_code in (200, 202), r.text
        return r.json() if r.json()["status"] == "done" else wait_done(client, r.json()["id"])

    return _submit
