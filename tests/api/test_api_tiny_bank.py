"""Service behaviour that needs its own settings or bank: wait timeouts, partial results while
grading, and reloading the catalog after the bank changes."""

from __future__ import annotations

import shutil
import time
import warnings
from pathlib import Path

import pytest
from api_support import make_settings, wait_done

from judge.api.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

SLOW_ADD = "import time\n\ndef add(a, b):\n    time.sleep(0.4)\n    return a + b\n"


@pytest.fixture
def tiny_client(tiny_bank: Path, tmp_path: Path, pool):
    settings = make_settings(tiny_bank, tmp_path / "tiny.db", wait_timeout_s=0.1)
    with TestClient(create_app(settings, pool=pool)) as c:
        yield c


def test_wait_gives_up_after_wait_timeout_with_202(tiny_client) -> None:
    r = tiny_client.post("/api/submissions?wait=true", json={"problem": "add-two", "code": SLOW_ADD})
    assert r.status_code == 202
    assert r.json()["status"] in ("queued", "running")
    assert wait_done(tiny_client, r.json()["id"])["verdict"] == "accepted"


def test_get_while_grading_shows_the_tests_finished_so_far(tiny_client) -> None:
    sid = tiny_client.post("/api/submissions", json={"problem": "add-two", "code": SLOW_ADD}).json()["id"]
    deadline = time.monotonic() + 10
    while True:
        body = tiny_client.get(f"/api/submissions/{sid}").json()
        if body["status"] == "running" and body["tests"]:
            break
        assert body["status"] != "done" and time.monotonic() < deadline
        time.sleep(0.02)
    assert body["total"] == 3 and 1 <= len(body["tests"]) < 3
    assert body["tests"][0]["name"] == "one-plus-two" and body["tests"][0]["verdict"] == "accepted"
    assert body["verdict"] is None and body["score"] is None
    done = wait_done(tiny_client, sid)
    assert done["verdict"] == "accepted" and done["score"] == 100 and len(done["tests"]) == 3


def test_reload_follows_the_bank(tiny_client, tiny_bank: Path) -> None:
    src = tiny_bank / "problems" / "add-two"
    dst = tiny_bank / "problems" / "add-three"
    shutil.copytree(src, dst)
    toml = dst / "problem.toml"
    toml.write_text(toml.read_text().replace('"add-two"', '"add-three"').replace("Add two", "Add three"))
    shutil.copy(tiny_bank / "reference" / "add-two.py", tiny_bank / "reference" / "add-three.py")

    assert tiny_client.app.state.reload_problems() == 2
    assert {p["slug"] for p in tiny_client.get("/api/problems").json()} == {"add-two", "add-three"}
    r = tiny_client.post("/api/submissions?wait=true",
                         json={"problem": "add-three", "code": "def add(a, b):\n    return a + b\n"})
    assert r.status_code == 200 and r.json()["verdict"] == "accepted"

    shutil.rmtree(src)
    assert tiny_client.app.state.reload_problems() == 1
    assert tiny_client.get("/api/problems/add-two").status_code == 404
    gone = tiny_client.post("/api/submissions", json={"problem": "add-two", "code": "x = 1\n"})
    assert gone.status_code == 404
    assert [p["slug"] for p in tiny_client.get("/api/problems").json()] == ["add-three"]
