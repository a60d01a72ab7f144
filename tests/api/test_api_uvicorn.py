"""The service under a real uvicorn on 127.0.0.1: live SSE and concurrent requests over TCP."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from api_support import SLUG, make_settings

from judge.api.app import create_app


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(bank, pool, tmp_path_factory) -> Iterator[str]:
    settings = make_settings(bank, tmp_path_factory.mktemp("uvicorn") / "j.db")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, pool=pool), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


def test_events_stream_live(base_url: str, fn: str) -> None:
    # each example takes a while, so the test events must arrive spread out, before `done`
    slow = ("import time\nimport numpy as np\n\n"
            f"def {fn}(logits, labels):\n    time.sleep(0.3)\n    return np.zeros_like(logits)\n")
    with httpx.Client(base_url=base_url, timeout=30) as http:
        sid = http.post("/api/submissions", json={"problem": SLUG, "code": slow, "mode": "run"}).json()["id"]
        arrivals: list[tuple[str, float, dict]] = []
        with http.stream("GET", f"/api/submissions/{sid}/events") as r:
            assert r.status_code == 200
            assert r.headers["content-type"].startswith("text/event-stream")
            name = None
            for line in r.iter_lines():
                if line.startswith("event: "):
                    name = line[len("event: "):]
                elif line.startswith("data: ") and name:
                    arrivals.append((name, time.monotonic(), json.loads(line[len("data: "):])))
    names = [n for n, _, _ in arrivals]
    assert names[0] == "status" and arrivals[0][2]["status"] in ("queued", "running")
    assert names[-1] == "done" and names.count("done") == 1
    tests = [a for a in arrivals if a[0] == "test"]
    assert len(tests) == arrivals[-1][2]["total"] >= 2
    assert arrivals[-1][2]["verdict"] == "wrong_answer"
    assert arrivals[-1][1] - tests[0][1] >= 0.2  # streamed as graded, not buffered until the end


def test_a_looping_submission_does_not_block_others(base_url: str, fn: str, correct_code: str,
                                                    problem) -> None:
    loop = f"def {fn}(logits, labels):\n    while True:\n        pass\n"
    limit = problem.meta.limits.time_per_test_s
    result: dict = {}

    def wait_for_loop() -> None:
        with httpx.Client(base_url=base_url, timeout=60) as h:
            t0 = time.monotonic()
            r = h.post("/api/submissions?wait=true", json={"problem": SLUG, "code": loop, "mode": "run"})
            result.update(r.json(), elapsed=time.monotonic() - t0, http=r.status_code)

    waiter = threading.Thread(target=wait_for_loop)
    waiter.start()
    with httpx.Client(base_url=base_url, timeout=30) as http:
        deadline = time.monotonic() + 10
        while http.get("/healthz").json()["queue"]["running"] < 1:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        t0 = time.monotonic()
        assert http.get("/api/problems").status_code == 200
        assert http.get(f"/api/problems/{SLUG}").status_code == 200
        reads_s = time.monotonic() - t0
        t0 = time.monotonic()
        other = http.post("/api/submissions?wait=true", json={"problem": SLUG, "code": correct_code})
        other_s = time.monotonic() - t0
    waiter.join(60)
    assert other.status_code == 200 and other.json()["verdict"] == "accepted"
    assert reads_s < limit / 4, reads_s
    assert other_s < limit / 2, other_s
    assert result["http"] == 200 and result["verdict"] == "time_limit_exceeded"
    assert result["elapsed"] >= limit * 0.9
