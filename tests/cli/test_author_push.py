"""`judge push` end to end: the CLI uploads to a real uvicorn serving the authoring router."""

from __future__ import annotations

import base64
import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn
from cli_support import SLUG, copy_bank, judge, judge_json
from fastapi import FastAPI

from judge.api.routes.authoring import router
from judge.authoring.archive import export_bytes
from judge.catalog import list_slugs
from judge.sandbox.pool import SandboxPool
from judge.settings import Settings

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the sandbox needs root")
TOKEN = "s3cret-admin-token"


@dataclass
class Server:
    url: str
    bank: Path
    app: FastAPI
    reloads: list[list[str]] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    bank = tmp_path_factory.mktemp("server") / "bank"
    (bank / "problems").mkdir(parents=True)
    (bank / "reference").mkdir()
    pool = SandboxPool(warm=1)
    pool.start()
    app = FastAPI()
    app.include_router(router)
    srv = Server("", bank, app)
    app.state.settings = Settings(bank_dir=bank, admin_token=TOKEN)
    app.state.pool = pool
    app.state.reload_problems = lambda: srv.reloads.append(list_slugs(bank))
    port = _free_port()
    userver = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=userver.run, name="uvicorn-push", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not userver.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    srv.url = f"http://127.0.0.1:{port}"
    try:
        yield srv
    finally:
        userver.should_exit = True
        thread.join(30)
        pool.close()


def test_push_installs_and_reloads(server: Server, tmp_path: Path) -> None:
    bank = copy_bank(tmp_path / "bank")
    before = len(server.reloads)
    code, out = judge_json("push", SLUG, "--server", server.url, "--token", TOKEN, "--bank", bank,
                           "--seeds", "1")
    assert code == 0, out
    (row,) = out["results"]
    assert row["status"] == 200 and row["ok"]
    resp = row["response"]
    assert resp["ok"] and resp["slug"] == SLUG and resp["reloaded"] is True
    assert resp["report"]["ok"] and resp["report"]["slug"] == SLUG
    assert len(server.reloads) == before + 1 and SLUG in server.reloads[-1]
    installed = server.bank / "problems" / SLUG
    assert resp["installed"] == str(installed)
    for f in (bank / "problems" / SLUG).iterdir():
        assert (installed / f.name).read_bytes() == f.read_bytes()
    assert (server.bank / "reference" / f"{SLUG}.py").read_bytes() == \
        (bank / "reference" / f"{SLUG}.py").read_bytes()

    # pushing again replaces it (human output this time)
    result = judge("push", SLUG, "--server", server.url, "--token", TOKEN, "--bank", bank, "--seeds", "0")
    assert result.exit_code == 0 and "replaced on the server" in result.stdout


def test_wrong_token_is_refused_with_the_servers_message(server: Server, tmp_path: Path) -> None:
    bank = copy_bank(tmp_path / "bank")
    before = len(server.reloads)
    result = judge("push", SLUG, "--server", server.url, "--token", "wrong", "--bank", bank)
    assert result.exit_code == 2
    assert "HTTP 403: invalid admin token" in " ".join(result.output.split())
    code, out = judge_json("push", SLUG, "--server", server.url, "--token", "wrong", "--bank", bank)
    assert code == 2 and out["results"][0]["status"] == 403
    assert len(server.reloads) == before


def test_failing_problem_is_rejected_with_its_report(server: Server, tmp_path: Path) -> None:
    bank = copy_bank(tmp_path / "bank")
    mutants = bank / "problems" / SLUG / "mutants.py"
    mutants.write_text(mutants.read_text() + '''

@mutant("identical", hint="secretly right")
def identical(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
''')
    before = len(server.reloads)
    result = judge("push", SLUG, "--server", server.url, "--token", TOKEN, "--bank", bank, "--seeds", "0")
    assert result.exit_code == 1
    assert "mutants.rejected" in result.stdout and "not sound" in result.stdout
    assert "HTTP 422: row-softmax failed its check: mutants.rejected" in " ".join(result.output.split())
    code, out = judge_json("push", SLUG, "--server", server.url, "--token", TOKEN, "--bank", bank,
                           "--seeds", "0")
    assert code == 1 and out["results"][0]["status"] == 422
    report = out["results"][0]["response"]["report"]
    assert report["failed"] == ["mutants.rejected"]
    assert "'identical' survives" in next(i["message"] for i in report["items"]
                                          if i["name"] == "mutants.rejected")
    assert len(server.reloads) == before
    installed = server.bank / "problems" / SLUG / "mutants.py"
    assert not installed.exists() or "identical" not in installed.read_text()


def test_push_needs_server_and_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bank = copy_bank(tmp_path / "bank")
    monkeypatch.delenv("JUDGE_SERVER", raising=False)
    monkeypatch.delenv("JUDGE_ADMIN_TOKEN", raising=False)
    result = judge("push", SLUG, "--token", TOKEN, "--bank", bank)
    assert result.exit_code == 2 and "--server is required" in result.output
    result = judge("push", SLUG, "--server", "http://127.0.0.1:9", "--bank", bank)
    assert result.exit_code == 2 and "--token is required" in result.output
    result = judge("push", SLUG, "--server", "http://127.0.0.1:9", "--token", TOKEN, "--bank", bank)
    assert result.exit_code == 2 and "cannot reach" in result.output


def test_endpoint_auth_and_validation(server: Server, tmp_path: Path) -> None:
    bank = copy_bank(tmp_path / "bank")
    data, _ = export_bytes(bank, SLUG)
    body = {"archive": base64.b64encode(data).decode()}
    url = server.url + "/api/admin/problems"
    with httpx.Client(timeout=60) as http:
        r = http.post(url, json=body)
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        r = http.post(url, json=body, headers={"Authorization": f"Basic {TOKEN}"})
        assert r.status_code == 401 and "malformed" in r.json()["detail"]
        r = http.post(url, json=body, headers={"Authorization": "Bearer nope"})
        assert r.status_code == 403
        auth = {"Authorization": f"Bearer {TOKEN}"}
        r = http.post(url, json={"archive": "%%%not base64%%%"}, headers=auth)
        assert r.status_code == 400 and "base64" in r.json()["detail"]
        r = http.post(url, json={"archive": base64.b64encode(b"not a zip").decode()}, headers=auth)
        assert r.status_code == 400 and "not a zip" in r.json()["detail"]
        r = http.post(url, content=b"{", headers={**auth, "content-type": "application/json"})
        assert r.status_code == 400
        r = http.post(url, json={**body, "unknown": 1}, headers=auth)
        assert r.status_code == 400 and "unknown" in r.json()["detail"]
        if (server.bank / "problems" / SLUG).exists():
            r = http.post(url, json={**body, "replace": False}, headers=auth)
            assert r.status_code == 409

        settings = server.app.state.settings
        server.app.state.settings = Settings(bank_dir=server.bank, admin_token=None)
        try:
            r = http.post(url, json=body, headers=auth)
            assert r.status_code == 503 and "no admin token" in r.json()["detail"]
        finally:
            server.app.state.settings = settings
