"""LLM explanations of failures, against a local fake OpenAI-compatible server that records what
it is sent: the request's shape, that no hidden data or reference leaves the judge, that the
prose reaches GET /api/submissions/{id}, and that a disabled or failing endpoint changes nothing."""

from __future__ import annotations

import json
import threading
import time
import warnings
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from judge.api.app import create_app
from judge.catalog import Problem, load_problem
from judge.grading import explain as explain_mod
from judge.grading.explain import SYSTEM_PROMPT, explain
from judge.sandbox.pool import SandboxPool
from judge.settings import Settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

SLUG = "higher-order-functions"
SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions" / SLUG
EXPLANATION = "Your product overflows: numpy integers have a fixed size. Keep Python ints."
API_KEY = "test-key-123"


class FakeLLM:
    """A tiny OpenAI-compatible /chat/completions endpoint on 127.0.0.1 that records requests."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.status = 200
        self.reply: bytes | None = None  # raw body instead of a chat completion
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                raw = self.rfile.read(int(self.headers.get("content-length") or 0))
                fake.requests.append({"path": self.path, "headers": dict(self.headers),
                                      "raw": raw.decode(), "json": json.loads(raw)})
                if fake.reply is not None:
                    body = fake.reply
                elif fake.status != 200:
                    body = b'{"error": {"message": "boom"}}'
                else:
                    body = json.dumps({"id": "x", "object": "chat.completion", "choices": [
                        {"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": EXPLANATION}}]}).encode()
                self.send_response(fake.status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def reset(self) -> None:
        self.requests.clear()
        self.status = 200
        self.reply = None

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def llm() -> Iterator[FakeLLM]:
    fake = FakeLLM()
    try:
        yield fake
    finally:
        fake.close()


@pytest.fixture
def fake(llm: FakeLLM) -> Iterator[FakeLLM]:
    llm.reset()
    yield llm
    llm.reset()


def settings_for(url: str | None, **extra: Any) -> Settings:
    return Settings(llm_base_url=url, llm_api_key=API_KEY, llm_model="tiny-tutor", **extra)


FAILED: dict[str, Any] = {
    "verdict": "wrong_answer", "score": 40, "mode": "submit",
    "message": "wrong_answer on test 'secret' (hidden): result['product']: wrong value",
    "tests": [
        {"name": "ex", "group": "basic", "verdict": "accepted", "public": True, "stage": "",
         "message": "", "input": {"nums": [11, 22]}, "expected": {"p": 242}, "got": {"p": 242}},
        {"name": "pub", "group": "basic", "verdict": "wrong_answer", "public": True, "stage": "values",
         "message": "result['evens']: wrong value", "input": {"nums": [987654]},
         "expected": {"evens": [987654]}, "got": {"evens": [123457]}, "stdout": "debug 55555"},
        {"name": "secret", "group": "hidden", "verdict": "wrong_answer", "public": False,
         "stage": "values", "message": "result['product']: wrong value"},
        {"name": "later", "group": "hidden", "verdict": "skipped", "public": False, "stage": "",
         "message": "not run"},
    ],
    "hints": ["Mind the empty product."],
}


# --- explain() on its own -----------------------------------------------------------------------
def test_disabled_without_a_base_url_and_calls_nothing(fake: FakeLLM, monkeypatch) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(explain_mod.httpx, "post", lambda *a, **k: calls.append((a, k)))
    assert explain(FAILED, "statement", settings_for(None)) is None
    assert explain(FAILED, "statement", settings_for("  ")) is None
    assert calls == [] and fake.requests == []


def test_sends_only_the_structured_failure(fake: FakeLLM) -> None:
    text = explain(FAILED, "Return doubled, evens, product and sum_of_squares.", settings_for(fake.url))
    assert text == EXPLANATION
    [req] = fake.requests
    assert req["path"] == "/v1/chat/completions"
    assert req["headers"]["Authorization"] == f"Bearer {API_KEY}"
    body = req["json"]
    assert body["model"] == "tiny-tutor" and body["temperature"] == 0
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert body["messages"][0]["content"] == SYSTEM_PROMPT
    assert "reveal" in SYSTEM_PROMPT and "hidden test" in SYSTEM_PROMPT and "reference" in SYSTEM_PROMPT
    user = body["messages"][1]["content"]
    assert "Return doubled, evens" in user
    for wanted in ("wrong_answer", "result['product']: wrong value", "result['evens']: wrong value",
                   "values", "hidden", "Mind the empty product."):
        assert wanted in user
    # Only group/stage/verdict/message of failing tests: no values at all, not even public ones.
    for leaked in ("987654", "123457", "242", "55555", "not run", "secret"):
        assert leaked not in req["raw"]


@pytest.mark.parametrize("verdict", ["accepted", "internal_error"])
def test_nothing_to_explain(fake: FakeLLM, verdict: str) -> None:
    assert explain({**FAILED, "verdict": verdict}, "s", settings_for(fake.url)) is None
    assert fake.requests == []


def test_errors_give_none(fake: FakeLLM) -> None:
    fake.status = 500
    assert explain(FAILED, "s", settings_for(fake.url)) is None
    fake.status, fake.reply = 200, b"not json"
    assert explain(FAILED, "s", settings_for(fake.url)) is None
    fake.reply = b'{"choices": []}'
    assert explain(FAILED, "s", settings_for(fake.url)) is None
    fake.reply = b'{"choices": [{"message": {"content": "   "}}]}'
    assert explain(FAILED, "s", settings_for(fake.url)) is None
    assert len(fake.requests) == 4
    # Nothing listening there.
    assert explain(FAILED, "s", settings_for("http://127.0.0.1:9/v1")) is None


# --- through the service ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hof(bank: Path) -> Problem:
    return load_problem(bank, SLUG)


def _client(bank: Path, db_file: Path, pool: SandboxPool, url: str | None) -> TestClient:
    s = settings_for(url, bank_dir=bank, database_url=f"sqlite:///{db_file}", warm_sandboxes=1,
                     workers=2, wait_timeout_s=60.0)
    return TestClient(create_app(s, pool=pool))


@pytest.fixture(scope="module")
def enabled(bank: Path, pool: SandboxPool, llm: FakeLLM,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with _client(bank, tmp_path_factory.mktemp("explain") / "j.db", pool, llm.url) as c:
        yield c


def submit(client: TestClient, code: str) -> dict[str, Any]:
    r = client.post("/api/submissions", params={"wait": "true"},
                    json={"problem": SLUG, "code": code, "learner": "tutee"})
    assert r.status_code in (200, 202), r.text
    sid = r.json()["id"]
    deadline = time.monotonic() + 60
    while True:
        body: dict[str, Any] = client.get(f"/api/submissions/{sid}").json()
        if body["status"] == "done":
            return body
        assert time.monotonic() < deadline
        time.sleep(0.05)


def _hidden_values(problem: Problem) -> list[str]:
    """Distinctive renderings of the hidden tests' inputs (short ones like [0] could occur anywhere)."""
    out = set()
    for t in problem.hidden():
        for arg in t.args:
            values = arg if isinstance(arg, list) else [arg]
            if len(values) > 1:
                out.add(json.dumps(values))
                out.add(repr(values))
            out.update(str(v) for v in values if isinstance(v, int) and abs(v) >= 10_000)
    return sorted(out)


