"""`judge push` to the real service: the problem is checked, installed, listed and judges submissions."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from judge.api.app import create_app
from judge.sandbox.pool import SandboxPool
from judge.settings import Settings

REPO = Path(__file__).resolve().parents[2]
AUTHOR_BANK = REPO / "tests" / "authoring" / "fixtures" / "bank"
TOKEN = "push-e2e-token"

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the sandbox needs root")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, pool: SandboxPool) -> Iterator[str]:
    root = tmp_path_factory.mktemp("push-e2e")
    bank = root / "bank"
    (bank / "problems").mkdir(parents=True)
    (bank / "reference").mkdir()
    slug = "higher-order-functions"
    shutil.copytree(REPO / "problems" / slug, bank / "problems" / slug)
    shutil.copy(REPO / "reference" / "higher-order-functions.py", bank / "reference")
    settings = Settings(bank_dir=bank, database_url=f"sqlite:///{root}/judge.db", admin_token=TOKEN,
                        workers=2, warm_sandboxes=1)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, pool=pool), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    else:
        pytest.fail("service did not start")
    yield url
    server.should_exit = True
    thread.join(30)


def _push(url: str, token: str) -> tuple[int, dict]:
    proc = subprocess.run([sys.executable, "-m", "judge.cli", "push", "row-softmax",
                           "--bank", str(AUTHOR_BANK), "--server", url, "--token", token, "--json"],
                          capture_output=True, text=True, timeout=300)
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    assert lines, proc.stderr
    return proc.returncode, json.loads(lines[-1])


def test_push_then_listed_and_judging(service: str) -> None:
    assert "row-softmax" not in {p["slug"] for p in httpx.get(f"{service}/api/problems").json()}
    code, out = _push(service, "wrong-token")
    assert code != 0 and not out["ok"]
    assert "row-softmax" not in {p["slug"] for p in httpx.get(f"{service}/api/problems").json()}

    code, out = _push(service, TOKEN)
    assert code == 0 and out["ok"], out
    listed = {p["slug"] for p in httpx.get(f"{service}/api/problems").json()}
    assert {"row-softmax", "higher-order-functions"} <= listed
    detail = httpx.get(f"{service}/api/problems/row-softmax").json()
    assert "def row_softmax(" in detail["signature"]

    good = (AUTHOR_BANK / "reference" / "row-softmax.py").read_text()
    r = httpx.post(f"{service}/api/submissions?wait=true", json={"problem": "row-softmax", "code": good},
                   timeout=60)
    assert r.status_code == 200 and r.json()["verdict"] == "accepted", r.text
    bad = good.replace("e / e.sum(axis=1, keepdims=True)", "e / e.sum(axis=0, keepdims=True)")
    assert bad != good
    r = httpx.post(f"{service}/api/submissions?wait=true", json={"problem": "row-softmax", "code": bad},
                   timeout=60)
    assert r.status_code == 200 and r.json()["verdict"] == "wrong_answer", r.text