def test_explanation_reaches_the_submission(enabled: TestClient, fake: FakeLLM, hof: Problem) -> None:
    done = submit(enabled, (SOLUTIONS / "wrong_numpy_prod.py").read_text())  # fails hidden tests only
    assert done["verdict"] == "wrong_answer"
    assert done["explanation"] == EXPLANATION
    [req] = fake.requests
    assert req["headers"]["Authorization"] == f"Bearer {API_KEY}"
    raw = req["raw"]
    assert "result['product']: wrong value" in raw  # the failure message
    assert "big-numbers" in raw
    hidden = _hidden_values(hof)
    assert "3037000500" in hidden and len(hidden) > 10
    assert [v for v in hidden if v in raw] == []
    ref = hof.reference_source
    assert ref not in raw
    for line in ref.splitlines():
        if len(line.strip()) > 25:
            assert line.strip() not in raw
    # An accepted submission is not sent anywhere.
    fake.requests.clear()
    ok = submit(enabled, (SOLUTIONS / "correct_loop.py").read_text())
    assert ok["verdict"] == "accepted" and ok["explanation"] is None and fake.requests == []


def test_a_failing_endpoint_leaves_the_submission_fine(enabled: TestClient, fake: FakeLLM) -> None:
    fake.status = 500
    done = submit(enabled, (SOLUTIONS / "wrong_numpy_prod.py").read_text())
    assert len(fake.requests) == 1
    assert done["status"] == "done" and done["verdict"] == "wrong_answer" and done["score"] == 60
    assert done["explanation"] is None
    assert done["tests"] and done["message"]


def test_disabled_service_calls_nothing(bank: Path, pool: SandboxPool, fake: FakeLLM, monkeypatch,
                                        tmp_path: Path) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(explain_mod.httpx, "post", lambda *a, **k: calls.append((a, k)))
    with _client(bank, tmp_path / "off.db", pool, None) as c:
        done = submit(c, (SOLUTIONS / "wrong_numpy_prod.py").read_text())
    assert done["verdict"] == "wrong_answer" and done["explanation"] is None
    assert calls == [] and fake.requests == []
